import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_CLEARANCE, type Classification } from '../../domain/documents/elements';
import { OUTGOING_NODES } from '../../domain/documents/flow';
import { incomingDecider, type IncomingCommand } from '../../domain/documents/incoming.decide';
import { incomingStreamId, type IncomingState } from '../../domain/documents/incoming.events';
import type { AssignNumber, NumberAssigned, RegisterState } from '../../domain/documents/numbering';
import { outgoingDecider, type OutgoingCommand } from '../../domain/documents/outgoing.decide';
import { outgoingStreamId, type EditCapacity, type OutgoingState } from '../../domain/documents/outgoing.events';
import type { ArchivePackager, DocumentRenderer, SealService } from '../../domain/documents/ports';
import type { Decider } from '../../domain/shared/decider';
import { DomainError } from '../../domain/shared/errors';
import type { OrgDirectory } from '../../domain/workflow/approvers';
import type { WorkingCalendar } from '../../domain/workflow/calendar';
import { processInstanceDecider } from '../../domain/workflow/instance.decide';
import { instanceStreamId, openTasks, type InstanceState } from '../../domain/workflow/instance.events';
import { CommandHandler, type CommandCallMetadata, type HandleResult } from '../pipeline/handler';
import { StoreDelegationDirectory, StoreOrgDirectory, type ApplicantDirectory, type DelegationDirectory } from '../workflow/directories';
import { WorkflowCommands } from '../workflow/workflow-commands';
import type { AttachmentFiles } from './attachments';
import { StoreDocumentOrg, type DocumentOrg } from './org-lookup';

/**
 * What every 公文 command facade shares (one instance per DocumentCommands): the command pipeline,
 * the org lookup, the gap-free registers, the 发文 process's workflow commands, the ports — and the
 * plumbing that runs a command on a document's stream (idempotent by ctx.commandId, expectedRevision
 * retries) or probes the pure decider before a register or a port is touched.
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

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type OutgoingCall = DistributiveOmit<OutgoingCommand, 'metadata'>;
export type IncomingCall = DistributiveOmit<IncomingCommand, 'metadata'>;

export const SYSTEM = 'system';

export function outcome<S>(id: string, r: HandleResult<S>): DocumentResult {
  return {
    id,
    streamId: r.streamId,
    revision: r.nextRevision,
    position: r.position,
    duplicate: r.duplicate,
    events: r.events.map((e) => e.type),
  };
}

/** A command answered from the state without appending (the document already holds the result). */
export const unchanged = (id: string, streamId: string, position = 0): DocumentResult => ({
  id,
  streamId,
  revision: -1,
  position,
  duplicate: true,
  events: [],
});

export const documentNotFound = () => new DomainError('not_found', 'document.not_found', '公文不存在');
export const incomingNotFound = () => new DomainError('not_found', 'incoming.not_found', '收文不存在');

export class DocumentKit {
  readonly org: DocumentOrg;
  readonly clearance: Classification;
  readonly requireSeal: boolean;
  readonly approvers: OrgDirectory & ApplicantDirectory;
  readonly delegations: DelegationDirectory;
  readonly workflow: WorkflowCommands;
  readonly newId: () => string;
  private readonly registers: CommandHandler;

  constructor(
    readonly handler: CommandHandler,
    readonly options: DocumentCommandsOptions = {},
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

  now(): string {
    return this.handler.clock.now();
  }

  meta(ctx: DocumentContext, occurredAt?: string): CommandCallMetadata {
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

  /** Runs a command on the 发文 stream `outgoing-document-<id>`. */
  out(
    id: string,
    call: OutgoingCall,
    ctx: DocumentContext,
    o: { commandId?: string | null; occurredAt?: string; expectedRevision?: 'no_stream' } = {},
  ): Promise<DocumentResult> {
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

  /** Runs a command on the 收文 stream `incoming-document-<id>`. */
  inc(id: string, call: IncomingCall, ctx: DocumentContext, o: { commandId?: string | null; occurredAt?: string } = {}) {
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

  /** The document as the next command sees it (the approval's outcome arrives by the 发文审批 → 发文 reactor). */
  async current(id: string, _ctx?: DocumentContext): Promise<OutgoingState> {
    const s = await this.loadOutgoing(id);
    if (s.status === 'none') throw documentNotFound();
    return s;
  }

  async existingIncoming(id: string): Promise<IncomingState> {
    const s = await this.loadIncoming(id);
    if (s.status === 'none') throw incomingNotFound();
    return s;
  }

  /** Gap-free number from a register stream (the same number again for the same holder). */
  async allocate<T extends NumberAssigned['type']>(
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

  private probeMeta(ctx: DocumentContext) {
    return { now: this.now(), actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null, unitId: ctx.unitId };
  }

  /** Runs the pure decider on the current state only to surface its refusal before touching registers or ports. */
  precheckOutgoing(s: OutgoingState, call: OutgoingCall, ctx: DocumentContext): void {
    outgoingDecider.decide({ ...call, metadata: this.probeMeta(ctx) } as OutgoingCommand, s);
  }

  precheckIncoming(s: IncomingState, call: IncomingCall, ctx: DocumentContext): void {
    incomingDecider.decide({ ...call, metadata: this.probeMeta(ctx) } as IncomingCommand, s);
  }

  async processState(processId: string): Promise<InstanceState> {
    return (await this.handler.load(instanceStreamId(processId), processInstanceDecider)).state;
  }

  /** The 发文 process instance of a document (for the 办文单 / diagram), or null. */
  async processOf(s: OutgoingState): Promise<InstanceState | null> {
    return s.processId ? this.processState(s.processId) : null;
  }

  wfCtx(ctx: DocumentContext) {
    return {
      actorId: ctx.actorId,
      onBehalfOf: ctx.onBehalfOf ?? null,
      unitId: ctx.unitId,
      correlationId: ctx.correlationId,
      commandId: ctx.commandId ?? null,
      clientIp: ctx.clientIp ?? null,
    };
  }

  /** The caller's open approval task in the document's process (核稿/会签/签发), or null. */
  async taskOf(s: OutgoingState, ctx: DocumentContext) {
    if (s.status !== 'in_review' || !s.processId) return null;
    const p = await this.processState(s.processId);
    const task = openTasks(p, 'approval').find((t) => t.assignee === ctx.actorId || t.actingDelegate === ctx.actorId);
    return task ? { task, process: p } : null;
  }

  /** Who the caller is for this document right now (拟稿人 / 核稿 / 签发 / 办公室), and the stage name for the version. */
  async capacityOf(s: OutgoingState, ctx: DocumentContext): Promise<{ capacity: EditCapacity; stage?: string }> {
    const me = ctx.onBehalfOf ?? ctx.actorId;
    if (s.status === 'draft') {
      if (me === s.drafterId) return { capacity: 'drafter' };
    } else if (s.status === 'in_review' && s.processId) {
      const mine = await this.taskOf(s, ctx);
      if (mine) {
        const node = mine.process.definition?.nodes.find((n) => n.id === mine.task.nodeId);
        return { capacity: mine.task.nodeId === OUTGOING_NODES.sign ? 'signer' : 'reviewer', stage: node?.name ?? '核稿' };
      }
      const p = await this.processState(s.processId);
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
}
