/**
 * bench:http — the command and query paths over HTTP (issue 21).
 *
 *   npm run bench:http                        SQLite (synchronous=FULL); PostgreSQL too when PG_URL is set
 *                                             (`source .services/env`)
 *   BENCH_SECONDS=5 BENCH_CONNECTIONS=10,50   seconds per row (default 8), connection counts (default 10,50)
 *   BENCH_BACKENDS=sqlite                     only these backends (sqlite,postgres)
 *   BENCH_PATHS=command                       only these rows (command,query)
 *   BENCH_CPU_PROF=<dir>                      a CPU profile of each server during the load (not start-up) into <dir>;
 *                                             `npx tsx bench/lib/profile-top.ts <file>` summarises it
 *   BENCH_PROCESSES=1,2                       also run the command rows with 2 API processes (PostgreSQL only:
 *                                             projections have one owner there; SQLite read stores are per process)
 *
 * The server is the real one (bench/http-server.ts → api/bootstrap.ts boot(): every route, auth, RBAC,
 * validation, projections, sealer, warehouse sink, deadline sweep) in a child process with a freshly
 * seeded demo district (no demo year), on loopback. autocannon runs here, in this process. Rows:
 *
 *   command path  POST /api/processes (通用审批, as 许文博 staff) · POST /api/tasks/:id/approve (as the
 *                 department leader, the tasks the start row created, each approved once)
 *   query path    GET /api/inbox?box=todo · /api/inbox/counts (the leader with the open tasks) ·
 *                 /api/documents/search · /api/reports/process-throughput · /api/me
 *
 * Each row: requests/s, p50, p99, errors (non-2xx + socket errors), and the server's event-loop delay
 * p99 during the row (perf_hooks.monitorEventLoopDelay). Ratios: a command row against the store's own
 * durable append rate (one append of one event per call, as many writers as connections — the physical
 * limit of one write per command) and against a bare Express route with the same JWT check
 * (bench/http-server.ts BENCH_ROLE=bare); a query row against the bare GET.
 * Targets (issue 21): commands ≥ 1,000/s with p99 < 50 ms; queries ≥ 3,000/s with p99 < 30 ms; event-loop
 * delay p99 < 20 ms. Every loop is bounded (a duration and a request cap per row).
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createEventStore } from '../commands/store/factory';
import { DEMO_PASSWORD } from '../api/seed/demo-district';
import { diskTempRoot } from './lib/env';
import { benchEvent } from './lib/payload';

/** A parsed JSON answer, read loosely (the bench only picks a few fields out). */
type Json = ReturnType<typeof JSON.parse>;

const HERE = dirname(fileURLToPath(import.meta.url));
const SECONDS = Math.max(1, Number(process.env.BENCH_SECONDS ?? 8) || 8);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,50')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n >= 1);
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n >= 1);
/** Upper bound of requests in one row (bounded loops whatever the speed). */
const MAX_REQUESTS = 100_000;
const PATHS = (process.env.BENCH_PATHS ?? 'command,query').split(',').map((s) => s.trim());
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',').map((s) => s.trim());
const JWT_SECRET = randomBytes(48).toString('base64url');

interface Eld {
  p50: number;
  p99: number;
  max: number;
}
interface RowResult {
  path: 'command' | 'query' | 'bare';
  label: string;
  connections: number;
  processes: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  eld?: Eld;
  vsStore?: number;
  vsBare?: number;
}

// ------------------------------------------------------------------ child processes

export interface Server {
  port: number;
  child: ChildProcess;
  request<T>(cmd: string, extra?: object): Promise<T>;
  stop(): Promise<void>;
}

