import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { runSuite } from './suite';
import { printTable } from './lib';

/**
 * The reliability suite, small (test:all runs this; `npm run test:reliability` is the full run with
 * 1,000 trials, 30 fuzz cases per route, 5 s of load per route and 5 kills per store, PostgreSQL crashes
 * too): every figure must meet its target — except the load rows' speed (1 s per route on a shared box),
 * printed as PASS/FAIL but failing here only on an error or a 5xx.
 */
describe('reliability and security, a small run', () => {
  it('conflicts, auth attacks, hostile input on every route, backup/restore, load without errors, one kill -9: all on target', async () => {
    const { rows } = await runSuite({
      trials: 5,
      fuzzCases: 1,
      kills: 1,
      loadSeconds: 1,
      loadConnections: 4,
      loadStrict: false,
      postgres: !!process.env.PG_URL,
      crashPostgres: false,
      audit: false,
      root: resolve(import.meta.dirname, '..', '..'),
      log: () => undefined,
    });
    printTable(rows);
    expect(rows.filter((r) => r.ok === false).map((r) => `${r.area} / ${r.check}: ${r.figure} ${(r.notes ?? []).join(' | ')}`)).toEqual([]);
  }, 900_000);
});
