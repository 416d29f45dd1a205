import { createHash } from 'node:crypto';
import type { IncomingState } from '../../domain/documents/incoming.events';
import type { OutgoingAttachment } from '../../domain/documents/outgoing.events';
import { DomainError } from '../../domain/shared/errors';
import { attachmentId, checkContent, type AttachmentFiles, type UploadedFile } from './attachments';
import { PortUnavailable, documentNotFound, type DocumentContext, type DocumentKit, type DocumentResult } from './document-kit';

/**
 * 附件 of a 发文 (added and removed while 拟稿/核稿, by who may edit then) and their download, also from
 * the 收文 a delivery created (the sender's files). Bytes live in the content-addressed file store;
 * each download is checked against the attachment's SM3.
 */
export class AttachmentCommands {
  constructor(private readonly kit: DocumentKit) {}

  private store(): Required<AttachmentFiles> {
    const files = this.kit.options.files;
    if (!files || typeof files.put !== 'function') throw new PortUnavailable('附件存储未配置');
    return files as Required<AttachmentFiles>;
  }

  /**
   * 上传附件: content checked against the extension, stored in the file store (once per content), then
   * recorded as OutgoingAttachmentAdded; the 附件说明 lists it. Refusals come before the bytes are stored.
   */
  async add(id: string, file: UploadedFile, ctx: DocumentContext): Promise<DocumentResult & { attachment: OutgoingAttachment }> {
    const { kit } = this;
    const files = this.store();
    const s = await kit.current(id, ctx);
    const { capacity } = await kit.capacityOf(s, ctx);
    const sm3 = attachmentId(file.bytes);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const data = {
      id: sm3,
      sha256,
      size: file.bytes.length,
      storageKey: `sha256:${sha256}`,
      fileName: file.fileName,
      name: file.name ?? null,
      uploaderName: ctx.actorName,
      capacity,
    };
    kit.precheckOutgoing(s, { type: 'AddAttachment', data }, ctx);
    checkContent(file.fileName, file.bytes);
    const stored = files.put(file.bytes);
    const r = await kit.out(id, { type: 'AddAttachment', data: { ...data, storageKey: stored.key, sha256: stored.sha256 } }, ctx);
    const after = await kit.loadOutgoing(id);
    const attachment = after.attachmentFiles.find((a) => a.id === sm3);
    if (!attachment) throw new Error(`attachment ${sm3} not recorded`);
    return { ...r, attachment };
  }

  /** 删除附件 (the bytes stay in the content store: the log still names them). */
  async remove(id: string, attachmentIdToRemove: string, ctx: DocumentContext): Promise<DocumentResult> {
    const { kit } = this;
    const s = await kit.current(id, ctx);
    const { capacity } = await kit.capacityOf(s, ctx);
    const data = { attachmentId: attachmentIdToRemove, removerName: ctx.actorName, capacity };
    return kit.out(id, { type: 'RemoveAttachment', data }, ctx);
  }

  /** The bytes of one attachment, checked against its SM3 (a changed byte → refused, never served). */
  async content(id: string, attachmentIdToGet: string): Promise<{ attachment: OutgoingAttachment; bytes: Buffer }> {
    const files = this.store();
    const s = await this.kit.loadOutgoing(id);
    if (s.status === 'none') throw documentNotFound();
    const a = s.attachmentFiles.find((x) => x.id === attachmentIdToGet && s.elements!.attachments.some((m) => m.sha256 === x.sha256));
    const found = checked(a);
    return { attachment: found, bytes: verifiedBytes(files, found) };
  }

  /** 收文 附件: the files the sender attached to the exchanged document (a paper 收文 lists names only). */
  async ofIncoming(s: IncomingState): Promise<OutgoingAttachment[]> {
    if (!s.from) return [];
    const out = await this.kit.loadOutgoing(s.from.outgoingId);
    return s.attachments.flatMap((m) => out.attachmentFiles.filter((a) => a.sha256 === m.sha256).slice(0, 1));
  }

  async incomingContent(incomingId: string, attachmentIdToGet: string): Promise<{ attachment: OutgoingAttachment; bytes: Buffer }> {
    const files = this.store();
    const s = await this.kit.existingIncoming(incomingId);
    const a = checked((await this.ofIncoming(s)).find((x) => x.id === attachmentIdToGet));
    return { attachment: a, bytes: verifiedBytes(files, a) };
  }
}

function checked(a: OutgoingAttachment | undefined): OutgoingAttachment {
  if (!a) throw new DomainError('not_found', 'document.attachment_not_found', '没有这个附件');
  return a;
}

function verifiedBytes(files: Required<AttachmentFiles>, a: OutgoingAttachment): Buffer {
  if (!files.has(a.storageKey)) throw new DomainError('not_found', 'document.attachment_missing', '附件文件不存在');
  const bytes = files.get(a.storageKey);
  if (attachmentId(bytes) !== a.id)
    throw new DomainError('conflict', 'document.attachment_corrupt', '附件文件已被改动（SM3 校验不符），拒绝下载');
  return bytes;
}
