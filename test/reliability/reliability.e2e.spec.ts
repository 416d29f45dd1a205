import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { runSuite } from './suite';
import { printTable } from './lib';

/**
 * The reliability suite, small (test:all runs this; `npm run test:reliability` is the full run with
 * 1,000 trials, 30 fuzz cases per route and 5 kills per store, PostgreSQL crashes too): every figure
 * must meet its target.
 */
describe('reliability and security, a small run', () => {
  it('conflicts, auth attacks, hostile input on every route, backup/restore, one kill -9: all on target', async () => {
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
