import { v5 as uuidv5 } from 'uuid';
import { WrongExpectedRevision } from '../../domain/eventstore/port';
import { shanghaiYear, type DocumentElements } from '../../domain/documents/elements';
import { OUTGOING_DEFINITION_KEY, OUTGOING_NODES, OUTGOING_SUBJECT_TYPE, outgoingDocumentDefinition } from '../../domain/documents/flow';
import { documentNumberRegister, documentNumberStreamId } from '../../domain/documents/numbering';
import { outgoingApprovers } from '../../domain/documents/recipients';
import { outgoingStreamId } from '../../domain/documents/outgoing.events';
import { DomainError } from '../../domain/shared/errors';
import { resolveAssignments } from '../../domain/workflow/definition';
import { processInstanceDecider, type DelegationMap, type InstanceCommand } from '../../domain/workflow/instance.decide';
import { instanceStreamId } from '../../domain/workflow/instance.events';
import { processDefinitionDecider } from '../../domain/workflow/process-definition.decide';
import { currentDefinition, definitionStreamId } from '../../domain/workflow/process-definition.events';
import { SYSTEM, outcome, type DistributiveOmit, type DocumentContext, type DocumentKit, type DocumentResult } from './document-kit';
import type { DocumentOpinionDto, DraftOutgoingDto, EditOutgoingDto, ReturnToDrafterDto, SubmitOutgoingDto } from './dtos';

const NS = '2b0f2f0e-6f4e-4d8a-9a57-7d9c1e0a4b31';

/**
 * 发文 up to its number: 拟稿 · 修改 · 送审 (starts the 发文 process) · 核稿/会签/签发 (the caller's task
 * in that process) · 退回 · 复核 · 登记编号. 套红/用印 are in publishing-commands.ts, 分发 in
 * distribution-commands.ts, 附件 in attachment-commands.ts, 归档 in archive-commands.ts.
 *
 * 送审 is a process-manager step, idempotent so that a retry after a crash completes the work: it starts
 * the process (`process-<uuidv5(doc, round)>`, expectedRevision no_stream), then records
 * OutgoingDocumentSubmitted. 登记编号 takes the register's number first (idempotent per document).
 */
export class OutgoingCommands {
  constructor(private readonly kit: DocumentKit) {}

  async draft(dto: DraftOutgoingDto, ctx: DocumentContext): Promise<DocumentResult> {
    const { kit } = this;
    if (!ctx.unitId || !ctx.departmentId) throw new DomainError('forbidden', 'document.no_post', '当前用户不在组织机构中，不能拟稿');
    if (ctx.commandId) {
      const prior = await kit.handler.previousResult(ctx.commandId);
      if (prior) return outcome(prior.streamId.slice('outgoing-document-'.length), prior);
    }
    const unit = await kit.org.unit(ctx.unitId);
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
    const id = kit.newId();
    const data = {
      documentId: id,
      unitId: ctx.unitId,
      departmentId: ctx.departmentId,
      drafterName: ctx.actorName,
      elements,
      body: dto.body,
      clearance: kit.clearance,
    };
    return kit.out(id, { type: 'DraftOutgoing', data }, ctx, { expectedRevision: 'no_stream' });
  }

  async edit(id: string, dto: EditOutgoingDto, ctx: DocumentContext): Promise<DocumentResult> {
    const { kit } = this;
    const s = await kit.current(id, ctx);
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
    const { capacity, stage } = await kit.capacityOf(s, ctx);
    const data = {
      changes,
      body: body ?? null,
      editorName: ctx.actorName,
      capacity,
      ...(stage ? { stage } : {}),
      clearance: kit.clearance,
    };
    return kit.out(id, { type: 'EditOutgoing', data }, ctx);
  }

