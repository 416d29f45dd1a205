import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, binaryBody, startTestApp, type TestApp } from '../api/harness';
import { schemaChecker } from '../announcements/schema-check';

/**
 * 通讯录 on the real app (issue 17): search by name, pinyin initials (xwb → 许文博), phone or email; mobile
 * numbers only within the scope the security admin sets (hidden elsewhere, also from search, vCard and
 * export); one's own card; 个人通讯录 private to its owner; vCard of one person.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const as = (user: string) => bearer(tokens[user]);

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['staff', 'youjia', 'wuxiaoyan', 'secadmin', 'director']) tokens[u] = (await t.login(u)).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const people = async (user: string, q: string) => (await request(t.app).get('/api/contacts/people').query({ q }).set(as(user))).body;

describe('通讯录', () => {
  it('finds 许文博 by pinyin initials, name, office phone and email, with unit, department and title', async () => {
    const r = await people('wuxiaoyan', 'xwb');
    expect(r.items.map((x: { name: string }) => x.name)).toContain('许文博');
    const x = r.items.find((i: { name: string }) => i.name === '许文博');
    expect(x).toMatchObject({ unitName: '区财政局', departmentName: '预算科', title: '科员', email: 'staff@district.gov.cn' });
    expect(x.officePhone).toMatch(/^0757-2236\d{4}$/);
    expect((await people('wuxiaoyan', '文博')).items.map((i: { name: string }) => i.name)).toEqual(['许文博']);
    expect((await people('wuxiaoyan', x.officePhone)).items.map((i: { name: string }) => i.name)).toEqual(['许文博']);
    expect((await people('wuxiaoyan', 'staff@district')).items.map((i: { name: string }) => i.name)).toEqual(['许文博']);
  });

  it('shows a mobile only within the scope the security admin set (本单位 by default in the demo; leaders 全部)', async () => {
    const same = (await request(t.app).get('/api/contacts/people/staff').set(as('youjia'))).body;
    expect(same.mobile).toMatch(/^1\d{10}$/);
    const other = (await request(t.app).get('/api/contacts/people/staff').set(as('wuxiaoyan'))).body;
    expect(other).toMatchObject({ mobile: null, mobileHidden: true });
    // the hidden number does not find the person either; the visible one does
    expect((await people('wuxiaoyan', same.mobile)).items).toEqual([]);
    expect((await people('youjia', same.mobile)).items.map((i: { name: string }) => i.name)).toEqual(['许文博']);
    const vcard = await request(t.app).get('/api/contacts/people/staff/vcard').set(as('wuxiaoyan'));
    expect(vcard.status).toBe(200);
    expect(vcard.headers['content-type']).toContain('text/vcard');
    expect(vcard.text).toContain('FN:许文博');
    expect(vcard.text).toContain('ORG:区财政局;预算科');
    expect(vcard.text).not.toContain('TYPE=CELL');
    const own = await request(t.app).get('/api/contacts/people/staff/vcard').set(as('youjia'));
    expect(own.text).toContain(`TEL;TYPE=CELL:${same.mobile}`);
    // leaders see every mobile
    expect((await request(t.app).get('/api/contacts/people/wu-xiaoyan').set(as('director'))).body.mobile).toMatch(/^1\d{10}$/);
  });

  it('only the security admin changes the policy, and the change applies at once', async () => {
    expect(
      (await request(t.app).post('/api/contacts/mobile-policy').set(as('director')).send({ defaultScope: 'all', roleScopes: {} })).status,
    ).toBe(403);
    const bad = await request(t.app)
      .post('/api/contacts/mobile-policy')
      .set(as('secadmin'))
      .send({ defaultScope: 'all', roleScopes: { nobody: 'all' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('roleScopes.nobody');
    const ok = await request(t.app).post('/api/contacts/mobile-policy').set(as('secadmin')).send({ defaultScope: 'all', roleScopes: {} });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await request(t.app).get('/api/contacts/people/staff').set(as('wuxiaoyan'))).body.mobile).toMatch(/^1\d{10}$/);
    await request(t.app)
      .post('/api/contacts/mobile-policy')
      .set(as('secadmin'))
      .send({ defaultScope: 'department', roleScopes: { leader: 'all' } });
    expect((await request(t.app).get('/api/contacts/people/staff').set(as('wuxiaoyan'))).body.mobile).toBeNull();
    const policy = await request(t.app).get('/api/contacts/mobile-policy').set(as('secadmin'));
    expect(policy.body).toMatchObject({ defaultScope: 'department', roleScopes: { leader: 'all' }, setBy: 'secadmin' });
  });

  it("one edits one's own card; bad input is a 400 naming the field", async () => {
    const bad = await request(t.app).post('/api/contacts/me/card').set(as('staff')).send({ mobile: '12345' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('mobile');
    const ok = await request(t.app)
      .post('/api/contacts/me/card')
      .set(as('staff'))
      .send({ officePhone: '0757-22361234 转 801', room: '305室' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const me = (await request(t.app).get('/api/contacts/people/staff').set(as('youjia'))).body;
    expect(me).toMatchObject({ officePhone: '0757-22361234 转 801', room: '305室' });
    expect((await people('youjia', '转 801')).items.map((i: { name: string }) => i.name)).toEqual(['许文博']);
    // not someone else's card
    expect((await request(t.app).post('/api/contacts/people/staff/card').set(as('youjia')).send({ room: 'x' })).status).toBe(403);
  });

  it('个人通讯录 is private to its owner, searchable by initials, with a vCard', async () => {
    const mine = await request(t.app).get('/api/contacts/personal').query({ q: 'lzc' }).set(as('staff'));
    expect(mine.body.items.map((x: { name: string }) => x.name)).toEqual(['梁志诚']);
    const add = await request(t.app)
      .post('/api/contacts/personal')
      .set(as('youjia'))
      .send({ name: '周海', organisation: '市人社局', mobile: '13600001111' });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    expect((await request(t.app).post('/api/contacts/personal').set(as('youjia')).send({ name: '无联系方式' })).body.errors[0].field).toBe(
      'mobile',
    );
    const hers = await request(t.app).get('/api/contacts/personal').set(as('youjia'));
    expect(hers.body.items.map((x: { name: string }) => x.name)).toEqual(['周海']);
    expect(
      (await request(t.app).get('/api/contacts/personal').set(as('staff'))).body.items.map((x: { name: string }) => x.name),
    ).not.toContain('周海');
    const v = await request(t.app).get(`/api/contacts/personal/${add.body.id}/vcard`).set(as('youjia'));
    expect(v.text).toContain('TEL;TYPE=CELL:13600001111');
    expect((await request(t.app).get(`/api/contacts/personal/${add.body.id}/vcard`).set(as('staff'))).status).toBe(404);
    expect((await request(t.app).delete(`/api/contacts/personal/${add.body.id}`).set(as('youjia'))).status).toBe(201);
    expect((await request(t.app).get('/api/contacts/personal').set(as('youjia'))).body.total).toBe(0);
  });

  it('every answer the web reads matches its declared schema', async () => {
    const check = schemaChecker(t);
    await check(tokens.wuxiaoyan, '/api/contacts/people?q=xwb', '/api/contacts/people');
    await check(tokens.youjia, '/api/contacts/people?unitId=czj&pageSize=100', '/api/contacts/people');
    await check(tokens.wuxiaoyan, '/api/contacts/people/staff', '/api/contacts/people/{userId}');
    await check(tokens.staff, '/api/contacts/me/card', '/api/contacts/me/card');
    await check(tokens.secadmin, '/api/contacts/mobile-policy', '/api/contacts/mobile-policy');
    await check(tokens.staff, '/api/contacts/personal', '/api/contacts/personal');
  });

  it('exports the list to Excel without the hidden mobiles', async () => {
    const r = await request(t.app)
      .get('/api/contacts/people')
      .query({ unitId: 'czj', format: 'xlsx' })
      .set(as('wuxiaoyan'))
      .buffer(true)
      .parse(binaryBody);
    expect(r.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as never);
    const ws = wb.getWorksheet('通讯录')!;
    const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
    const xu = rows.find((row) => row.includes('许文博'))!;
    expect(xu).toBeTruthy();
    expect(xu.some((c) => typeof c === 'string' && /^1\d{10}$/.test(c))).toBe(false);
  });
});
