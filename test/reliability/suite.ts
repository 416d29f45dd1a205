import { startTestApp } from '../api/harness';
import { realStoreBackends } from '../../commands/pipeline/testing/real-stores';
import { approvalRaces, numberRegisterRaces } from './conflicts';
import { fuzzRoutes, type FuzzResult } from './fuzz';
import { authAttacks } from './auth-attacks';
import { backupRestore } from './backup-restore';
import { crashTest } from './crash';
import { dependencyAudit } from './deps';
import { loadRows } from './load';
import type { Row } from './lib';

export interface SuiteOptions {
  /** Trials of each conflict (1,000 in the full run). */
  trials: number;
  /** Trials of the number-register race (default: trials). */
  registerTrials?: number;
  /** Fuzz cases per route (plus one 10 MB body per route with a body). */
  fuzzCases: number;
  /** kill -9 rounds per store. */
  kills: number;
  /** The number register and the crash test on PostgreSQL too (needs PG_URL). */
  postgres: boolean;
  /** Crash-test PostgreSQL (default: as `postgres`). */
  crashPostgres?: boolean;
  /** Seconds of HTTP load per route (0: no load rows). */
  loadSeconds: number;
  /** autocannon connections per load row (default 10). */
  loadConnections?: number;
  /** A load route missing its speed target fails the row (the full run); otherwise only errors/5xx do. */
  loadStrict: boolean;
  /** Run npm audit (needs the registry's audit endpoint). */
  audit: boolean;
  root: string;
  log: (s: string) => void;
  /**
   * Only these parts (default: all): approvals, auth, fuzz, backup, register, load, audit, crash.
   * `conflicts` means approvals + register.
   */
  only?: string[];
}

const PARTS = ['approvals', 'auth', 'fuzz', 'backup', 'register', 'load', 'audit', 'crash'] as const;
type Part = (typeof PARTS)[number];
function selected(only: string[] | undefined): (p: Part) => boolean {
  if (!only || only.length === 0) return () => true;
  const set = new Set(only.flatMap((x) => (x === 'conflicts' ? ['approvals', 'register'] : [x])));
  for (const x of set)
    if (!(PARTS as readonly string[]).includes(x)) throw new Error(`REL_ONLY: unknown part ${x} (${PARTS.join(', ')}, conflicts)`);
  return (p) => set.has(p);
}

/** The reliability suite: every check, in order, as table rows (and the fuzzer's per-route counts). */
export async function runSuite(o: SuiteOptions): Promise<{ rows: Row[]; fuzz: FuzzResult | null }> {
  const rows: Row[] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    o.log(`== ${name}`);
    const r = await fn();
    o.log(`   ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  };
  let fuzz: FuzzResult | null = null;
  const on = selected(o.only);
  if (on('approvals') || on('auth') || on('fuzz') || on('backup')) {
    const t = await startTestApp({ DEMO_HISTORY: '0', DEADLINE_CHECK_SECONDS: '0' });
    try {
      if (on('approvals')) rows.push(await step('conflicts: approvals', () => approvalRaces(t, o.trials)));
      if (on('auth')) rows.push(...(await step('auth attacks', () => authAttacks(t))));
      if (on('fuzz')) {
        const tokens = [
          (await t.login('staff')).accessToken,
          (await t.login('sysadmin')).accessToken,
          (await t.login('director')).accessToken,
        ];
        fuzz = await step('hostile input', () => fuzzRoutes(t, { casesPerRoute: o.fuzzCases, tokens }));
        rows.push(fuzz.row);
      }
      if (on('backup')) rows.push(...(await step('backup / restore', () => backupRestore(t))));
    } finally {
      await t.stop();
    }
  }
  if (o.loadSeconds > 0 && on('load')) {
    rows.push(
      ...(await step('load (SQLite)', () =>
        loadRows({ seconds: o.loadSeconds, connections: o.loadConnections ?? 10, strictTargets: o.loadStrict, log: o.log }),
      )),
    );
  }
  for (const backend of on('register') ? realStoreBackends() : []) {
    if (backend.name !== 'sqlite' && !o.postgres) continue;
    rows.push(
      await step(`conflicts: number register (${backend.name})`, async () => {
        const fx = await backend.create();
        try {
          return await numberRegisterRaces([fx.store, await fx.open()], o.registerTrials ?? o.trials, backend.name);
        } finally {
          await fx.cleanup();
        }
      }),
    );
  }
  if (o.audit && on('audit')) rows.push(await step('npm audit', async () => dependencyAudit(o.root)));
  if (o.kills > 0 && on('crash')) {
    rows.push(...(await step('crash (SQLite)', () => crashTest({ kind: 'sqlite', kills: o.kills, log: o.log }))));
    if ((o.crashPostgres ?? o.postgres) && process.env.PG_URL) {
      rows.push(
        ...(await step('crash (PostgreSQL)', () => crashTest({ kind: 'postgres', kills: o.kills, pgUrl: process.env.PG_URL, log: o.log }))),
      );
    }
  }
  return { rows, fuzz };
}
