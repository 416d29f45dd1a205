import { createHash } from 'node:crypto';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { WrongExpectedRevision } from '../../domain/eventstore/port';
import { compactDate, formatArchivalCode, RETENTION_CODES, type ArchiveFiling, type ArchiveKey } from '../../domain/documents/archive';
import { DEFAULT_CLEARANCE, shanghaiYear, type Classification, type DocumentElements } from '../../domain/documents/elements';
import { OUTGOING_DEFINITION_KEY, OUTGOING_NODES, OUTGOING_SUBJECT_TYPE, outgoingDocumentDefinition } from '../../domain/documents/flow';
import { incomingDecider, type IncomingCommand } from '../../domain/documents/incoming.decide';
import { incomingStreamId, type ExchangedDocument, type IncomingState, type Party } from '../../domain/documents/incoming.events';
import {
  archiveItemRegister,
  archiveItemStreamId,
  documentNumberRegister,
  documentNumberStreamId,
  incomingReceiptRegister,
  incomingReceiptStreamId,
  type AssignNumber,
  type NumberAssigned,
  type RegisterState,
} from '../../domain/documents/numbering';
import { outgoingDecider, type OutgoingCommand } from '../../domain/documents/outgoing.decide';
import {
  currentBody,
  currentVersion,
  outgoingStreamId,
  type EditCapacity,
  type OutgoingState,
} from '../../domain/documents/outgoing.events';
import type { ArchivePackager, DocumentRenderer, RenderableDocument, SealService, SealVerification } from '../../domain/documents/ports';
import type { Decider } from '../../domain/shared/decider';
import { DomainError } from '../../domain/shared/errors';
import type { OrgDirectory } from '../../domain/workflow/approvers';
import { resolveAssignments } from '../../domain/workflow/definition';
import { processInstanceDecider, type DelegationMap, type InstanceCommand } from '../../domain/workflow/instance.decide';
import { instanceStreamId, openTasks, type InstanceEvent, type InstanceState } from '../../domain/workflow/instance.events';
import { processDefinitionDecider } from '../../domain/workflow/process-definition.decide';
import type { WorkingCalendar } from '../../domain/workflow/calendar';
import { currentDefinition, definitionStreamId } from '../../domain/workflow/process-definition.events';
import { CommandHandler, type CommandCallMetadata, type HandleResult } from '../pipeline/handler';
import { StoreDelegationDirectory, StoreOrgDirectory, type ApplicantDirectory, type DelegationDirectory } from '../workflow/directories';
import { WorkflowCommands } from '../workflow/workflow-commands';
import type {
  ArchiveDto,
  AssignDto,
  CirculateDto,
  CompleteDto,
  DistributeDto,
  DocumentOpinionDto,
  DraftOutgoingDto,
  EditOutgoingDto,
  InstructDto,
  ProposeDto,
  ReasonDto,
  RegisterIncomingDto,
  RegisterPaperDto,
  RenderDto,
  ReturnToDrafterDto,
  SubmitOutgoingDto,
} from './dtos';
import { StoreDocumentOrg, type DocumentOrg } from './org-lookup';
import { attachmentId, checkContent, type AttachmentFiles, type UploadedFile } from './attachments';
import type { OutgoingAttachment } from '../../domain/documents/outgoing.events';

/**
 * The 公文 write side as the API calls it. Each method takes a validated DTO, the ids from the URL
 * and the caller's context, gathers what the pure deciders need (names, the approval outcome from the
 * workflow instance, numbers from the registers, the renderer's and seal's answers) and runs the
 * command pipeline (idempotent by ctx.commandId; expectedRevision retries).
 *
 *   const docs = new DocumentCommands(handler, { renderer?, sealService?, clearance? });
 *   发文: draftOutgoing · editOutgoing · submitOutgoing · approveOutgoing · returnOutgoing · reconfirm
 *         · registerNumber · render · seal · verifySeal · distribute · archive('outgoing', …) · outgoing(id)
 *   收文: signFor · returnIncoming · registerIncoming · registerPaper · propose · instruct · assign
 *         · circulate · markRead · complete · archive('incoming', …) · incoming(id)
 *
 * Process manager steps, each idempotent so that a retry after a crash completes the work:
 *  - 送审 starts the 发文 process (`process-<uuidv5(doc, round)>`, expectedRevision no_stream) and
 *    then records OutgoingDocumentSubmitted;
 *  - the outcome of the process (签发 or rejection) is copied into the document by `syncOutgoing`,
 *    run before every document command and every read of the document (the generic workflow inbox
 *    may have approved the last task);
 *  - 登记编号 / 收文编号 / 件号: the register stream first (idempotent per document), then the document;
 *  - 分发 records the deliveries, then creates each receiving unit's IncomingDocument (ReceiveIncoming
 *    is a no-op when it exists); 签收/退回 are copied back to the outgoing document.
 */
export interface DocumentContext {
  actorId: string;
  actorName: string;
  onBehalfOf?: string | null;
  unitId: string | null;
  departmentId: string | null;
  correlationId: string;
  /** The Idempotency-Key. */
  commandId?: string | null;
  causationId?: string | null;
  clientIp?: string | null;
  /** The caller holds 'document.register' (收发文登记, the office) in this unit. */
  isOffice?: boolean;
}

export interface DocumentResult {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  duplicate: boolean;
  /** Types of the events recorded ([] when nothing changed). */
  events: string[];
}

/** A port (renderer, seal) is not bound in this installation: the API answers 503. */
export class PortUnavailable extends Error {
  override readonly name = 'PortUnavailable';
}

export interface DocumentCommandsOptions {
  org?: DocumentOrg;
  /** For resolving the 发文 process approvers (default: over the org streams). */
  approvers?: OrgDirectory & ApplicantDirectory;
  delegations?: DelegationDirectory;
  workflow?: WorkflowCommands;
  renderer?: DocumentRenderer | null;
  sealService?: SealService | null;
  packager?: ArchivePackager | null;
  /** Where uploaded 附件 are kept (the content-addressed file store); unbound → upload/download answer 503. */
  files?: AttachmentFiles | null;
  /** The highest 密级 this system carries (default 秘密). */
  clearance?: Classification;
  /** 分发 requires 用印 (default: when a seal service is bound). */
  requireSeal?: boolean;
  newId?: () => string;
  /** Attempts on a register stream under contention (default 200). */
  registerAttempts?: number;
  /** Working days for the 发文 flow's node time limits (法定节假日/调休); weekdays only when absent. */
  calendar?: WorkingCalendar;
}

