import { sm3Hex } from '../../domain/eventstore/integrity';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, ATTACHMENT_TYPE_NAMES, extensionOf } from '../../domain/documents/outgoing.decide';
import { DomainError } from '../../domain/shared/errors';

/**
 * 附件 upload support for the 公文 commands: where the bytes go (the content-addressed file store of
 * reports/documents, bound at the composition root) and the content check by magic numbers, so that a
 * file renamed to .pdf is refused rather than served as a PDF.
 */
export interface AttachmentFiles {
  /** Absent on a read-only store (then uploads answer 503). */
  put?(bytes: Uint8Array): { key: string; sha256: string; bytes: number };
  has(key: string): boolean;
  get(key: string): Buffer;
}

export interface UploadedFile {
  bytes: Buffer;
  /** The file name as uploaded (extension included). */
  fileName: string;
  /** 附件名称 for the 附件说明 (optional). */
  name?: string | null;
}

export { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, ATTACHMENT_TYPE_NAMES };

const starts = (b: Buffer, sig: number[]) => sig.every((x, i) => b[i] === x);
const ZIP = (b: Buffer) => starts(b, [0x50, 0x4b, 0x03, 0x04]) || starts(b, [0x50, 0x4b, 0x05, 0x06]);
const OLE = (b: Buffer) => starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Magic numbers per allowed extension (OFD, docx and xlsx are ZIP containers; doc and xls are OLE2). */
const CONTENT: Record<string, (b: Buffer) => boolean> = {
  pdf: (b) => b.subarray(0, 1024).includes('%PDF-'),
  ofd: ZIP,
  doc: OLE,
  docx: ZIP,
  xls: OLE,
  xlsx: ZIP,
  jpg: (b) => starts(b, [0xff, 0xd8, 0xff]),
  jpeg: (b) => starts(b, [0xff, 0xd8, 0xff]),
  png: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  zip: ZIP,
};

/** The file's content must match its extension (field 'file', Chinese message). */
export function checkContent(fileName: string, bytes: Buffer): void {
  const ext = extensionOf(fileName);
  if (!ATTACHMENT_TYPES[ext]) {
    throw new DomainError(
      'invalid',
      'document.attachment_type',
      `不支持的附件类型“${ext || '无扩展名'}”：仅限 ${ATTACHMENT_TYPE_NAMES}`,
      'fileName',
    );
  }
  if (bytes.length === 0) throw new DomainError('invalid', 'document.attachment_empty', '附件不能为空文件', 'file');
  if (!CONTENT[ext](bytes)) throw new DomainError('invalid', 'document.attachment_content', `文件内容与扩展名“.${ext}”不符`, 'file');
}

/** hex SM3 of the bytes: the attachment's id. */
export const attachmentId = (bytes: Buffer): string => sm3Hex(bytes);