export function startServer(role: 'app' | 'bare', env: Record<string, string>): Promise<Server> {
  const execArgv = ['--import', 'tsx'];
  const child = fork(join(HERE, 'http-server.ts'), [], {
    execArgv,
    env: { ...process.env, ...env, BENCH_ROLE: role, JWT_SECRET, SEED_DEMO: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (m: unknown) => void>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} server did not start in 180 s`)), 180_000);
    child.once('exit', (code) => reject(new Error(`${role} server exited with ${code}`)));
    child.on('message', (m: { cmd: string; port?: number }) => {
      if (m.cmd === 'ready') {
        clearTimeout(timer);
        resolve({
          port: m.port!,
          child,
          request: <T>(cmd: string, extra?: object) =>
            new Promise<T>((res) => {
              waiting.set(cmd, res as (m: unknown) => void);
              child.send({ cmd, ...extra });
            }),
          stop: () =>
            new Promise<void>((res) => {
              const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
              child.once('exit', () => {
                clearTimeout(t);
                res();
              });
              child.send({ cmd: 'stop' });
            }),
        });
        return;
      }
      waiting.get(m.cmd)?.(m);
      waiting.delete(m.cmd);
    });
  });
}

// ------------------------------------------------------------------ HTTP helpers

export async function call(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* not json */
  }
  return { status: res.status, json };
}

export async function login(base: string, username: string): Promise<{ token: string; userId: string }> {
  const r = await call(base, 'POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.json)}`);
  return { token: r.json.accessToken, userId: r.json.user?.userId ?? r.json.user?.id };
}

export interface Load {
  method: 'GET' | 'POST';
  path: string | (() => string);
  token: string;
  body?: () => unknown;
  /** Called with each 2xx JSON answer. */
  onBody?: (json: Json) => void;
  amount?: number;
  /** Extra headers per request (e.g. an Idempotency-Key). */
  headers?: () => Record<string, string>;
}

export function run(
  base: string,
  load: Load,
  connections: number,
  seconds: number,
): Promise<{ rps: number; p50: number; p99: number; errors: number; requests: number; s5xx: number }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        // autocannon refuses more connections than requests
        connections: load.amount !== undefined ? Math.max(1, Math.min(connections, load.amount)) : connections,
        duration: seconds,
        // autocannon: with `amount` set, `duration` is ignored — a row is bounded by one or the other
        ...(load.amount !== undefined ? { amount: Math.min(load.amount, MAX_REQUESTS) } : {}),
        timeout: 30,
        requests: [
          {
            method: load.method,
            setupRequest: (req) => ({
              ...req,
              path: typeof load.path === 'function' ? load.path() : load.path,
              headers: {
                host: url.host,
                authorization: `Bearer ${load.token}`,
                ...(load.body ? { 'content-type': 'application/json' } : {}),
                ...load.headers?.(),
              },
              ...(load.body ? { body: JSON.stringify(load.body()) } : {}),
            }),
            onResponse: (status, body) => {
              if (load.onBody && status >= 200 && status < 300) load.onBody(JSON.parse(body));
            },
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        const requests = r.requests.total;
        const seconds = r.duration || 1;
        resolve({
          rps: requests / seconds,
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.non2xx + r.errors + r.timeouts,
          requests,
          s5xx: r['5xx'],
        });
      },
    );
    instance.on('error', reject);
  });
}

// ------------------------------------------------------------------ store append rate

async function storeAppendRate(url: string, writers: number, seconds: number): Promise<number> {
  const store = await createEventStore(url);
  try {
    const deadline = performance.now() + seconds * 1000;
    const cap = 50_000;
    let done = 0;
    let i = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (performance.now() < deadline && i < cap) {
          const n = i++;
          await store.append(`bench-${n % 1000}`, [benchEvent(n)], { expectedRevision: 'any' });
          done++;
        }
      }),
    );
    return done / ((performance.now() - t0) / 1000);
  } finally {
    await store.close();
  }
}

// ------------------------------------------------------------------ one backend