const NS = '2b0f2f0e-6f4e-4d8a-9a57-7d9c1e0a4b31';
const SYSTEM = 'system';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function outcome<S>(id: string, r: HandleResult<S>): DocumentResult {
  return {
    id,
    streamId: r.streamId,
    revision: r.nextRevision,
    position: r.position,
    duplicate: r.duplicate,
    events: r.events.map((e) => e.type),
  };
}

function notFound(): DomainError {
  return new DomainError('not_found', 'document.not_found', '公文不存在');
}

export class DocumentCommands {
  readonly org: DocumentOrg;
  readonly clearance: Classification;
  readonly requireSeal: boolean;
  private readonly approvers: OrgDirectory & ApplicantDirectory;
  private readonly delegations: DelegationDirectory;
  private readonly workflow: WorkflowCommands;
  private readonly registers: CommandHandler;
  private readonly newId: () => string;

  constructor(
    readonly handler: CommandHandler,
    private readonly options: DocumentCommandsOptions = {},
  ) {
    this.org = options.org ?? new StoreDocumentOrg(handler);
    this.approvers = options.approvers ?? new StoreOrgDirectory(handler);
    this.delegations = options.delegations ?? new StoreDelegationDirectory(handler);
    this.workflow =
      options.workflow ??
      new WorkflowCommands(handler, {
        org: this.approvers,
        applicants: this.approvers,
        delegations: this.delegations,
        calendar: options.calendar,
      });
    this.clearance = options.clearance ?? DEFAULT_CLEARANCE;
    this.requireSeal = options.requireSeal ?? !!options.sealService;
    this.newId = options.newId ?? uuidv7;
    // a register stream is hot (every registration of a 代字 in a year): many more retries, short back-off
    this.registers = new CommandHandler(handler.store, {
      clock: handler.clock,
      upcasters: handler.upcasters,
      maxAttempts: options.registerAttempts ?? 200,
      backoffMs: (n) => Math.min(40, 2 + n),
    });
  }

  get renderer(): DocumentRenderer | null {
    return this.options.renderer ?? null;
  }
  get sealService(): SealService | null {
    return this.options.sealService ?? null;
  }

  // ------------------------------------------------------------------ plumbing
  private meta(ctx: DocumentContext, occurredAt?: string): CommandCallMetadata {
    return {
      actorId: ctx.actorId,
      onBehalfOf: ctx.onBehalfOf ?? null,
      unitId: ctx.unitId,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId ?? null,
      clientIp: ctx.clientIp ?? null,
      ...(occurredAt ? { occurredAt } : {}),
    };
  }

  private out(
    id: string,
    call: DistributiveOmit<OutgoingCommand, 'metadata'>,
    ctx: DocumentContext,
    o: { commandId?: string | null; occurredAt?: string; expectedRevision?: 'no_stream' } = {},
  ) {
    return this.handler
      .handle({
        streamId: outgoingStreamId(id),
        decider: outgoingDecider,
        command: call,
        metadata: this.meta(ctx, o.occurredAt),
        commandId: o.commandId === undefined ? (ctx.commandId ?? null) : o.commandId,
        ...(o.expectedRevision ? { expectedRevision: o.expectedRevision } : {}),
      })
      .then((r) => outcome(id, r));
  }

  private inc(
    id: string,
    call: DistributiveOmit<IncomingCommand, 'metadata'>,
    ctx: DocumentContext,
    o: { commandId?: string | null; occurredAt?: string } = {},
  ) {
    return this.handler
      .handle({
        streamId: incomingStreamId(id),
        decider: incomingDecider,
        command: call,
        metadata: this.meta(ctx, o.occurredAt),
        commandId: o.commandId === undefined ? (ctx.commandId ?? null) : o.commandId,
      })
      .then((r) => outcome(id, r));
  }

  async loadOutgoing(id: string): Promise<OutgoingState> {
    return (await this.handler.load(outgoingStreamId(id), outgoingDecider)).state;
  }

  async loadIncoming(id: string): Promise<IncomingState> {
    return (await this.handler.load(incomingStreamId(id), incomingDecider)).state;
  }

  /** Gap-free number from a register stream (the same number again for the same holder). */
  private async allocate<T extends NumberAssigned['type']>(
    decider: Decider<AssignNumber, NumberAssigned<T>, RegisterState>,
    streamId: string,
    key: Record<string, string | number>,
    holderId: string,
    ctx: DocumentContext,
  ): Promise<number> {
    const r = await this.registers.handle({
      streamId,
      decider,
      command: { type: 'AssignNumber', data: { key, holderId } },
      metadata: this.meta(ctx),
      commandId: null,
    });
    const n = r.state.holders[holderId];
    if (n === undefined) throw new Error(`register ${streamId}: no number for ${holderId}`);
    return n;
  }

  /** Runs the pure decider on the current state only to surface its refusal before touching registers or ports. */
  private precheckOutgoing(s: OutgoingState, call: DistributiveOmit<OutgoingCommand, 'metadata'>, ctx: DocumentContext): void {
    outgoingDecider.decide(
      {
        ...call,
        metadata: { now: this.handler.clock.now(), actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null, unitId: ctx.unitId },
      } as OutgoingCommand,
      s,
    );
  }

  private precheckIncoming(s: IncomingState, call: DistributiveOmit<IncomingCommand, 'metadata'>, ctx: DocumentContext): void {
    incomingDecider.decide(
      {
        ...call,
        metadata: { now: this.handler.clock.now(), actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null, unitId: ctx.unitId },
      } as IncomingCommand,
      s,
    );
  }

