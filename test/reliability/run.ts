import 'reflect-metadata';
import { resolve } from 'node:path';
import { runSuite } from './suite';
import { printTable } from './lib';

/**
 * `npm run test:reliability`: the full run, printing the table. Sizes from the environment:
 * REL_TRIALS (1000), REL_REGISTER_TRIALS (= REL_TRIALS), REL_FUZZ_CASES (30 per route), REL_KILLS (5 per store),
 * REL_LOAD_SECONDS (5 per route), REL_LOAD_CONNECTIONS (10). PostgreSQL rows need PG_URL (`source .services/env`).
 * REL_ONLY=part,part runs only those parts (approvals, auth, fuzz, backup, load, register, audit, crash; `conflicts` =
 * approvals + register).
 * The number-register race runs the full 1,000 trials on each store since loading a register is linear
 * (domain/documents/numbering.ts): measured 2026-12-07 on the shared 2-core box, `REL_ONLY=register`:
 * SQLite 129 s, PostgreSQL 221 s (1000/1000, register 1..2000 gap-free on both, with other load on the box); 60 s and
 * 75 s inside the full run, which took 345 s in all.
 * Load: autocannon against the real server on loopback (load.ts, bench/http.ts's helpers); the speed targets
 * are issue 21's, `npm run bench:http` has the detailed table.
 * Exit 1 when a figure misses its target.
 */
const num = (v: string | undefined, d: number) => (v !== undefined && v !== '' ? Number(v) : d);

async function main(): Promise<number> {
  const started = Date.now();
  const { rows, fuzz } = await runSuite({
    trials: num(process.env.REL_TRIALS, 1000),
    registerTrials: num(process.env.REL_REGISTER_TRIALS, num(process.env.REL_TRIALS, 1000)),
    fuzzCases: num(process.env.REL_FUZZ_CASES, 30),
    kills: num(process.env.REL_KILLS, 5),
    loadSeconds: num(process.env.REL_LOAD_SECONDS, 5),
    loadConnections: num(process.env.REL_LOAD_CONNECTIONS, 10),
    loadStrict: true,
    postgres: !!process.env.PG_URL,
    audit: process.env.REL_AUDIT !== '0',
    root: resolve(import.meta.dirname, '..', '..'),
    log: (s) => console.log(s),
    only: process.env.REL_ONLY ? process.env.REL_ONLY.split(',').map((s) => s.trim()) : undefined,
  });
  console.log('\nHostile input, cases per route:');
  for (const r of fuzz?.perRoute ?? []) {
    console.log(
      `  ${r.route.padEnd(58)} ${String(r.cases).padStart(4)}  ${Object.entries(r.statuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
  }
  console.log(`\nReliability and security (${((Date.now() - started) / 1000).toFixed(0)} s):\n`);
  printTable(rows);
  return rows.some((r) => r.ok === false) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
