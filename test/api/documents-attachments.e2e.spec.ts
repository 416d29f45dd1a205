import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES } from '../../domain/documents/outgoing.decide';
import { sm3Hex } from '../../domain/eventstore/integrity';
import { pdfText, toolsMissing } from '../documents/raster';
import { bearer, binaryBody, startTestApp, type TestApp } from './harness';

/**
 * 附件 of a 发文 on the real app: upload (raw body + X-File-Name), the type allow-list checked on the
 * extension and on the content, 413 above 20 MB, SM3-addressed download authorised like the document,
 * tamper refusal, delete while drafting, frozen after 签发, and the 附件说明 of the rendered 函.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const as = (user: string) => bearer(tokens[user]);
let keyN = 0;
const key = () => `att-e2e-${++keyN}`;

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['staff', 'qintao', 'yangfan', 'director', 'zhouming', 'wangfang']) tokens[u] = (await t.login(u)).accessToken;
});
afterAll(async () => {
  await t?.stop();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR fake image body')]);
const binary = binaryBody;
const upload = (docId: string, user: string, bytes: Buffer, fileName: string | null, type = 'application/octet-stream') => {
  let r = request(t.app).post(`/api/documents/outgoing/${docId}/attachments`).set(as(user)).set('Content-Type', type);
  if (fileName !== null) r = r.set('X-File-Name', encodeURIComponent(fileName));
  return r.send(bytes);
};
const fields = (r: request.Response) => (r.body.errors ?? []).map((e: { field: string }) => e.field);

describe('公文附件 e2e: upload, download, delete on a 函 of 区财政局', () => {
  let docId = '';
  const pdfId = sm3Hex(PDF);
  const pngId = sm3Hex(PNG);

  it('拟稿 a 函; bad uploads are 400 with the field, oversized 413, another unit 403', async () => {
    const d = await request(t.app)
      .post('/api/documents/outgoing')
      .set(as('staff'))
      .set('Idempotency-Key', key())
      .send({
        kind: '函',
        title: '区财政局关于商请提供2026年度预算执行数据的函',
        classification: '内部',
        numberCode: '区财函',
        mainRecipients: ['区统计局'],
        copyTo: ['区政府办公室'],
        body: '区统计局：\n请于3月底前提供2026年一季度有关数据。\n特此函达。',
      });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    docId = d.body.id;

    const noName = await upload(docId, 'staff', PDF, null);
    expect(noName.status).toBe(400);
    expect(fields(noName)).toEqual(['fileName']);
    const exe = await upload(docId, 'staff', Buffer.from('MZ\x90\x00'), 'setup.exe');
    expect(exe.status).toBe(400);
    expect(fields(exe)).toEqual(['fileName']);
    expect(exe.body.detail).toContain('不支持的附件类型');
    const disguised = await upload(docId, 'staff', PNG, '伪装.pdf');
    expect(disguised.status).toBe(400);
    expect(fields(disguised)).toEqual(['file']);
    expect(disguised.body.detail).toContain('文件内容与扩展名“.pdf”不符');
    const json = await request(t.app)
      .post(`/api/documents/outgoing/${docId}/attachments`)
      .set(as('staff'))
      .set('X-File-Name', 'a.pdf')
      .send({ a: 1 });
    expect(json.status).toBe(400);
    expect(fields(json)).toEqual(['file']);
    const empty = await upload(docId, 'staff', Buffer.alloc(0), '空.pdf');
    expect(empty.status).toBe(400);

    const big = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1);
    PDF.copy(big);
    const tooLarge = await upload(docId, 'staff', big, '大文件.pdf', 'application/pdf');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.detail).toBe('附件不能超过 20 MB');

    expect((await upload(docId, 'zhouming', PDF, 'x.pdf')).status).toBe(403);
    // same unit, not the drafter, no task: the drafter alone edits a draft
    const reviewer = await upload(docId, 'qintao', PDF, 'x.pdf');
    expect(reviewer.status).toBe(403);
    // nothing was recorded by the refusals
    const doc = await request(t.app).get(`/api/documents/outgoing/${docId}`).set(as('staff'));
    expect(doc.body.attachmentFiles).toEqual([]);
  });

  it('the drafter uploads a PDF and a PNG: addressed by SM3, named after the file (or as given), listed in order; the same file twice is 409', async () => {
    const a = await upload(docId, 'staff', PDF, '2026年一季度数据表.pdf', 'application/pdf');
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.events).toEqual(['OutgoingAttachmentAdded']);
    expect(a.body.attachment).toMatchObject({
      id: pdfId,
      name: '2026年一季度数据表',
      fileName: '2026年一季度数据表.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
    });
    const b = await upload(docId, 'staff', PNG, 'scan.png').set('X-Attachment-Name', encodeURIComponent('统计口径示意图'));
    expect(b.status).toBe(201);
    expect(b.body.attachment).toMatchObject({ id: pngId, name: '统计口径示意图', contentType: 'image/png' });
    const dup = await upload(docId, 'staff', PDF, '再传一次.pdf');
    expect(dup.status).toBe(409);
    expect(dup.body.detail).toContain('该文件已是附件“2026年一季度数据表”');

    const doc = await request(t.app).get(`/api/documents/outgoing/${docId}`).set(as('staff'));
    expect(doc.body.elements.attachments.map((x: { name: string }) => x.name)).toEqual(['2026年一季度数据表', '统计口径示意图']);
    expect(doc.body.attachmentFiles.map((x: { id: string }) => x.id)).toEqual([pdfId, pngId]);
    const list = await request(t.app).get(`/api/documents/outgoing/${docId}/attachments`).set(as('staff'));
    expect(list.body.items).toHaveLength(2);
  });

  it('downloads the exact bytes (authorised like the document); a changed byte in the store is refused', async () => {
    const r = await request(t.app).get(`/api/documents/outgoing/${docId}/attachments/${pdfId}`).set(as('staff')).buffer(true).parse(binary);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/pdf/);
    expect(r.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('2026年一季度数据表.pdf')}`);
    expect(r.headers['x-content-sm3']).toBe(pdfId);
    expect(Buffer.compare(r.body as Buffer, PDF)).toBe(0);
    // the unit's office reads it too; another unit does not
    expect((await request(t.app).get(`/api/documents/outgoing/${docId}/attachments/${pdfId}`).set(as('yangfan'))).status).toBe(200);
    expect((await request(t.app).get(`/api/documents/outgoing/${docId}/attachments/${pdfId}`).set(as('zhouming'))).status).toBe(403);
    expect(
      (
        await request(t.app)
          .get(`/api/documents/outgoing/${docId}/attachments/${'0'.repeat(64)}`)
          .set(as('staff'))
      ).status,
    ).toBe(404);
    const bad = await request(t.app).get(`/api/documents/outgoing/${docId}/attachments/not-an-id`).set(as('staff'));
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['attachmentId']);

    const doc = await request(t.app).get(`/api/documents/outgoing/${docId}`).set(as('staff'));
    const sha = doc.body.attachmentFiles[0].sha256 as string;
    const path = join(t.dataDir, 'files', sha.slice(0, 2), sha);
    const original = readFileSync(path);
    const tampered = Buffer.from(original);
    tampered[tampered.length - 2] ^= 0x01;
    writeFileSync(path, tampered);
    const refused = await request(t.app).get(`/api/documents/outgoing/${docId}/attachments/${pdfId}`).set(as('staff'));
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('SM3');
    writeFileSync(path, original);
  });

  it('deletes while drafting (not someone else); 附件说明 follows', async () => {
    expect((await request(t.app).delete(`/api/documents/outgoing/${docId}/attachments/${pngId}`).set(as('zhouming'))).status).toBe(403);
    const del = await request(t.app)
      .delete(`/api/documents/outgoing/${docId}/attachments/${pngId}`)
      .set(as('staff'))
      .set('Idempotency-Key', key());
    expect(del.status).toBe(200);
    expect(del.body.events).toEqual(['OutgoingAttachmentRemoved']);
    expect((await request(t.app).delete(`/api/documents/outgoing/${docId}/attachments/${pngId}`).set(as('staff'))).status).toBe(404);
    expect((await request(t.app).get(`/api/documents/outgoing/${docId}/attachments/${pngId}`).set(as('staff'))).status).toBe(404);
    const doc = await request(t.app).get(`/api/documents/outgoing/${docId}`).set(as('staff'));
    expect(doc.body.elements.attachments.map((x: { name: string }) => x.name)).toEqual(['2026年一季度数据表']);
  });

  it('the reviewer holding the task may attach in review; after 签发 attachments are frozen; the rendered 函 lists them in 附件说明', async () => {
    expect(
      (await request(t.app).post(`/api/documents/outgoing/${docId}/submit`).set(as('staff')).set('Idempotency-Key', key()).send({})).status,
    ).toBe(201);
    expect((await upload(docId, 'staff', PNG, 'late.png')).status).toBe(403);
    const byReviewer = await upload(docId, 'qintao', PNG, '统计口径示意图.png');
    expect(byReviewer.status, JSON.stringify(byReviewer.body)).toBe(201);
    for (const user of ['qintao', 'yangfan', 'director']) {
      const r = await request(t.app)
        .post(`/api/documents/outgoing/${docId}/approve`)
        .set(as(user))
        .set('Idempotency-Key', key())
        .send({ opinion: '同意' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const frozen = await upload(docId, 'yangfan', Buffer.concat([PDF, Buffer.from('%x')]), '补充.pdf');
    expect(frozen.status).toBe(422);
    expect(frozen.body.code).toBe('document.attachments_frozen');
    expect((await request(t.app).delete(`/api/documents/outgoing/${docId}/attachments/${pdfId}`).set(as('staff'))).status).toBe(422);

    expect(
      (await request(t.app).post(`/api/documents/outgoing/${docId}/number`).set(as('yangfan')).set('Idempotency-Key', key()).send()).status,
    ).toBe(201);
    const render = await request(t.app)
      .post(`/api/documents/outgoing/${docId}/render`)
      .set(as('yangfan'))
      .set('Idempotency-Key', key())
      .send({});
    expect(render.status, JSON.stringify(render.body)).toBe(201);
    const pdf = await request(t.app).get(`/api/documents/outgoing/${docId}/pdf`).set(as('staff')).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    if (toolsMissing()) return; // loud here, a failure under test:all
    const text = pdfText(pdf.body as Buffer);
    expect(text).toMatch(/附件：1\.2026年一季度数据表/);
    expect(text).toMatch(/2\.统计口径示意图/);
    // 信函格式: the issuer's name alone (no 文件), 抄送 without 印发
    expect(text).not.toContain('区财政局文件');
    expect(text).toContain('抄送：区政府办公室');
    expect(text).not.toContain('印发');
  });

  it("分发: the receiving unit downloads the sender's attachments from its 收文 (verified by SM3); others cannot", async () => {
    expect(
      (await request(t.app).post(`/api/documents/outgoing/${docId}/seal`).set(as('yangfan')).set('Idempotency-Key', key()).send()).status,
    ).toBe(201);
    const d = await request(t.app)
      .post(`/api/documents/outgoing/${docId}/distribute`)
      .set(as('yangfan'))
      .set('Idempotency-Key', key())
      .send({ unitIds: ['qzfb'] });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const incomingId = d.body.deliveries[0].incomingId as string;
    const inc = await request(t.app).get(`/api/documents/incoming/${incomingId}`).set(as('wangfang'));
    expect(inc.status).toBe(200);
    expect(inc.body.attachmentFiles.map((a: { id: string; name: string }) => [a.id, a.name])).toEqual([
      [pdfId, '2026年一季度数据表'],
      [pngId, '统计口径示意图'],
    ]);
    const r = await request(t.app)
      .get(`/api/documents/incoming/${incomingId}/attachments/${pngId}`)
      .set(as('wangfang'))
      .buffer(true)
      .parse(binary);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^image\/png/);
    expect(Buffer.compare(r.body as Buffer, PNG)).toBe(0);
    // the sender's staff has no business in the receiver's 收文; an id the 收文 does not list is 404
    expect((await request(t.app).get(`/api/documents/incoming/${incomingId}/attachments/${pngId}`).set(as('staff'))).status).toBe(403);
    expect(
      (
        await request(t.app)
          .get(`/api/documents/incoming/${incomingId}/attachments/${'0'.repeat(64)}`)
          .set(as('wangfang'))
      ).status,
    ).toBe(404);
  });
});