  // ------------------------------------------------------------------ 发文
  async draftOutgoing(dto: DraftOutgoingDto, ctx: DocumentContext): Promise<DocumentResult> {
    if (!ctx.unitId || !ctx.departmentId) throw new DomainError('forbidden', 'document.no_post', '当前用户不在组织机构中，不能拟稿');
    if (ctx.commandId) {
      const prior = await this.handler.previousResult(ctx.commandId);
      if (prior) return outcome(prior.streamId.slice('outgoing-document-'.length), prior);
    }
    const unit = await this.org.unit(ctx.unitId);
    const issuers = dto.issuers?.map((i) => ({ unitId: i.unitId ?? null, name: i.name })) ?? [
      { unitId: ctx.unitId, name: unit?.name ?? ctx.unitId },
    ];
    const elements: DocumentElements = {
      kind: dto.kind,
      title: dto.title,
      classification: dto.classification,
      secrecyPeriod: dto.secrecyPeriod ?? null,
      urgency: dto.urgency ?? '平件',
      issuers,
      numberCode: dto.numberCode,
      mainRecipients: dto.mainRecipients ?? [],
      copyTo: dto.copyTo ?? [],
      attachments: (dto.attachments ?? []).map((a) => ({ name: a.name, sha256: a.sha256, size: a.size })),
      signatureNames: dto.signatureNames ?? issuers.map((i) => i.name),
      note: dto.note ?? null,
      printingOrgan: dto.printingOrgan ?? null,
    };
    const id = this.newId();
    return this.out(
      id,
      {
        type: 'DraftOutgoing',
        data: {
          documentId: id,
          unitId: ctx.unitId,
          departmentId: ctx.departmentId,
          drafterName: ctx.actorName,
          elements,
          body: dto.body,
          clearance: this.clearance,
        },
      },
      ctx,
      { expectedRevision: 'no_stream' },
    );
  }

  /** Who the caller is for this document right now (拟稿人 / 核稿 / 签发 / 办公室), and the stage name for the version. */
  private async capacityOf(s: OutgoingState, ctx: DocumentContext): Promise<{ capacity: EditCapacity; stage?: string }> {
    const me = ctx.onBehalfOf ?? ctx.actorId;
    if (s.status === 'draft') {
      if (me === s.drafterId) return { capacity: 'drafter' };
    } else if (s.status === 'in_review' && s.processId) {
      const p = await this.processState(s.processId);
      const task = openTasks(p, 'approval').find((t) => t.assignee === ctx.actorId || t.actingDelegate === ctx.actorId);
      if (task) {
        const node = p.definition?.nodes.find((n) => n.id === task.nodeId);
        return { capacity: task.nodeId === OUTGOING_NODES.sign ? 'signer' : 'reviewer', stage: node?.name ?? '核稿' };
      }
      if (p.status === 'returned' && me === s.drafterId) return { capacity: 'drafter', stage: '退回修改' };
    } else if (s.status === 'signed') {
      if (s.signature && me === s.signature.signerId) return { capacity: 'signer', stage: '签发人修改' };
      if (ctx.isOffice && ctx.unitId === s.unitId) return { capacity: 'office', stage: '签发后修改' };
      if (me === s.drafterId) return { capacity: 'drafter', stage: '签发后修改' };
    } else {
      return { capacity: 'office' }; // the decider refuses with its own message (frozen)
    }
    throw new DomainError('forbidden', 'document.not_editor', '当前环节您不能修改该公文');
  }

  async editOutgoing(id: string, dto: EditOutgoingDto, ctx: DocumentContext): Promise<DocumentResult> {
    const s = await this.syncOutgoing(id, ctx);
    if (s.status === 'none') throw notFound();
    const { body, ...rest } = dto;
    const changes: Partial<DocumentElements> = {};
    for (const [k, v] of Object.entries(rest)) {
      if (v === undefined) continue;
      (changes as Record<string, unknown>)[k] =
        k === 'issuers'
          ? (v as { unitId?: string | null; name: string }[]).map((i) => ({ unitId: i.unitId ?? null, name: i.name }))
          : k === 'attachments'
            ? (v as { name: string; sha256: string; size: number }[]).map((a) => ({ name: a.name, sha256: a.sha256, size: a.size }))
            : v;
    }
    const { capacity, stage } = await this.capacityOf(s, ctx);
    return this.out(
      id,
      {
        type: 'EditOutgoing',
        data: { changes, body: body ?? null, editorName: ctx.actorName, capacity, ...(stage ? { stage } : {}), clearance: this.clearance },
      },
      ctx,
    );
  }

  // ------------------------------------------------------------------ 附件
  private attachmentStore(): Required<AttachmentFiles> {
    const files = this.options.files;
    if (!files || typeof files.put !== 'function') throw new PortUnavailable('附件存储未配置');
    return files as Required<AttachmentFiles>;
  }

  /**
   * 上传附件: content checked against the extension, stored in the file store (once per content), then
   * recorded as OutgoingAttachmentAdded; the 附件说明 lists it. Refusals come before the bytes are stored.
   */
  async addAttachment(id: string, file: UploadedFile, ctx: DocumentContext): Promise<DocumentResult & { attachment: OutgoingAttachment }> {
    const files = this.attachmentStore();
    const s = await this.syncOutgoing(id, ctx);
    if (s.status === 'none') throw notFound();
    const { capacity } = await this.capacityOf(s, ctx);
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
    this.precheckOutgoing(s, { type: 'AddAttachment', data }, ctx);
    checkContent(file.fileName, file.bytes);
    const stored = files.put(file.bytes);
    const r = await this.out(id, { type: 'AddAttachment', data: { ...data, storageKey: stored.key, sha256: stored.sha256 } }, ctx);
    const after = await this.loadOutgoing(id);
    const attachment = after.attachmentFiles.find((a) => a.id === sm3);
    if (!attachment) throw new Error(`attachment ${sm3} not recorded`);
    return { ...r, attachment };
  }

  /** 删除附件 (the bytes stay in the content store: the log still names them). */
  async removeAttachment(id: string, attachmentIdToRemove: string, ctx: DocumentContext): Promise<DocumentResult> {
    const s = await this.syncOutgoing(id, ctx);
    if (s.status === 'none') throw notFound();
    const { capacity } = await this.capacityOf(s, ctx);
    return this.out(
      id,
      { type: 'RemoveAttachment', data: { attachmentId: attachmentIdToRemove, removerName: ctx.actorName, capacity } },
      ctx,
    );
  }

  /** The bytes of one attachment, checked against its SM3 (a changed byte → refused, never served). */
  async attachmentContent(id: string, attachmentIdToGet: string): Promise<{ attachment: OutgoingAttachment; bytes: Buffer }> {
    const files = this.attachmentStore();
    const s = await this.loadOutgoing(id);
    if (s.status === 'none') throw notFound();
    const a = s.attachmentFiles.find((x) => x.id === attachmentIdToGet && s.elements!.attachments.some((m) => m.sha256 === x.sha256));
    const found = this.checkedAttachment(a);
    return { attachment: found, bytes: this.verifiedBytes(files, found) };
  }

