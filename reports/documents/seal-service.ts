import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { sm2 } from 'sm-crypto-v2';
import type { SealRequest, SealResult, SealService, SealVerification } from '../../domain/documents/ports';
import { loadOrCreateSealKey, readSealPublicKey } from '../../commands/integrity/keystore';
import type { SealKeyPair } from '../../commands/integrity/seal';
import { parsedFace } from './fonts';
import { PAGE_H, type SealAnchor } from './layout';
import { appendPageContent, indexPdf, infoString } from './pdf-update';
import { sealOperators } from './seal-image';
import { FileStore, sha256Hex } from './storage';

/**
 * 电子签章 (GB/T 38540 idea): each unit has one seal (印章) = an SM2 key pair; 用印 stamps the seal
 * image on the unit's 署名 of the rendered PDF (a PDF incremental update: the rendered bytes stay a
 * prefix) and signs SM3(final PDF bytes) with the unit's private key (SM2 with SM3 and Z_A over the
 * GM/T 0009 default user id). The signature and certificate-like metadata are kept BESIDE the PDF, not
 * inside it: the sealed file's sidecar `<sha>.seal.json` in the file store, and the DocumentSealed event.
 *
 * Keys: `<DATA_DIR>/document-seals/<unit>/seal-key.json`, the private key SM4-GCM encrypted with a key
 * derived (PBKDF2-HMAC-SM3) from `OA_DOCUMENT_SEAL_PASSPHRASE` (else `OA_SEAL_KEY_PASSPHRASE`, else a
 * per-install secret file beside it) — the same format and helpers as the integrity seal
 * (commands/integrity/keystore.ts). Generated on a unit's first 用印.
 *
 * Verification (every open, and GET /api/documents/:id/seal/verify): re-hash the stored bytes with SM3,
 * compare with the signed digest, check the SM2 signature with the public key, and — when the seal is
 * ours — that the public key is the registered key of that seal. Any byte changed → 签章无效.
 */
export const SEAL_ALGORITHM = 'SM2-with-SM3';
export const SM2_USER_ID = '1234567812345678';
export const SEAL_SIDECAR = 'seal';

export interface SealRecord {
  format: 'OA-ESEAL-1';
  sealId: string;
  unitId: string;
  /** The name carved on the seal. */
  sealName: string;
  documentId: string;
  algorithm: typeof SEAL_ALGORITHM;
  userId: string;
  publicKey: string;
  pdfSm3: string;
  signature: string;
  sealedPdfSha256: string;
  sourcePdfSha256: string;
  sealedBy: string;
  sealedAt: string;
}

export const sm3Hex = (b: Uint8Array) => createHash('sm3').update(b).digest('hex');

const VALID: SealVerification = { valid: true, message: '签章有效' };
const invalid = (reason: string): SealVerification & { reason: string } => ({ valid: false, message: '签章无效', reason });

/** Pure check of bytes against a signature (no key store). */
export function verifySealedBytes(
  bytes: Uint8Array,
  s: { pdfSm3: string; signature: string; publicKey: string },
): SealVerification & { reason?: string } {
  const digest = sm3Hex(bytes);
  if (digest !== s.pdfSm3) return invalid('文件内容与签章时不一致（SM3 摘要不符）');
  let ok = false;
  try {
    ok =
      /^[0-9a-f]{128}$/.test(s.signature) &&
      sm2.doVerifySignature(Buffer.from(digest, 'hex'), s.signature, s.publicKey, { hash: true, der: false, userId: SM2_USER_ID });
  } catch {
    ok = false;
  }
  return ok ? VALID : invalid('SM2 签名验证失败（印章密钥不符或签名被改动）');
}

export function readSealAnchors(pdf: Buffer): SealAnchor[] {
  const raw = infoString(pdf, indexPdf(pdf), 'OASealAnchors');
  if (!raw) return [];
  return JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as SealAnchor[];
}

const safe = (unitId: string) =>
  /^[A-Za-z0-9._-]{1,80}$/.test(unitId) && !unitId.startsWith('.') ? unitId : `x${Buffer.from(unitId).toString('hex').slice(0, 120)}`;

export interface SealServiceOptions {
  dataDir: string;
  files?: FileStore;
  /** Defaults to OA_DOCUMENT_SEAL_PASSPHRASE, then OA_SEAL_KEY_PASSPHRASE, then a per-install secret file. */
  passphrase?: string;
  now?: () => Date;
}

export class Sm2SealService implements SealService {
  readonly files: FileStore;
  private readonly keys = new Map<string, SealKeyPair>();
  private readonly now: () => Date;

