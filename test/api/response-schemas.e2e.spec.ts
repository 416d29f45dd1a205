import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApp, type TestApp } from './harness';

/**
 * The answers the web reads through generated types (web/src/app/core/api-types.ts) are what their
 * routes declare: each GET below is called with real data — the demo district plus a 请休假 that is
 * returned, resubmitted, approved, delegated (外出授权) and seen by a process admin — and every answer
 * is validated against the schema its operation names in the served /api/openapi.json. The schemas
 * are closed (additionalProperties: false), so a field renamed, added or dropped in a handler fails here.
 */
const USERS = ['taoran', 'weijian', 'caojun', 'yanqing', 'huazhen', 'wangfang', 'sunjianhua', 'zhouming', 'staff', 'sysadmin', 'qiming'];

let t: TestApp;
const token: Record<string, string> = {};
let doc: {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>>;
};
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validators = new Map<string, ValidateFunction>();
/** Every answer checked, by OpenAPI path: each must have been exercised. */
const checked = new Map<string, number>();

beforeAll(async () => {
  t = await startTestApp({ DEMO_HISTORY: '0' });
  for (const u of USERS) token[u] = (await t.login(u)).accessToken;
  doc = (await request(t.app).get('/api/openapi.json')).body;
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

/** The schema the operation declares for its 200 answer, compiled once. */
function validatorOf(path: string): { name: string; validate: ValidateFunction } {
  const ref = doc.paths[path]?.get?.responses['200']?.content?.['application/json']?.schema?.$ref;
  expect(ref, `GET ${path} declares a response schema`).toMatch(/^#\/components\/schemas\//);
  const name = ref!.split('/').pop()!;
  let v = validators.get(name);
  if (!v) {
    const schema = (doc as unknown as { components: { schemas: Record<string, object> } }).components.schemas[name];
    v = ajv.compile(schema);
    validators.set(name, v);
  }
  return { name, validate: v };
}

/** GET `url` as `who`, expect 200 and an answer valid against `apiPath`'s declared schema. */
async function check(who: string, url: string, apiPath: string): Promise<Record<string, unknown>> {
  const r = await request(t.app).get(url).set(bearer(token[who]!));
  expect(r.status, `${who} GET ${url}: ${JSON.stringify(r.body)}`).toBe(200);
  const { name, validate } = validatorOf(apiPath);
  const ok = validate(r.body);
  expect(ok, `${who} GET ${url} against ${name}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`).toBe(true);
  checked.set(apiPath, (checked.get(apiPath) ?? 0) + 1);
  return r.body;
}

const post = (who: string, url: string, body: object = {}) =>
  request(t.app)
    .post(url)
    .set(bearer(token[who]!))
    .send(body)
    .then((r) => {
      expect(r.status, `${who} POST ${url}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body as Record<string, unknown>;
    });

async function everything(step: string, processId?: string): Promise<void> {
  for (const u of USERS) {
    await check(u, '/api/me', '/api/me');
    if (u === 'sysadmin') continue; // 三员: no workflow.use (GET /api/me only)
    await check(u, '/api/inbox/counts', '/api/inbox/counts');
    for (const box of ['todo', 'toread', 'done', 'mine']) await check(u, `/api/inbox?box=${box}&pageSize=100`, '/api/inbox');
    await check(u, '/api/notifications?pageSize=100', '/api/notifications');
    await check(u, '/api/opinions', '/api/opinions');
    await check(u, '/api/delegations', '/api/delegations');
    if (processId) {
      const r = await request(t.app).get(`/api/processes/${processId}`).set(bearer(token[u]!));
      if (r.status === 200) await check(u, `/api/processes/${processId}`, '/api/processes/{id}');
      else expect(r.status, `${step}: ${u} on the process`).toBe(403);
    }
  }
}

describe('declared response schemas hold for real answers', () => {
  it('a 请休假 through return, resubmit, approval and 外出授权: every answer matches its schema at each step', async () => {
    await everything('demo district');
    const defs = await check('taoran', '/api/process-definitions', '/api/process-definitions');
    const keys = (defs.items as { key: string }[]).map((d) => d.key);
    expect(keys).toContain('simple-approval'); // 请休假 is started from 考勤 (api/attendance), not listed here
    for (const key of keys) await check('taoran', `/api/process-definitions/${key}`, '/api/process-definitions/{key}');

    const started = await post('taoran', '/api/attendance/leave', {
      leaveType: '年休假',
      startDate: '2026-12-07',
      startHalf: 'am',
      endDate: '2026-12-11',
      endHalf: 'pm',
      reason: '探亲',
    });
    const pid = String(started.processId);
    await everything('started', pid);

    const todo = await check('weijian', '/api/inbox?box=todo&pageSize=100', '/api/inbox');
    const task = (todo.items as { processId: string; taskId: string }[]).find((i) => i.processId === pid)!;
    await post('weijian', `/api/tasks/${task.taskId}/return`, { toNodeId: 'drafter', opinion: '请补充说明' });
    const returned = await check('taoran', `/api/processes/${pid}`, '/api/processes/{id}');
    expect((returned.task as { allowedActions: string[] }).allowedActions).toContain('resubmit');
    await everything('returned to the drafter', pid);

    await post('taoran', `/api/processes/${pid}/resubmit`, {});
    const again = await check('weijian', '/api/inbox?box=todo&pageSize=100', '/api/inbox');
    const task2 = (again.items as { processId: string; taskId: string }[]).find((i) => i.processId === pid)!;
    await post('weijian', '/api/opinions', { text: '同意，请按规定休假' });
    await post('weijian', `/api/tasks/${task2.taskId}/approve`, {
      opinion: '同意，请按规定休假',
      signature: [
        {
          points: [
            [10, 10, 0.5, 0],
            [40, 30, 0.6, 16],
          ],
        },
      ],
    });

    // 外出授权: 曹军's waiting 待办 passes to 严青 (代 曹军)
    await post('caojun', '/api/delegations', { delegateId: 'yan-qing', from: '2026-01-01', to: '2030-12-31', kinds: [], reason: '出差' });
    const delegated = await check('yanqing', '/api/inbox?box=todo&pageSize=100', '/api/inbox');
    expect((delegated.items as { processId: string; onBehalfOfName: string }[]).find((i) => i.processId === pid)?.onBehalfOfName).toBe(
      '曹军',
    );
    const admin = await check('huazhen', `/api/processes/${pid}`, '/api/processes/{id}');
    expect(admin.admin).not.toBeNull();
    await everything('delegated, seen by the process admin', pid);

    // every declared route was exercised
    expect([...checked.keys()].sort()).toEqual(
      [
        '/api/delegations',
        '/api/inbox',
        '/api/inbox/counts',
        '/api/me',
        '/api/notifications',
        '/api/opinions',
        '/api/process-definitions',
        '/api/process-definitions/{key}',
        '/api/processes/{id}',
      ].sort(),
    );
  }, 300_000);

  it('a closed schema refuses a field spelled differently', () => {
    const { validate } = validatorOf('/api/inbox/counts');
    expect(validate({ todo: 1, toread: 0, done: 0, mine: 0 })).toBe(true);
    expect(validate({ todo: 1, toRead: 0, done: 0, mine: 0 })).toBe(false);
  });
});
