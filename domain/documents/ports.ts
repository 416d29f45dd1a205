/**
 * Ports the 公文 commands call for 套红 (red-header PDF), 用印 (SM2 e-seal) and the archive package.
 * Pure types: the adapters live outside domain/ (reports/documents/ — another helper's work).
 * commands/documents calls them and records their answers as DocumentRendered / DocumentSealed /
 * DocumentArchived events; when a port is not bound, the routes answer 503 and (by policy) 分发 does
 * not require a seal.
 */
import type { ArchiveFiling } from './archive';
import type { AttachmentMeta, Classification, DocumentKind, Issuer, Urgency } from './elements';

/** Everything a GB/T 9704 layout needs, frozen at the version being rendered. */
export interface RenderableDocument {
  documentId: string;
  /** The 正文 version rendered. */
  version: number;
  /** The drafting unit: its red-header template is used unless `templateId` says otherwise. */
  unitId: string;
  kind: DocumentKind;
  /** 份号 is per copy: the renderer prints it when given (null on the master). */
  copyNo: string | null;
  classification: Classification;
  secrecyPeriod: string | null;
  urgency: Urgency;
  issuers: Issuer[];
  /** 发文字号 */
  docNumber: string;
  /** 签发人 names (printed for 上行文: 请示/报告). */
  signers: string[];
  title: string;
  mainRecipients: string[];
  body: string;
  attachments: AttachmentMeta[];
  signatureNames: string[];
  /** 成文日期 YYYY-MM-DD */
  writtenDate: string;
  note: string | null;
  copyTo: string[];
  printingOrgan: string;
  /** 印发日期 YYYY-MM-DD */
  printedDate: string;
}

export interface RenderRequest {
  document: RenderableDocument;
  /** A red-header template (per issuer); null = the unit's default. */
  templateId: string | null;
}

export interface RenderedPdf {
  /** hex SHA-256 of the PDF bytes. */
  pdfSha256: string;
  pages: number;
  templateId: string;
  /** Where the bytes are kept (content-addressed store key, file path…). */
  storageKey: string;
  bytes: number;
}

/** 套红: renders the document into a PDF laid out per GB/T 9704 (A4, red 发文机关标志, 版记, page numbers). */
export interface DocumentRenderer {
  render(req: RenderRequest): Promise<RenderedPdf>;
}

export interface SealRequest {
  documentId: string;
  /** The unit whose seal (印章) is applied (the 主办机关 in the platform). */
  unitId: string;
  /** The rendered PDF to seal (storageKey + its SHA-256 as recorded by DocumentRendered). */
  pdfStorageKey: string;
  pdfSha256: string;
  /** Who applies the seal (用印人). */
  actorId: string;
}

export interface SealResult {
  /** The seal (印章) used: per unit, SM2 key pair. */
  sealId: string;
  /** 'SM2-with-SM3' */
  algorithm: string;
  /** hex SM3 of the final (sealed) PDF bytes the signature covers. */
  pdfSm3: string;
  /** hex SM2 signature over pdfSm3. */
  signature: string;
  /** hex SM2 public key of the seal (for verification without the key store). */
  publicKey: string;
  /** The sealed PDF (with the seal image on the 署名). */
  sealedStorageKey: string;
  sealedPdfSha256: string;
  /** The PDF that was sealed (must equal the rendered one). */
  sourcePdfSha256: string;
}

export interface SealVerification {
  valid: boolean;
  /** '签章有效' / '签章无效' */
  message: string;
}

/** 电子签章 (GB/T 38540 idea): an SM2 signature over the SM3 hash of the final PDF. */
export interface SealService {
  seal(req: SealRequest): Promise<SealResult>;
  /** Re-hashes the stored bytes and checks the signature. */
  verify(sealed: { sealedStorageKey: string; pdfSm3: string; signature: string; publicKey: string }): Promise<SealVerification>;
}

/** The archive package (final PDF, 定稿, 办文单, metadata JSON) — built when a document is filed. */
export interface ArchivePackager {
  build(req: {
    documentId: string;
    direction: 'outgoing' | 'incoming';
    filing: ArchiveFiling;
  }): Promise<{ packageKey: string; packageSha256: string }>;
}
