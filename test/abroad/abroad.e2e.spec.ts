import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { seedAbroadDemo } from '../../api/abroad/demo-seed';
import { bearer, startTestApp, type TestApp } from '../api/harness';

/**
 * 出国境 over HTTP, on the demo district (its 出国境 demo activity is seeded at the end, as `npm start` does):
 *   - bad input: 400 with the field (入境 before 出境, a 证件 expiring before 入境, 证件号码 malformed), nothing written;
 *   - 邹凯 (科员, 区人社局) applies for 出入境 to a sensitive destination: 单位初审 曹军 → 外事审核 (李文静/王芳) →
 *     组织人事审核 严青 → 区主要领导审批 赵国强; each level's 待办 reaches the right person, the list shows where it
 *     waits; when the last approves, the application is 已批准 (reactor);
 *   - 白露 (副处, 区机关事务管理局) applies for 公职人员出国: 单位初审 → 区分管领导审核 → 外事 → 组织人事 → 区分管领导审批;
 *   - 证照: 严青 checks 邹凯's 证照 out for the approved trip (领用); the register says where it is; the clock passes
 *     the due time (入境 + 10 days) and the scheduled job reminds 邹凯 and 严青 once (待办 + 逾期); 归还 closes them.
 */
const DAY = 86_400_000;
let t: TestApp;
const tokens = new Map<string, string>();
const who = async (u: string) => {
  if (!tokens.has(u)) tokens.set(u, (await t.login(u)).accessToken);
  return tokens.get(u)!;
};
const get = async (u: string, url: string) =>
  request(t.app)
    .get(url)
    .set(bearer(await who(u)));
const post = async (u: string, url: string, body: object = {}) =>
  request(t.app)
    .post(url)
    .set(bearer(await who(u)))
    .send(body);
const fields = (r: request.Response) => (r.body.errors ?? []).map((e: { field: string }) => e.field);
const shanghaiToday = () => new Date(t.clock.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const plus = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestApp({ DEMO_HISTORY: '0', DEADLINE_CHECK_SECONDS: '1' });
});
afterAll(async () => {
  await t?.stop();
});

