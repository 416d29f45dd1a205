import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { formatArchivalCode, type ArchiveFiling } from '../../domain/documents/archive';
import { evolveIncoming, initialIncomingState, type IncomingEvent } from '../../domain/documents/incoming.events';
import {
  ZipArchivePackager,
  incomingMaterial,
  type ArchiveMaterial,
  type ArchiveMaterialSource,
} from '../../reports/documents/archive-package';
import { yearCatalogueXlsx } from '../../reports/documents/catalogue';
import { GbT9704Renderer } from '../../reports/documents/renderer';
import { Sm2SealService } from '../../reports/documents/seal-service';
import { FileStore } from '../../reports/documents/storage';
import { RedHeaderTemplateStore } from '../../reports/documents/templates';
import { sampleDocument } from './fixtures';
import { countMm, isDark, rasterize, toolsMissing } from './raster';

const dir = mkdtempSync(join(tmpdir(), 'oa-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const files = new FileStore(dir);
const sm3 = (b: Uint8Array) => createHash('sm3').update(b).digest('hex');

/** A wavy handwritten 同意 as strokes [x, y, pressure, t]. */
const strokes = {
  strokes: Array.from({ length: 3 }, (_, k) => ({
    points: Array.from(
      { length: 30 },
      (_, i) => [k * 120 + i * 3, 40 + 25 * Math.sin(i / 4), 0.3 + 0.02 * i, i * 16] as [number, number, number, number],
    ),
  })),
};

const filing = (item: number, over: Partial<ArchiveFiling> = {}): ArchiveFiling => {
  const key = { fondsCode: 'Z109', year: 2026, retention: '永久' as const, orgCode: 'BGS' };
  return {
    ...key,
    itemNumber: item,
    archivalCode: formatArchivalCode(key, item),
    docNumber: `区财预〔2026〕${item}号`,
    responsible: '某区财政局',
    title: `关于第${item}项工作的通知`,
    date: '20260305',
    classification: '内部',
    pages: null,
    remarks: '',
    ...over,
  };
};

describe('归档 package (DA/T 22) and the year catalogue', () => {
  it('zips the sealed PDF + seal record, the 定稿, the 办文单 and metadata with the SM3 of every file', async () => {
    const rendered = await new GbT9704Renderer(new RedHeaderTemplateStore(dir), files).render({
      document: sampleDocument({}, 3),
      templateId: null,
    });
    const sealed = await new Sm2SealService({ dataDir: dir, files, passphrase: 'p' }).seal({
      documentId: 'doc-0001',
      unitId: 'unit-czj',
      pdfStorageKey: rendered.storageKey,
      pdfSha256: rendered.pdfSha256,
      actorId: 'clerk',
    });
    const material: ArchiveMaterial = {
      header: {
        direction: 'outgoing',
        unitName: '某区财政局',
        title: '某区财政局关于做好2026年度部门预算执行管理工作的通知',
        docNumber: '区财预〔2026〕3号',
        kind: '通知',
        classification: '内部',
        urgency: '加急',
      },
      finalPdfKey: sealed.sealedStorageKey,
      finalText: { version: 3, body: sampleDocument({}, 3).body },
      slip: [
        { stage: '拟稿', actorName: '张三', onBehalfOf: null, opinion: '', at: '2026-03-01T01:00:00Z', strokes: null },
        { stage: '部门核稿', actorName: '李科长', onBehalfOf: null, opinion: '请办公室核稿。', at: '2026-03-02T01:00:00Z', strokes: null },
        { stage: '签发', actorName: '王局长', onBehalfOf: '赵局长', opinion: '同意印发。', at: '2026-03-05T01:00:00Z', strokes },
      ],
    };
    const asked: string[] = [];
    const source: ArchiveMaterialSource = {
      load: async (id, direction) => {
        asked.push(`${direction}:${id}`);
        return material;
      },
    };
    const packager = new ZipArchivePackager(files, source);
    const f = filing(1);
    const out = await packager.build({ documentId: 'doc-0001', direction: 'outgoing', filing: f });
    expect(asked).toEqual(['outgoing:doc-0001']);
    const zipBytes = files.get(out.packageKey);
    expect(createHash('sha256').update(zipBytes).digest('hex')).toBe(out.packageSha256);
    // the same filing → the same package
    expect((await packager.build({ documentId: 'doc-0001', direction: 'outgoing', filing: f })).packageSha256).toBe(out.packageSha256);

    const zip = await JSZip.loadAsync(zipBytes);
    const code = 'Z109-WS·2026-Y-BGS-0001';
    const names = Object.keys(zip.files)
      .filter((n) => !zip.files[n].dir)
      .sort();
    expect(names).toEqual(
      [
        `${code}/${code}-元数据.json`,
        `${code}/${code}-办文单.pdf`,
        `${code}/${code}-定稿.txt`,
        `${code}/${code}-正文.pdf`,
        `${code}/${code}-签章.json`,
      ].sort(),
    );
    const meta = JSON.parse(await zip.file(`${code}/${code}-元数据.json`)!.async('string'));
    expect(meta).toMatchObject({
      档号: code,
      全宗号: 'Z109',
      年度: 2026,
      保管期限: '永久',
      机构代码: 'BGS',
      件号: 1,
      文号: '区财预〔2026〕1号',
      责任者: '某区财政局',
      密级: '内部',
      日期: '20260305',
      页数: rendered.pages,
      收发文: '发文',
    });
    for (const entry of meta.文件 as { 名称: string; SM3: string; 字节数: number }[]) {
      const bytes = await zip.file(`${code}/${entry.名称}`)!.async('nodebuffer');
      expect(sm3(bytes)).toBe(entry.SM3);
      expect(bytes.length).toBe(entry.字节数);
    }
    const pdf = await zip.file(`${code}/${code}-正文.pdf`)!.async('nodebuffer');
    expect(pdf.equals(files.get(sealed.sealedStorageKey))).toBe(true);
    expect(JSON.parse(await zip.file(`${code}/${code}-签章.json`)!.async('string')).signature).toBe(sealed.signature);
    expect(await zip.file(`${code}/${code}-定稿.txt`)!.async('string')).toBe(material.finalText.body);

    if (!toolsMissing()) {
      // the 办文单 shows the handwriting: the 签发 row has ink in the signature box, the 核稿 row has none there
      const slipPdf = await zip.file(`${code}/${code}-办文单.pdf`)!.async('nodebuffer');
      const [page] = rasterize(slipPdf, 50, process.env.KEEP_PNG ? join(process.env.KEEP_PNG, 'slip') : undefined);
      const withStrokes = countMm(page, 50, { x0: 120, y0: 20, x1: 190, y1: 200 }, isDark);
      const noStrokes = rasterize(
        await (
          await import('../../reports/documents/slip')
        )
          .renderProcessingSlip(
            material.header,
            material.slip.map((e) => ({ ...e, strokes: null })),
          )
          .then((x) => x.pdf),
        50,
      )[0];
      expect(withStrokes).toBeGreaterThan(countMm(noStrokes, 50, { x0: 120, y0: 20, x1: 190, y1: 200 }, isDark) + 40);
    }
  });

  it('maps a folded 收文 into the slip: 签收, 拟办, 批示 with handwriting, 传阅, 办结 in time order', () => {
    const at = (d: number) => `2026-04-0${d}T02:00:00Z`;
    const events = [
      {
        type: 'IncomingPaperDocumentRegistered',
        data: {
          incomingId: 'in-1',
          unitId: 'u',
          unitName: '某区教育局',
          category: 'normal',
          year: 2026,
          receiptSeq: 1,
          receiptNumber: '收〔2026〕1号',
          entry: {
            sourceOrgan: '市教育局',
            docNumber: '市教〔2026〕9号',
            title: '关于开展安全检查的通知',
            kind: '通知',
            classification: '内部',
            secrecyPeriod: null,
            urgency: '平件',
            copies: 1,
            pages: 2,
            receivedDate: '2026-04-01',
            supervisionDeadline: null,
            remarks: '',
          },
          body: '正文',
          attachments: [],
          receivedAt: at(1),
          registeredBy: 'clerk',
          at: at(1),
        },
      },
      {
        type: 'IncomingDocumentProposed',
        data: { incomingId: 'in-1', opinion: '拟请王局长阅示。', proposerId: 'p', proposerName: '办公室', leaderIds: ['l'], at: at(2) },
      },
      {
        type: 'IncomingDocumentInstructed',
        data: {
          incomingId: 'in-1',
          leaderId: 'l',
          leaderName: '王局长',
          onBehalfOf: null,
          instruction: '请安全科办理。',
          strokes,
          at: at(3),
        },
      },
      { type: 'IncomingDocumentCompleted', data: { incomingId: 'in-1', summary: '已完成检查', completedBy: '安全科', at: at(5) } },
    ] as unknown as IncomingEvent[];
    const state = events.reduce(evolveIncoming, initialIncomingState());
    const m = incomingMaterial(state);
    expect(m.header).toMatchObject({
      direction: 'incoming',
      unitName: '某区教育局',
      title: '关于开展安全检查的通知',
      docNumber: '市教〔2026〕9号',
    });
    expect(m.slip.map((e) => e.stage)).toEqual(['拟办', '批示', '办结']);
    expect(m.slip[1].strokes).toBe(strokes);
    expect(m.finalPdfKey).toBeNull();
  });

  it("exports the year's 归档文件目录 as Excel: Chinese headers, frozen header, widths, 档号 order, only that year", async () => {
    const rows = [
      filing(2, { remarks: '有附件' }),
      filing(1, { pages: 4 }),
      { ...filing(1), year: 2025, archivalCode: 'Z109-WS·2025-Y-BGS-0001' },
    ];
    const buf = await yearCatalogueXlsx(rows, { year: 2026, unitName: '某区财政局' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('2026年度归档文件目录');
    expect(String(ws.getCell(1, 1).value)).toContain('某区财政局 2026年度归档文件目录');
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['序号', '档号', '文号', '责任者', '题名', '日期', '密级', '页数', '备注']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getColumn(5).width).toBeGreaterThanOrEqual(40);
    expect(ws.rowCount).toBe(4);
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual([
      1,
      'Z109-WS·2026-Y-BGS-0001',
      '区财预〔2026〕1号',
      '某区财政局',
      '关于第1项工作的通知',
      '20260305',
      '内部',
      4,
      '',
    ]);
    expect(ws.getRow(4).getCell(2).value).toBe('Z109-WS·2026-Y-BGS-0002');
    expect(ws.getRow(4).getCell(9).value).toBe('有附件');
  });
});