  /** 收文 附件: the files the sender attached to the exchanged document (a paper 收文 lists names only). */
  async incomingAttachments(s: IncomingState): Promise<OutgoingAttachment[]> {
    if (!s.from) return [];
    const out = await this.loadOutgoing(s.from.outgoingId);
    return s.attachments.flatMap((m) => out.attachmentFiles.filter((a) => a.sha256 === m.sha256).slice(0, 1));
  }

  async incomingAttachmentContent(
    incomingId: string,
    attachmentIdToGet: string,
  ): Promise<{ attachment: OutgoingAttachment; bytes: Buffer }> {
    const files = this.attachmentStore();
    const s = await this.loadIncoming(incomingId);
    if (s.status === 'none') throw new DomainError('not_found', 'incoming.not_found', '收文不存在');
    const a = this.checkedAttachment((await this.incomingAttachments(s)).find((x) => x.id === attachmentIdToGet));
    return { attachment: a, bytes: this.verifiedBytes(files, a) };
  }

  private checkedAttachment(a: OutgoingAttachment | undefined): OutgoingAttachment {
    if (!a) throw new DomainError('not_found', 'document.attachment_not_found', '没有这个附件');
    return a;
  }

  private verifiedBytes(files: Required<AttachmentFiles>, a: OutgoingAttachment): Buffer {
    if (!files.has(a.storageKey)) throw new DomainError('not_found', 'document.attachment_missing', '附件文件不存在');
    const bytes = files.get(a.storageKey);
    if (attachmentId(bytes) !== a.id)
      throw new DomainError('conflict', 'document.attachment_corrupt', '附件文件已被改动（SM3 校验不符），拒绝下载');
    return bytes;
  }

  /** Publishes the default 发文 definition on first use (idempotent); a retired one stays retired. */
  async ensureOutgoingDefinition(): Promise<void> {
    const { state } = await this.handler.load(definitionStreamId(OUTGOING_DEFINITION_KEY), processDefinitionDecider);
    if (state.latestVersion > 0) return;
    await this.handler
      .handle({
        streamId: definitionStreamId(OUTGOING_DEFINITION_KEY),
        decider: processDefinitionDecider,
        command: { type: 'PublishDefinition', data: { definition: outgoingDocumentDefinition() } },
        metadata: { actorId: SYSTEM, correlationId: uuidv5('outgoing-definition', NS) },
        commandId: uuidv5('publish:outgoing-document:v1', NS),
      })
      .catch((e) => {
        if (!(e instanceof WrongExpectedRevision)) throw e;
      });
  }

  private async processState(processId: string): Promise<InstanceState> {
    return (await this.handler.load(instanceStreamId(processId), processInstanceDecider)).state;
  }

  async submitOutgoing(id: string, dto: SubmitOutgoingDto, ctx: DocumentContext): Promise<DocumentResult & { processId: string }> {
    const s = await this.syncOutgoing(id, ctx);
    if (s.status === 'none') throw notFound();
    // a document returned to the drafter inside its process: 重新提交
    if (s.status === 'in_review' && s.processId) {
      const p = await this.processState(s.processId);
      if (p.status === 'returned') {
        if ((ctx.onBehalfOf ?? ctx.actorId) !== s.drafterId)
          throw new DomainError('forbidden', 'document.not_drafter', '只有拟稿人可以送审');
        const r = await this.workflow.resubmit(s.processId, {}, this.wfCtx(ctx));
        return {
          id,
          streamId: outgoingStreamId(id),
          revision: -1,
          position: r.position,
          duplicate: r.duplicate,
          events: r.events,
          processId: s.processId,
        };
      }
    }
    const processId = uuidv5(`${id}:round:${s.rounds + 1}`, NS);
    this.precheckOutgoing(s, { type: 'SubmitOutgoing', data: { processId } }, ctx);
    await this.ensureOutgoingDefinition();
    const defState = (await this.handler.load(definitionStreamId(OUTGOING_DEFINITION_KEY), processDefinitionDecider)).state;
    const def = currentDefinition(defState);
    if (!def) throw new DomainError('rule', 'definition.retired', '发文流程已停用，请联系管理员');
    const applicant = await this.approvers.applicant(s.drafterId);
    if (!applicant) throw new DomainError('forbidden', 'process.no_applicant', '拟稿人不在组织机构中，不能送审');
    const assignments = await resolveAssignments(def, { applicant, drafterId: s.drafterId }, this.approvers);
    // 会签: the leaders of the chosen departments of the same unit
    const cs: string[] = [];
    for (const [i, deptId] of (dto.countersignDepartmentIds ?? []).entries()) {
      const d = await this.org.department(deptId);
      const field = `countersignDepartmentIds[${i}]`;
      if (!d || !d.open || d.unitId !== s.unitId)
        throw new DomainError('invalid', 'document.bad_department', '会签部门须为本单位的部门', field);
      if (d.id === s.departmentId) throw new DomainError('invalid', 'document.own_department', '会签部门不能是拟稿部门', field);
      if (!d.leaderUserId) throw new DomainError('rule', 'document.no_department_leader', `“${d.name}”没有部门负责人，无法会签`, field);
      if (!cs.includes(d.leaderUserId)) cs.push(d.leaderUserId);
    }
    assignments[OUTGOING_NODES.countersign] = cs;
    // 签发: the chosen leader, else the unit's leader
    let signerId = dto.signerId ?? null;
    if (signerId) {
      const u = await this.org.user(signerId);
      if (!u || !u.active || u.unitId !== s.unitId)
        throw new DomainError('invalid', 'document.bad_signer', '签发人须为本单位在职领导', 'signerId');
    } else {
      signerId = (await this.org.unit(s.unitId))?.leaderUserId ?? null;
      if (!signerId) throw new DomainError('rule', 'document.no_signer', '本单位没有单位负责人，请指定签发人', 'signerId');
    }
    assignments[OUTGOING_NODES.sign] = [signerId];
    const now = this.handler.clock.now();
    const delegations: DelegationMap = {};
    for (const u of new Set(
      Object.entries(assignments)
        .filter(([k]) => !k.startsWith('escalation:'))
        .flatMap(([, v]) => v),
    )) {
      const d = await this.delegations.delegationOf(u, def.kind, now);
      if (d && d.delegateId !== u) delegations[u] = { delegateId: d.delegateId, delegationId: d.delegationId };
    }
    const el = s.elements!;
    try {
      await this.handler.handle({
        streamId: instanceStreamId(processId),
        decider: processInstanceDecider,
        command: {
          type: 'StartProcess',
          data: {
            instanceId: processId,
            title: el.title,
            definition: def,
            applicant,
            assignments,
            delegations,
            form: { docKind: el.kind, countersignCount: cs.length, classification: el.classification, urgency: el.urgency },
            subject: { type: OUTGOING_SUBJECT_TYPE, id },
          },
        } as DistributiveOmit<InstanceCommand, 'metadata'>,
        metadata: this.meta({ ...ctx, actorId: s.drafterId, onBehalfOf: null }),
        commandId: null,
        expectedRevision: 'no_stream',
      });
    } catch (e) {
      if (!(e instanceof WrongExpectedRevision)) throw e; // started by an earlier attempt of this submission
    }
    const r = await this.out(id, { type: 'SubmitOutgoing', data: { processId } }, ctx);
    return { ...r, processId };
  }

