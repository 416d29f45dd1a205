import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApp, type TestApp } from './harness';

/**
 * 公文 across two demo units on the real app (SQLite, demo district):
 * 区财政局 drafts → 部门核稿 (with an edit: a new 正文 version, shown as a diff) → 办公室核稿 → 局长签发
 * → a change after 签发 → 复核 → 登记编号 → 分发 → 区政府办公室's 待签收 → 签收 (the sender sees
 * 已签收) → 登记 (收文编号) → 拟办 → 批示 (handwriting) → 承办 → 传阅 (all read; 办结 refused before)
 * → 办结 → 归档 (档号) → catalogue as Excel; 综合查询 within each caller's data scope.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const as = (user: string) => bearer(tokens[user]);
let keyN = 0;
const key = () => `doc-e2e-${++keyN}`;

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['staff', 'qintao', 'yangfan', 'director', 'wangfang', 'sunjianhua', 'zhouming', 'zhenghao', 'fenglei', 'liwenjing']) {
    tokens[u] = (await t.login(u)).accessToken;
  }
});
afterAll(async () => {
  await t?.stop();
});

const BODY = '各预算单位：\n一、编制原则\n坚持量入为出。\n二、时间安排\n请于3月底前报送。';
const REVIEWED = BODY.replace('坚持量入为出。', '坚持量入为出、收支平衡。');
const draft = {
  kind: '通知',
  title: '关于做好2026年部门预算编制工作的通知',
  classification: '内部',
  urgency: '加急',
  numberCode: '区财预',
  mainRecipients: ['区属各预算单位'],
  copyTo: ['区政府办公室'],
  body: BODY,
};

describe('公文 e2e: 发文 in 区财政局 → 收文 in 区政府办公室 → 归档', () => {
  let docId = '';
  let incomingId = '';
  let docNumber = '';

  it('拟稿: bad input is a 400 with fields; 机密 is refused in Chinese; a draft is idempotent by Idempotency-Key', async () => {
    const bad = await request(t.app)
      .post('/api/documents/outgoing')
      .set(as('staff'))
      .send({ ...draft, kind: '便函', title: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['kind', 'title']));
    const extra = await request(t.app)
      .post('/api/documents/outgoing')
      .set(as('staff'))
      .send({ ...draft, hacker: 1 });
    expect(extra.status).toBe(400);

    const secret = await request(t.app)
      .post('/api/documents/outgoing')
      .set(as('staff'))
      .send({ ...draft, classification: '机密', secrecyPeriod: '10年' });
    expect(secret.status).toBe(422);
    expect(secret.body.detail).toContain('本系统最高只能处理“秘密”级公文');
    expect(secret.body.errors[0].field).toBe('classification');

    const k = key();
    const r = await request(t.app).post('/api/documents/outgoing').set(as('staff')).set('Idempotency-Key', k).send(draft);
    expect(r.status).toBe(201);
    docId = r.body.id;
    const again = await request(t.app).post('/api/documents/outgoing').set(as('staff')).set('Idempotency-Key', k).send(draft);
    expect(again.body.id).toBe(docId);
    expect(again.headers['idempotent-replayed']).toBe('true');

    const doc = await request(t.app).get(`/api/documents/outgoing/${docId}`).set(as('staff'));
    expect(doc.status).toBe(200);
    expect(doc.body).toMatchObject({
      stage: '拟稿',
      version: 1,
      elements: { issuers: [{ unitId: 'czj', name: '区财政局' }], signatureNames: ['区财政局'] },
    });
    // another unit's staff may not read it
    const other = await request(t.app).get(`/api/documents/outgoing/${docId}`).set(as('zhouming'));
    expect(other.status).toBe(403);
  });

  it('送审 → 部门核稿 edits the 正文 (a new version, as a diff) → 办公室核稿 → 领导签发', async () => {
    const notYet = await request(t.app).post(`/api/documents/outgoing/${docId}/approve`).set(as('qintao')).send({});
    expect(notYet.status).toBe(422);
    const sub = await request(t.app)
      .post(`/api/documents/outgoing/${docId}/submit`)
      .set(as('staff'))
      .set('Idempotency-Key', key())
      .send({});
    expect(sub.status).toBe(201);
    // the drafter can no longer edit; the reviewer holding the task can
    expect((await request(t.app).post(`/api/documents/outgoing/${docId}/edit`).set(as('staff')).send({ body: 'x' })).status).toBe(403);
    const edit = await request(t.app)
      .post(`/api/documents/outgoing/${docId}/edit`)
      .set(as('qintao'))
      .set('Idempotency-Key', key())
      .send({ body: REVIEWED });
    expect(edit.status).toBe(201);
    const diff = await request(t.app).get(`/api/documents/outgoing/${docId}/diff`).set(as('staff'));
    expect(diff.status).toBe(200);
    expect(diff.body.to).toMatchObject({ version: 2, authorName: '秦涛', stage: '部门核稿' });
    expect(diff.body.lines.filter((l: { op: string }) => l.op !== 'equal')).toEqual([
      { op: 'delete', text: '坚持量入为出。', oldLine: 3 },
      { op: 'insert', text: '坚持量入为出、收支平衡。', newLine: 3 },
    ]);

    // someone without the task cannot approve
    expect((await request(t.app).post(`/api/documents/outgoing/${docId}/approve`).set(as('director')).send({})).status).toBe(403);
    for (const [user, node] of [
      ['qintao', 'dept-review'],
      ['yangfan', 'office-review'],
      ['director', 'sign'],
    ] as const) {
      const r = await request(t.app)
        .post(`/api/documents/outgoing/${docId}/approve`)
        .set(as(user))
        .set('Idempotency-Key', key())
        .send({ opinion: '同意' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.node).toBe(node);
    }
    const doc = await request(t.app).get(`/api/documents/outgoing/${docId}`).set(as('staff'));
    expect(doc.body).toMatchObject({
      status: 'signed',
      stage: '已签发',
      signature: { signerId: 'director', signerName: '沈振华', opinion: '同意' },
    });
    expect(doc.body.writtenDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(doc.body.process.status).toBe('completed');
  });

  it('a change of 正文 after 签发 sends it back to the signer (复核); numbering waits for it; then 编号', async () => {
    const edit = await request(t.app)
      .post(`/api/documents/outgoing/${docId}/edit`)
      .set(as('yangfan'))
      .set('Idempotency-Key', key())
      .send({ body: `${REVIEWED}\n三、其他\n未尽事宜另行通知。` });
    expect(edit.status).toBe(201);
    expect(edit.body.events).toEqual(['OutgoingDocumentEdited', 'OutgoingDocumentReturnedForReview']);
    const blocked = await request(t.app).post(`/api/documents/outgoing/${docId}/number`).set(as('yangfan')).send();
    expect(blocked.status).toBe(422);
    expect(blocked.body.code).toBe('document.review_pending');
    expect((await request(t.app).post(`/api/documents/outgoing/${docId}/reconfirm`).set(as('sunjianhua')).send({})).status).toBe(403);
    const ok = await request(t.app)
      .post(`/api/documents/outgoing/${docId}/reconfirm`)
      .set(as('director'))
      .set('Idempotency-Key', key())
      .send({ opinion: '同意修改' });
    expect(ok.status).toBe(201);

    // only the unit's office numbers
    expect((await request(t.app).post(`/api/documents/outgoing/${docId}/number`).set(as('staff')).send()).status).toBe(403);
    const n = await request(t.app).post(`/api/documents/outgoing/${docId}/number`).set(as('yangfan')).set('Idempotency-Key', key()).send();
    expect(n.status).toBe(201);
    expect(n.body.docNumber).toMatch(/^区财预〔\d{4}〕1号$/);
    docNumber = n.body.docNumber;
    // 分发 needs the seal, and the seal needs the red-header PDF
    const early = await request(t.app).post(`/api/documents/outgoing/${docId}/seal`).set(as('yangfan')).send();
    expect(early.status).toBe(422);
    const render = await request(t.app)
      .post(`/api/documents/outgoing/${docId}/render`)
      .set(as('yangfan'))
      .set('Idempotency-Key', key())
      .send({});
    expect(render.status).toBe(201);
    const seal = await request(t.app).post(`/api/documents/outgoing/${docId}/seal`).set(as('yangfan')).set('Idempotency-Key', key()).send();
    expect(seal.status).toBe(201);
    const verify = await request(t.app).get(`/api/documents/outgoing/${docId}/seal/verify`).set(as('staff'));
    expect(verify.status).toBe(200);
    expect(verify.body.valid).toBe(true);
    const sealed = await request(t.app).get(`/api/documents/outgoing/${docId}`).set(as('yangfan'));
    expect(sealed.body.sealed).toEqual(expect.objectContaining({ pdfSm3: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    expect(sealed.body.rendered).toEqual(expect.objectContaining({ pages: expect.any(Number) }));
    // the sealed PDF itself, for the preview and for download
    const pdf = await request(t.app)
      .get(`/api/documents/outgoing/${docId}/pdf`)
      .set(as('staff'))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('分发 to 区政府办公室 arrives in its 待签收 box; 签收 is seen by the sender', async () => {
    const self = await request(t.app)
      .post(`/api/documents/outgoing/${docId}/distribute`)
      .set(as('yangfan'))
      .send({ unitIds: ['czj'] });
    expect(self.status).toBe(400);
    const d = await request(t.app)
      .post(`/api/documents/outgoing/${docId}/distribute`)
      .set(as('yangfan'))
      .set('Idempotency-Key', key())
      .send({ unitIds: ['qzfb'] });
    expect(d.status).toBe(201);
    expect(d.body.deliveries).toEqual([expect.objectContaining({ unitId: 'qzfb', copyNo: '000001' })]);
    incomingId = d.body.deliveries[0].incomingId;

    const box = await request(t.app).get('/api/documents/incoming/pending').set(as('wangfang'));
    expect(box.status).toBe(200);
    expect(box.body.items).toEqual([
      expect.objectContaining({ incoming_id: incomingId, from_unit_name: '区财政局', doc_number: docNumber, statusLabel: '已发送' }),
    ]);
    // the sending unit's office has nothing to sign for; another unit's staff may not touch it
    expect((await request(t.app).get('/api/documents/incoming/pending').set(as('yangfan'))).body.total).toBe(0);
    expect((await request(t.app).post(`/api/documents/incoming/${incomingId}/sign-for`).set(as('yangfan')).send()).status).toBe(403);

    const sign = await request(t.app)
      .post(`/api/documents/incoming/${incomingId}/sign-for`)
      .set(as('wangfang'))
      .set('Idempotency-Key', key())
      .send();
    expect(sign.status).toBe(201);
    const sender = await request(t.app).get(`/api/documents/outgoing/${docId}`).set(as('yangfan'));
    expect(sender.body).toMatchObject({ stage: '已分发', deliveries: [{ unitId: 'qzfb', status: 'signed', statusLabel: '已签收' }] });
    const receiver = await request(t.app).get(`/api/documents/incoming/${incomingId}`).set(as('wangfang'));
    expect(receiver.body).toMatchObject({
      stage: '已签收',
      exchange: { statusLabel: '已签收' },
      document: { docNumber, title: draft.title },
    });
    expect(receiver.body.body).toContain('未尽事宜另行通知');
  });

  it('登记 (收文编号) → 拟办 → 批示 with handwriting → 承办 → 传阅: 办结 waits for every reader → 归档', async () => {
    const reg = await request(t.app)
      .post(`/api/documents/incoming/${incomingId}/register`)
      .set(as('wangfang'))
      .set('Idempotency-Key', key())
      .send({});
    expect(reg.status).toBe(201);
    expect(reg.body.receiptNumber).toMatch(/^收文〔\d{4}〕1号$/);
    expect(
      (
        await request(t.app)
          .post(`/api/documents/incoming/${incomingId}/propose`)
          .set(as('wangfang'))
          .send({ opinion: '拟请孙主任阅示，综合科办理' })
      ).status,
    ).toBe(201);
    // staff may not instruct
    expect(
      (await request(t.app).post(`/api/documents/incoming/${incomingId}/instruct`).set(as('zhouming')).send({ instruction: 'x' })).status,
    ).toBe(403);
    const strokes = {
      strokes: [
        {
          points: [
            [10, 10, 0.4, 0],
            [40, 22, 0.7, 16],
            [80, 30, 0.5, 33],
          ],
        },
      ],
    };
    const ins = await request(t.app)
      .post(`/api/documents/incoming/${incomingId}/instruct`)
      .set(as('sunjianhua'))
      .set('Idempotency-Key', key())
      .send({ instruction: '请综合科抓紧落实', signature: strokes });
    expect(ins.status).toBe(201);
    expect(
      (await request(t.app).post(`/api/documents/incoming/${incomingId}/assign`).set(as('wangfang')).send({ leadDepartmentId: 'czj-ysk' }))
        .status,
    ).toBe(400);
    expect(
      (
        await request(t.app)
          .post(`/api/documents/incoming/${incomingId}/assign`)
          .set(as('wangfang'))
          .send({ leadDepartmentId: 'qzfb-zhk', coDepartmentIds: ['qzfb-wdk'] })
      ).status,
    ).toBe(201);
    expect(
      (
        await request(t.app)
          .post(`/api/documents/incoming/${incomingId}/circulate`)
          .set(as('wangfang'))
          .send({ readerIds: ['zhou-ming', 'zheng-hao'] })
      ).status,
    ).toBe(201);

    const early = await request(t.app).post(`/api/documents/incoming/${incomingId}/complete`).set(as('wangfang')).send({});
    expect(early.status).toBe(422);
    expect(early.body.detail).toBe('传阅未完成：周明、郑浩 尚未阅');
    expect((await request(t.app).post(`/api/documents/incoming/${incomingId}/read`).set(as('fenglei')).send()).status).toBe(403);
    expect((await request(t.app).get('/api/documents/circulation/mine').set(as('zhouming'))).body.items).toEqual([
      expect.objectContaining({ incoming_id: incomingId, title: draft.title }),
    ]);
    for (const u of ['zhouming', 'zhenghao']) {
      expect(
        (await request(t.app).post(`/api/documents/incoming/${incomingId}/read`).set(as(u)).set('Idempotency-Key', key()).send()).status,
      ).toBe(201);
    }
    const circ = await request(t.app).get(`/api/documents/incoming/${incomingId}/circulation`).set(as('zhouming'));
    expect(circ.body.items.map((r: { reader_id: string; read_at: string | null }) => [r.reader_id, !!r.read_at])).toEqual(
      [
        ['zheng-hao', true],
        ['zhou-ming', true],
      ].sort(),
    );
    expect(
      (
        await request(t.app)
          .post(`/api/documents/incoming/${incomingId}/complete`)
          .set(as('wangfang'))
          .set('Idempotency-Key', key())
          .send({ summary: '已落实' })
      ).status,
    ).toBe(201);

    const doc = await request(t.app).get(`/api/documents/incoming/${incomingId}`).set(as('wangfang'));
    expect(doc.body).toMatchObject({
      stage: '已办结',
      instructions: [{ leaderName: '孙建华', instruction: '请综合科抓紧落实', strokes }],
      assignment: { lead: { id: 'qzfb-zhk', name: '综合科' } },
    });

    const arch = await request(t.app)
      .post(`/api/documents/incoming/${incomingId}/archive`)
      .set(as('wangfang'))
      .set('Idempotency-Key', key())
      .send({ fondsCode: 'Z101', retention: '30年', orgCode: 'ZHK' });
    expect(arch.status, JSON.stringify(arch.body)).toBe(201);
    expect(arch.body.archivalCode).toMatch(/^Z101-WS·\d{4}-D30-ZHK-0001$/);
    const year = Number(arch.body.archivalCode.split('·')[1].slice(0, 4));

    const cat = await request(t.app).get(`/api/documents/archive/catalogue?year=${year}`).set(as('wangfang'));
    expect(cat.body.items).toEqual([
      expect.objectContaining({
        seq: 1,
        archival_code: arch.body.archivalCode,
        doc_number: docNumber,
        responsible: '区财政局',
        title: draft.title,
      }),
    ]);
    const xlsx = await request(t.app)
      .get(`/api/documents/archive/catalogue?year=${year}&format=xlsx`)
      .set(as('wangfang'))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, '序号', '档号', '文号', '责任者', '题名', '日期', '密级', '页数', '备注']);
    expect(ws.getRow(2).getCell(2).value).toBe(arch.body.archivalCode);
    expect(ws.getRow(2).getCell(3).value).toBe(docNumber);
  });

  it("综合查询: keyword in the 正文 within each caller's data scope, paginated, and as Excel", async () => {
    const mine = await request(t.app).get('/api/documents/search').query({ q: '收支平衡' }).set(as('staff'));
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: 1, items: [{ id: docId, direction: 'outgoing', doc_number: docNumber, stage: '已分发' }] });
    // the receiving office sees its 收文 copy, not the sender's 发文
    const theirs = await request(t.app).get('/api/documents/search').query({ q: '收支平衡' }).set(as('wangfang'));
    expect(theirs.body.items.map((x: { id: string; direction: string }) => [x.id, x.direction])).toEqual([[incomingId, 'incoming']]);
    // another department's staff of 区财政局 sees nothing; unknown words find nothing; LIKE wildcards are literal
    expect((await request(t.app).get('/api/documents/search').query({ q: '收支平衡' }).set(as('fenglei'))).body.total).toBe(0);
    expect((await request(t.app).get('/api/documents/search').query({ q: '%' }).set(as('director'))).body.total).toBe(0);
    const byNumber = await request(t.app)
      .get('/api/documents/search')
      .query({ number: docNumber, direction: 'outgoing', kind: '通知' })
      .set(as('director'));
    expect(byNumber.body.items.map((x: { id: string }) => x.id)).toEqual([docId]);
    const bad = await request(t.app).get('/api/documents/search').query({ from: '2026/01/01' }).set(as('staff'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
    const x = await request(t.app)
      .get('/api/documents/search')
      .query({ q: '预算', format: 'xlsx' })
      .set(as('staff'))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as never);
    expect(wb.worksheets[0].getRow(2).getCell(5).value).toBe(draft.title);
  });

  it('纸质来文 registered by hand with a back-dated arrival (occurredAt back-dated too); 机密 refused', async () => {
    const receivedAt = '2025-12-20T02:00:00.000Z'; // last year's mail: numbered in 2025's register
    const paper = {
      category: 'fax',
      sourceOrgan: '市政府办公室',
      docNumber: '市府办电〔2026〕3号',
      title: '关于春节期间安全生产的紧急通知',
      classification: '内部',
      urgency: '特急',
      receivedAt,
    };
    const secret = await request(t.app)
      .post('/api/documents/incoming/paper')
      .set(as('wangfang'))
      .send({ ...paper, classification: '绝密', secrecyPeriod: '30年' });
    expect(secret.status).toBe(422);
    const r = await request(t.app).post('/api/documents/incoming/paper').set(as('wangfang')).set('Idempotency-Key', key()).send(paper);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.receiptNumber).toBe('收文〔2025〕1号');
    const events = await t.platform.store.readStream(`incoming-document-${r.body.id}`);
    expect(events[0].metadata.occurredAt).toBe(receivedAt);
    expect(Date.parse(events[0].recordedAt)).toBeGreaterThan(Date.parse(receivedAt));
    const doc = await request(t.app).get(`/api/documents/incoming/${r.body.id}`).set(as('wangfang'));
    expect(doc.body).toMatchObject({
      origin: 'paper',
      categoryLabel: '传真电报',
      stage: '已登记',
      entry: { receivedDate: '2025-12-20', sourceOrgan: '市政府办公室' },
    });
  });
  it('the warehouse counts the document on both sides: 发文 registered in 区财政局, 收文 registered in 区政府办公室', async () => {
    expect(await t.warehouseSink!.waitUntilCaughtUp(60_000)).toBe(true);
    const range = { from: '2020-01-01T00:00:00Z', to: new Date(Date.now() + 86400_000).toISOString() };
    const czj = await request(t.app).get('/api/reports/document-throughput').query(range).set(as('director'));
    expect(czj.status).toBe(200);
    expect(czj.body.rows).toEqual([expect.objectContaining({ unit: 'czj', direction: 'outgoing', documents: 1 })]);
    const kinds = await request(t.app).get('/api/reports/documents-by-kind').query(range).set(as('director'));
    expect(kinds.body.rows).toEqual([{ docKind: '通知', documents: 1 }]);
    const qzfb = await request(t.app).get('/api/reports/document-throughput').query(range).set(as('sunjianhua'));
    const incoming = qzfb.body.rows.filter((r: { direction: string }) => r.direction === 'incoming');
    // the exchanged 通知 and the back-dated paper fax
    expect(incoming.reduce((n: number, r: { documents: number }) => n + r.documents, 0)).toBe(2);
  });
});
