import PDFDocument from 'pdfkit';
import { sm2 } from 'sm-crypto-v2';
import { canonicalJson } from '../../domain/eventstore/integrity';
import { keyFingerprint, SEAL_SM2_USER_ID, type SealKeyPair } from '../../commands/integrity/seal';
import { parsedFace } from '../documents/fonts';
import type { VerifyReport } from './verify';

/**
 * 完整性校验报告 (SM2-signed): what was checked (range, seals), the result, the first broken event,
 * signed with the install's seal key (the same SM2 key that signs the seals, SM3 hashing, user id
 * SEAL_SM2_USER_ID).
 *
 * The signed payload is the canonical JSON of `SignedReportPayload`; it travels inside the PDF as the
 * document's Subject: `OA-VERIFY-REPORT:v1:<base64 payload>:<public key hex>:<signature hex>` (ASCII,
 * so it stays a plain literal string in the PDF). Offline check:
 *   npm run audit:verify -- --report 完整性校验报告.pdf [--key-file data/seal-key.json | --public-key 04…]
 * which recomputes the SM2 signature over the payload and compares the key with the pinned one.
 */
export interface SignedReportPayload {
  v: 1;
  kind: 'oa-integrity-verification-report';
  generatedAt: string;
  generatedBy: { userId: string; name: string };
  range: { fromPosition: number; toPosition: number };
  ok: boolean;
  events: number;
  streams: number;
  seals: number;
  lastSealedPosition: number;
  unsealedEvents: number;
  problemCount: number;
  firstProblem: { kind: string; streamId: string | null; revision: number | null; position: number | null; message: string } | null;
  sealKeyFingerprint: string | null;
  sealKeyPinned: boolean;
  durationMs: number;
}

const MARK = 'OA-VERIFY-REPORT:v1:';
const SUBJECT = /OA-VERIFY-REPORT:v1:([A-Za-z0-9+/=]+):(04[0-9a-fA-F]{128}):([0-9a-fA-F]{128})/;

export function reportPayload(r: VerifyReport, by: { userId: string; name: string }, now: Date): SignedReportPayload {
  const p = r.firstProblem;
  return {
    v: 1,
    kind: 'oa-integrity-verification-report',
    generatedAt: now.toISOString(),
    generatedBy: by,
    range: { fromPosition: r.events > 0 ? 1 : 0, toPosition: r.headPosition },
    ok: r.ok,
    events: r.events,
    streams: r.streams,
    seals: r.seals,
    lastSealedPosition: r.lastSealedPosition,
    unsealedEvents: r.unsealedEvents,
    problemCount: r.problemCount,
    firstProblem: p
      ? { kind: p.kind, streamId: p.streamId ?? null, revision: p.revision ?? null, position: p.position ?? null, message: p.message }
      : null,
    sealKeyFingerprint: r.publicKeyFingerprint ?? null,
    sealKeyPinned: r.keyPinned,
    durationMs: r.durationMs,
  };
}

export function signPayload(payload: SignedReportPayload, key: SealKeyPair): { message: string; signature: string; publicKey: string } {
  const message = canonicalJson(payload);
  const signature = sm2.doSignature(message, key.privateKey, { hash: true, publicKey: key.publicKey, userId: SEAL_SM2_USER_ID });
  return { message, signature, publicKey: key.publicKey };
}

export type ReportCheck =
  | { ok: true; payload: SignedReportPayload; publicKey: string; keyFingerprint: string; keyPinned: boolean }
  | { ok: false; reason: 'no-signature' | 'bad-signature' | 'untrusted-key' | 'malformed'; message: string };

/** Checks a report's bytes (the PDF): the embedded payload, its SM2 signature and (when given) the trusted key. */
export function checkSignedReport(bytes: Buffer | string, trustedPublicKey?: string): ReportCheck {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  const m = SUBJECT.exec(text);
  if (!m) return { ok: false, reason: 'no-signature', message: '文件中没有签名的校验报告 (no OA-VERIFY-REPORT block)' };
  let message: string;
  let payload: SignedReportPayload;
  try {
    message = Buffer.from(m[1]!, 'base64').toString('utf8');
    payload = JSON.parse(message) as SignedReportPayload;
  } catch {
    return { ok: false, reason: 'malformed', message: '报告数据无法解析 (payload is not JSON)' };
  }
  const publicKey = m[2]!.toLowerCase();
  const signature = m[3]!.toLowerCase();
  let valid = false;
  try {
    valid =
      sm2.verifyPublicKey(publicKey) && sm2.doVerifySignature(message, signature, publicKey, { hash: true, userId: SEAL_SM2_USER_ID });
  } catch {
    valid = false;
  }
  if (!valid)
    return { ok: false, reason: 'bad-signature', message: 'SM2 签名无效：报告被修改或并非本系统签发 (signature does not verify)' };
  if (trustedPublicKey && !sm2.comparePublicKeyHex(trustedPublicKey.toLowerCase(), publicKey)) {
    return {
      ok: false,
      reason: 'untrusted-key',
      message: `报告由未受信任的密钥签署：指纹 ${keyFingerprint(publicKey)} (not the trusted seal key)`,
    };
  }
  return { ok: true, payload, publicKey, keyFingerprint: keyFingerprint(publicKey), keyPinned: !!trustedPublicKey };
}