interface Backend {
  name: 'sqlite' | 'postgres';
  env: Record<string, string>;
  appendUrl: string;
  cleanup(): Promise<void>;
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(diskTempRoot(), 'bench-http-'));
  return {
    name: 'sqlite',
    env: { DATA_DIR: dir },
    appendUrl: `sqlite:${join(dir, 'append.db')}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresBackend(pgUrl: string): Backend {
  const dir = mkdtempSync(join(diskTempRoot(), 'bench-http-pg-'));
  const schema = `bench_http_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const withSchema = (s: string) => {
    const u = new URL(pgUrl);
    u.searchParams.set('schema', s);
    return u.toString();
  };
  return {
    name: 'postgres',
    env: { DATA_DIR: dir, EVENT_STORE: withSchema(schema), READ_STORE: withSchema(`${schema}_read`) },
    appendUrl: withSchema(`${schema}_append`),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      for (const s of [schema, `${schema}_read`, `${schema}_append`]) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const form = (i: number) => ({ subject: `办公设备采购申请 第${i}号`, detail: '用于预算科日常办公', amount: 128_000 });

async function measureBackend(b: Backend, processes: number): Promise<RowResult[]> {
  const rows: RowResult[] = [];
  const label = `${b.name}-${processes}p`;
  const servers: Server[] = [];
  servers.push(await startServer('app', b.env));
  // extra API processes on the same store (seeding is done by the first)
  for (let k = 1; k < processes; k++) servers.push(await startServer('app', b.env));
  const server = servers[0];
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const staff = await login(base, 'staff');
    // who gets 通用审批's first task: start one and ask the inbox of the likely leader
    const first = await call(base, 'POST', '/api/processes', staff.token, { definitionKey: 'simple-approval', form: form(0) });
    if (first.status !== 201) throw new Error(`start process: ${first.status} ${JSON.stringify(first.json)}`);
    const detail = await call(base, 'GET', `/api/processes/${first.json.processId}`, staff.token);
    const assignee = findAssignee(detail.json);
    if (!assignee) throw new Error(`no assignee in ${JSON.stringify(detail.json).slice(0, 400)}`);
    const leaderName = await usernameOf(base, staff.token, assignee);
    const leader = await login(base, leaderName);
    const director = await login(base, 'director');

    const eld = async <T>(f: () => Promise<T>): Promise<[T, Eld]> => {
      await Promise.all(servers.map((s) => s.request('eld-reset')));
      const out = await f();
      const all = await Promise.all(servers.map((s) => s.request<Eld>('eld-read')));
      return [
        out,
        { p50: Math.max(...all.map((e) => e.p50)), p99: Math.max(...all.map((e) => e.p99)), max: Math.max(...all.map((e) => e.max)) },
      ];
    };
    const bases = servers.map((s) => `http://127.0.0.1:${s.port}`);

    // warm-up (JIT, caches): a short burst of each kind
    let n = 1;
    await run(
      base,
      { method: 'POST', path: '/api/processes', token: staff.token, body: () => ({ definitionKey: 'simple-approval', form: form(n++) }) },
      4,
      1,
    );
    await run(base, { method: 'GET', path: '/api/inbox?box=todo', token: leader.token }, 4, 1);

    const profDir = process.env.BENCH_CPU_PROF;
    if (profDir) await Promise.all(servers.map((s) => s.request('prof-start')));

    for (const c of PATHS.includes('command') ? CONNECTIONS : []) {
      const tasks: string[] = [];
      const across = async (load: (base: string) => Load) => {
        const rs = await Promise.all(bases.map((bs) => run(bs, load(bs), Math.max(1, Math.round(c / bases.length)), SECONDS)));
        return {
          rps: rs.reduce((a, r) => a + r.rps, 0),
          p50: Math.max(...rs.map((r) => r.p50)),
          p99: Math.max(...rs.map((r) => r.p99)),
          errors: rs.reduce((a, r) => a + r.errors, 0),
          requests: rs.reduce((a, r) => a + r.requests, 0),
        };
      };
      const [start, eldStart] = await eld(() =>
        across(() => ({
          method: 'POST',
          path: '/api/processes',
          token: staff.token,
          body: () => ({ definitionKey: 'simple-approval', form: form(n++) }),
          onBody: (j) => tasks.push(...(j.newTaskIds ?? [])),
        })),
      );
      rows.push({ path: 'command', label: 'POST /api/processes (通用审批)', connections: c, processes, ...start, eld: eldStart });
      let k = 0;
      const [approve, eldApprove] = await eld(() =>
        across(() => ({
          method: 'POST',
          path: () => `/api/tasks/${tasks[k++ % tasks.length]}/approve`,
          token: leader.token,
          body: () => ({ opinion: '同意' }),
          amount: Math.max(1, Math.floor(tasks.length / bases.length)),
        })),
      );
      rows.push({ path: 'command', label: 'POST /api/tasks/:id/approve', connections: c, processes, ...approve, eld: eldApprove });
    }
    if (processes === 1 && PATHS.includes('query')) {
      const queries: [string, string, string][] = [
        ['GET /api/inbox?box=todo', '/api/inbox?box=todo', leader.token],
        ['GET /api/inbox/counts', '/api/inbox/counts', leader.token],
        ['GET /api/documents/search', '/api/documents/search?q=%E9%80%9A%E7%9F%A5', director.token],
        ['GET /api/reports/process-throughput', '/api/reports/process-throughput?grain=month', director.token],
        ['GET /api/me', '/api/me', leader.token],
      ];
      for (const [lbl, path, token] of queries) {
        const probe = await call(base, 'GET', path, token);
        if (probe.status !== 200) console.warn(`${lbl}: ${probe.status} ${JSON.stringify(probe.json).slice(0, 200)}`);
        for (const c of CONNECTIONS) {
          const [r, e] = await eld(() => run(base, { method: 'GET', path, token }, c, SECONDS));
          rows.push({ path: 'query', label: lbl, connections: c, processes, ...r, eld: e });
        }
      }
    }
    if (profDir) {
      mkdirSync(profDir, { recursive: true });
      await Promise.all(servers.map((s, i) => s.request('prof-stop', { file: join(profDir, `${label}-${i}.cpuprofile`) })));
    }
  } finally {
    for (const s of servers.reverse()) await s.stop();
  }
  return rows;
}

export function findAssignee(detail: Json): string | undefined {
  const seen = new Set<unknown>();
  let found: string | undefined;
  const walk = (v: Json): void => {
    if (found || v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (typeof v.assigneeId === 'string' && v.status !== 'done') found = v.assigneeId;
    else if (Array.isArray(v.assignees) && typeof v.assignees[0] === 'string') found = v.assignees[0];
    for (const x of Object.values(v)) walk(x);
  };
  walk(detail);
  return found;
}

export async function usernameOf(base: string, token: string, userId: string): Promise<string> {
  const r = await call(base, 'GET', `/api/users/${encodeURIComponent(userId)}`, token);
  const u = r.json?.username ?? r.json?.user?.username;
  if (typeof u !== 'string') throw new Error(`username of ${userId}: ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
  return u;
}

async function bareRows(): Promise<{ get: number; post: number }> {
  const bare = await startServer('bare', {});
  const base = `http://127.0.0.1:${bare.port}`;
  try {
    const { TokenService } = await import('../api/auth/tokens');
    const token = new TokenService(Buffer.from(JWT_SECRET, 'utf8')).signAccess({ sub: 'bench', roles: [], unit: null, sid: 'bench' });
    await run(base, { method: 'GET', path: '/bare', token }, 4, 1);
    const c = CONNECTIONS[0];
    const get = await run(base, { method: 'GET', path: '/bare', token }, c, SECONDS);
    const post = await run(
      base,
      { method: 'POST', path: '/bare', token, body: () => ({ definitionKey: 'simple-approval', form: form(1) }) },
      c,
      SECONDS,
    );
    return { get: get.rps, post: post.rps };
  } finally {
    await bare.stop();
  }
}

// ------------------------------------------------------------------ table

const f0 = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(0));
const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));