  private wfCtx(ctx: DocumentContext) {
    return {
      actorId: ctx.actorId,
      onBehalfOf: ctx.onBehalfOf ?? null,
      unitId: ctx.unitId,
      correlationId: ctx.correlationId,
      commandId: ctx.commandId ?? null,
      clientIp: ctx.clientIp ?? null,
    };
  }

  private async myTask(s: OutgoingState, ctx: DocumentContext) {
    if (s.status !== 'in_review' || !s.processId) throw new DomainError('rule', 'document.wrong_stage', '公文不在审核中');
    const p = await this.processState(s.processId);
    const task = openTasks(p, 'approval').find((t) => t.assignee === ctx.actorId || t.actingDelegate === ctx.actorId);
    if (!task) throw new DomainError('forbidden', 'document.no_task', '您在该公文的审批流程中没有待办');
    return task;
  }

  /** 核稿 / 会签 / 签发: approves the caller's task in the document's process, then copies the outcome. */
  async approveOutgoing(id: string, dto: DocumentOpinionDto, ctx: DocumentContext): Promise<DocumentResult & { node: string }> {
    const s = await this.syncOutgoing(id, ctx);
    if (s.status === 'none') throw notFound();
    const task = await this.myTask(s, ctx);
    const r = await this.workflow.approve(
      task.taskId,
      { opinion: dto.opinion, ...(dto.signature ? { signature: dto.signature } : {}) },
      this.wfCtx(ctx),
    );
    const after = await this.syncOutgoing(id, ctx);
    return {
      id,
      streamId: outgoingStreamId(id),
      revision: -1,
      position: r.position,
      duplicate: r.duplicate,
      events: r.events,
      node: task.nodeId,
      ...(after.status === 'signed' ? { signed: true } : {}),
    };
  }

  /** 退回拟稿人 from the caller's task. */
  async returnOutgoing(id: string, dto: ReturnToDrafterDto, ctx: DocumentContext): Promise<DocumentResult> {
    const s = await this.syncOutgoing(id, ctx);
    if (s.status === 'none') throw notFound();
    const task = await this.myTask(s, ctx);
    const r = await this.workflow.returnTask(task.taskId, { toNodeId: 'drafter', opinion: dto.opinion }, this.wfCtx(ctx));
    return { id, streamId: outgoingStreamId(id), revision: -1, position: r.position, duplicate: r.duplicate, events: r.events };
  }

  /** Copies the process outcome (签发 or its end without one) into the document. Returns the state. */
  async syncOutgoing(id: string, ctx?: DocumentContext): Promise<OutgoingState> {
    const s = await this.loadOutgoing(id);
    if (s.status !== 'in_review' || !s.processId) return s;
    const loaded = await this.handler.load(instanceStreamId(s.processId), processInstanceDecider);
    const p = loaded.state;
    const events = loaded.events as unknown as (RecordedEvent & InstanceEvent)[];
    let result: { outcome: 'signed' | 'rejected' | 'terminated' | 'cancelled'; actorId: string; opinion: string; at: string } | null = null;
    if (p.status === 'completed') {
      const signed = [...events].reverse().find((e) => e.type === 'TaskApproved' && e.data.nodeId === OUTGOING_NODES.sign);
      if (!signed || signed.type !== 'TaskApproved') return s;
      result = {
        outcome: 'signed',
        actorId: signed.data.onBehalfOf ?? signed.data.actorId,
        opinion: signed.data.opinion,
        at: signed.data.at,
      };
    } else if (p.status === 'rejected' || p.status === 'terminated' || p.status === 'cancelled') {
      const end = [...events]
        .reverse()
        .find((e) => e.type === 'ProcessRejected' || e.type === 'ProcessTerminated' || e.type === 'ProcessCancelled');
      const d = (end?.data ?? {}) as { actorId?: string; opinion?: string; reason?: string; at?: string };
      result = {
        outcome: p.status,
        actorId: d.actorId ?? SYSTEM,
        opinion: d.opinion ?? d.reason ?? '',
        at: d.at ?? p.endedAt ?? this.handler.clock.now(),
      };
    }
    if (!result) return s;
    const name = result.outcome === 'signed' ? ((await this.org.user(result.actorId))?.name ?? result.actorId) : '';
    const c: DocumentContext = ctx ?? { actorId: SYSTEM, actorName: '系统', unitId: s.unitId, departmentId: null, correlationId: uuidv7() };
    const r = await this.handler.handle({
      streamId: outgoingStreamId(id),
      decider: outgoingDecider,
      command: {
        type: 'RecordApprovalOutcome',
        data: {
          processId: s.processId,
          outcome: result.outcome,
          actorId: result.actorId,
          actorName: name,
          opinion: result.opinion,
          at: result.at,
        },
      },
      metadata: { ...this.meta(c, result.at), causationId: ctx?.commandId ?? null },
      commandId: null,
    });
    return r.state;
  }

  /** 复核: the original signer confirms the change made after 签发. */
  async reconfirm(id: string, dto: DocumentOpinionDto, ctx: DocumentContext): Promise<DocumentResult> {
    await this.syncOutgoing(id, ctx);
    return this.out(id, { type: 'ReconfirmSignature', data: { opinion: dto.opinion ?? '' } }, ctx);
  }

  /** 登记编号: the next number of the 机关代字 in the current year (Asia/Shanghai), gap-free. */
  async registerNumber(id: string, ctx: DocumentContext): Promise<DocumentResult & { docNumber: string }> {
    const s = await this.syncOutgoing(id, ctx);
    if (s.status === 'none') throw notFound();
    if (s.number)
      return {
        ...(await this.out(
          id,
          { type: 'RegisterNumber', data: { code: s.number.code, year: s.number.year, number: s.number.number } },
          ctx,
        )),
        docNumber: s.number.docNumber,
      };
    const code = s.elements!.numberCode;
    const year = shanghaiYear(this.handler.clock.now());
    this.precheckOutgoing(s, { type: 'RegisterNumber', data: { code, year, number: 1 } }, ctx);
    const number = await this.allocate(documentNumberRegister, documentNumberStreamId(code, year), { code, year }, id, ctx);
    const r = await this.out(id, { type: 'RegisterNumber', data: { code, year, number } }, ctx);
    const after = await this.loadOutgoing(id);
    return { ...r, docNumber: after.number!.docNumber };
  }

