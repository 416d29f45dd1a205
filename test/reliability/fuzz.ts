import fc from 'fast-check';
import request from 'supertest';
import type { TestApp } from '../api/harness';
import { appendedBy, type Row } from './lib';

/**
 * Hostile input on every route of /api/openapi.json, generated with fast-check from the route's own
 * schema: valid-looking bodies with wrong types, missing and extra fields, `__proto__`/`constructor`
 * keys, deep nesting, SQL/HTML fragments, huge strings and a 10 MB body; bad path ids and query strings.
 * Every answer must be < 500; a 4xx must append nothing (the security log aside); health answers after.
 */
type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  body: Schema | null;
  public: boolean;
}

/**
 * Routes a fuzzer must not call with its live sessions: logout ends them, a wrong current password counts
 * toward the lockout (which ends them too; covered in gaps.e2e.spec.ts), and a stream never ends.
 */
const SKIP = new Set(['post /auth/logout', 'get /events/stream', 'post /me/password']);

export function operations(doc: Schema): Operation[] {
  const paths = doc.paths as Record<string, Record<string, Schema>>;
  const out: Operation[] = [];
  for (const [p, ops] of Object.entries(paths)) {
    const path = p.replace(/^\/api/, '');
    for (const [method, op] of Object.entries(ops)) {
      if (SKIP.has(`${method} ${path}`)) continue;
      const params = (op.parameters as { name: string; in: string; schema: Schema }[] | undefined) ?? [];
      const rb = op.requestBody as { content: Record<string, { schema: Schema }> } | undefined;
      out.push({
        method,
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        query: params.filter((x) => x.in === 'query' && x.name !== 'access_token'),
        body: rb?.content['application/json']?.schema ?? null,
        public: Array.isArray(op.security) && (op.security as unknown[]).length === 0,
      });
    }
  }
  return out;
}

const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  '"; SELECT pg_sleep(5); --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\uD800',
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  '　',
  '🙂'.repeat(50),
  'A'.repeat(70_000),
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

function resolve(doc: Schema, s: Schema): Schema {
  const ref = s.$ref as string | undefined;
  if (!ref) return s;
  const name = ref.split('/').pop()!;
  return ((doc.components as { schemas: Record<string, Schema> }).schemas[name] ?? {}) as Schema;
}

/** A value that fits the schema (roughly): the base the mutations start from. */
function fitting(doc: Schema, raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, raw);
  if (depth > 4) return fc.constant(null);
  if (Array.isArray(s.enum) && s.enum.length) return fc.constantFrom(...(s.enum as unknown[]));
  const type = Array.isArray(s.type) ? (s.type as string[])[0] : (s.type as string | undefined);
  switch (type) {
    case 'string':
      return s.format === 'date-time'
        ? fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
        : fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), hostileString);
    case 'integer':
      return fc.integer({ min: -5, max: 1000 });
    case 'number':
      return fc.double({ noNaN: true, min: -1e6, max: 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(s.items ? fitting(doc, s.items as Schema, depth + 1) : anyValue, { maxLength: 3 });
    case 'object':
    default: {
      const props = (s.properties as Record<string, Schema> | undefined) ?? {};
      if (!Object.keys(props).length) return fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 3 });
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) shape[k] = fitting(doc, v, depth + 1);
      return fc.record(shape, { requiredKeys: [] });
    }
  }
}

/** encodeURIComponent that takes lone surrogates too (as U+FFFD). */
const enc = (v: string) => encodeURIComponent(v.toWellFormed());

const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/** The body mutations: each returns the raw JSON text sent. */
function bodyCase(doc: Schema, schema: Schema | null): fc.Arbitrary<string> {
  const base = (schema ? fitting(doc, schema) : fc.constant({})).map((v) =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : { v },
  );
  return fc.oneof(
    base.map((b) => JSON.stringify(b)),
    fc.tuple(base, fc.string({ minLength: 1, maxLength: 10 }), anyValue).map(([b, k, v]) => JSON.stringify({ ...b, [`x_${k}`]: v })),
    fc
      .tuple(base, fc.constantFrom('__proto__', 'constructor', 'prototype'))
      .map(([b, k]) => JSON.stringify(b).replace(/^\{/, `{"${k}":{"isAdmin":true,"polluted":1},`).replace(/,}$/, '}')),
    base.map((b) => JSON.stringify(Object.fromEntries(Object.keys(b).map((k) => [k, ['x', 1, null, {}, []][k.length % 5]])))),
    fc.constantFrom('[]', '"x"', '1', 'null', '{', '{"a":', '\u0000', `{"a":${deep(5000).slice(0, 20000)}`, deep(40), deep(3000)),
  );
}

