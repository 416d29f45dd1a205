import 'reflect-metadata';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '../../domain/workflow/calendar';
import { bearer, binaryBody, startTestApp, type TestApp } from '../api/harness';

/**
 * 督办 across two units (issue 17), on the real app (SQLite, demo district, the app's controllable clock):
 *   区政府办公室 registers a paper 收文 → 督查科 卫东 立项 from it (赵国强 督办领导; 区财政局 主办, 区人社局
 *   协办) → 孙建华 approves the 立项 on the workflow engine → 交办 → both units 签收 → reports → the deadline
 *   passes: the scheduled sweep 催办s once, then 通报s to 赵国强 once → the lead's 办结报告 → 审核不通过 →
 *   again → 结案 (销号, late). Each side's view is checked at each step; an outsider gets 403; the 台账 exports.
 */
let t: TestApp;
const tokens = new Map<string, string>();
async function token(username: string): Promise<string> {
  // sessions time out on the app's clock: log in again after the clock moved
  if (!tokens.has(username)) tokens.set(username, (await t.login(username)).accessToken);
  return tokens.get(username)!;
}
const relogin = () => tokens.clear();

/** The response schemas the routes declare (the web's generated types): every 200 answer read here is checked against its own. */
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validators = new Map<string, ValidateFunction>();
let schemas: Record<string, object> = {};
const SCHEMA_OF: [RegExp, string][] = [
  [/^\/supervision\/items\/[^/?]+$/, 'SupervisionItem'],
  [/^\/supervision\/items(\?(?!.*format=xlsx).*)?$/, 'SupervisionPage'],
  [/^\/supervision\/summary/, 'SupervisionSummary'],
  [/^\/supervision\/options/, 'SupervisionOptions'],
  [/^\/supervision\/by-incoming\//, 'SupervisionIncomingLinks'],
];
async function get(username: string, path: string) {
  const r = await request(t.app)
    .get(`/api${path}`)
    .set(bearer(await token(username)));
  const name = SCHEMA_OF.find(([re]) => re.test(path))?.[1];
  if (r.status === 200 && name) {
    let v = validators.get(name);
    if (!v) validators.set(name, (v = ajv.compile(schemas[name]!)));
    expect(v(r.body), `GET ${path} against ${name}: ${ajv.errorsText(v.errors)}`).toBe(true);
  }
  return r;
}
async function post(username: string, path: string, body: object = {}) {
  return request(t.app)
    .post(`/api${path}`)
    .set(bearer(await token(username)))
    .send(body);
}
async function eventTypes(itemId: string): Promise<string[]> {
  return (await t.platform.store.readStream(`supervision-item-${itemId}`, { fromRevision: 0 })).map((e) => e.type);
}

let incomingId = '';
let itemId = '';
let deadline = '';

beforeAll(async () => {
  t = await startTestApp({ DEMO_HISTORY: '0' });
  schemas = (await request(t.app).get('/api/openapi.json')).body.components.schemas;
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

describe('督办 across two units', () => {
  it('立项 from a 收文: the office registers it, 督查科 proposes an item from it (400 with the field on bad input)', async () => {
    const paper = await post('wangfang', '/documents/incoming/paper', {
      category: 'supervision',
      sourceOrgan: '市政府督查室',
      docNumber: '市督〔2026〕12号',
      title: '关于加快老旧小区改造资金拨付的督办通知',
      classification: '内部',
      receivedAt: t.clock.now.toISOString(),
    });
    expect(paper.status, JSON.stringify(paper.body)).toBe(201);
    incomingId = paper.body.id;

    deadline = localDateOf(t.clock.now.getTime() + 10 * 86_400_000);
    const body = {
      title: '加快老旧小区改造资金拨付',
      requirements: '按市督办通知要求，完成首批改造资金拨付并报送进展。',
      sourceKind: 'incoming',
      sourceNote: '市督〔2026〕12号',
      incomingId,
      leaderId: 'zhao-guoqiang',
      leadUnitId: 'czj',
      coUnitIds: ['rsj'],
      deadline,
      cycle: { kind: 'once' },
      priority: 'urgent',
    };
    const bad = await post('weidong', '/supervision/items', { ...body, coUnitIds: ['czj'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field ?? bad.body.field).toBe('coUnitIds[0]');
    const past = await post('weidong', '/supervision/items', { ...body, deadline: '2020-01-01' });
    expect(past.status).toBe(400);
    // a unit's staff may not propose (supervision.admin)
    expect((await post('staff', '/supervision/items', body)).status).toBe(403);

    const r = await post('weidong', '/supervision/items', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    itemId = r.body.id;
    const item = (await get('weidong', `/supervision/items/${itemId}`)).body;
    expect(item.status).toBe('approving');
    const opts = (await get('weidong', '/supervision/options')).body;
    expect(opts.canPropose).toBe(true);
    expect(opts.leaders.map((l: { id: string }) => l.id)).toContain('zhao-guoqiang');
    expect(item.source).toMatchObject({ kind: 'incoming', incomingId, incomingTitle: '关于加快老旧小区改造资金拨付的督办通知' });
    // the 收文 page links to the item
    const links = (await get('wangfang', `/supervision/by-incoming/${incomingId}`)).body;
    expect(links.items.map((x: { id: string }) => x.id)).toEqual([itemId]);
    // nothing is handed to the units before the 立项 approval
    const before = (await get('yangfan', `/supervision/items?view=undertaking&pageSize=200`)).body;
    expect(before.items.map((x: { id: string }) => x.id)).not.toContain(itemId);
    expect((await get('yangfan', `/supervision/items/${itemId}`)).status).toBe(403);
  });

  it('孙建华 approves the 立项 on the workflow engine → 交办 to both units, each with its 签收 待办', async () => {
    const item = (await get('sunjianhua', `/supervision/items/${itemId}`)).body;
    expect(item.allowedActions).toContain('approveEstablishment');
    const ok = await post('sunjianhua', `/tasks/${item.establishmentTaskId}/approve`, { opinion: '同意立项' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const after = (await get('weidong', `/supervision/items/${itemId}`)).body;
    expect(after.status).toBe('handling');
    expect(
      after.parts.map((p: { unitId: string; role: string; receipt: string; receiverIds: string[] }) => [
        p.unitId,
        p.role,
        p.receipt,
        p.receiverIds,
      ]),
    ).toEqual([
      ['czj', 'lead', 'pending', ['yang-fan']],
      ['rsj', 'co', 'pending', ['hua-zhen']],
    ]);
    expect(after.mySide).toBe('supervising');
    const todo = (await get('yangfan', '/inbox?box=todo')).body.items.filter((i: { instanceId: string }) => i.instanceId === itemId);
    expect(todo.map((i: { nodeName: string; link: string }) => [i.nodeName, i.link])).toEqual([
      ['签收（主办）', `/supervision/items/${itemId}`],
    ]);
  });

  it('both units 签收 their own part; each side sees the same receipts; an outsider is refused', async () => {
    const czjView = (await get('yangfan', `/supervision/items/${itemId}`)).body;
    expect(czjView.mySide).toBe('undertaking');
    expect(czjView.allowedActions).toEqual(expect.arrayContaining(['signFor', 'return']));
    expect(czjView.allowedActions).not.toContain('urge');
    // 区人社局 cannot sign for 区财政局's part: its own only
    expect((await post('yangfan', `/supervision/items/${itemId}/sign-for`)).status).toBe(201);
    expect((await post('huazhen', `/supervision/items/${itemId}/sign-for`)).status).toBe(201);
    const sup = (await get('weidong', `/supervision/items/${itemId}`)).body;
    const und = (await get('huazhen', `/supervision/items/${itemId}`)).body;
    expect(sup.parts.map((p: { receipt: string }) => p.receipt)).toEqual(['signed', 'signed']);
    expect(und.parts).toEqual(sup.parts);
    expect(und.timeline).toEqual(sup.timeline);
    // someone of 机关事务局 (no part in it) may not read it
    expect((await get('douwei', `/supervision/items/${itemId}`)).status).toBe(403);
    // the leader sees it in the leader's view
    const leader = (await get('zhaoguoqiang', '/supervision/items?view=leader&pageSize=200')).body;
    expect(leader.items.find((x: { id: string }) => x.id === itemId)).toMatchObject({ receipts: '2/2', status: 'handling' });
    // 区人社局's staff see it among the items their unit undertakes; 区财政局's too
    for (const u of ['taoran', 'staff']) {
      const mine = (await get(u, '/supervision/items?view=undertaking&pageSize=200')).body;
      expect(mine.items.map((x: { id: string }) => x.id)).toContain(itemId);
    }
  });

  it('办理: 转办 inside the lead unit, reports from both units; the final report waits for the co-unit', async () => {
    const ho = await post('yangfan', `/supervision/items/${itemId}/hand-over`, {
      kind: 'department',
      targetId: 'czj-ysk',
      note: '请预算科牵头',
    });
    expect(ho.status, JSON.stringify(ho.body)).toBe(201);
    // 阶段反馈 with an attachment: uploaded first (type and content checked, hashed), then named in the report
    const upload = async (username: string, fileName: string, bytes: Buffer) =>
      request(t.app)
        .post(`/api/supervision/items/${itemId}/attachments`)
        .set(bearer(await token(username)))
        .set('Content-Type', 'application/octet-stream')
        .set('X-File-Name', encodeURIComponent(fileName))
        .send(bytes);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const fake = await upload('qintao', '测算表.pdf', Buffer.from('not a pdf'));
    expect(fake.status).toBe(400);
    expect(fake.body.errors?.[0]?.field ?? fake.body.field).toBe('file');
    expect((await upload('qintao', '脚本.exe', Buffer.from('MZ'))).status).toBe(400);
    // someone of a unit without a part in the item may not upload to it
    expect((await upload('douwei', '测算表.pdf', pdf)).status).toBe(403);
    const up = await upload('qintao', '资金测算表.pdf', pdf);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ name: '资金测算表.pdf', size: pdf.length, contentType: 'application/pdf' });
    expect(up.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const unknown = await post('qintao', `/supervision/items/${itemId}/reports`, {
      content: 'x',
      attachments: [{ name: 'x.pdf', sha256: 'a'.repeat(64), size: 1 }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.field).toBe('attachments[0].sha256');
    const r1 = await post('qintao', `/supervision/items/${itemId}/reports`, {
      content: '已完成首批资金测算。',
      // the size is taken from the store, not from the client
      attachments: [{ name: up.body.name, sha256: up.body.sha256, size: 1 }],
    });
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    // the supervising side downloads it (the same bytes); a hash no report names is 404
    const dl = await request(t.app)
      .get(`/api/supervision/items/${itemId}/attachments/${up.body.sha256}`)
      .set(bearer(await token('weidong')))
      .buffer(true)
      .parse(binaryBody);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toContain('application/pdf');
    expect(Buffer.compare(dl.body as Buffer, pdf)).toBe(0);
    expect((await get('weidong', `/supervision/items/${itemId}/attachments/${'b'.repeat(64)}`)).status).toBe(404);
    expect((await get('douwei', `/supervision/items/${itemId}/attachments/${up.body.sha256}`)).status).toBe(403);
    const early = await post('qintao', `/supervision/items/${itemId}/final-report`, { content: '已全部拨付。' });
    expect(early.status).toBe(422);
    expect(early.body.detail).toContain('区人力资源和社会保障局');
    expect((await post('huazhen', `/supervision/items/${itemId}/reports`, { content: '就业补贴部分已落实。', final: true })).status).toBe(
      201,
    );
    const view = (await get('qintao', `/supervision/items/${itemId}`)).body;
    expect(view.allowedActions).toContain('finalReport');
    expect(view.reports.map((r: { unitId: string; kind: string }) => [r.unitId, r.kind])).toEqual([
      ['czj', 'progress'],
      ['rsj', 'part_final'],
    ]);
    expect(view.reports[0].attachments).toEqual([{ name: '资金测算表.pdf', sha256: up.body.sha256, size: pdf.length }]);
  });

  it('延期申请 on the workflow engine: the task goes to the recorded supervisor; refused → deadline kept; approved → new deadline, old one in the history', async () => {
    const before = (await get('qintao', `/supervision/items/${itemId}`)).body;
    expect(before.allowedActions).toContain('requestExtension');
    const bad = await post('qintao', `/supervision/items/${itemId}/extension`, { newDeadline: deadline, reason: '需要更多时间' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field ?? bad.body.field, JSON.stringify(bad.body)).toBe('newDeadline');
    // the co-unit may not ask for the item's 延期
    expect((await post('huazhen', `/supervision/items/${itemId}/extension`, { newDeadline: '2099-01-01', reason: 'x' })).status).toBe(403);

    const ask = async (newDeadline: string, reason: string) => {
      const r = await post('qintao', `/supervision/items/${itemId}/extension`, { newDeadline, reason });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const sup = (await get('weidong', `/supervision/items/${itemId}`)).body;
      expect(sup.extension).toMatchObject({ newDeadline, reason, unitId: 'czj', reviewerIds: ['wei-dong'] });
      expect(sup.allowedActions).toContain('decideExtension');
      // the process on the engine: the item is its subject, its one task is the supervisor's
      const proc = await get('weidong', `/processes/${sup.extension.processId}`);
      expect(proc.status, JSON.stringify(proc.body)).toBe(200);
      expect(JSON.stringify(proc.body)).toContain(itemId);
      // nobody else is offered the decision; the lead unit cannot ask twice while it is pending
      const lead = (await get('qintao', `/supervision/items/${itemId}`)).body;
      expect(lead.allowedActions).not.toContain('decideExtension');
      expect(lead.allowedActions).not.toContain('requestExtension');
      expect(lead.extensionTaskId).toBeNull();
      return sup as { extension: { processId: string }; extensionTaskId: string };
    };
    const later = (days: number) => localDateOf(Date.parse(`${deadline}T12:00:00+08:00`) + days * 86_400_000);

    const first = await ask(later(30), '涉及跨年度预算调整');
    const no = await post('weidong', `/tasks/${first.extensionTaskId}/reject`, { opinion: '理由不充分，请按期办结' });
    expect(no.status, JSON.stringify(no.body)).toBe(201);
    let sup = (await get('weidong', `/supervision/items/${itemId}`)).body;
    expect(sup.extension).toBeNull();
    expect(sup.deadline).toBe(deadline);
    expect(sup.deadlineHistory).toEqual([]);
    expect(sup.timeline.at(-1).text).toContain('不同意延期');

    const second = await ask(later(7), '部分资金待上级拨付');
    const yes = await post('weidong', `/tasks/${second.extensionTaskId}/approve`, { opinion: '同意延期一周' });
    expect(yes.status, JSON.stringify(yes.body)).toBe(201);
    sup = (await get('weidong', `/supervision/items/${itemId}`)).body;
    const und = (await get('huazhen', `/supervision/items/${itemId}`)).body;
    expect(sup.extension).toBeNull();
    expect(sup.deadline).toBe(later(7));
    expect(sup.deadlineHistory).toEqual([{ deadline, until: expect.any(String), requestId: expect.any(String) }]);
    expect(sup.timeline.at(-1)).toMatchObject({ actorId: 'wei-dong', text: expect.stringContaining(`${deadline} → ${later(7)}`) });
    // both sides see the same deadline and history
    expect([und.deadline, und.deadlineHistory]).toEqual([sup.deadline, sup.deadlineHistory]);
    const decided = (await eventTypes(itemId)).filter((e) => e === 'SupervisionExtensionDecided');
    expect(decided).toHaveLength(2);
    deadline = later(7);
  });

  it('the deadline passes: the sweep 催办s once (red on the board), then 通报s the leader once', async () => {
    expect((await post('weidong', `/supervision/items/${itemId}/urge`, { message: '请加快进度' })).status).toBe(201);
    const again = await post('weidong', `/supervision/items/${itemId}/urge`, { message: '再次催办' });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('supervision.urge_too_often');

    // the due times in force: the approved 延期's (the automatic work follows the new deadline)
    const scheduled = (await t.platform.store.readStream(`supervision-item-${itemId}`, { fromRevision: 0 })).filter(
      (e) =>
        e.type === 'SupervisionItemAssigned' || (e.type === 'SupervisionExtensionDecided' && (e.data as { approved: boolean }).approved),
    );
    const schedule = (scheduled.at(-1)!.data as { schedule: { overdueAt: string; escalateAt: string } }).schedule;
    expect(scheduled.at(-1)!.type).toBe('SupervisionExtensionDecided');
    t.clock.advance(Date.parse(schedule.overdueAt) + 60_000 - t.clock.now.getTime());
    relogin();
    await t.reactions.sweep();
    await t.reactions.sweep();
    let events = await eventTypes(itemId);
    expect(events.filter((e) => e === 'SupervisionItemOverdue')).toHaveLength(1);
    expect(events).not.toContain('SupervisionItemEscalated');
    const board = (await get('weidong', '/supervision/items?view=supervising&pageSize=200')).body;
    const row = board.items.findIndex((x: { id: string }) => x.id === itemId);
    expect(board.items[row]).toMatchObject({ light: 'red', overdue: true });
    // overdue first: nothing before it is anything but red
    expect(board.items.slice(0, row).every((x: { light: string }) => x.light === 'red')).toBe(true);
    const red = (await get('yangfan', '/supervision/items?view=undertaking&light=red&pageSize=200')).body;
    expect(red.items.map((x: { id: string }) => x.id)).toContain(itemId);
    expect(red.items.every((x: { light: string }) => x.light === 'red')).toBe(true);
    const toread = (await get('yangfan', '/inbox?box=toread')).body.items.filter((i: { instanceId: string }) => i.instanceId === itemId);
    expect(toread.map((i: { nodeName: string }) => i.nodeName)).toContain('自动催办（已超期）');

    t.clock.advance(Date.parse(schedule.escalateAt) + 60_000 - t.clock.now.getTime());
    relogin();
    await t.reactions.sweep();
    await t.reactions.sweep();
    events = await eventTypes(itemId);
    expect(events.filter((e) => e === 'SupervisionItemEscalated')).toHaveLength(1);
    expect(events.filter((e) => e === 'SupervisionItemOverdue')).toHaveLength(1);
    const leaderToread = (await get('zhaoguoqiang', '/inbox?box=toread')).body.items.filter(
      (i: { instanceId: string }) => i.instanceId === itemId,
    );
    expect(leaderToread.map((i: { nodeName: string }) => i.nodeName)).toEqual(['超期通报']);
  });

  it('办结报告 → 审核不通过 (back to 办理中) → again → 结案 (销号, late); the 台账 exports it', async () => {
    const fr = await post('qintao', `/supervision/items/${itemId}/final-report`, { content: '资金已全部拨付。' });
    expect(fr.status, JSON.stringify(fr.body)).toBe(201);
    let sup = (await get('weidong', `/supervision/items/${itemId}`)).body;
    expect(sup.status).toBe('reviewing');
    expect(sup.allowedActions).toContain('review');
    expect((await get('qintao', `/supervision/items/${itemId}`)).body.allowedActions).not.toContain('review');
    const noOpinion = await post('weidong', `/supervision/items/${itemId}/review`, { accept: false });
    expect(noOpinion.status).toBe(400);
    expect(noOpinion.body.errors?.[0]?.field ?? noOpinion.body.field).toBe('opinion');
    expect((await post('weidong', `/supervision/items/${itemId}/review`, { accept: false, opinion: '请补充拨付凭证' })).status).toBe(201);
    const back = (await get('qintao', `/supervision/items/${itemId}`)).body;
    expect(back.status).toBe('handling');
    expect(back.reviewOpinions.map((o: { accepted: boolean; opinion: string }) => [o.accepted, o.opinion])).toEqual([
      [false, '请补充拨付凭证'],
    ]);
    expect((await post('qintao', `/supervision/items/${itemId}/final-report`, { content: '资金已全部拨付，凭证见附件。' })).status).toBe(
      201,
    );
    expect((await post('weidong', `/supervision/items/${itemId}/review`, { accept: true, opinion: '同意销号' })).status).toBe(201);
    sup = (await get('weidong', `/supervision/items/${itemId}`)).body;
    const und = (await get('huazhen', `/supervision/items/${itemId}`)).body;
    expect(sup.status).toBe('closed');
    expect(sup.closed.onTime).toBe(false);
    expect(sup.closed.overdueDays).toBeGreaterThan(0);
    expect(und.timeline).toEqual(sup.timeline);
    expect(sup.timeline.map((x: { kind: string }) => x.kind)).toEqual(
      expect.arrayContaining([
        'SupervisionItemProposed',
        'SupervisionPartSignedFor',
        'SupervisionItemUrged',
        'SupervisionItemOverdue',
        'SupervisionItemEscalated',
        'SupervisionFinalReportSentBack',
        'SupervisionItemClosed',
      ]),
    );
    const summary = (await get('weidong', '/supervision/summary?view=supervising')).body;
    const board = (await get('weidong', '/supervision/items?view=supervising&status=closed&pageSize=200')).body;
    expect(board.items.map((x: { id: string }) => x.id)).toContain(itemId);
    expect(summary.byStatus.find((x: { status: string }) => x.status === 'closed').count).toBe(board.total);
    const xlsx = await request(t.app)
      .get('/api/supervision/items?view=supervising&format=xlsx')
      .set(bearer(await token('weidong')))
      .buffer(true)
      .parse(binaryBody);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.getWorksheet('督办台账')!;
    expect(ws.getRow(1).getCell(2).value).toBe('督办事项');
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const mine = rows.find((r) => r[1] === '加快老旧小区改造资金拨付')!;
    expect(mine[3]).toBe('区财政局');
    expect(mine[14]).toBe('否');
    expect(rows.length - 1).toBe((await get('weidong', '/supervision/items?view=supervising')).body.total);
  });
});
