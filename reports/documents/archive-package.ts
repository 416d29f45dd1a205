import JSZip from 'jszip';
import type { ArchiveFiling } from '../../domain/documents/archive';
import type { IncomingState } from '../../domain/documents/incoming.events';
import type { OutgoingState } from '../../domain/documents/outgoing.events';
import type { ArchivePackager } from '../../domain/documents/ports';
import { indexPdf, pageObjects } from './pdf-update';
import { SEAL_SIDECAR, sm3Hex, type SealRecord } from './seal-service';
import { renderProcessingSlip, type SlipEntry, type SlipHeader } from './slip';
import { FileStore } from './storage';

/**
 * 归档 package (DA/T 22-2015 归档文件整理规则; one 件 = one zip), kept in the file store:
 *
 *   <档号>/<档号>-正文.pdf        the final PDF (the sealed one when sealed, else the rendered one)
 *   <档号>/<档号>-签章.json       the seal record beside it (SM2 signature, public key, SM3) when sealed
 *   <档号>/<档号>-定稿.txt        the 定稿: the final 正文 version, UTF-8
 *   <档号>/<档号>-办文单.pdf      every opinion and signature, handwriting as vector strokes
 *   <档号>/<档号>-元数据.json     档号, 全宗号, 年度, 保管期限, 机构代码, 件号, 文号, 责任者, 题名, 日期,
 *                                密级, 页数, 备注 … and the SM3 of every file above
 *
 * Deterministic: the entries carry the 成文日期 as their time, so the same filing gives the same bytes.
 * What to put in it comes from an ArchiveMaterialSource (the 公文 command side folds the document's
 * stream and its workflow opinions; `outgoingMaterial` / `incomingMaterial` do the mapping).
 */
export interface ArchiveMaterial {
  header: SlipHeader;
  /** The final PDF's file-store key (sealed when sealed), or null (a paper 收文 without a scan). */
  finalPdfKey: string | null;
  finalText: { version: number; body: string };
  slip: SlipEntry[];
}

export interface ArchiveMaterialSource {
  load(documentId: string, direction: 'outgoing' | 'incoming'): Promise<ArchiveMaterial>;
}

/** 发文: the material from the folded state plus the approval opinions (workflow log, in order). */
export function outgoingMaterial(s: OutgoingState, unitName: string, opinions: SlipEntry[]): ArchiveMaterial {
  const e = s.elements;
  const last = s.versions[s.versions.length - 1];
  const slip: SlipEntry[] = [
    { stage: '拟稿', actorName: s.drafterName, onBehalfOf: null, opinion: '', at: s.versions[0]?.at ?? '', strokes: null },
    ...opinions,
  ];
  if (s.signature && !opinions.some((o) => o.stage.endsWith('签发'))) {
    slip.push({
      stage: '签发',
      actorName: s.signature.signerName,
      onBehalfOf: null,
      opinion: s.signature.opinion,
      at: s.signature.signedAt,
      strokes: null,
    });
  }
  return {
    header: {
      direction: 'outgoing',
      unitName,
      title: e?.title ?? '',
      docNumber: s.number?.docNumber ?? null,
      kind: e?.kind ?? null,
      classification: e?.classification ?? '',
      urgency: e?.urgency ?? '平件',
      extra: [
        ['发文机关', (e?.issuers ?? []).map((i) => i.name).join('、')],
        ['主送', (e?.mainRecipients ?? []).join('，')],
      ],
    },
    finalPdfKey: s.sealed?.sealedStorageKey ?? s.rendered?.storageKey ?? null,
    finalText: { version: last?.version ?? 0, body: last?.body ?? '' },
    slip,
  };
}

/** 收文: 签收, 拟办, 批示 (with handwriting), 承办, 传阅 and 办结 from the folded state. */
export function incomingMaterial(s: IncomingState): ArchiveMaterial {
  const d = s.document;
  const slip: SlipEntry[] = [];
  if (s.signedFor)
    slip.push({ stage: '签收', actorName: s.signedFor.actorName, onBehalfOf: null, opinion: '', at: s.signedFor.at, strokes: null });
  for (const p of s.proposals)
    slip.push({ stage: '拟办', actorName: p.proposerName, onBehalfOf: null, opinion: p.opinion, at: p.at, strokes: null });
  for (const i of s.instructions)
    slip.push({ stage: '批示', actorName: i.leaderName, onBehalfOf: i.onBehalfOf, opinion: i.instruction, at: i.at, strokes: i.strokes });
  if (s.assignment) {
    const a = s.assignment;
    slip.push({
      stage: '承办',
      actorName: a.assignedBy,
      onBehalfOf: null,
      opinion: `主办：${a.lead.name}${a.co.length ? `；协办：${a.co.map((c) => c.name).join('、')}` : ''}${a.deadline ? `；办理时限：${a.deadline}` : ''}`,
      at: a.at,
      strokes: null,
    });
  }
  for (const r of s.readers.filter((x) => x.readAt))
    slip.push({ stage: '传阅', actorName: r.name, onBehalfOf: null, opinion: '已阅', at: r.readAt!, strokes: null });
  if (s.completed)
    slip.push({
      stage: '办结',
      actorName: s.completed.completedBy,
      onBehalfOf: null,
      opinion: s.completed.summary,
      at: s.completed.at,
      strokes: null,
    });
  slip.sort((a, b) => a.at.localeCompare(b.at));
  return {
    header: {
      direction: 'incoming',
      unitName: s.unitName,
      title: d?.title ?? s.entry?.title ?? '',
      docNumber: d?.docNumber ?? s.entry?.docNumber ?? null,
      kind: d?.kind ?? s.entry?.kind ?? null,
      classification: d?.classification ?? s.entry?.classification ?? '',
      urgency: d?.urgency ?? s.entry?.urgency ?? '平件',
      extra: [
        ['来文单位', s.from?.unitName ?? s.entry?.sourceOrgan ?? ''],
        ['收文编号', s.receiptNumber ?? ''],
      ],
    },
    finalPdfKey: d?.pdf?.storageKey ?? null,
    finalText: { version: 1, body: s.body },
    slip,
  };
}

