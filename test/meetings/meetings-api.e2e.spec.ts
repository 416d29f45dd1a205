import ExcelJS from 'exceljs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate, shanghaiInstant, weekdayOf } from '../../domain/meetings/time';
import { bearer, binaryBody, startTestApp, type TestApp } from '../api/harness';

/**
 * 会议 and 日程 on the real app (SQLite, demo district): 周明 (区政府办公室) books a room (conflicts
 * refused, a series with one conflicting occurrence listed), issues a meeting notice to 区财政局 and
 * 区人社局; 区财政局's office replies, 催报 reminds 区人社局 only; materials distributed and collected
 * (交了/未交, 催报); 签到 by code; the attendee list as Excel; the meeting in an invited person's
 * calendar; a secretary keeps the leader's schedule; the iCalendar feed.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const as = (u: string) => bearer(tokens[u]!);
let n = 0;
const key = () => ({ 'Idempotency-Key': `mt-e2e-${++n}` });

let day = '';
const at = (hhmm: string, d = day) => shanghaiInstant(d, hhmm);

beforeAll(async () => {
  t = await startTestApp();
  for (const u of [
    'zhouming',
    'liwenjing',
    'yangfan',
    'huazhen',
    'staff',
    'director',
    'wuxiaoyan',
    'zhaoguoqiang',
    'qintao',
    'youjia',
    'fenglei',
  ])
    tokens[u] = (await t.login(u)).accessToken;
  // a working day two weeks ahead (clear of the demo's bookings)
  day = addDays(shanghaiDate(new Date().toISOString()), 15);
  while (weekdayOf(day) === 0 || weekdayOf(day) === 6) day = addDays(day, 1);
});
afterAll(async () => {
  await t?.stop();
});

describe('会议室 and 预约', () => {
  let roomId = '';
  it('the office registers a room; bad input is a 400 with the field', async () => {
    const bad = await request(t.app).post('/api/meetings/rooms').set(as('liwenjing')).set(key()).send({ name: '', capacity: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['capacity']));
    const hours = await request(t.app)
      .post('/api/meetings/rooms')
      .set(as('liwenjing'))
      .set(key())
      .send({ name: '测试室', capacity: 10, opensAt: '18:00', closesAt: '08:00' });
    expect(hours.status).toBe(400);
    expect(hours.body.errors[0].field).toBe('closesAt');
    const denied = await request(t.app).post('/api/meetings/rooms').set(as('staff')).set(key()).send({ name: '私设会议室', capacity: 5 });
    expect(denied.status).toBe(403);
    const r = await request(t.app)
      .post('/api/meetings/rooms')
      .set(as('liwenjing'))
      .set(key())
      .send({
        name: '东楼会议室',
        capacity: 20,
        equipment: ['投影'],
        location: '东楼 201',
        opensAt: '08:00',
        closesAt: '20:00',
        adminIds: ['li-wenjing'],
      });
    expect(r.status).toBe(201);
    roomId = r.body.id;
    const list = await request(t.app).get('/api/meetings/rooms?q=东楼').set(as('zhouming'));
    expect(list.body.items.map((x: { roomId: string }) => x.roomId)).toEqual([roomId]);
  });

  it('books 10:00–11:00; an overlap is a 409; the back-to-back edge books; the grid shows both', async () => {
    const ok = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('zhouming'))
      .set(key())
      .send({ roomId, start: at('10:00'), end: at('11:00'), title: '综合科会议' });
    expect(ok.status).toBe(201);
    const clash = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('fenglei'))
      .set(key())
      .send({ roomId, start: at('10:30'), end: at('10:45'), title: '信息化科会议' });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('booking.conflict');
    expect(clash.body.detail).toContain('10:00–11:00');
    const edge = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('fenglei'))
      .set(key())
      .send({ roomId, start: at('11:00'), end: at('12:00'), title: '信息化科会议' });
    expect(edge.status).toBe(201);
    const grid = await request(t.app).get(`/api/meetings/grid?date=${day}&days=7&q=东楼`).set(as('zhouming'));
    expect(grid.status).toBe(200);
    expect(grid.body.days).toHaveLength(7);
    expect(grid.body.bookings.map((b: { title: string }) => b.title).sort()).toEqual(['信息化科会议', '综合科会议']);
    // moving a booking is re-checked
    const moveClash = await request(t.app)
      .post(`/api/meetings/bookings/${edge.body.id}/reschedule`)
      .set(as('fenglei'))
      .set(key())
      .send({ start: at('10:30'), end: at('11:30') });
    expect(moveClash.status).toBe(409);
  });

  it('a weekly series with one conflicting occurrence: 409 listing that occurrence', async () => {
    const r = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('zhouming'))
      .set(key())
      .send({
        roomId,
        start: at('10:30', addDays(day, -7)),
        end: at('11:30', addDays(day, -7)),
        title: '周例会',
        repeat: { freq: 'weekly', count: 3 },
      });
    expect(r.status).toBe(409);
    expect(r.body.conflicts.map((c: { date: string }) => c.date)).toEqual([day]);
  });

  it('退订 frees the slot', async () => {
    const b = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('zhouming'))
      .set(key())
      .send({ roomId, start: at('15:00'), end: at('16:00'), title: '临时会议' });
    const detail = await request(t.app).get(`/api/meetings/bookings/${b.body.id}`).set(as('zhouming'));
    expect(detail.body.allowedActions).toEqual(expect.arrayContaining(['cancel', 'reschedule']));
    expect((await request(t.app).get(`/api/meetings/bookings/${b.body.id}`).set(as('fenglei'))).body.allowedActions).toEqual([]);
    expect(
      (await request(t.app).post(`/api/meetings/bookings/${b.body.id}/cancel`).set(as('zhouming')).set(key()).send({ reason: '改线上' }))
        .status,
    ).toBe(201);
    const again = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('fenglei'))
      .set(key())
      .send({ roomId, start: at('15:00'), end: at('16:00'), title: '改由信息化科使用' });
    expect(again.status).toBe(201);
  });
});

describe('a room that needs approval', () => {
  it("the booking waits as 待审批 on the workflow engine (the admin's 待办 is the engine's task); approve / refuse end the process and the booking follows", async () => {
    const b = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('zhouming'))
      .set(key())
      .send({ roomId: 'room-qzfb-2', start: at('14:00'), end: at('15:00'), title: '常务会议筹备会', attendeeIds: ['wu-xiaoyan'] });
    expect(b.status).toBe(201);
    expect(b.body.status).toBe('pending');
    type Row = { taskId: string; processId?: string; definitionKey: string; title: string; module?: string };
    const todoOf = async (who: string, title: string) =>
      ((await request(t.app).get('/api/inbox?box=todo&pageSize=100').set(as(who))).body.items as Row[]).filter((i) =>
        i.title.includes(title),
      );
    // exactly one 待办 for the admin, and it is the 会议室预约审批 process's task
    const rows = await todoOf('liwenjing', '常务会议筹备会');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.definitionKey).toBe('meeting-room-booking');
    // the slot stays held while it waits
    const clash = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('liwenjing'))
      .set(key())
      .send({ roomId: 'room-qzfb-2', start: at('14:30'), end: at('15:30'), title: '另一个会' });
    expect(clash.status).toBe(409);
    const d = await request(t.app).get(`/api/meetings/bookings/${b.body.id}`).set(as('liwenjing'));
    expect(d.body.allowedActions).toEqual(expect.arrayContaining(['approve', 'refuse']));
    expect((await request(t.app).post(`/api/meetings/bookings/${b.body.id}/approve`).set(as('zhouming')).set(key())).status).toBe(403);
    expect((await request(t.app).post(`/api/meetings/bookings/${b.body.id}/refuse`).set(as('liwenjing')).set(key()).send({})).status).toBe(
      400,
    );
    // approved in the engine (the unified inbox's task route): the reactor records 同意 on the room day
    const ok = await request(t.app).post(`/api/tasks/${rows[0]!.taskId}/approve`).set(as('liwenjing')).set(key()).send({ opinion: '同意' });
    expect(ok.status).toBe(201);
    await t.platform.projections.waitFor(await t.platform.store.headPosition(), { timeoutMs: 5000 });
    expect((await request(t.app).get(`/api/meetings/bookings/${b.body.id}`).set(as('zhouming'))).body.status).toBe('confirmed');
    expect(await todoOf('liwenjing', '常务会议筹备会')).toHaveLength(0);

    // refused through the meetings route (it rejects the admin's engine task): the slot is freed
    const b2 = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('zhouming'))
      .set(key())
      .send({ roomId: 'room-qzfb-2', start: at('16:00'), end: at('17:00'), title: '预算编制碰头会' });
    expect(b2.body.status).toBe('pending');
    expect(await todoOf('liwenjing', '预算编制碰头会')).toHaveLength(1);
    const no = await request(t.app)
      .post(`/api/meetings/bookings/${b2.body.id}/refuse`)
      .set(as('liwenjing'))
      .set(key())
      .send({ reason: '当天另有安排' });
    expect(no.status).toBe(201);
    expect((await request(t.app).get(`/api/meetings/bookings/${b2.body.id}`).set(as('zhouming'))).body.status).toBe('refused');
    expect(await todoOf('liwenjing', '预算编制碰头会')).toHaveLength(0);
    const free = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('liwenjing'))
      .set(key())
      .send({ roomId: 'room-qzfb-2', start: at('16:00'), end: at('17:00'), title: '管理员自用' });
    expect(free.status).toBe(201);
    expect(free.body.status).toBe('confirmed');

    // 退订 while waiting: the booker cancels, the engine's task goes away with its process
    const b3 = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('zhouming'))
      .set(key())
      .send({ roomId: 'room-qzfb-2', start: at('18:00'), end: at('19:00'), title: '临时碰头会' });
    expect(b3.body.status).toBe('pending');
    expect(await todoOf('liwenjing', '临时碰头会')).toHaveLength(1);
    const c3 = await request(t.app)
      .post(`/api/meetings/bookings/${b3.body.id}/cancel`)
      .set(as('zhouming'))
      .set(key())
      .send({ reason: '改线上' });
    expect(c3.status).toBe(201);
    expect(await todoOf('liwenjing', '临时碰头会')).toHaveLength(0);
    expect((await request(t.app).get(`/api/meetings/bookings/${b3.body.id}`).set(as('zhouming'))).body.status).toBe('cancelled');
  });
});

describe('会议室使用率', () => {
  it('hours booked / open hours by room for the month (confirmed bookings only; working days from the statutory calendar)', async () => {
    const [y, m] = day.split('-').map(Number);
    const r = await request(t.app).get(`/api/meetings/utilisation?year=${y}&month=${m}`).set(as('liwenjing'));
    expect(r.status).toBe(200);
    const row = r.body.items.find((x: { name: string }) => x.name === '东楼会议室');
    expect(row).toMatchObject({ bookedHours: 3, openHours: r.body.workingDays * 12 });
    expect(row.rate).toBeCloseTo((3 / (r.body.workingDays * 12)) * 100, 0);
    expect((await request(t.app).get(`/api/meetings/utilisation?year=${y}&month=${m}`).set(as('staff'))).status).toBe(403);
    const x = await request(t.app)
      .get(`/api/meetings/utilisation?year=${y}&month=${m}&format=xlsx`)
      .set(as('liwenjing'))
      .buffer(true)
      .parse(binaryBody);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as never);
    expect(wb.worksheets[0]!.getColumn(1).values).toContain('东楼会议室');
  });

  it('the warehouse (fact_room_hours, report meeting-room-utilisation) holds the same hours as GET /api/meetings/utilisation', async () => {
    const [y, m] = day.split('-').map(Number);
    const api = await request(t.app).get(`/api/meetings/utilisation?year=${y}&month=${m}`).set(as('liwenjing'));
    expect(t.warehouseSink).not.toBeNull();
    await t.warehouseSink!.drain();
    const month = day.slice(0, 7);
    const wh = await request(t.app)
      .get('/api/reports/meeting-room-utilisation')
      .query({ from: `${month}-01T00:00:00Z`, to: `${addDays(`${month}-28`, 7).slice(0, 7)}-01T00:00:00Z`, grain: 'month' })
      .set(as('liwenjing'));
    expect(wh.status).toBe(200);
    type WhRow = { period: string; room: string; bookedHours: number; openHours: number };
    const rows = (wh.body.rows as WhRow[]).filter((r) => r.period.startsWith(month));
    type ApiRow = { roomId: string; name: string; bookedHours: number; openHours: number };
    const booked = (api.body.items as ApiRow[]).filter((r) => r.bookedHours > 0);
    expect(booked.map((r) => r.name)).toContain('东楼会议室');
    // every room with bookings this month: the same booked and open hours in the warehouse
    for (const a of booked) {
      const w = rows.find((r) => r.room === a.roomId);
      expect(w, a.name).toBeDefined();
      expect(Math.round(w!.bookedHours * 10) / 10, a.name).toBe(a.bookedHours);
      expect(w!.openHours, a.name).toBeCloseTo(a.openHours, 2);
    }
    // and no booked hours the API does not count
    for (const w of rows.filter((r) => r.bookedHours > 0)) expect(booked.map((a) => a.roomId)).toContain(w.room);
  });
});

describe('会议: invite two units, one replies, 催报 the other, materials, 签到', () => {
  let meetingId = '';
  it('issues the notice with a room (booked in the same call) to 区财政局 and 区人社局, with persons', async () => {
    const r = await request(t.app)
      .post('/api/meetings')
      .set(as('zhouming'))
      .set(key())
      .send({
        title: '全区预算执行分析会',
        agenda: '一、通报预算执行情况',
        start: at('14:00', addDays(day, 1)),
        end: at('16:00', addDays(day, 1)),
        roomId: 'room-qzfb-1',
        unitIds: ['czj', 'rsj'],
        personIds: ['director', 'staff'],
        replyDeadline: at('17:00'),
      });
    expect(r.status).toBe(201);
    meetingId = r.body.id;
    expect(r.body.bookingId).toBeTruthy();
    const m = await request(t.app).get(`/api/meetings/${meetingId}`).set(as('zhouming'));
    expect(m.body.rollUp.label).toBe('报了 0 个单位，未报 2 个');
    expect(m.body.units.find((u: { unitId: string }) => u.unitId === 'czj').contacts.map((c: { id: string }) => c.id)).toContain(
      'yang-fan',
    );
    expect(m.body.allowedActions).toEqual(expect.arrayContaining(['urge', 'distribute', 'requestMaterials', 'cancel']));
    // the room is now taken at that time
    const clash = await request(t.app)
      .post('/api/meetings/bookings')
      .set(as('wuxiaoyan'))
      .set(key())
      .send({ roomId: 'room-qzfb-1', start: at('15:00', addDays(day, 1)), end: at('15:30', addDays(day, 1)), title: 'x' });
    expect(clash.status).toBe(409);
    // the contact has a 回执 待办 in the unified inbox
    const inbox = await request(t.app).get('/api/inbox?box=todo').set(as('yangfan'));
    expect(JSON.stringify(inbox.body)).toContain('全区预算执行分析会');
  });

  it('区财政局 replies (only its contact may); the roll-up counts it; 催报 reminds 区人社局 only', async () => {
    const wrong = await request(t.app)
      .post(`/api/meetings/${meetingId}/reply`)
      .set(as('staff'))
      .set(key())
      .send({ unitId: 'czj', attendees: [{ name: '许文博' }] });
    expect(wrong.status).toBe(403);
    const ok = await request(t.app)
      .post(`/api/meetings/${meetingId}/reply`)
      .set(as('yangfan'))
      .set(key())
      .send({ unitId: 'czj', attendees: [{ name: '沈振华', unitName: '区财政局', position: '局长', phone: '0757-88880001' }] });
    expect(ok.status).toBe(201);
    const m = await request(t.app).get(`/api/meetings/${meetingId}`).set(as('zhouming'));
    expect(m.body.rollUp).toMatchObject({ replied: 1, pending: 1, label: '报了 1 个单位，未报 1 个' });
    const urge = await request(t.app).post(`/api/meetings/${meetingId}/urge`).set(as('zhouming')).set(key());
    expect(urge.status).toBe(201);
    const after = await request(t.app).get(`/api/meetings/${meetingId}`).set(as('zhouming'));
    expect(after.body.urged.at(-1).unitIds).toEqual(['rsj']);
    expect((await request(t.app).post(`/api/meetings/${meetingId}/urge`).set(as('staff')).set(key())).status).toBe(403);
  });

  it('an invited person accepts; the meeting is in their calendar', async () => {
    expect(
      (await request(t.app).post(`/api/meetings/${meetingId}/answer`).set(as('staff')).set(key()).send({ answer: 'accept' })).status,
    ).toBe(201);
    const d = addDays(day, 1);
    const cal = await request(t.app).get(`/api/schedule/calendar?from=${d}&to=${d}`).set(as('staff'));
    expect(cal.status).toBe(200);
    expect(cal.body.items.map((i: { title: string }) => i.title)).toContain('全区预算执行分析会');
  });

  it('materials: distributed to all; collected per unit (交了/未交) with 催报 of the missing', async () => {
    const up = await request(t.app)
      .post(`/api/meetings/${meetingId}/materials`)
      .set(as('zhouming'))
      .set(key())
      .set('Content-Type', 'application/octet-stream')
      .set('X-File-Name', encodeURIComponent('会议议程.txt'))
      .send(Buffer.from('议程：通报预算执行情况'));
    expect(up.status).toBe(201);
    const req = await request(t.app)
      .post(`/api/meetings/${meetingId}/material-requests`)
      .set(as('zhouming'))
      .set(key())
      .send({ title: '本单位预算执行情况', deadline: at('12:00', addDays(day, 1)) });
    expect(req.status).toBe(201);
    const requestId = req.body.requestId;
    const todo = async () => JSON.stringify((await request(t.app).get('/api/inbox?box=todo').set(as('yangfan'))).body);
    expect(await todo()).toContain('【材料报送】本单位预算执行情况');
    const sub = await request(t.app)
      .post(`/api/meetings/${meetingId}/material-requests/${requestId}/submit?unitId=czj`)
      .set(as('yangfan'))
      .set(key())
      .set('Content-Type', 'application/octet-stream')
      .set('X-File-Name', encodeURIComponent('财政局汇报.txt'))
      .send(Buffer.from('区财政局预算执行情况汇报'));
    expect(sub.status).toBe(201);
    expect(await todo()).not.toContain('【材料报送】本单位预算执行情况');
    const m = await request(t.app).get(`/api/meetings/${meetingId}`).set(as('zhouming'));
    const r = m.body.requests[0];
    expect(r.label).toBe('交了 1 个，未交 1 个');
    expect(r.units.find((u: { unitId: string }) => u.unitId === 'czj').submitted.name).toBe('财政局汇报.txt');
    const urge = await request(t.app).post(`/api/meetings/${meetingId}/material-requests/${requestId}/urge`).set(as('zhouming')).set(key());
    expect(urge.status).toBe(201);
    const file = await request(t.app)
      .get(`/api/meetings/${meetingId}/files/${r.units[0].submitted.sha256}`)
      .set(as('zhouming'))
      .buffer(true)
      .parse(binaryBody);
    expect(file.status).toBe(200);
    expect((file.body as Buffer).toString()).toBe('区财政局预算执行情况汇报');
  });

  it('签到 by code in the window (clock moved to the meeting); a wrong code is refused; the list exports to Excel', async () => {
    const m0 = await request(t.app).get(`/api/meetings/${meetingId}`).set(as('zhouming'));
    const code = m0.body.checkInCode as string;
    expect(code).toMatch(/^\d{6}$/);
    expect((await request(t.app).get(`/api/meetings/${meetingId}`).set(as('staff'))).body.checkInCode).toBeNull();
    // the organiser's 签到二维码: a PNG that decodes to the check-in link carrying the code; others get 403
    const qr = await request(t.app).get(`/api/meetings/${meetingId}/check-in/qr`).set(as('zhouming'));
    expect(qr.status).toBe(200);
    expect(qr.body.image).toMatch(/^data:image\/png;base64,/);
    const png = PNG.sync.read(Buffer.from((qr.body.image as string).split(',')[1]!, 'base64'));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(qr.body.link);
    expect(new URL(decoded!.data).pathname + new URL(decoded!.data).search).toBe(`/meetings/${meetingId}/check-in?code=${code}`);
    expect((await request(t.app).get(`/api/meetings/${meetingId}/check-in/qr`).set(as('staff'))).status).toBe(403);
    const early = await request(t.app).post(`/api/meetings/${meetingId}/check-in`).set(as('staff')).set(key()).send({ code });
    expect(early.status).toBe(422);
    t.clock.advance(Date.parse(at('13:50', addDays(day, 1))) - t.clock.now.getTime());
    for (const u of Object.keys(tokens)) tokens[u] = (await t.login(u)).accessToken; // the old tokens expired meanwhile
    const wrongCode = await request(t.app)
      .post(`/api/meetings/${meetingId}/check-in`)
      .set(as('staff'))
      .set(key())
      .send({ code: code === '000000' ? '111111' : '000000' });
    expect(wrongCode.status).toBe(400);
    const ok = await request(t.app).post(`/api/meetings/${meetingId}/check-in`).set(as('staff')).set(key()).send({ code, method: 'qr' });
    expect(ok.status).toBe(201);
    const m = await request(t.app).get(`/api/meetings/${meetingId}`).set(as('zhouming'));
    expect(m.body.checkIns.map((c: { userId: string }) => c.userId)).toEqual(['staff']);
    const xlsx = await request(t.app)
      .get(`/api/meetings/${meetingId}/attendees?format=xlsx`)
      .set(as('zhouming'))
      .buffer(true)
      .parse(binaryBody);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const names = wb.worksheets[0]!.getColumn(3).values as unknown[];
    expect(names).toEqual(expect.arrayContaining(['沈振华', '许文博']));
    const pdf = await request(t.app)
      .get(`/api/meetings/${meetingId}/attendees?format=pdf`)
      .set(as('zhouming'))
      .buffer(true)
      .parse(binaryBody);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('日程: own entries, the leader kept by a secretary, sharing, iCalendar', () => {
  it("a secretary edits the leader's schedule on his behalf; the published week shows it", async () => {
    const d = addDays(day, 2);
    const r = await request(t.app)
      .post('/api/schedule/entries?ownerId=zhao-guoqiang')
      .set(as('wuxiaoyan'))
      .set(key())
      .send({ title: '听取区人社局工作汇报', start: at('09:00', d), end: at('10:00', d), published: true });
    expect(r.status).toBe(201);
    const denied = await request(t.app)
      .post('/api/schedule/entries?ownerId=zhao-guoqiang')
      .set(as('staff'))
      .set(key())
      .send({ title: 'x', start: at('09:00', d), end: at('10:00', d) });
    expect(denied.status).toBe(403);
    const cal = await request(t.app).get(`/api/schedule/calendar?from=${d}&to=${d}`).set(as('zhaoguoqiang'));
    const e = cal.body.items.find((i: { title: string }) => i.title === '听取区人社局工作汇报');
    expect(e).toMatchObject({ byName: '吴晓燕', onBehalfOf: 'zhao-guoqiang' });
    const week = await request(t.app).get(`/api/schedule/leaders?date=${d}`).set(as('staff'));
    expect(week.body.items.map((i: { title: string }) => i.title)).toContain('听取区人社局工作汇报');
  });

  it('sharing: 详情 for one colleague, 忙闲 for another, nothing for the rest', async () => {
    const d = addDays(day, 3);
    await request(t.app)
      .post('/api/schedule/entries')
      .set(as('staff'))
      .set(key())
      .send({ title: '预算评审', start: at('09:00', d), end: at('10:00', d) });
    const full = await request(t.app).get(`/api/schedule/calendar?from=${d}&to=${d}&userId=staff`).set(as('qintao'));
    expect(full.body.items.map((i: { title: string }) => i.title)).toContain('预算评审');
    const busy = await request(t.app).get(`/api/schedule/calendar?from=${d}&to=${d}&userId=staff`).set(as('youjia'));
    expect(busy.body.items.map((i: { title: string }) => i.title)).toEqual(['忙碌']);
    const none = await request(t.app).get(`/api/schedule/calendar?from=${d}&to=${d}&userId=staff`).set(as('fenglei'));
    expect(none.body.items).toEqual([]);
  });

  it('the subscription URL serves an iCalendar feed; a wrong token is a 404', async () => {
    const tok = await request(t.app).post('/api/schedule/feed-token').set(as('staff')).set(key());
    expect(tok.status).toBe(201);
    const feed = await request(t.app).get(tok.body.path);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.text).toContain('SUMMARY:预算评审');
    expect((await request(t.app).get('/api/schedule/ics/abcdefghijklmnopqrstuvwxyz')).status).toBe(404);
  });
});

describe('日程 by itself: approved leave and trips (考勤, contract A), reminders on the SSE stream', () => {
  it('LeaveApproved / LeaveReportedBack / TripApproved appended by another module appear in the calendars', async () => {
    const d = addDays(day, 5);
    const meta = { actorId: 'system', correlationId: 'att-test', occurredAt: new Date().toISOString() };
    // contract: .helpers/contracts.md A — the attendance module's events, appended here as it will
    await t.platform.store.append('leave-application-la1', [
      {
        type: 'LeaveApproved',
        data: {
          applicationId: 'la1',
          personId: 'staff',
          leaveType: '年休假',
          startDate: d,
          endDate: addDays(d, 1),
          startHalf: 'pm',
          endHalf: 'pm',
          days: 1.5,
        },
        metadata: meta,
      },
      {
        type: 'LeaveReportedBack',
        data: { applicationId: 'la1', personId: 'staff', actualEndDate: d, actualEndHalf: 'pm', days: 0.5 },
        metadata: meta,
      },
    ]);
    await t.platform.store.append('trip-tr1', [
      {
        type: 'TripApproved',
        data: {
          tripId: 'tr1',
          personId: 'qin-tao',
          companions: ['you-jia'],
          destinations: ['广州'],
          startDate: d,
          endDate: d,
          purpose: '省财政厅培训',
          transport: '高铁',
        },
        metadata: meta,
      },
    ]);
    await t.platform.projections.waitFor(await t.platform.store.headPosition(), { timeoutMs: 5000 });
    const mine = await request(t.app)
      .get(`/api/schedule/calendar?from=${d}&to=${addDays(d, 1)}`)
      .set(as('staff'));
    const leave = mine.body.items.find((i: { source: string }) => i.source === 'leave');
    expect(leave).toMatchObject({ title: '请假（年休假，1.5 天）', start: at('14:30', d), end: at('18:00', d) }); // shortened by 销假
    for (const u of ['qintao', 'youjia']) {
      const c = await request(t.app).get(`/api/schedule/calendar?from=${d}&to=${d}`).set(as(u));
      expect(c.body.items.map((i: { title: string }) => i.title)).toContain('出差：广州');
    }
  });

  it("a reminder 10 minutes before fires once as a notification on the owner's stream", async () => {
    const start = new Date(t.clock.now.getTime() + 20 * 60_000);
    start.setUTCSeconds(0, 0);
    const end = new Date(start.getTime() + 30 * 60_000);
    const r = await request(t.app)
      .post('/api/schedule/entries')
      .set(as('staff'))
      .set(key())
      .send({ title: '给处长送材料', start: start.toISOString(), end: end.toISOString(), remindMinutes: [10] });
    expect(r.status).toBe(201);
    const got: { title: string; kind: string }[] = [];
    const sub = t.platform.bus.forUser('staff').subscribe((x) => got.push(x));
    try {
      // (the demo's own entries of staff may remind meanwhile: only this entry's reminders are counted)
      const mine = () => got.filter((x) => x.kind === 'schedule.reminder' && x.title.includes('给处长送材料'));
      await t.reactions.sweep();
      expect(mine()).toEqual([]);
      t.clock.advance(11 * 60_000);
      await t.reactions.sweep();
      await t.reactions.sweep();
      expect(mine().map((x) => x.title)).toEqual([expect.stringContaining('给处长送材料')]);
    } finally {
      sub.unsubscribe();
    }
  });
});