  /** The document as the renderer sees it (GB/T 9704 elements at the current version). */
  renderable(s: OutgoingState, copyNo: string | null = null): RenderableDocument {
    const el = s.elements!;
    return {
      documentId: s.documentId,
      version: currentVersion(s),
      unitId: s.unitId,
      kind: el.kind,
      copyNo,
      classification: el.classification,
      secrecyPeriod: el.secrecyPeriod,
      urgency: el.urgency,
      issuers: el.issuers,
      docNumber: s.number?.docNumber ?? '',
      signers: s.signature ? [s.signature.signerName] : [],
      title: el.title,
      mainRecipients: el.mainRecipients,
      body: currentBody(s),
      attachments: el.attachments,
      signatureNames: el.signatureNames,
      writtenDate: s.writtenDate ?? '',
      note: el.note,
      copyTo: el.copyTo,
      printingOrgan: s.printingOrgan ?? el.printingOrgan ?? '',
      printedDate: s.printedDate ?? '',
    };
  }

  /** 套红 through the DocumentRenderer port. */
  async render(id: string, dto: RenderDto, ctx: DocumentContext): Promise<DocumentResult> {
    const renderer = this.renderer;
    if (!renderer) throw new PortUnavailable('套红服务未配置');
    const s = await this.syncOutgoing(id, ctx);
    if (s.status === 'none') throw notFound();
    const version = currentVersion(s);
    this.precheckOutgoing(
      s,
      {
        type: 'RecordRendering',
        data: { version, rendered: { pdfSha256: '0'.repeat(64), pages: 1, templateId: '', storageKey: '', bytes: 0 } },
      },
      ctx,
    );
    const rendered = await renderer.render({ document: this.renderable(s), templateId: dto.templateId ?? null });
    return this.out(id, { type: 'RecordRendering', data: { rendered, version } }, ctx);
  }

  /** 用印 through the SealService port. */
  async seal(id: string, ctx: DocumentContext): Promise<DocumentResult> {
    const sealer = this.sealService;
    if (!sealer) throw new PortUnavailable('电子签章服务未配置');
    const s = await this.syncOutgoing(id, ctx);
    if (s.status === 'none') throw notFound();
    if (!s.rendered) throw new DomainError('rule', 'document.wrong_stage', '公文须套红后才能用印');
    if (s.sealed) throw new DomainError('rule', 'document.wrong_stage', '公文已用印');
    const seal = await sealer.seal({
      documentId: id,
      unitId: s.unitId,
      pdfStorageKey: s.rendered.storageKey,
      pdfSha256: s.rendered.pdfSha256,
      actorId: ctx.actorId,
    });
    return this.out(id, { type: 'RecordSeal', data: { seal } }, ctx);
  }

  async verifySeal(id: string): Promise<SealVerification & { sealId: string }> {
    const sealer = this.sealService;
    if (!sealer) throw new PortUnavailable('电子签章服务未配置');
    const s = await this.loadOutgoing(id);
    if (s.status === 'none') throw notFound();
    if (!s.sealed) throw new DomainError('rule', 'document.not_sealed', '该公文尚未用印');
    const v = await sealer.verify(s.sealed);
    return { ...v, sealId: s.sealed.sealId };
  }

  /** 分发 (公文交换): records the deliveries, then puts a copy in each unit's 待签收 box. */
  async distribute(
    id: string,
    dto: DistributeDto,
    ctx: DocumentContext,
  ): Promise<DocumentResult & { deliveries: { unitId: string; incomingId: string; copyNo: string }[] }> {
    const s = await this.syncOutgoing(id, ctx);
    if (s.status === 'none') throw notFound();
    const recipients: { unitId: string; unitName: string; incomingId: string }[] = [];
    for (const [i, unitId] of dto.unitIds.entries()) {
      const u = await this.org.unit(unitId);
      if (!u || !u.open) throw new DomainError('invalid', 'document.unknown_unit', '分发单位不存在或已撤销', `unitIds[${i}]`);
      recipients.push({ unitId, unitName: u.name, incomingId: this.newId() });
    }
    const own = await this.org.unit(s.unitId);
    const r = await this.out(
      id,
      { type: 'Distribute', data: { recipients, printingOrgan: `${own?.name ?? ''}办公室`, requireSeal: this.requireSeal } },
      ctx,
    );
    const deliveries = await this.fanOut(id, ctx);
    return { ...r, deliveries };
  }

  /** Ensures every delivery of the document exists as an IncomingDocument (idempotent). */
  async fanOut(id: string, ctx: DocumentContext): Promise<{ unitId: string; incomingId: string; copyNo: string }[]> {
    const s = await this.loadOutgoing(id);
    const own = await this.org.unit(s.unitId);
    const el = s.elements!;
    const document: ExchangedDocument = {
      kind: el.kind,
      title: el.title,
      docNumber: s.number?.docNumber ?? '',
      issuers: el.issuers,
      classification: el.classification,
      secrecyPeriod: el.secrecyPeriod,
      urgency: el.urgency,
      mainRecipients: el.mainRecipients,
      copyTo: el.copyTo,
      body: currentBody(s),
      attachments: el.attachments,
      signerName: s.signature?.signerName ?? null,
      writtenDate: s.writtenDate,
      printingOrgan: s.printingOrgan,
      printedDate: s.printedDate,
      pdf: s.sealed
        ? {
            storageKey: s.sealed.sealedStorageKey,
            sha256: s.sealed.sealedPdfSha256,
            pages: s.rendered?.pages ?? 0,
            sealId: s.sealed.sealId,
          }
        : s.rendered
          ? { storageKey: s.rendered.storageKey, sha256: s.rendered.pdfSha256, pages: s.rendered.pages, sealId: null }
          : null,
    };
    for (const d of s.deliveries) {
      await this.inc(
        d.incomingId,
        {
          type: 'ReceiveIncoming',
          data: {
            incomingId: d.incomingId,
            unitId: d.unitId,
            unitName: d.unitName,
            from: { outgoingId: id, unitId: s.unitId, unitName: own?.name ?? s.unitId },
            copyNo: d.copyNo,
            document,
          },
        },
        { ...ctx, causationId: ctx.commandId ?? null },
        { commandId: null },
      );
    }
    return s.deliveries.map((d) => ({ unitId: d.unitId, incomingId: d.incomingId, copyNo: d.copyNo }));
  }