function print(backend: string, rows: RowResult[], store: number, bare: { get: number; post: number }): void {
  console.log(
    `\n### ${backend}  (store durable append rate ${f0(store)}/s · bare Express + JWT: GET ${f0(bare.get)}/s, POST ${f0(bare.post)}/s)\n`,
  );
  console.log('| path | route | procs | conns | requests/s | p50 ms | p99 ms | errors | vs store | vs bare | event-loop p99 ms | target |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const cmd = r.path === 'command';
    const ok = cmd ? r.rps >= 1000 && r.p99 < 50 && r.errors === 0 : r.rps >= 3000 && r.p99 < 30 && r.errors === 0;
    const vsStore = cmd ? `${(r.rps / store).toFixed(2)}×` : '';
    const vsBare = `${(r.rps / (cmd ? bare.post : bare.get)).toFixed(2)}×`;
    console.log(
      `| ${r.path} | ${r.label} | ${r.processes} | ${r.connections} | ${f0(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} | ${vsStore} | ${vsBare} | ${r.eld ? ms(r.eld.p99) : ''} | ${ok ? 'PASS' : 'FAIL'} |`,
    );
  }
  const worst = Math.max(...rows.map((r) => r.eld?.p99 ?? 0));
  console.log(`\nevent-loop delay p99 under load (worst row): ${ms(worst)} ms — target < 20 ms: ${worst < 20 ? 'PASS' : 'FAIL'}`);
}

async function main(): Promise<void> {
  console.log(
    `bench:http — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${SECONDS} s per row, connections ${CONNECTIONS.join(', ')}, Node ${process.version}`,
  );
  const bare = await bareRows();
  const backends: Backend[] = [];
  if (BACKENDS.includes('sqlite')) backends.push(sqliteBackend());
  if (BACKENDS.includes('postgres')) {
    if (process.env.PG_URL) backends.push(postgresBackend(process.env.PG_URL));
    else console.log('PostgreSQL rows skipped: PG_URL not set (source .services/env)');
  }
  for (const b of backends) {
    try {
      const store = await storeAppendRate(b.appendUrl, CONNECTIONS[0], Math.min(5, SECONDS));
      const rows: RowResult[] = [];
      for (const procs of PROCESSES) {
        if (procs > 1 && b.name === 'sqlite') {
          console.log('2 API processes on SQLite: skipped (each process would run its own projections into one read.db)');
          continue;
        }
        rows.push(...(await measureBackend(b, procs)));
      }
      print(b.name, rows, store, bare);
    } finally {
      await b.cleanup();
    }
  }
}

// run only as the bench itself (test/reliability/load.ts imports the helpers above)
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
