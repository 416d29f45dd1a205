import { spawn, type ChildProcess } from 'node:child_process';
import pgDriver from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEventStore } from '../../commands/store/factory';
import { openReadStore } from '../../projections/sql';
import { MODULES } from '../../api/modules';
import { WarehouseSink } from '../../projections/warehouse/sink';
import { openWarehouse, type Warehouse } from '../../projections/warehouse/warehouse';
import { readModelDiff, rebuildInto } from './read-models';
import type { Row } from './lib';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SECRET = 'crash-secret-0123456789abcdef0123456789abcdef';

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** api/main.ts as `npm start` runs it, on a free port; resolves once /api/health answers. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  let out = '';
  // node itself with tsx's loader (not the tsx CLI, which runs the server in a child a SIGKILL would not reach)
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out.slice(-3000)}`);
    try {
      if ((await fetch(`${url}/api/health`)).status < 500 && out.includes('已启动')) return { url, child, output: () => out };
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r()));

async function login(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Demo@2026' }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

/** Until every projection and the warehouse sink have caught up with the head. */
async function caughtUp(url: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const h = (await (await fetch(`${url}/api/health`)).json()) as {
      store: { headPosition: number };
      projections: { lagEvents: number }[];
      warehouse: { lagEvents?: number } | null;
    };
    if (h.projections.every((p) => p.lagEvents === 0) && (h.warehouse?.lagEvents ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('did not catch up');
}

export interface CrashOptions {
  kind: 'sqlite' | 'postgres';
  kills: number;
  /** PostgreSQL server URL (PG_URL) for kind 'postgres'. */
  pgUrl?: string;
  workers?: number;
  log?: (s: string) => void;
}

/**
 * kill -9 the server N times while a bounded loop of commands (starting 请休假 processes, and the leader
 * approving them, each with an Idempotency-Key) runs against it, restart it each time; then: every command answered 2xx is in the log
 * (0 lost), the live read models equal a rebuild from zero, the warehouse's totals equal a warehouse
 * rebuilt from the log.
 */
export async function crashTest(o: CrashOptions): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), `oa-crash-${o.kind}-`));
  const tag = `rel_${Date.now().toString(36)}`;
  const pg = (schema: string) => {
    const u = new URL(o.pgUrl!);
    u.searchParams.set('schema', schema);
    return u.toString();
  };
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    WEB_DIR: join(dataDir, 'no-web'),
    LOG_LEVEL: 'warn',
    JWT_SECRET: SECRET,
    LOGIN_RATE_MAX: '100000',
    DEMO_HISTORY: '0',
    SEED_DEMO: '1',
    DEADLINE_CHECK_SECONDS: '0',
    ...(o.kind === 'postgres' ? { EVENT_STORE: pg(`${tag}_ev`), READ_STORE: pg(`${tag}_rd`) } : {}),
  };
  const eventStoreUrl = env.EVENT_STORE ?? `sqlite:${join(dataDir, 'oa.db')}`;
  const readStoreUrl = env.READ_STORE ?? `sqlite:${join(dataDir, 'read.db')}`;
  const answered: string[] = [];
  const approved: string[] = [];
  let attempts = 0;
  let server = await startServer(env);
  try {
    for (let k = 0; k < o.kills; k++) {
      const token = await login(server.url, 'taoran');
      const leader = await login(server.url, 'weijian');
      let stop = false;
      /** The leader approves the newest 待办, again and again: each answered approval must be in the log. */
      const approver = async (w: number) => {
        for (let i = 0; !stop && i < 10_000; i++) {
          try {
            const inbox = await fetch(`${server.url}/api/inbox?box=todo&pageSize=5`, { headers: { authorization: `Bearer ${leader}` } });
            const items = inbox.status === 200 ? ((await inbox.json()) as { items: { taskId: string }[] }).items : [];
            const task = items[w % Math.max(1, items.length)];
            if (!task) {
              await new Promise((r) => setTimeout(r, 50));
              continue;
            }
            attempts++;
            const r = await fetch(`${server.url}/api/tasks/${task.taskId}/approve`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${leader}`,
                'idempotency-key': `crash-approve-${task.taskId}`,
              },
              body: JSON.stringify({ opinion: '同意' }),
            });
            if (r.status === 201) approved.push(task.taskId);
          } catch {
            return;
          }
        }
      };
      const worker = async (w: number) => {
        for (let i = 0; !stop && i < 10_000; i++) {
          attempts++;
          try {
            const r = await fetch(`${server.url}/api/processes`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `crash-${k}-${w}-${i}` },
              body: JSON.stringify({
                definitionKey: 'leave',
                form: { leaveType: '事假', days: 1, startDate: '2026-12-07', endDate: '2026-12-07', reason: `crash ${k}/${w}/${i}` },
              }),
            });
            if (r.status === 201) answered.push(((await r.json()) as { processId: string }).processId);
          } catch {
            return; // the server is gone
          }
        }
      };
      const running = [...Array.from({ length: o.workers ?? 3 }, (_, w) => worker(w)), approver(0), approver(1)];
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 2500));
      server.child.kill('SIGKILL');
      stop = true;
      await Promise.all(running);
      await exited(server.child);
      o.log?.(`  ${o.kind}: kill -9 #${k + 1} after ${answered.length} answered commands`);
      server = await startServer(env);
    }
    await caughtUp(server.url);
  } finally {
    server.child.kill('SIGTERM');
    await Promise.race([exited(server.child), new Promise((r) => setTimeout(r, 10_000))]);
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }

  const store = await createEventStore(eventStoreUrl);
  const live = await openReadStore(readStoreUrl);
  const rebuiltUrl = o.kind === 'postgres' ? pg(`${tag}_rb`) : `sqlite:${join(dataDir, 'rebuilt.db')}`;
  const rebuilt = await openReadStore(rebuiltUrl);
  const rows: Row[] = [];
  try {
    let lost = 0;
    for (const id of answered) if ((await store.streamRevision(`process-${id}`)) < 0) lost++;
    // an answered approval: its TaskApproved is in the process's stream (task ids are `<processId>.<n>`-like: find by scan)
    const approvedInLog = new Set<string>();
    for (let from = 1; ;) {
      const batch = await store.readAll({ fromPosition: from, limit: 5000 });
      for (const e of batch) if (e.type === 'TaskApproved') approvedInLog.add((e.data as { taskId: string }).taskId);
      if (batch.length < 5000) break;
      from = batch[batch.length - 1].position + 1;
    }
    lost += approved.filter((id) => !approvedInLog.has(id)).length;
    rows.push({
      area: 'crash',
      check: `kill -9 × ${o.kills} under load (${o.kind})`,
      figure: `${answered.length + approved.length} answered (${answered.length} starts, ${approved.length} approvals) of ${attempts} sent, ${lost} lost`,
      target: '0 lost',
      ok: lost === 0 && answered.length > 0,
    });
    await rebuildInto(store, rebuilt);
    const d = await readModelDiff(live, rebuilt);
    rows.push({
      area: 'crash',
      check: `read models = rebuild from zero (${o.kind})`,
      figure: `${d.tables} tables, ${d.rows} rows, ${d.diffs.length} differ`,
      target: '0 differ',
      ok: d.diffs.length === 0,
      notes: d.diffs.slice(0, 5),
    });
    // the warehouse, rebuilt from the log into a fresh DuckDB, against the live one
    const facts = MODULES.flatMap((m) => (m.facts ? [m.facts] : []));
    const tables = facts.flatMap((f) => f.tables ?? []);
    const fresh = await openWarehouse(`duckdb:${join(dataDir, 'rebuilt.duckdb')}`);
    const sinkDb = await openReadStore(`sqlite:${join(dataDir, 'rebuilt-sink.db')}`);
    const sink = new WarehouseSink(
      store,
      sinkDb,
      fresh,
      tables,
      facts.flatMap((f) => f.mappers),
    );
    await sink.setup();
    sink.start();
    const head = await store.headPosition();
    const deadline = Date.now() + 300_000;
    while ((await sink.status()).position < head && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await sink.stop();
    const liveWh: Warehouse = await openWarehouse(`duckdb:${join(dataDir, 'warehouse.duckdb')}`);
    const counts = async (w: Warehouse) => {
      const out: Record<string, number> = {};
      for (const t of tables) out[t.name] = Number((await w.query<{ n: number }>(`SELECT count(*) AS n FROM ${t.name}`))[0].n);
      return out;
    };
    const [a, b] = [await counts(liveWh), await counts(fresh)];
    await liveWh.close();
    await fresh.close();
    await sinkDb.close();
    const differ = tables.filter((t) => a[t.name] !== b[t.name]).map((t) => `${t.name}: live ${a[t.name]}, from the log ${b[t.name]}`);
    rows.push({
      area: 'crash',
      check: `warehouse totals = the log (${o.kind})`,
      figure: `${tables.map((t) => `${t.name} ${a[t.name]}`).join(', ')}; ${differ.length} differ`,
      target: '0 differ',
      ok: differ.length === 0,
      notes: differ,
    });
  } finally {
    await rebuilt.close();
    await live.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (o.kind === 'postgres') {
      const admin = new pgDriver.Client({ connectionString: o.pgUrl });
      await admin.connect();
      try {
        for (const suffix of ['ev', 'rd', 'rb']) await admin.query(`DROP SCHEMA IF EXISTS "${tag}_${suffix}" CASCADE`);
      } finally {
        await admin.end();
      }
    }
  }
  return rows;
}