  // ------------------------------------------------------------------ 收文
  private async acknowledge(
    inc: IncomingState,
    outcomeOf: 'signed' | 'returned',
    reason: string,
    ctx: DocumentContext,
    at: string,
  ): Promise<void> {
    if (!inc.from) return;
    await this.handler.handle({
      streamId: outgoingStreamId(inc.from.outgoingId),
      decider: outgoingDecider,
      command: { type: 'AcknowledgeDelivery', data: { incomingId: inc.incomingId, outcome: outcomeOf, reason, actorId: ctx.actorId, at } },
      metadata: { ...this.meta(ctx), causationId: ctx.commandId ?? null },
      commandId: null,
    });
  }

  async signFor(incomingId: string, ctx: DocumentContext): Promise<DocumentResult> {
    const r = await this.inc(incomingId, { type: 'SignForIncoming', data: { actorName: ctx.actorName } }, ctx);
    const s = await this.loadIncoming(incomingId);
    await this.acknowledge(s, 'signed', '', ctx, s.signedFor?.at ?? this.handler.clock.now());
    return r;
  }

  async returnIncoming(incomingId: string, dto: ReasonDto, ctx: DocumentContext): Promise<DocumentResult> {
    const r = await this.inc(incomingId, { type: 'ReturnIncoming', data: { reason: dto.reason, actorName: ctx.actorName } }, ctx);
    const s = await this.loadIncoming(incomingId);
    await this.acknowledge(s, 'returned', s.returned?.reason ?? dto.reason, ctx, s.returned?.at ?? this.handler.clock.now());
    return r;
  }

  private receiptNumber(year: number, seq: number): string {
    return `收文〔${year}〕${seq}号`;
  }

  /** 登记 of an exchanged document: 收文编号 from the unit's register, the rest from the sender. */
  async registerIncoming(
    incomingId: string,
    dto: RegisterIncomingDto,
    ctx: DocumentContext,
  ): Promise<DocumentResult & { receiptNumber: string }> {
    const s = await this.loadIncoming(incomingId);
    if (s.status === 'none') throw new DomainError('not_found', 'incoming.not_found', '收文不存在');
    if (s.receiptNumber)
      return {
        id: incomingId,
        streamId: incomingStreamId(incomingId),
        revision: -1,
        position: 0,
        duplicate: true,
        events: [],
        receiptNumber: s.receiptNumber,
      };
    const year = shanghaiYear(this.handler.clock.now());
    const extra = {
      ...(dto.supervisionDeadline ? { supervisionDeadline: dto.supervisionDeadline } : {}),
      ...(dto.remarks ? { remarks: dto.remarks } : {}),
    };
    this.precheckIncoming(s, { type: 'RegisterIncoming', data: { year, receiptSeq: 1, receiptNumber: '-', ...extra } }, ctx);
    const seq = await this.allocate(
      incomingReceiptRegister,
      incomingReceiptStreamId(s.unitId, year),
      { unitId: s.unitId, year },
      incomingId,
      ctx,
    );
    const receiptNumber = this.receiptNumber(year, seq);
    const r = await this.inc(incomingId, { type: 'RegisterIncoming', data: { year, receiptSeq: seq, receiptNumber, ...extra } }, ctx);
    return { ...r, receiptNumber };
  }

  /** 纸质来文登记: typed by the clerk, dated when it arrived (the events' occurredAt is back-dated too). */
  async registerPaper(dto: RegisterPaperDto, ctx: DocumentContext): Promise<DocumentResult & { receiptNumber: string }> {
    if (!ctx.unitId) throw new DomainError('forbidden', 'document.no_post', '当前用户不在组织机构中');
    if (ctx.commandId) {
      const prior = await this.handler.previousResult(ctx.commandId, incomingDecider as never);
      if (prior) {
        const st = prior.state as IncomingState | undefined;
        return { ...outcome(prior.streamId.slice('incoming-document-'.length), prior), receiptNumber: st?.receiptNumber ?? '' };
      }
    }
    const unit = await this.org.unit(ctx.unitId);
    const id = this.newId();
    const year = shanghaiYear(dto.receivedAt);
    const entry = {
      sourceOrgan: dto.sourceOrgan,
      docNumber: dto.docNumber ?? '',
      title: dto.title,
      kind: dto.kind ?? null,
      classification: dto.classification,
      secrecyPeriod: dto.secrecyPeriod ?? null,
      urgency: dto.urgency ?? ('平件' as const),
      copies: dto.copies ?? 1,
      pages: dto.pages ?? null,
      supervisionDeadline: dto.supervisionDeadline ?? null,
      remarks: dto.remarks ?? '',
    };
    const call = {
      type: 'RegisterPaperIncoming' as const,
      data: {
        incomingId: id,
        unitId: ctx.unitId,
        unitName: unit?.name ?? ctx.unitId,
        category: dto.category,
        year,
        receiptSeq: 1,
        receiptNumber: '-',
        entry,
        body: dto.body ?? '',
        attachments: (dto.attachments ?? []).map((a) => ({ name: a.name, sha256: a.sha256, size: a.size })),
        receivedAt: new Date(Date.parse(dto.receivedAt)).toISOString(),
        clearance: this.clearance,
      },
    };
    this.precheckIncoming(await this.loadIncoming(id), call, ctx);
    const seq = await this.allocate(
      incomingReceiptRegister,
      incomingReceiptStreamId(ctx.unitId, year),
      { unitId: ctx.unitId, year },
      id,
      ctx,
    );
    const receiptNumber = this.receiptNumber(year, seq);
    const r = await this.inc(id, { ...call, data: { ...call.data, receiptSeq: seq, receiptNumber } }, ctx, {
      occurredAt: call.data.receivedAt,
    });
    return { ...r, receiptNumber };
  }

  propose(incomingId: string, dto: ProposeDto, ctx: DocumentContext) {
    return this.inc(
      incomingId,
      { type: 'ProposeHandling', data: { opinion: dto.opinion, proposerName: ctx.actorName, leaderIds: dto.leaderIds ?? [] } },
      ctx,
    );
  }