export function countPdfPages(pdf: Buffer): number {
  return pageObjects(pdf, indexPdf(pdf)).length;
}

export interface ArchiveMetadata {
  档号: string;
  全宗号: string;
  年度: number;
  保管期限: string;
  机构代码: string;
  件号: number;
  文号: string | null;
  责任者: string;
  题名: string;
  日期: string;
  密级: string;
  页数: number | null;
  备注: string;
  文种: string | null;
  收发文: '发文' | '收文';
  公文标识: string;
  文件: { 名称: string; 用途: string; 字节数: number; SM3: string }[];
}

export class ZipArchivePackager implements ArchivePackager {
  constructor(
    private readonly files: FileStore,
    private readonly source: ArchiveMaterialSource,
  ) {}

  async build(req: {
    documentId: string;
    direction: 'outgoing' | 'incoming';
    filing: ArchiveFiling;
  }): Promise<{ packageKey: string; packageSha256: string }> {
    const { zip } = await this.buildZip(req);
    const stored = this.files.put(zip);
    return { packageKey: stored.key, packageSha256: stored.sha256 };
  }

  async buildZip(req: {
    documentId: string;
    direction: 'outgoing' | 'incoming';
    filing: ArchiveFiling;
  }): Promise<{ zip: Buffer; metadata: ArchiveMetadata }> {
    const f = req.filing;
    const m = await this.source.load(req.documentId, req.direction);
    const code = f.archivalCode;
    const date = /^\d{8}$/.test(f.date)
      ? new Date(`${f.date.slice(0, 4)}-${f.date.slice(4, 6)}-${f.date.slice(6, 8)}T00:00:00Z`)
      : new Date(0);
    const entries: { name: string; use: string; bytes: Buffer }[] = [];
    let pages: number | null = f.pages;
    if (m.finalPdfKey) {
      const pdf = this.files.get(m.finalPdfKey);
      entries.push({ name: `${code}-正文.pdf`, use: '正式文件', bytes: pdf });
      if (pages === null) pages = countPdfPages(pdf);
      const seal = this.files.getSidecar<SealRecord>(m.finalPdfKey, SEAL_SIDECAR);
      if (seal)
        entries.push({
          name: `${code}-签章.json`,
          use: '电子签章（SM2 签名，与正文分离保存）',
          bytes: Buffer.from(`${JSON.stringify(seal, null, 2)}\n`),
        });
    }
    entries.push({
      name: `${code}-定稿.txt`,
      use: `定稿（正文第 ${m.finalText.version} 版）`,
      bytes: Buffer.from(m.finalText.body, 'utf8'),
    });
    const slip = await renderProcessingSlip(m.header, m.slip);
    entries.push({ name: `${code}-办文单.pdf`, use: '办文单（处理意见与签名）', bytes: slip.pdf });
    const metadata: ArchiveMetadata = {
      档号: code,
      全宗号: f.fondsCode,
      年度: f.year,
      保管期限: f.retention,
      机构代码: f.orgCode,
      件号: f.itemNumber,
      文号: f.docNumber,
      责任者: f.responsible,
      题名: f.title,
      日期: f.date,
      密级: f.classification,
      页数: pages,
      备注: f.remarks,
      文种: m.header.kind,
      收发文: req.direction === 'outgoing' ? '发文' : '收文',
      公文标识: req.documentId,
      文件: entries.map((e) => ({ 名称: e.name, 用途: e.use, 字节数: e.bytes.length, SM3: sm3Hex(e.bytes) })),
    };
    const zip = new JSZip();
    // no folder entries (they would carry the current time): paths only, each with the 成文日期
    for (const e of entries) zip.file(`${code}/${e.name}`, e.bytes, { date, binary: true, createFolders: false });
    zip.file(`${code}/${code}-元数据.json`, `${JSON.stringify(metadata, null, 2)}\n`, { date, createFolders: false });
    const out = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
    return { zip: out, metadata };
  }
}
