import type { Classification } from '../../domain/documents/elements';
import type { IncomingState } from '../../domain/documents/incoming.events';
import type { OutgoingState } from '../../domain/documents/outgoing.events';
import type { InstanceState } from '../../domain/workflow/instance.events';
import type { CommandHandler } from '../pipeline/handler';
import { ArchiveCommands } from './archive-commands';
import { AttachmentCommands } from './attachment-commands';
import { DistributionCommands } from './distribution-commands';
import { DocumentKit, type DocumentCommandsOptions } from './document-kit';
import { IncomingCommands } from './incoming-commands';
import { OutgoingCommands } from './outgoing-commands';
import { PublishingCommands } from './publishing-commands';

export * from './document-kit';

/**
 * The 公文 write side as the API calls it: one facade per aggregate and concern, sharing one
 * DocumentKit (pipeline, org lookup, registers, ports). Each method takes a validated DTO (dtos.ts,
 * shared with the routes), the ids from the URL and the caller's DocumentContext, gathers what the pure
 * deciders need and runs the command pipeline (idempotent by ctx.commandId; expectedRevision retries).
 *
 *   const docs = new DocumentCommands(handler, { renderer?, sealService?, files?, clearance? });
 *   docs.outgoing      拟稿 · 修改 · 送审 · 核稿/会签/签发 · 退回 · 复核 · 登记编号   (outgoing-commands.ts)
 *   docs.attachments   发文附件 上传 · 删除 · 下载; 收文附件                           (attachment-commands.ts)
 *   docs.publishing    套红 · 用印 · 验章                                              (publishing-commands.ts)
 *   docs.distribution  分发 (公文交换) and the copy of 签收/退回 back to the 发文        (distribution-commands.ts)
 *   docs.incoming      签收 · 退回 · 登记 · 纸质来文 · 拟办 · 批示 · 承办 · 传阅 · 已阅 · 办结 (incoming-commands.ts)
 *   docs.archive       归档 of either direction (DA/T 22)                              (archive-commands.ts)
 *   (the approval's outcome reaches the 发文 by the reactor domain/documents/outgoing-approval.reactor.ts)
 */
export class DocumentCommands {
  readonly kit: DocumentKit;
  readonly outgoing: OutgoingCommands;
  readonly attachments: AttachmentCommands;
  readonly publishing: PublishingCommands;
  readonly distribution: DistributionCommands;
  readonly incoming: IncomingCommands;
  readonly archive: ArchiveCommands;

  constructor(
    readonly handler: CommandHandler,
    options: DocumentCommandsOptions = {},
  ) {
    this.kit = new DocumentKit(handler, options);
    this.outgoing = new OutgoingCommands(this.kit);
    this.attachments = new AttachmentCommands(this.kit);
    this.publishing = new PublishingCommands(this.kit);
    this.distribution = new DistributionCommands(this.kit);
    this.incoming = new IncomingCommands(this.kit, this.distribution);
    this.archive = new ArchiveCommands(this.kit);
  }

  get clearance(): Classification {
    return this.kit.clearance;
  }
  get requireSeal(): boolean {
    return this.kit.requireSeal;
  }

  loadOutgoing(id: string): Promise<OutgoingState> {
    return this.kit.loadOutgoing(id);
  }
  loadIncoming(id: string): Promise<IncomingState> {
    return this.kit.loadIncoming(id);
  }
  /** The 发文 process instance of a document (for the 办文单 / diagram), or null. */
  processOf(s: OutgoingState): Promise<InstanceState | null> {
    return this.kit.processOf(s);
  }
  /** Publishes the default 发文 definition on first use (idempotent). */
  ensureOutgoingDefinition(): Promise<void> {
    return this.outgoing.ensureDefinition();
  }
}