  instruct(incomingId: string, dto: InstructDto, ctx: DocumentContext) {
    return this.inc(
      incomingId,
      {
        type: 'InstructIncoming',
        data: {
          leaderName: ctx.actorName,
          instruction: dto.instruction ?? '',
          strokes: dto.signature ? { strokes: dto.signature.strokes.map((x) => ({ points: x.points })) } : null,
        },
      },
      ctx,
    );
  }

  async assign(incomingId: string, dto: AssignDto, ctx: DocumentContext) {
    const s = await this.loadIncoming(incomingId);
    if (s.status === 'none') throw new DomainError('not_found', 'incoming.not_found', '收文不存在');
    const dept = async (deptId: string, field: string): Promise<Party> => {
      const d = await this.org.department(deptId);
      if (!d || !d.open || d.unitId !== s.unitId)
        throw new DomainError('invalid', 'incoming.bad_department', '承办部门须为本单位的部门', field);
      return { id: d.id, name: d.name };
    };
    const lead = await dept(dto.leadDepartmentId, 'leadDepartmentId');
    const co: Party[] = [];
    for (const [i, x] of (dto.coDepartmentIds ?? []).entries()) co.push(await dept(x, `coDepartmentIds[${i}]`));
    return this.inc(incomingId, { type: 'AssignHandling', data: { lead, co, deadline: dto.deadline ?? null } }, ctx);
  }

  async circulate(incomingId: string, dto: CirculateDto, ctx: DocumentContext) {
    const s = await this.loadIncoming(incomingId);
    if (s.status === 'none') throw new DomainError('not_found', 'incoming.not_found', '收文不存在');
    const readers: Party[] = [];
    for (const [i, userId] of dto.readerIds.entries()) {
      const u = await this.org.user(userId);
      if (!u || !u.active || u.unitId !== s.unitId)
        throw new DomainError('invalid', 'incoming.bad_reader', '传阅人须为本单位在职人员', `readerIds[${i}]`);
      readers.push({ id: u.id, name: u.name });
    }
    return this.inc(incomingId, { type: 'Circulate', data: { readers } }, ctx);
  }

  markRead(incomingId: string, ctx: DocumentContext) {
    return this.inc(incomingId, { type: 'MarkIncomingRead', data: {} }, ctx);
  }

  complete(incomingId: string, dto: CompleteDto, ctx: DocumentContext) {
    return this.inc(incomingId, { type: 'CompleteIncoming', data: { summary: dto.summary ?? '' } }, ctx);
  }

  // ------------------------------------------------------------------ 归档
  /** 归档 (DA/T 22): 件号 from the (全宗, 年度, 期限, 机构) register, 档号 from it, catalogue fields from the document. */
  async archive(
    direction: 'outgoing' | 'incoming',
    id: string,
    dto: ArchiveDto,
    ctx: DocumentContext,
  ): Promise<DocumentResult & { archivalCode: string }> {
    let base: Omit<ArchiveFiling, keyof ArchiveKey | 'itemNumber' | 'archivalCode'>;
    let defaultYear: number;
    let precheck: (filing: ArchiveFiling) => void;
    if (direction === 'outgoing') {
      const s = await this.syncOutgoing(id, ctx);
      if (s.status === 'none') throw notFound();
      if (s.archive)
        return {
          id,
          streamId: outgoingStreamId(id),
          revision: -1,
          position: 0,
          duplicate: true,
          events: [],
          archivalCode: s.archive.archivalCode,
        };
      const el = s.elements!;
      base = {
        docNumber: s.number?.docNumber ?? null,
        responsible: el.issuers.map((i) => i.name).join('、'),
        title: el.title,
        date: compactDate(s.writtenDate ?? ''),
        classification: el.classification,
        pages: s.rendered?.pages ?? null,
        remarks: dto.remarks ?? '',
      };
      defaultYear = Number((s.writtenDate ?? this.handler.clock.now()).slice(0, 4));
      precheck = (filing) => this.precheckOutgoing(s, { type: 'ArchiveOutgoing', data: { filing } }, ctx);
    } else {
      const s = await this.loadIncoming(id);
      if (s.status === 'none') throw new DomainError('not_found', 'incoming.not_found', '收文不存在');
      if (s.archive)
        return {
          id,
          streamId: incomingStreamId(id),
          revision: -1,
          position: 0,
          duplicate: true,
          events: [],
          archivalCode: s.archive.archivalCode,
        };
      const e = s.entry!;
      const date = s.document?.writtenDate ?? e?.receivedDate ?? '';
      base = {
        docNumber: e?.docNumber || null,
        responsible: e?.sourceOrgan ?? '',
        title: e?.title ?? '',
        date: compactDate(date),
        classification: e?.classification ?? '内部',
        pages: e?.pages ?? null,
        remarks: dto.remarks ?? e?.remarks ?? '',
      };
      defaultYear = Number((e?.receivedDate ?? this.handler.clock.now()).slice(0, 4));
      precheck = (filing) => this.precheckIncoming(s, { type: 'ArchiveIncoming', data: { filing } }, ctx);
    }
    const key: ArchiveKey = { fondsCode: dto.fondsCode, year: dto.year ?? defaultYear, retention: dto.retention, orgCode: dto.orgCode };
    precheck({ ...key, ...base, itemNumber: 0, archivalCode: '' });
    const itemNumber = await this.allocate(
      archiveItemRegister,
      archiveItemStreamId(key.fondsCode, key.year, RETENTION_CODES[key.retention], key.orgCode),
      { fondsCode: key.fondsCode, year: key.year, retention: key.retention, orgCode: key.orgCode },
      id,
      ctx,
    );
    const filing: ArchiveFiling = { ...key, ...base, itemNumber, archivalCode: formatArchivalCode(key, itemNumber) };
    const r =
      direction === 'outgoing'
        ? await this.out(id, { type: 'ArchiveOutgoing', data: { filing } }, ctx)
        : await this.inc(id, { type: 'ArchiveIncoming', data: { filing } }, ctx);
    if (this.options.packager && !r.duplicate) {
      await this.options.packager.build({ documentId: id, direction, filing }).catch(() => undefined); // the package can be rebuilt from the log
    }
    return { ...r, archivalCode: filing.archivalCode };
  }

  /** The 发文 process instance of a document (for the 办文单 / diagram), or null. */
  async processOf(s: OutgoingState): Promise<InstanceState | null> {
    return s.processId ? this.processState(s.processId) : null;
  }
}