async function until<T>(f: () => Promise<T | null | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function todoOf(user: string, processId: string): Promise<{ taskId: string; nodeName: string } | undefined> {
  const r = await get(user, '/api/inbox?box=todo&pageSize=100');
  expect(r.status).toBe(200);
  return (r.body.items as { taskId: string; processId: string; nodeName: string }[]).find((x) => x.processId === processId);
}

/** Approves the level: the 待办 is with `user` (one of `users` for 或签), at `node`. */
async function approveLevel(processId: string, node: string, users: string[]) {
  let task: { taskId: string; nodeName: string } | undefined;
  let user = '';
  for (const u of users) {
    task = await todoOf(u, processId);
    if (task) {
      user = u;
      break;
    }
  }
  expect(task, `${node}: 待办 with ${users.join('/')}`).toBeTruthy();
  expect(task!.nodeName).toBe(node);
  const r = await post(user, `/api/tasks/${task!.taskId}/approve`, { opinion: '同意。' });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
}

const today = () => shanghaiToday();
const zoukaiTrip = () => {
  const depart = plus(today(), 10);
  const ret = plus(depart, 5);
  return {
    entry: '出入境',
    reason: '赴外探望留学子女',
    document: { type: '因私护照', number: 'E99120003', validUntil: '2031-06-30' },
    itinerary: [{ region: '某敏感国家', arriveDate: depart, leaveDate: ret }],
    destinationType: '敏感国家和地区',
    task: '探亲，不涉及公务活动',
    departDate: depart,
    returnDate: ret,
    members: ['邹凯'],
  };
};

describe('出国境 through every level, 证照 custody and the overdue reminder', () => {
  let applicationId = '';
  let processId = '';

  it('refuses nonsense with the field and writes nothing', async () => {
    const base = zoukaiTrip();
    const cases: [object, string][] = [
      [{ ...base, returnDate: plus(base.departDate, -1) }, 'returnDate'],
      [{ ...base, document: { ...base.document, validUntil: plus(base.returnDate, -1) } }, 'document.validUntil'],
      [{ ...base, document: { ...base.document, number: 'e-1' } }, 'document.number'],
      [{ ...base, itinerary: [] }, 'itinerary'],
      [{ ...base, task: '' }, 'task'],
    ];
    for (const [body, field] of cases) {
      const r = await post('zoukai', '/api/abroad/applications', body);
      expect(r.status, `${field}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(fields(r)).toContain(field);
    }
    const mine = await get('zoukai', '/api/abroad/applications');
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(0);
    expect(mine.body.canAdmin).toBe(false);
  });

  it('邹凯 applies (出入境, sensitive destination): the levels are decided and recorded', async () => {
    const r = await post('zoukai', '/api/abroad/applications', zoukaiTrip());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    applicationId = r.body.id;
    processId = r.body.processId;
    const d = await get('zoukai', `/api/abroad/applications/${applicationId}`);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ status: 'in_review', statusLabel: '审批中', currentStep: '单位初审', days: 6, returnDays: 10 });
    expect(d.body.levels.map((l: { name: string; approvers: { name: string }[] }) => [l.name, l.approvers.map((a) => a.name)])).toEqual([
      ['单位初审', ['曹军']],
      ['外事审核', ['李文静', '王芳']],
      ['组织人事审核', ['严青']],
      ['区主要领导审批', ['赵国强']],
    ]);
    // someone outside: 403
    expect((await get('kongbin', `/api/abroad/applications/${applicationId}`)).status).toBe(403);
  });

  it('goes through every level to the leader; the list shows where it waits; then 已批准', async () => {
    const step = async () =>
      ((await get('yanqing', '/api/abroad/applications?mine=0&q=邹凯')).body.items as { id: string; currentStep: string }[]).find(
        (x) => x.id === applicationId,
      )?.currentStep;
    await approveLevel(processId, '单位初审', ['caojun']);
    expect(await step()).toBe('外事审核');
    await approveLevel(processId, '外事审核', ['liwenjing', 'wangfang']);
    expect(await step()).toBe('组织人事审核');
    await approveLevel(processId, '组织人事审核', ['yanqing']);
    expect(await step()).toBe('区主要领导审批');
    await approveLevel(processId, '区主要领导审批', ['zhaoguoqiang']);
    const d = await get('zoukai', `/api/abroad/applications/${applicationId}`);
    expect(d.body).toMatchObject({ status: 'approved', statusLabel: '已批准', currentStep: '' });
  });

  it('a 副处 applicant passes 区分管领导审核 too and ends with 区分管领导审批', async () => {
    const depart = plus(today(), 20);
    const r = await post('bailu', '/api/abroad/applications', {
      entry: '公职人员出国(赴港澳)',
      reason: '参加粤港澳大湾区机关事务交流',
      document: { type: '因公护照', number: 'E44000011', validUntil: '2030-01-01' },
      itinerary: [{ region: '香港', arriveDate: depart, leaveDate: plus(depart, 2) }],
      destinationType: '港澳台',
      task: '交流公共机构节能管理经验',
      departDate: depart,
      returnDate: plus(depart, 2),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const pid = r.body.processId;
    await approveLevel(pid, '单位初审', ['yuhaitao']);
    await approveLevel(pid, '区分管领导审核', ['qianhui']);
    await approveLevel(pid, '外事审核', ['liwenjing', 'wangfang']);
    await approveLevel(pid, '组织人事审核', ['yanqing']);
    await approveLevel(pid, '区分管领导审批', ['qianhui']);
    expect((await get('bailu', `/api/abroad/applications/${r.body.id}`)).body.status).toBe('approved');
  });

  let passportId = '';
  it('证照 登记 (the keeper is who registers it); 400 with the field for a bad number; 403 for a staff member', async () => {
    const bad = await post('yanqing', '/api/abroad/passports', {
      holderId: 'zou-kai',
      docType: '因私护照',
      number: 'e-3',
      validUntil: '2031-06-30',
    });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['number']);
    expect(
      (
        await post('zoukai', '/api/abroad/passports', {
          holderId: 'zou-kai',
          docType: '因私护照',
          number: 'E99120003',
          validUntil: '2031-06-30',
        })
      ).status,
    ).toBe(403);
    const r = await post('yanqing', '/api/abroad/passports', {
      holderId: 'zou-kai',
      docType: '因私护照',
      number: 'E99120003',
      validUntil: '2031-06-30',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const twice = await post('yanqing', '/api/abroad/passports', {
      holderId: 'zou-kai',
      docType: '因私护照',
      number: 'E99120003',
      validUntil: '2031-06-30',
    });
    expect(twice.status).toBe(409);
  });

  it('证照 领用 for the approved trip; the register says where it is', async () => {
    const reg = await get('yanqing', '/api/abroad/passports?q=邹凯');
    expect(reg.status).toBe(200);
    expect(reg.body.canAdmin).toBe(true);
    const row = reg.body.items.find((x: { number: string }) => x.number === 'E99120003');
    passportId = row.id;
    expect(row).toMatchObject({ status: 'in_custody', where: '保管中（保管人：严青）' });
    const before = await get('yanqing', `/api/abroad/passports/${passportId}`);
    expect(before.body.allowedActions).toEqual(['checkout']);
    expect(before.body.applications.map((a: { id: string }) => a.id)).toEqual([applicationId]);
    // the holder may see it, but not act
    const asHolder = await get('zoukai', `/api/abroad/passports/${passportId}`);
    expect(asHolder.status).toBe(200);
    expect(asHolder.body.allowedActions).toEqual([]);
    expect((await post('zoukai', `/api/abroad/passports/${passportId}/checkout`, { applicationId })).status).toBe(403);
    const out = await post('yanqing', `/api/abroad/passports/${passportId}/checkout`, { applicationId });
    expect(out.status, JSON.stringify(out.body)).toBe(201);
    const again = await post('yanqing', `/api/abroad/passports/${passportId}/checkout`, { applicationId });
    expect(again.status).toBe(409);
    const after = await get('yanqing', `/api/abroad/passports/${passportId}`);
    expect(after.body).toMatchObject({ status: 'checked_out', overdue: false, allowedActions: ['return'] });
    expect(after.body.where).toMatch(/^已领用（持有人：邹凯，应还 \d{4}-\d{2}-\d{2}）$/);
    expect(after.body.dueBack).toBe(`${plus(zoukaiTrip().returnDate, 10)}T16:00:00.000Z`);
  });

  it('not returned in time: the scheduled job reminds the holder and the keeper once; 归还 closes the 待办', async () => {
    const dueBack = Date.parse((await get('yanqing', `/api/abroad/passports/${passportId}`)).body.dueBack);
    t.clock.advance(dueBack - t.clock.now.getTime() + 60_000);
    tokens.clear();
    const reminded = async () => {
      const events = await t.platform.store.readStream(`abroad-passport-${passportId}`);
      return events.filter((e) => e.type === 'PassportReturnOverdue');
    };
    const [e] = await until(async () => ((await reminded()).length ? reminded() : null), 'the overdue reminder');
    expect(e.data).toMatchObject({ holderId: 'zou-kai', keeperId: 'yan-qing', remind: ['zou-kai', 'yan-qing'] });
    const link = `/abroad/passports/${passportId}`;
    const rowOf = async (u: string) =>
      ((await get(u, '/api/inbox?box=todo&pageSize=100')).body.items as { link: string; nodeName: string }[]).find((x) => x.link === link);
    expect(await until(() => rowOf('zoukai'), '邹凯 待办')).toMatchObject({ nodeName: '归还证照' });
    expect(await until(() => rowOf('yanqing'), '严青 待办')).toMatchObject({ nodeName: '催收证照' });
    const overdue = await get('yanqing', '/api/abroad/passports?status=overdue');
    expect(overdue.body.items.map((x: { id: string }) => x.id)).toContain(passportId);
    // later sweeps remind nobody again
    await new Promise((r) => setTimeout(r, 2500));
    expect(await reminded()).toHaveLength(1);
    const back = await post('yanqing', `/api/abroad/passports/${passportId}/return`);
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(await rowOf('zoukai')).toBeUndefined();
    expect(await rowOf('yanqing')).toBeUndefined();
    const d = await get('yanqing', `/api/abroad/passports/${passportId}`);
    expect(d.body).toMatchObject({ status: 'in_custody', overdue: false });
    expect(d.body.history.map((h: { action: string }) => h.action)).toEqual(['登记保管', '领用', '逾期提醒', '归还']);
    expect(d.body.history.at(-1).note).toMatch(/^逾期 \d+ 天归还$/);
  });

  it('the demo seed: 陶然’s approved trip with his 证照 still out is reminded at the next sweep; lists export to Excel', async () => {
    await seedAbroadDemo(t.platform, () => undefined);
    await seedAbroadDemo(t.platform, () => undefined); // idempotent
    tokens.clear();
    const mine = await get('taoran', '/api/abroad/applications');
    expect(mine.body.items.map((x: { statusLabel: string }) => x.statusLabel)).toEqual(['已批准']);
    const reg = await get('yanqing', '/api/abroad/passports?q=陶然');
    expect(reg.body.items).toEqual([expect.objectContaining({ holderName: '陶然', status: 'checked_out', overdue: true })]);
    const link = `/abroad/passports/${reg.body.items[0].id}`;
    const row = await until(
      async () =>
        ((await get('taoran', '/api/inbox?box=todo&pageSize=100')).body.items as { link: string; nodeName: string }[]).find(
          (x) => x.link === link,
        ),
      '陶然 归还证照',
    );
    expect(row.nodeName).toBe('归还证照');
    expect((await get('staff', '/api/abroad/applications')).body.items).toEqual([
      expect.objectContaining({ currentStep: '单位初审', entry: '出入境' }),
    ]);
    for (const url of ['/api/abroad/passports?format=xlsx', '/api/abroad/applications?mine=0&format=xlsx']) {
      const x = await request(t.app)
        .get(url)
        .set(bearer(await who('yanqing')))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(x.status).toBe(200);
      expect(x.headers['content-type']).toMatch(/spreadsheetml/);
      expect((x.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    }
  });
});
