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
import { reactorTables } from '../../projections/reactions/reactor-projection';
import { outgoingApprovalReactor } from '../../domain/documents/outgoing-approval.reactor';
import { OUTGOING_NODES, OUTGOING_SUBJECT_TYPE } from '../../domain/documents/flow';
import { readModelDiff, rebuildInto } from './read-models';
import type { Row } from './lib';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SECRET = 'crash-secret-0123456789abcdef0123456789abcdef';
/** Each restart moves the platform clock this far on: past the 80 % reminder of a 2-working-day task, and on the next, past its deadline. */
const CLOCK_STEP = 1.6 * 86_400_000;

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

/** crash-server.ts (api/main.ts's boot with a platform clock REL_CLOCK_OFFSET_MS ahead), on a free port; resolves once /api/health answers. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  let out = '';
  // node itself with tsx's loader (not the tsx CLI, which runs the server in a child a SIGKILL would not reach)
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/reliability/crash-server.ts'], {
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

/** Until every projection and the warehouse sink have caught up with the head, and every reactor's outbox is sent. */
async function caughtUp(url: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const h = (await (await fetch(`${url}/api/health`)).json()) as {
      store: { headPosition: number };
      projections: { lagEvents: number }[];
      warehouse: { lagEvents?: number } | null;
      reactions?: { reactors?: { pending: number }[] };
    };
    if (
      h.projections.every((p) => p.lagEvents === 0) &&
      (h.warehouse?.lagEvents ?? 0) === 0 &&
      (h.reactions?.reactors ?? []).every((r) => r.pending === 0)
    )
      return;
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
    // the 办理时限 sweep runs (every second); each restart moves the platform clock 1.6 days on (crash-server.ts)
    DEADLINE_CHECK_SECONDS: '1',
    ...(o.kind === 'postgres' ? { EVENT_STORE: pg(`${tag}_ev`), READ_STORE: pg(`${tag}_rd`) } : {}),
  };
  const eventStoreUrl = env.EVENT_STORE ?? `sqlite:${join(dataDir, 'oa.db')}`;
  const readStoreUrl = env.READ_STORE ?? `sqlite:${join(dataDir, 'read.db')}`;
  const answered: string[] = [];
  const approved: string[] = [];
  let attempts = 0;
  const outgoing = { drafted: 0, signed: 0, refused: 0 };
  const at = (k: number) => ({ ...env, REL_CLOCK_OFFSET_MS: String(k * CLOCK_STEP) });
  let server = await startServer(at(0));
  try {
    for (let k = 0; k < o.kills; k++) {
      const token = await login(server.url, 'taoran');
      const leader = await login(server.url, 'weijian');
      const office: Record<string, string> = {};
      for (const u of ['staff', 'qintao', 'yangfan', 'director']) office[u] = await login(server.url, u);
      let stop = false;
      const post = async (who: string, path: string, body: unknown, key?: string) => {
        const r = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${office[who]}`,
            ...(key ? { 'idempotency-key': key } : {}),
          },
          body: JSON.stringify(body),
        });
        return { status: r.status, json: (await r.json().catch(() => null)) as { id?: string } | null };
      };
      /** 发文 drafted, submitted, 核稿 twice, then 签发 (or, every third, 不同意) by the director from the unified inbox. */
      const documents = async () => {
        for (let i = 0; !stop && i < 1000; i++) {
          try {
            const title = `关于崩溃试验第${k}-${i}号的通知`;
            const d = await post('staff', '/api/documents/outgoing', {
              kind: '通知',
              title,
              classification: '内部',
              urgency: '平件',
              numberCode: '区财预',
              mainRecipients: ['区属各预算单位'],
              body: '各预算单位：\n请按时报送。',
            });
            if (d.status !== 201 || !d.json?.id) continue;
            outgoing.drafted++;
            const id = d.json.id;
            if ((await post('staff', `/api/documents/outgoing/${id}/submit`, {})).status !== 201) continue;
            if ((await post('qintao', `/api/documents/outgoing/${id}/approve`, { opinion: '同意' })).status !== 201) continue;
            if ((await post('yangfan', `/api/documents/outgoing/${id}/approve`, { opinion: '同意' })).status !== 201) continue;
            const todo = await fetch(`${server.url}/api/inbox?box=todo&pageSize=100`, {
              headers: { authorization: `Bearer ${office.director}` },
            });
            const items = todo.status === 200 ? ((await todo.json()) as { items: { taskId: string; title: string }[] }).items : [];
            const task = items.find((x) => x.title.includes(title));
            if (!task) continue;
            const refuse = i % 3 === 2;
            const r = await post(
              'director',
              `/api/tasks/${task.taskId}/${refuse ? 'reject' : 'approve'}`,
              { opinion: refuse ? '暂缓印发' : '同意' },
              `crash-sign-${task.taskId}`,
            );
            if (r.status === 201) outgoing[refuse ? 'refused' : 'signed']++;
          } catch {
            return; // the server is gone
          }
        }
      };
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
            // 请休假 through 考勤 (a working day: the days are counted on the calendar)
            const r = await fetch(`${server.url}/api/attendance/leave`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `crash-${k}-${w}-${i}` },
              body: JSON.stringify({
                leaveType: '事假',
                startDate: '2026-12-14',
                startHalf: 'am',
                endDate: '2026-12-14',
                endHalf: 'pm',
                reason: `crash ${k}/${w}/${i}`,
              }),
            });
            if (r.status === 201) answered.push(((await r.json()) as { processId: string }).processId);
          } catch {
            return; // the server is gone
          }
        }
      };
      const running = [...Array.from({ length: o.workers ?? 3 }, (_, w) => worker(w)), approver(0), approver(1), documents()];
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 2500));
      server.child.kill('SIGKILL');
      stop = true;
      await Promise.all(running);
      await exited(server.child);
      o.log?.(`  ${o.kind}: kill -9 #${k + 1} after ${answered.length} answered commands`);
      server = await startServer(at(k + 1));
    }
    await caughtUp(server.url);
    // the sweep (every second) fires the jobs that fell due with the last clock move; then catch up again
    await new Promise((r) => setTimeout(r, 3000));
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
    const outgoingProcesses = new Set<string>();
    const signApproved = new Set<string>();
    const ended = new Map<string, string>();
    const outcomes = new Map<string, string[]>();
    const reminders = new Map<string, number>();
    const escalations = new Map<string, number>();
    for (let from = 1; ;) {
      const batch = await store.readAll({ fromPosition: from, limit: 5000 });
      for (const e of batch) {
        const d = e.data as { taskId?: string; processId?: string; nodeId?: string; subject?: { type?: string } | null };
        const pid = e.streamId.startsWith('process-') ? e.streamId.slice('process-'.length) : '';
        switch (e.type) {
          case 'TaskApproved':
            approvedInLog.add(d.taskId!);
            if (d.nodeId === OUTGOING_NODES.sign) signApproved.add(pid);
            break;
          case 'ProcessStarted':
            if (d.subject?.type === OUTGOING_SUBJECT_TYPE) outgoingProcesses.add(pid);
            break;
          case 'ProcessCompleted':
          case 'ProcessRejected':
          case 'ProcessTerminated':
          case 'ProcessCancelled':
            ended.set(pid, e.type);
            break;
          case 'OutgoingDocumentSigned':
          case 'OutgoingDocumentApprovalEnded':
            outcomes.set(d.processId!, [...(outcomes.get(d.processId!) ?? []), e.type]);
            break;
          case 'TaskReminderDue':
          case 'TaskEscalated': {
            const m = e.type === 'TaskReminderDue' ? reminders : escalations;
            m.set(d.taskId!, (m.get(d.taskId!) ?? 0) + 1);
            break;
          }
        }
      }
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
    // 发文审批 → 发文 reactor: exactly one outcome per ended 发文 process, 签发 for each completed one with a 签发 approval
    const reactorBad: string[] = [];
    let expected = 0;
    for (const pid of outgoingProcesses) {
      const end = ended.get(pid);
      const want =
        end === 'ProcessCompleted'
          ? signApproved.has(pid)
            ? 'OutgoingDocumentSigned'
            : null
          : end
            ? 'OutgoingDocumentApprovalEnded'
            : null;
      const got = outcomes.get(pid) ?? [];
      if (want) expected++;
      if (want ? got.length !== 1 || got[0] !== want : got.length !== 0)
        reactorBad.push(`${pid}: ${end ?? 'open'} → ${got.join(', ') || 'nothing'}`);
    }
    for (const [pid, got] of outcomes) if (!outgoingProcesses.has(pid)) reactorBad.push(`${pid}: ${got.join(', ')} without its process`);
    const kinds = [...outcomes.values()].flat();
    rows.push({
      area: 'crash',
      check: `发文审批 → 发文 reactor exactly once (${o.kind})`,
      figure:
        `${outgoingProcesses.size} 发文 processes (${outgoing.signed} 签发 / ${outgoing.refused} 不同意 answered), ${expected} ended → ` +
        `${kinds.filter((x) => x === 'OutgoingDocumentSigned').length} Signed + ${kinds.filter((x) => x === 'OutgoingDocumentApprovalEnded').length} ApprovalEnded; ${reactorBad.length} wrong`,
      target: '1 outcome per ended process, 0 wrong',
      ok: reactorBad.length === 0 && expected > 0,
      notes: reactorBad.slice(0, 5),
    });
    const twice = [...reminders, ...escalations].filter(([, n]) => n > 1);
    rows.push({
      area: 'crash',
      check: `deadline jobs at most once per task and step (${o.kind})`,
      figure: `${reminders.size} tasks reminded, ${escalations.size} escalated (clock +1.6 days a restart); ${twice.length} fired twice`,
      target: '≤ 1 TaskReminderDue and ≤ 1 TaskEscalated per task',
      ok: twice.length === 0 && reminders.size + escalations.size > 0,
      notes: twice.slice(0, 5).map(([id, n]) => `${id}: ${n}×`),
    });
    const outbox = reactorTables(outgoingApprovalReactor.name).outbox;
    const [ob] = await live.all<{ parked: number | string | null; pending: number | string }>(
      `SELECT SUM(CASE WHEN parked = 1 THEN 1 ELSE 0 END) AS parked, COUNT(*) AS pending FROM ${outbox}`,
    );
    rows.push({
      area: 'crash',
      check: `reactor outbox ${outbox} (${o.kind})`,
      figure: `${Number(ob?.parked ?? 0)} parked, ${Number(ob?.pending ?? 0)} rows left`,
      target: '0 parked, 0 left',
      ok: Number(ob?.parked ?? 0) === 0 && Number(ob?.pending ?? 0) === 0,
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
