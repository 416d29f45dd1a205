import { createHash } from 'node:crypto';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import {
  ANNOUNCEMENT_DEFINITION_KEY,
  ANNOUNCEMENT_SUBJECT_TYPE,
  announcementDecider,
  announcementDefinition,
  announcementStreamId,
  audienceRecipients,
  receiptDecider,
  receiptStreamId,
  type AnnouncementCommand,
  type AnnouncementState,
  type AudienceFacts,
  type RecordAnnouncementApprovalOutcome,
} from '../../domain/announcements';
import { sm3Hex } from '../../domain/eventstore/integrity';
import { WrongExpectedRevision } from '../../domain/eventstore/port';
import { DomainError } from '../../domain/shared/errors';
import { definitionStreamId, processDefinitionDecider } from '../../domain/workflow';
import type { CommandHandler, HandleResult } from '../pipeline/handler';
import type { WorkflowCommands } from '../workflow/workflow-commands';
import type { AnnouncementContentDto, PublishAnnouncementDto, WithdrawAnnouncementDto } from './dtos';

/**
 * 通知公告 write side: one method per command; each gathers what the pure decider needs (org facts,
 * the caller's capacity) and runs the command pipeline (idempotent by ctx.commandId).
 *
 *   draft · edit · addAttachment · removeAttachment · submit (starts the 通知公告审核 process) ·
 *   publish (recipients resolved by domain/announcements/recipients.ts) · pin · withdraw · markRead
 *   recordApprovalOutcome: the reactor's command (announcement-approval.reactor.ts)
 */
const NS = '3b7c1f0e-4a52-4d7e-9a51-0c6f2e8d1a17';
const SYSTEM = 'system';

export interface AnnouncementOrg {
  person(userId: string): Promise<{ id: string; name: string; unitId: string; departmentId: string; active: boolean } | null>;
  audienceFacts(): Promise<AudienceFacts>;
}

export interface AnnouncementContext {
  actorId: string;
  onBehalfOf?: string | null;
  unitId: string | null;
  correlationId: string;
  commandId?: string | null;
  clientIp?: string | null;
  /** Holds announcement.publish with a scope reaching the notice's unit. */
  publisherOf?: (unitId: string) => boolean;
}

export interface AnnouncementResult {
  id: string;
  revision: number;
  position: number;
  duplicate: boolean;
  events: string[];
}

export interface UploadedAnnouncementFile {
  bytes: Buffer;
  fileName: string;
}

export interface AnnouncementFiles {
  put(bytes: Uint8Array): { key: string; sha256: string; bytes: number };
  has(key: string): boolean;
  get(key: string): Buffer;
}

