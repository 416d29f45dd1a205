import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, findAssignee, form, login, run, startServer, usernameOf, type Load } from '../../bench/http';
import type { Row } from './lib';

export interface LoadOptions {
  /** Seconds of load per route (the approve row is bounded by the tasks the start row created). */
  seconds: number;
  connections: number;
  /**
   * true (the full run): a route that misses its speed target is a failed row. false (the small run
   * inside test:all): a row fails only on an error or a 5xx; the speed verdict is still printed.
   */
  strictTargets: boolean;
  log?: (s: string) => void;
}

const COMMAND = { rps: 1000, p99: 50 };
const QUERY = { rps: 3000, p99: 30 };

/**
 * Load on the real server (bench/http-server.ts: api/bootstrap.ts boot(), every route, a freshly seeded
 * demo district on SQLite) over loopback with autocannon (bench/http.ts's run()): the command path
 * (POST /api/processes as 许文博, POST /api/tasks/:id/approve as the department leader, both with
 * an Idempotency-Key per request) and the query path (inbox, document search, a report). Targets from
 * issue 21: commands ≥ 1,000/s with p99 < 50 ms, queries ≥ 3,000/s with p99 < 30 ms.
 */
export async function loadRows(o: LoadOptions): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'oa-rel-load-'));
  const server = await startServer('app', { DATA_DIR: dir, DEADLINE_CHECK_SECONDS: '0' });
  const base = `http://127.0.0.1:${server.port}`;
  const rows: Row[] = [];
  let key = 0;
  const idem = () => ({ 'idempotency-key': `rel-load-${process.pid}-${key++}` });
  const row = (
    kind: 'command' | 'query',
    label: string,
    r: { rps: number; p50: number; p99: number; errors: number; requests: number; s5xx: number },
  ) => {
    const t = kind === 'command' ? COMMAND : QUERY;
    const speed = r.rps >= t.rps && r.p99 < t.p99;
    const clean = r.errors === 0 && r.s5xx === 0 && r.requests > 0;
    rows.push({
      area: `load (${kind})`,
      check: `${label}, ${o.connections} conns`,
      figure: `${r.rps.toFixed(0)}/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.requests} requests, ${r.errors} errors, ${r.s5xx}×5xx`,
      target: `≥${t.rps.toLocaleString('en')}/s, p99 < ${t.p99} ms, 0 errors: ${speed && clean ? 'PASS' : 'FAIL'}`,
      ok: o.strictTargets ? speed && clean : clean,
    });
    o.log?.(`   ${label}: ${r.rps.toFixed(0)}/s p99 ${r.p99} ms, ${r.errors} errors`);
  };
  try {
    const staff = await login(base, 'staff');
    const first = await call(base, 'POST', '/api/processes', staff.token, { definitionKey: 'simple-approval', form: form(0) });
    if (first.status !== 201) throw new Error(`start process: ${first.status} ${JSON.stringify(first.json)}`);
    const detail = await call(base, 'GET', `/api/processes/${first.json.processId}`, staff.token);
    const assignee = findAssignee(detail.json);
    if (!assignee) throw new Error('no assignee for 通用审批');
    const leader = await login(base, await usernameOf(base, staff.token, assignee));
    const director = await login(base, 'director');
    let n = 1;
    // warm-up (JIT, caches), not measured
    await run(base, { method: 'GET', path: '/api/inbox?box=todo', token: leader.token }, 2, 1);

    const tasks: string[] = [];
    const start: Load = {
      method: 'POST',
      path: '/api/processes',
      token: staff.token,
      headers: idem,
      body: () => ({ definitionKey: 'simple-approval', form: form(n++) }),
      onBody: (j) => tasks.push(...(j.newTaskIds ?? [])),
    };
    row('command', 'POST /api/processes', await run(base, start, o.connections, o.seconds));
    let k = 0;
    const approve: Load = {
      method: 'POST',
      path: () => `/api/tasks/${tasks[k++ % tasks.length]}/approve`,
      token: leader.token,
      headers: idem,
      body: () => ({ opinion: '同意' }),
      amount: Math.max(1, tasks.length),
    };
    if (tasks.length === 0) throw new Error('the start row created no tasks');
    row('command', 'POST /api/tasks/:id/approve', await run(base, approve, o.connections, o.seconds));

    const queries: [string, string, string][] = [
      ['GET /api/inbox?box=todo', '/api/inbox?box=todo', leader.token],
      ['GET /api/documents/search', '/api/documents/search?q=%E9%80%9A%E7%9F%A5', director.token],
      ['GET /api/reports/process-throughput', '/api/reports/process-throughput?grain=month', director.token],
    ];
    for (const [label, path, token] of queries) {
      const probe = await call(base, 'GET', path, token);
      if (probe.status !== 200) throw new Error(`${label}: ${probe.status} ${JSON.stringify(probe.json).slice(0, 200)}`);
      row('query', label, await run(base, { method: 'GET', path, token }, o.connections, o.seconds));
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