const badId = fc.oneof(
  fc.constantFrom(
    '..',
    '%2e%2e',
    "1' OR '1'='1",
    '<svg onload=1>',
    'null',
    'undefined',
    '0',
    '-1',
    '9'.repeat(400),
    '%00',
    '%E4%B8',
    '🙂',
    'x'.repeat(2000),
  ),
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
);

function queryCase(doc: Schema, op: Operation): fc.Arbitrary<string> {
  const pairs = op.query.map((q) =>
    fc.oneof(
      fitting(doc, q.schema).map((v) => `${q.name}=${enc(typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))}`),
      hostileString.map((v) => `${q.name}=${enc(v)}`),
      fc.constantFrom(
        `${q.name}[]=1&${q.name}[]=2`,
        `${q.name}[a][b]=1`,
        `${q.name}=`,
        `${q.name}`,
        `__proto__[x]=1`,
        `constructor[prototype][x]=1`,
      ),
    ),
  );
  return (pairs.length ? fc.tuple(...pairs) : fc.constant([] as string[])).chain((ps) =>
    fc.subarray(ps as string[]).map((sub) => sub.join('&')),
  );
}

export interface FuzzResult {
  row: Row;
  perRoute: { route: string; cases: number; statuses: Record<number, number> }[];
}

export async function fuzzRoutes(t: TestApp, opts: { casesPerRoute: number; tokens: string[]; seed?: number }): Promise<FuzzResult> {
  const doc = (await request(t.app).get('/api/openapi.json')).body as Schema;
  const ops = operations(doc);
  let fivexx = 0;
  let appendedOn4xx = 0;
  let total = 0;
  const failures: string[] = [];
  const perRoute: FuzzResult['perRoute'] = [];
  let n = 0;
  for (const op of ops) {
    const statuses: Record<number, number> = {};
    const arb = fc.record({
      body: bodyCase(doc, op.body),
      query: queryCase(doc, op),
      ids: fc.array(badId, { minLength: op.pathParams.length, maxLength: op.pathParams.length }),
      tok: fc.nat(),
    });
    const samples = fc.sample(arb, { numRuns: opts.casesPerRoute, seed: (opts.seed ?? 20) + n });
    // one 10 MB body per route that takes one
    if (op.body && ['post', 'put', 'patch'].includes(op.method))
      samples.push({ body: JSON.stringify({ x: 'A'.repeat(10 * 1024 * 1024) }), query: '', ids: op.pathParams.map(() => 'x'), tok: 0 });
    for (const c of samples) {
      let url = `/api${op.path}`;
      op.pathParams.forEach((name, i) => (url = url.replace(`{${name}}`, c.ids[i] || 'x')));
      if (c.query) url += `?${c.query}`;
      const requestId = `fuzz-${++n}`;
      const before = (await t.platform.store.headPosition()) + 1;
      let req = request(t.app)[op.method as 'get'](url).set('X-Request-Id', requestId);
      if (!op.public) req = req.set('Authorization', `Bearer ${opts.tokens[c.tok % opts.tokens.length]}`);
      if (op.method !== 'get' && op.method !== 'delete') req = req.set('content-type', 'application/json').send(c.body);
      let status: number;
      try {
        status = (await req).status;
      } catch (e) {
        status = 599;
        if (failures.length < 20) failures.push(`${op.method.toUpperCase()} ${url.slice(0, 120)}: ${String(e).slice(0, 120)}`);
      }
      total++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 500) {
        fivexx++;
        if (failures.length < 20) failures.push(`${status} ${op.method.toUpperCase()} ${url.slice(0, 120)} body ${c.body.slice(0, 160)}`);
      } else if (status >= 400) {
        const added = await appendedBy(t, before, requestId);
        if (added.length) {
          appendedOn4xx++;
          if (failures.length < 20)
            failures.push(`${status} appended ${added.join(', ')}: ${op.method.toUpperCase()} ${url.slice(0, 100)}`);
        }
      }
    }
    perRoute.push({ route: `${op.method.toUpperCase()} ${op.path}`, cases: samples.length, statuses });
  }
  const health = await request(t.app).get('/api/health');
  return {
    row: {
      area: 'hostile input',
      check: `every route of /api/openapi.json (${ops.length} operations)`,
      figure: `${total} cases: ${fivexx} × 5xx, ${appendedOn4xx} × 4xx that appended; health ${health.status}`,
      target: '0 × 5xx, 0 appended, health 200',
      ok: fivexx === 0 && appendedOn4xx === 0 && health.status === 200,
      notes: failures,
    },
    perRoute,
  };
}