const KIND_LABEL: Record<string, string> = {
  hash: '内容被修改',
  'prev-hash': '哈希链断裂',
  'revision-gap': '事件缺失',
  reordered: '顺序被篡改',
  'position-order': '全局位置未递增',
  'seal-malformed': '封印格式错误',
  'seal-gap': '封印范围不连续',
  'seal-signature': '封印签名无效',
  'seal-key': '封印密钥不受信任',
  'seal-count': '封印范围内事件数不符',
  'seal-root': '封印默克尔根不符',
  'seal-missing': '事件长期未封印',
};

const fmt = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) + '（北京时间）';

/** The PDF: a human-readable page plus the signed block (also in the document's Subject). */
export async function renderSignedReport(payload: SignedReportPayload, key: SealKeyPair): Promise<Buffer> {
  const { message, signature, publicKey } = signPayload(payload, key);
  const block = `${MARK}${Buffer.from(message, 'utf8').toString('base64')}:${publicKey}:${signature}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: '事件日志完整性校验报告',
      Creator: '政务协同办公平台',
      Subject: block,
      CreationDate: new Date(payload.generatedAt),
    },
  });
  doc.registerFont('serif', parsedFace('serif') as unknown as Buffer);
  doc.registerFont('bold', parsedFace('serifBold') as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    doc.on('end', () => res());
    doc.on('error', rej);
  });
  doc.font('bold').fontSize(20).fillColor('#c00000').text('事件日志完整性校验报告', { align: 'center' });
  doc.moveDown(0.8);
  doc.font('serif').fontSize(11).fillColor('#000000');
  const row = (k: string, v: string) => doc.font('bold').text(`${k}：`, { continued: true }).font('serif').text(v);
  row('校验结论', payload.ok ? '通过：哈希链与封印完整' : `未通过：发现 ${payload.problemCount} 处问题`);
  row(
    '校验范围',
    `全局位置 ${payload.range.fromPosition} – ${payload.range.toPosition}，共 ${payload.events} 个事件、${payload.streams} 条流`,
  );
  row('封印', `${payload.seals} 个封印，覆盖至位置 ${payload.lastSealedPosition}；其后 ${payload.unsealedEvents} 个事件仅校验哈希链`);
  row('封印密钥', `${payload.sealKeyFingerprint ?? '无'}（${payload.sealKeyPinned ? '按本系统公钥校验' : '信任首个封印的密钥'}）`);
  if (payload.firstProblem) {
    const f = payload.firstProblem;
    row('首个损坏事件', `${KIND_LABEL[f.kind] ?? f.kind}：流 ${f.streamId ?? '—'}，修订号 ${f.revision ?? '—'}，位置 ${f.position ?? '—'}`);
    doc.fontSize(9).fillColor('#444444').text(f.message).fontSize(11).fillColor('#000000');
  } else row('首个损坏事件', '无');
  row('校验时间', fmt(payload.generatedAt));
  row('校验人', `${payload.generatedBy.name}（${payload.generatedBy.userId}）`);
  row('耗时', `${payload.durationMs} 毫秒`);
  doc.moveDown(1);
  doc.font('bold').fontSize(13).text('SM2 签名');
  doc.font('serif').fontSize(9);
  doc.text(`签名算法：SM2（SM3 杂凑，用户标识 ${SEAL_SM2_USER_ID}），签署内容为下列数据的规范 JSON。`);
  doc.text(`公钥：${publicKey}`);
  doc.text(`签名：${signature}`);
  doc.moveDown(0.6);
  doc.font('bold').fontSize(13).text('离线验证方法');
  doc.font('serif').fontSize(10);
  doc.text('在任一装有本系统源码的计算机上执行（无需连接服务器）：');
  doc.font('serif').fontSize(9).text('npm run audit:verify -- --report <本报告.pdf> --key-file <数据目录>/seal-key.json');
  doc
    .fontSize(10)
    .text(
      '验证程序读取本文件中嵌入的签名数据块（PDF 文档属性 Subject），按 SM2 重新验签，并与受信任的封印公钥比对；任何改动都会使验签失败。',
    );
  doc.moveDown(0.6);
  doc.font('bold').fontSize(13).text('签名数据块');
  doc.font('serif').fontSize(6).fillColor('#333333').text(block, { lineBreak: true });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
