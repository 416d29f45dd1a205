import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { bearer, startTestApp, type TestApp } from './harness';

/**
 * Form field constraints (contract B) on the generic path, over HTTP: the system admin publishes a
 * definition whose `days` field is bounded (0.5–365) and whose 结束日期 may not precede 开始日期;
 * starting it with days -3 / 0 / 1e300 or an end before the start answers 400 problem+json naming
 * `form.days` / `form.endDate` and appends nothing (the applicant's 我的流程 stays empty); a sound form
 * starts. Publishing a constraint that does not fit its field answers 400 with the field. The seeded
 * 通用审批 carries its own constraints (事项 2–100 字).
 */
let t: TestApp;
let admin = '';
let staff = '';

beforeAll(async () => {
  t = await startTestApp({ DEMO_HISTORY: '0' });
  admin = (await t.login('sysadmin')).accessToken;
  staff = (await t.login('taoran')).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const post = (token: string, url: string, body: object) => request(t.app).post(url).set(bearer(token)).send(body);
const fieldsOf = (r: request.Response) => (r.body.errors ?? []).map((e: { field: string }) => e.field);

const definition = {
  key: 'generic-days',
  name: '通用天数审批',
  kind: '通用审批',
  formFields: [
    { name: 'days', label: '天数', type: 'number', required: true, min: 0.5, max: 365 },
    { name: 'startDate', label: '开始日期', type: 'date', required: true },
    { name: 'endDate', label: '结束日期', type: 'date', required: true, notBefore: 'startDate' },
    { name: 'reason', label: '事由', type: 'text', required: false, maxLength: 200 },
  ],
  nodes: [
    { id: 'start', name: '申请', kind: 'start' },
    { id: 'dept', name: '部门负责人审批', kind: 'approval', approvers: [{ type: 'departmentLeader' }] },
    { id: 'end', name: '结束', kind: 'end' },
  ],
  edges: [
    { from: 'start', to: 'dept' },
    { from: 'dept', to: 'end' },
  ],
};
const OK = { days: 2, startDate: '2026-12-21', endDate: '2026-12-22' };

describe('workflow form field constraints over HTTP', () => {
  it('publishing refuses a constraint that does not fit its field, with the field', async () => {
    const bad = structuredClone(definition);
    (bad.formFields[1] as Record<string, unknown>).min = 1;
    (bad.formFields[2] as Record<string, unknown>).notBefore = 'ghost';
    const r = await post(admin, '/api/process-definitions', { definition: bad });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toEqual(['definition.formFields[1].min', 'definition.formFields[2].notBefore']);
    const ok = await post(admin, '/api/process-definitions', { definition });
    expect(ok.status, JSON.stringify(ok.body)).toBeLessThan(300);
  });

  it('the definition carries its constraints to the web', async () => {
    const r = await request(t.app).get('/api/process-definitions/generic-days').set(bearer(staff));
    expect(r.status).toBe(200);
    expect(r.body.fields).toEqual(definition.formFields);
  });

  it('days -3 / 0 / 1e300 and an end before the start: 400 with the field, nothing appended', async () => {
    for (const [form, field, message] of [
      [{ ...OK, days: -3 }, 'form.days', '“天数”不能小于 0.5'],
      [{ ...OK, days: 0 }, 'form.days', '“天数”不能小于 0.5'],
      [{ ...OK, days: 1e300 }, 'form.days', '“天数”不能大于 365'],
      [{ ...OK, endDate: '2026-12-20' }, 'form.endDate', '“结束日期”不能早于“开始日期”'],
    ] as const) {
      const r = await post(staff, '/api/processes', { definitionKey: 'generic-days', form });
      expect(r.status, JSON.stringify(form)).toBe(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.body.code).toBe('FORM_INVALID');
      expect(fieldsOf(r)).toEqual([field]);
      expect(JSON.stringify(r.body)).toContain(message);
    }
    // nothing was started (other modules' demo data of staff aside)
    const mine = await request(t.app).get('/api/inbox?box=mine&kind=generic-days').set(bearer(staff));
    expect(mine.body.items).toEqual([]);
    const good = await post(staff, '/api/processes', { definitionKey: 'generic-days', form: OK });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    const after = await request(t.app).get('/api/inbox?box=mine&kind=generic-days').set(bearer(staff));
    expect(after.body.items).toHaveLength(1);
  });

  it('the seeded 通用审批 carries constraints too', async () => {
    const r = await post(staff, '/api/processes', { definitionKey: 'simple-approval', form: { subject: '买' } });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toEqual(['form.subject']);
    const ok = await post(staff, '/api/processes', { definitionKey: 'simple-approval', form: { subject: '购买办公用品', amount: 12800 } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });
});