export const ANNOUNCEMENT_FILE_MAX_BYTES = 10 * 1024 * 1024;
const TYPES: Record<string, { type: string; image: boolean; check: (b: Buffer) => boolean }> = {
  png: {
    type: 'image/png',
    image: true,
    check: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  jpg: { type: 'image/jpeg', image: true, check: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  jpeg: { type: 'image/jpeg', image: true, check: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  pdf: { type: 'application/pdf', image: false, check: (b) => b.subarray(0, 1024).includes('%PDF-') },
  docx: {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    image: false,
    check: (b) => b[0] === 0x50 && b[1] === 0x4b,
  },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    image: false,
    check: (b) => b[0] === 0x50 && b[1] === 0x4b,
  },
  ofd: { type: 'application/ofd', image: false, check: (b) => b[0] === 0x50 && b[1] === 0x4b },
  zip: { type: 'application/zip', image: false, check: (b) => b[0] === 0x50 && b[1] === 0x4b },
};
export const ANNOUNCEMENT_FILE_TYPES = Object.keys(TYPES);

export class AnnouncementCommands {
  constructor(
    readonly handler: CommandHandler,
    /** The workflow engine's commands, or how to get them when first needed (the API's shared services start late). */
    private readonly workflowOf: WorkflowCommands | (() => WorkflowCommands),
    private readonly org: AnnouncementOrg,
    private readonly files: AnnouncementFiles | null = null,
  ) {}

  private get workflow(): WorkflowCommands {
    return typeof this.workflowOf === 'function' ? this.workflowOf() : this.workflowOf;
  }

  async load(id: string): Promise<AnnouncementState> {
    return (await this.handler.load(announcementStreamId(id), announcementDecider)).state;
  }

  private async run(
    id: string,
    command: Omit<AnnouncementCommand, 'metadata'>,
    ctx: AnnouncementContext,
    commandId = ctx.commandId ?? null,
  ) {
    const r: HandleResult<AnnouncementState> = await this.handler.handle({
      streamId: announcementStreamId(id),
      decider: announcementDecider,
      command: command as AnnouncementCommand,
      metadata: {
        actorId: ctx.actorId,
        onBehalfOf: ctx.onBehalfOf ?? null,
        unitId: ctx.unitId,
        correlationId: ctx.correlationId,
        clientIp: ctx.clientIp ?? null,
      },
      commandId,
    });
    return { id, revision: r.nextRevision, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  private async existing(id: string): Promise<AnnouncementState> {
    const s = await this.load(id);
    if (s.status === 'none') throw new DomainError('not_found', 'announcement.not_found', '通知公告不存在');
    return s;
  }

  async draft(dto: AnnouncementContentDto, ctx: AnnouncementContext): Promise<AnnouncementResult> {
    const me = await this.org.person(ctx.onBehalfOf ?? ctx.actorId);
    if (!me) throw new DomainError('forbidden', 'announcement.no_post', '当前用户不在组织机构中，不能起草通知公告');
    const id = ctx.commandId ? uuidv5(`announcement:${ctx.commandId}`, NS) : uuidv7();
    return this.run(
      id,
      {
        type: 'DraftAnnouncement',
        data: { announcementId: id, unitId: me.unitId, departmentId: me.departmentId, drafterName: me.name, ...dto },
      },
      ctx,
    );
  }

  /** Has the review process returned the notice to its drafter (退回 on the engine)? */
  async processReturned(s: AnnouncementState): Promise<boolean> {
    return s.status === 'in_review' && !!s.processId && (await this.workflow.instanceState(s.processId)).status === 'returned';
  }

  async edit(id: string, dto: AnnouncementContentDto, ctx: AnnouncementContext): Promise<AnnouncementResult> {
    const processReturned = await this.processReturned(await this.load(id));
    return this.run(
      id,
      { type: 'EditAnnouncement', data: { title: dto.title, category: dto.category, body: dto.body, processReturned } },
      ctx,
    );
  }

  async addAttachment(
    id: string,
    file: UploadedAnnouncementFile,
    ctx: AnnouncementContext,
  ): Promise<AnnouncementResult & { attachmentId: string }> {
    if (!this.files) throw new DomainError('rule', 'announcement.files_unavailable', '附件存储未配置');
    const ext = (file.fileName.split('.').pop() ?? '').toLowerCase();
    const t = TYPES[ext];
    if (!t)
      throw new DomainError(
        'invalid',
        'announcement.file_type',
        `不支持的附件类型：仅限 ${ANNOUNCEMENT_FILE_TYPES.join('、')}`,
        'fileName',
      );
    if (file.bytes.length === 0) throw new DomainError('invalid', 'announcement.file_empty', '附件不能为空文件', 'file');
    if (file.bytes.length > ANNOUNCEMENT_FILE_MAX_BYTES)
      throw new DomainError('invalid', 'announcement.file_too_large', '附件不能超过 10 MB', 'file');
    if (!t.check(file.bytes)) throw new DomainError('invalid', 'announcement.file_content', `文件内容与扩展名“.${ext}”不符`, 'file');
    const s = await this.existing(id);
    const attachmentId = sm3Hex(file.bytes);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const attachment = {
      id: attachmentId,
      fileName: file.fileName,
      contentType: t.type,
      size: file.bytes.length,
      storageKey: `sha256:${sha256}`,
      image: t.image,
    };
    // refuse before storing the bytes
    announcementDecider.decide({ type: 'AddAnnouncementAttachment', data: { attachment }, metadata: this.meta(ctx) }, s);
    const stored = this.files.put(file.bytes);
    const r = await this.run(
      id,
      { type: 'AddAnnouncementAttachment', data: { attachment: { ...attachment, storageKey: stored.key } } },
      ctx,
    );
    return { ...r, attachmentId };
  }

  removeAttachment(id: string, attachmentId: string, ctx: AnnouncementContext): Promise<AnnouncementResult> {
    return this.run(id, { type: 'RemoveAnnouncementAttachment', data: { attachmentId } }, ctx);
  }

  async attachment(id: string, attachmentId: string): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
    const s = await this.existing(id);
    const a = s.attachments.find((x) => x.id === attachmentId);
    if (!a || !this.files || !this.files.has(a.storageKey))
      throw new DomainError('not_found', 'announcement.attachment_not_found', '附件不存在');
    return { fileName: a.fileName, contentType: a.contentType, bytes: this.files.get(a.storageKey) };
  }

  private meta(ctx: AnnouncementContext) {
    return { now: this.handler.clock.now(), actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null, unitId: ctx.unitId };
  }

  /** Publishes the 通知公告审核 definition on first use (idempotent; never over an admin's later version). */
  async ensureDefinition(): Promise<void> {
    const { state } = await this.handler.load(definitionStreamId(ANNOUNCEMENT_DEFINITION_KEY), processDefinitionDecider);
    if (state.latestVersion > 0) return;
    await this.handler
      .handle({
        streamId: definitionStreamId(ANNOUNCEMENT_DEFINITION_KEY),
        decider: processDefinitionDecider,
        command: { type: 'PublishDefinition', data: { definition: announcementDefinition() } },
        metadata: { actorId: SYSTEM, correlationId: uuidv5('announcement-definition', NS) },
        commandId: uuidv5('publish:announcement:v1', NS),
      })
      .catch((e) => {
        if (!(e instanceof WrongExpectedRevision)) throw e;
      });
  }

  /** 送审: starts the approval process (subject: the notice), then records it on the notice. */
  async submit(id: string, ctx: AnnouncementContext): Promise<AnnouncementResult & { processId: string }> {
    const s = await this.existing(id);
    if (await this.processReturned(s)) {
      // 退回 to the drafter inside the process: 重新提交 continues the same process
      if ((ctx.onBehalfOf ?? ctx.actorId) !== s.drafterId)
        throw new DomainError('forbidden', 'announcement.not_drafter', '只有起草人可以办理此项');
      const r = await this.workflow.resubmit(
        s.processId!,
        {},
        { actorId: s.drafterId, unitId: ctx.unitId, correlationId: ctx.correlationId, commandId: ctx.commandId ?? null },
      );
      return { id, revision: -1, position: r.position, duplicate: r.duplicate, events: r.events, processId: s.processId! };
    }
    const probeId = `probe-${s.rounds + 1}`;
    announcementDecider.decide({ type: 'SubmitAnnouncement', data: { processId: probeId }, metadata: this.meta(ctx) }, s);
    await this.ensureDefinition();
    const started = await this.workflow.startProcess(
      {
        definitionKey: ANNOUNCEMENT_DEFINITION_KEY,
        form: { category: s.content!.category, title: s.content!.title },
        title: `通知公告审核：${s.content!.title}`,
        subject: { type: ANNOUNCEMENT_SUBJECT_TYPE, id },
      },
      {
        actorId: s.drafterId,
        onBehalfOf: null,
        unitId: ctx.unitId,
        correlationId: ctx.correlationId,
        commandId: ctx.commandId ? uuidv5(`start:${ctx.commandId}`, NS) : null,
      },
    );
    const r = await this.run(id, { type: 'SubmitAnnouncement', data: { processId: started.id } }, ctx);
    return { ...r, processId: started.id };
  }

  async publish(id: string, dto: PublishAnnouncementDto, ctx: AnnouncementContext, actorName: string): Promise<AnnouncementResult> {
    const s = await this.existing(id);
    const recipientIds = audienceRecipients(dto.audience, await this.org.audienceFacts());
    return this.run(
      id,
      {
        type: 'PublishAnnouncement',
        data: {
          audience: {
            everyone: dto.audience.everyone,
            unitIds: dto.audience.unitIds,
            departmentIds: dto.audience.departmentIds,
            userIds: dto.audience.userIds,
          },
          recipientIds,
          displayFrom: dto.displayFrom ? new Date(dto.displayFrom).toISOString() : null,
          displayTo: dto.displayTo ? new Date(dto.displayTo).toISOString() : null,
          pinned: dto.pinned ?? false,
          publisherName: actorName,
          asPublisher: ctx.publisherOf?.(s.unitId) ?? false,
        },
      },
      ctx,
    );
  }

  async pin(id: string, pinned: boolean, ctx: AnnouncementContext): Promise<AnnouncementResult> {
    const s = await this.existing(id);
    return this.run(id, { type: 'SetAnnouncementPinned', data: { pinned, asPublisher: ctx.publisherOf?.(s.unitId) ?? false } }, ctx);
  }

  async withdraw(id: string, dto: WithdrawAnnouncementDto, ctx: AnnouncementContext, actorName: string): Promise<AnnouncementResult> {
    const s = await this.existing(id);
    return this.run(
      id,
      { type: 'WithdrawAnnouncement', data: { reason: dto.reason, actorName, asPublisher: ctx.publisherOf?.(s.unitId) ?? false } },
      ctx,
    );
  }

  /** 已读: the caller's receipt (recorded once). */
  async markRead(id: string, ctx: AnnouncementContext): Promise<{ id: string; position: number; duplicate: boolean; events: string[] }> {
    const s = await this.existing(id);
    const userId = ctx.onBehalfOf ?? ctx.actorId;
    const r = await this.handler.handle({
      streamId: receiptStreamId(id, userId),
      decider: receiptDecider,
      command: {
        type: 'MarkAnnouncementRead',
        data: {
          announcementId: id,
          userId,
          isRecipient: !!s.publication?.recipientIds.includes(userId),
          published: s.status === 'published',
        },
      },
      metadata: { actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null, unitId: ctx.unitId, correlationId: ctx.correlationId },
      commandId: ctx.commandId ?? null,
    });
    return { id, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  /** Executes the approval reactor's command (as `system`, with the reaction's idempotency key). */
  async recordApprovalOutcome(
    cmd: RecordAnnouncementApprovalOutcome,
    rctx: { commandId: string; correlationId: string; causationId: string | null; actorId: string },
  ): Promise<void> {
    const d = cmd.data;
    const actorName = d.actorId === SYSTEM ? '' : ((await this.org.person(d.actorId))?.name ?? d.actorId);
    await this.handler.handle({
      streamId: announcementStreamId(d.announcementId),
      decider: announcementDecider,
      command: {
        type: 'RecordAnnouncementApproval',
        data: { processId: d.processId, outcome: d.outcome, actorId: d.actorId, actorName, opinion: d.opinion, at: d.at },
      },
      metadata: { actorId: rctx.actorId, correlationId: rctx.correlationId, causationId: rctx.causationId, occurredAt: d.at },
      commandId: rctx.commandId,
    });
  }
}