  constructor(private readonly opts: SealServiceOptions) {
    this.files = opts.files ?? new FileStore(opts.dataDir);
    this.now = opts.now ?? (() => new Date());
  }

  static sealIdOf(unitId: string): string {
    return `unit-seal-${safe(unitId)}`;
  }

  private keyDir(unitId: string) {
    return join(this.opts.dataDir, 'document-seals', safe(unitId));
  }

  /** The unit's seal key pair (created on first use; decrypted once per process). */
  unitKey(unitId: string): SealKeyPair {
    let k = this.keys.get(unitId);
    if (!k) {
      const passphrase = this.opts.passphrase ?? (process.env.OA_DOCUMENT_SEAL_PASSPHRASE || undefined);
      k = loadOrCreateSealKey({ dataDir: this.keyDir(unitId), passphrase });
      this.keys.set(unitId, k);
    }
    return k;
  }

  /** The registered public key of a unit's seal, without the passphrase (undefined when it has none yet). */
  registeredPublicKey(unitId: string): string | undefined {
    return readSealPublicKey(this.keyDir(unitId));
  }

  async seal(req: SealRequest): Promise<SealResult> {
    const source = this.files.get(req.pdfStorageKey);
    const sourceSha = sha256Hex(source);
    if (sourceSha !== req.pdfSha256) throw new Error('套红文件与登记的摘要不符，已被改动，拒绝用印');
    const anchors = readSealAnchors(source);
    const anchor =
      anchors.find((a) => a.unitId === req.unitId) ?? (anchors.length === 1 && anchors[0].unitId === null ? anchors[0] : undefined);
    if (!anchor) throw new Error('该公文没有本单位的发文机关署名，不能加盖本单位印章');
    const key = this.unitKey(req.unitId);
    const ops = sealOperators(anchor.name, { cx: anchor.cx, cy: PAGE_H - anchor.cy, r: anchor.r }, parsedFace('serifBold'));
    const sealed = appendPageContent(source, anchor.page, ops);
    const pdfSm3 = sm3Hex(sealed);
    const signature = sm2.doSignature(Buffer.from(pdfSm3, 'hex'), key.privateKey, {
      hash: true,
      der: false,
      userId: SM2_USER_ID,
      publicKey: key.publicKey,
    });
    const stored = this.files.put(sealed);
    const sealId = Sm2SealService.sealIdOf(req.unitId);
    const record: SealRecord = {
      format: 'OA-ESEAL-1',
      sealId,
      unitId: req.unitId,
      sealName: anchor.name,
      documentId: req.documentId,
      algorithm: SEAL_ALGORITHM,
      userId: SM2_USER_ID,
      publicKey: key.publicKey,
      pdfSm3,
      signature,
      sealedPdfSha256: stored.sha256,
      sourcePdfSha256: sourceSha,
      sealedBy: req.actorId,
      sealedAt: this.now().toISOString(),
    };
    this.files.putSidecar(stored.key, SEAL_SIDECAR, record);
    return {
      sealId,
      algorithm: SEAL_ALGORITHM,
      pdfSm3,
      signature,
      publicKey: key.publicKey,
      sealedStorageKey: stored.key,
      sealedPdfSha256: stored.sha256,
      sourcePdfSha256: sourceSha,
    };
  }

  async verify(s: { sealedStorageKey: string; pdfSm3: string; signature: string; publicKey: string }): Promise<SealVerification> {
    return this.open(s).verification;
  }

  /** Reads the sealed PDF and verifies it in one go (what a viewer does on every open). */
  open(s: { sealedStorageKey: string; pdfSm3: string; signature: string; publicKey: string }): {
    bytes: Buffer | null;
    verification: SealVerification & { reason?: string };
  } {
    let bytes: Buffer;
    try {
      bytes = this.files.get(s.sealedStorageKey);
    } catch {
      return { bytes: null, verification: invalid('签章文件不存在') };
    }
    const v = verifySealedBytes(bytes, s);
    if (!v.valid) return { bytes, verification: v };
    const record = this.files.getSidecar<SealRecord>(s.sealedStorageKey, SEAL_SIDECAR);
    if (record) {
      if (record.publicKey !== s.publicKey || record.pdfSm3 !== s.pdfSm3 || record.signature !== s.signature) {
        return { bytes, verification: invalid('签章记录与文件旁的签章数据不一致') };
      }
      const registered = this.registeredPublicKey(record.unitId);
      if (registered !== s.publicKey) return { bytes, verification: invalid('签章所用公钥不是该单位登记的印章') };
    }
    return { bytes, verification: v };
  }
}
