import request from 'supertest';
import type { TestApp } from '../api/harness';
import { bearer } from '../api/harness';

/** One line of the reliability table: what was tried, the figure, its target, and whether it holds. */
export interface Row {
  area: string;
  check: string;
  figure: string;
  target: string;
  /** null: could not be measured here (printed as n/a, with the reason in figure). */
  ok: boolean | null;
  /** Details printed under the table (e.g. cases per route, failures). */
  notes?: string[];
}

export function printTable(rows: Row[], out: (s: string) => void = console.log): void {
  const head = ['area', 'check', 'figure', 'target', 'ok'];
  const cells = rows.map((r) => [r.area, r.check, r.figure, r.target, r.ok === null ? 'n/a' : r.ok ? 'yes' : 'NO']);
  const width = (s: string) => [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const w = head.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i]))));
  const line = (c: string[]) => '| ' + c.map((x, i) => x + ' '.repeat(w[i] - width(x))).join(' | ') + ' |';
  out(line(head));
  out('|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|');
  for (const c of cells) out(line(c));
  for (const r of rows) for (const n of r.notes ?? []) out(`  ${r.area} / ${r.check}: ${n}`);
}

/** Events appended by one request (its X-Request-Id is the correlation id), the security log left out. */
export async function appendedBy(t: TestApp, fromPosition: number, requestId: string): Promise<string[]> {
  const out: string[] = [];
  let from = fromPosition;
  for (;;) {
    const batch = await t.platform.store.readAll({ fromPosition: from, limit: 1000 });
    for (const e of batch) {
      if (e.metadata?.correlationId === requestId && !e.streamId.startsWith('security-log-')) out.push(`${e.streamId}:${e.type}`);
    }
    if (batch.length < 1000) return out;
    from = batch[batch.length - 1].position + 1;
  }
}

export const api = (t: TestApp, token?: string) => ({
  get: (url: string) => (token ? request(t.app).get(url).set(bearer(token)) : request(t.app).get(url)),
  post: (url: string, body: unknown = {}, headers: Record<string, string> = {}) => {
    const r = request(t.app).post(url).set(headers);
    if (token) r.set(bearer(token));
    return r.send(body as object);
  },
});