  /** Publishes the default 发文 definition on first use (idempotent); a retired one stays retired. */
  async ensureDefinition(): Promise<void> {
    const { handler } = this.kit;
    const { state } = await handler.load(definitionStreamId(OUTGOING_DEFINITION_KEY), processDefinitionDecider);
    if (state.latestVersion > 0) return;
    await handler
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

  /** 送审 (or 重新提交 of a document returned to the drafter inside its process). */
  async submit(id: string, dto: SubmitOutgoingDto, ctx: DocumentContext): Promise<DocumentResult & { processId: string }> {
    const { kit } = this;
    const s = await kit.current(id, ctx);
    if (s.status === 'in_review' && s.processId) {
      const p = await kit.processState(s.processId);
      if (p.status === 'returned') {
        if ((ctx.onBehalfOf ?? ctx.actorId) !== s.drafterId)
          throw new DomainError('forbidden', 'document.not_drafter', '只有拟稿人可以送审');
        const r = await kit.workflow.resubmit(s.processId, {}, kit.wfCtx(ctx));
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
    kit.precheckOutgoing(s, { type: 'SubmitOutgoing', data: { processId, approvers: { countersignerIds: [], signerId: '' } } }, ctx);
    await this.ensureDefinition();
    const defState = (await kit.handler.load(definitionStreamId(OUTGOING_DEFINITION_KEY), processDefinitionDecider)).state;
    const def = currentDefinition(defState);
    if (!def) throw new DomainError('rule', 'definition.retired', '发文流程已停用，请联系管理员');
    const applicant = await kit.approvers.applicant(s.drafterId);
    if (!applicant) throw new DomainError('forbidden', 'process.no_applicant', '拟稿人不在组织机构中，不能送审');
    const assignments = await resolveAssignments(def, { applicant, drafterId: s.drafterId }, kit.approvers);
    // 会签 and 签发 (domain/documents/recipients.ts), from the org facts loaded here
    const countersign = await Promise.all((dto.countersignDepartmentIds ?? []).map((d) => kit.org.department(d)));
    const signer = dto.signerId ? { id: dto.signerId, user: await kit.org.user(dto.signerId) } : null;
    const unitLeaderId = signer ? null : ((await kit.org.unit(s.unitId))?.leaderUserId ?? null);
    const approvers = outgoingApprovers(s, countersign, signer, unitLeaderId);
    assignments[OUTGOING_NODES.countersign] = approvers.countersignerIds;
    assignments[OUTGOING_NODES.sign] = [approvers.signerId];
    const now = kit.now();
    const delegations: DelegationMap = {};
    for (const u of new Set(
      Object.entries(assignments)
        .filter(([k]) => !k.startsWith('escalation:'))
        .flatMap(([, v]) => v),
    )) {
      const d = await kit.delegations.delegationOf(u, def.kind, now);
      if (d && d.delegateId !== u) delegations[u] = { delegateId: d.delegateId, delegationId: d.delegationId };
    }
    const el = s.elements!;
    try {
      await kit.handler.handle({
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
            form: {
              docKind: el.kind,
              countersignCount: approvers.countersignerIds.length,
              classification: el.classification,
              urgency: el.urgency,
            },
            subject: { type: OUTGOING_SUBJECT_TYPE, id },
          },
        } as DistributiveOmit<InstanceCommand, 'metadata'>,
        metadata: kit.meta({ ...ctx, actorId: s.drafterId, onBehalfOf: null }),
        commandId: null,
        expectedRevision: 'no_stream',
      });
    } catch (e) {
      if (!(e instanceof WrongExpectedRevision)) throw e; // started by an earlier attempt of this submission
    }
    const r = await kit.out(id, { type: 'SubmitOutgoing', data: { processId, approvers } }, ctx);
    return { ...r, processId };
  }

  private async myTask(id: string, ctx: DocumentContext) {
    const s = await this.kit.current(id, ctx);
    if (s.status !== 'in_review' || !s.processId) throw new DomainError('rule', 'document.wrong_stage', '公文不在审核中');
    const mine = await this.kit.taskOf(s, ctx);
    if (!mine) throw new DomainError('forbidden', 'document.no_task', '您在该公文的审批流程中没有待办');
    return mine.task;
  }

  /**
   * 核稿 / 会签 / 签发: approves the caller's task in the document's process. When that ends the process,
   * the 发文审批 → 发文 reactor records the outcome on the document (the route's answer waits for it).
   */
  async approve(id: string, dto: DocumentOpinionDto, ctx: DocumentContext): Promise<DocumentResult & { node: string }> {
    const { kit } = this;
    const task = await this.myTask(id, ctx);
    const opinion = { opinion: dto.opinion, ...(dto.signature ? { signature: dto.signature } : {}) };
    const r = await kit.workflow.approve(task.taskId, opinion, kit.wfCtx(ctx));
    return {
      id,
      streamId: outgoingStreamId(id),
      revision: -1,
      position: r.position,
      duplicate: r.duplicate,
      events: r.events,
      node: task.nodeId,
    };
  }

  /** 退回拟稿人 from the caller's task. */
  async returnToDrafter(id: string, dto: ReturnToDrafterDto, ctx: DocumentContext): Promise<DocumentResult> {
    const task = await this.myTask(id, ctx);
    const r = await this.kit.workflow.returnTask(task.taskId, { toNodeId: 'drafter', opinion: dto.opinion }, this.kit.wfCtx(ctx));
    return { id, streamId: outgoingStreamId(id), revision: -1, position: r.position, duplicate: r.duplicate, events: r.events };
  }

  /** 复核: the original signer confirms the change made after 签发. */
  async reconfirm(id: string, dto: DocumentOpinionDto, ctx: DocumentContext): Promise<DocumentResult> {
    await this.kit.current(id, ctx);
    return this.kit.out(id, { type: 'ReconfirmSignature', data: { opinion: dto.opinion ?? '' } }, ctx);
  }

  /** 登记编号: the next number of the 机关代字 in the current year (Asia/Shanghai), gap-free. */
  async registerNumber(id: string, ctx: DocumentContext): Promise<DocumentResult & { docNumber: string }> {
    const { kit } = this;
    const s = await kit.current(id, ctx);
    if (s.number) {
      const again = { code: s.number.code, year: s.number.year, number: s.number.number };
      return { ...(await kit.out(id, { type: 'RegisterNumber', data: again }, ctx)), docNumber: s.number.docNumber };
    }
    const code = s.elements!.numberCode;
    const year = shanghaiYear(kit.now());
    kit.precheckOutgoing(s, { type: 'RegisterNumber', data: { code, year, number: 1 } }, ctx);
    const number = await kit.allocate(documentNumberRegister, documentNumberStreamId(code, year), { code, year }, id, ctx);
    const r = await kit.out(id, { type: 'RegisterNumber', data: { code, year, number } }, ctx);
    const after = await kit.loadOutgoing(id);
    return { ...r, docNumber: after.number!.docNumber };
  }
}
