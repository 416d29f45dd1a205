import { shanghaiYear } from '../../domain/documents/elements';
import { incomingDecider } from '../../domain/documents/incoming.decide';
import { incomingStreamId, type IncomingState, type Party } from '../../domain/documents/incoming.events';
import { incomingReceiptRegister, incomingReceiptStreamId } from '../../domain/documents/numbering';
import { DomainError } from '../../domain/shared/errors';
import { outcome, unchanged, type DocumentContext, type DocumentKit, type DocumentResult } from './document-kit';
import type { DistributionCommands } from './distribution-commands';
import type {
  AssignDto,
  CirculateDto,
  CompleteDto,
  InstructDto,
  ProposeDto,
  ReasonDto,
  RegisterIncomingDto,
  RegisterPaperDto,
} from './dtos';

const receiptNumberOf = (year: number, seq: number) => `收文〔${year}〕${seq}号`;

/**
 * 收文: 签收 · 退回 (both copied back to the sender's 发文) · 登记 (收文编号 from the unit's gap-free
 * register, the rest from the exchanged document) · 纸质来文登记 · 拟办 · 批示 · 承办 · 传阅 · 已阅 · 办结.
 * 归档 is in archive-commands.ts.
 */
export class IncomingCommands {
  constructor(
    private readonly kit: DocumentKit,
    private readonly exchange: DistributionCommands,
  ) {}

  async signFor(incomingId: string, ctx: DocumentContext): Promise<DocumentResult> {
    const { kit } = this;
    const r = await kit.inc(incomingId, { type: 'SignForIncoming', data: { actorName: ctx.actorName } }, ctx);
    const s = await kit.loadIncoming(incomingId);
    await this.exchange.acknowledge(s, 'signed', '', ctx, s.signedFor?.at ?? kit.now());
    return r;
  }

  async returnIncoming(incomingId: string, dto: ReasonDto, ctx: DocumentContext): Promise<DocumentResult> {
    const { kit } = this;
    const r = await kit.inc(incomingId, { type: 'ReturnIncoming', data: { reason: dto.reason, actorName: ctx.actorName } }, ctx);
    const s = await kit.loadIncoming(incomingId);
    await this.exchange.acknowledge(s, 'returned', s.returned?.reason ?? dto.reason, ctx, s.returned?.at ?? kit.now());
    return r;
  }

  /** 登记 of an exchanged document: 收文编号 from the unit's register, the rest from the sender. */
  async register(incomingId: string, dto: RegisterIncomingDto, ctx: DocumentContext): Promise<DocumentResult & { receiptNumber: string }> {
    const { kit } = this;
    const s = await kit.existingIncoming(incomingId);
    if (s.receiptNumber) return { ...unchanged(incomingId, incomingStreamId(incomingId)), receiptNumber: s.receiptNumber };
    const year = shanghaiYear(kit.now());
    const extra = {
      ...(dto.supervisionDeadline ? { supervisionDeadline: dto.supervisionDeadline } : {}),
      ...(dto.remarks ? { remarks: dto.remarks } : {}),
    };
    kit.precheckIncoming(s, { type: 'RegisterIncoming', data: { year, receiptSeq: 1, receiptNumber: '-', ...extra } }, ctx);
    const register = incomingReceiptStreamId(s.unitId, year);
    const seq = await kit.allocate(incomingReceiptRegister, register, { unitId: s.unitId, year }, incomingId, ctx);
    const receiptNumber = receiptNumberOf(year, seq);
    const r = await kit.inc(incomingId, { type: 'RegisterIncoming', data: { year, receiptSeq: seq, receiptNumber, ...extra } }, ctx);
    return { ...r, receiptNumber };
  }

  /** 纸质来文登记: typed by the clerk, dated when it arrived (the events' occurredAt is back-dated too). */
  async registerPaper(dto: RegisterPaperDto, ctx: DocumentContext): Promise<DocumentResult & { receiptNumber: string }> {
    const { kit } = this;
    if (!ctx.unitId) throw new DomainError('forbidden', 'document.no_post', '当前用户不在组织机构中');
    if (ctx.commandId) {
      const prior = await kit.handler.previousResult(ctx.commandId, incomingDecider as never);
      if (prior) {
        const st = prior.state as IncomingState | undefined;
        return { ...outcome(prior.streamId.slice('incoming-document-'.length), prior), receiptNumber: st?.receiptNumber ?? '' };
      }
    }
    const unit = await kit.org.unit(ctx.unitId);
    const id = kit.newId();
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
        clearance: kit.clearance,
      },
    };
    kit.precheckIncoming(await kit.loadIncoming(id), call, ctx);
    const register = incomingReceiptStreamId(ctx.unitId, year);
    const seq = await kit.allocate(incomingReceiptRegister, register, { unitId: ctx.unitId, year }, id, ctx);
    const receiptNumber = receiptNumberOf(year, seq);
    const r = await kit.inc(id, { ...call, data: { ...call.data, receiptSeq: seq, receiptNumber } }, ctx, {
      occurredAt: call.data.receivedAt,
    });
    return { ...r, receiptNumber };
  }

  propose(incomingId: string, dto: ProposeDto, ctx: DocumentContext) {
    const data = { opinion: dto.opinion, proposerName: ctx.actorName, leaderIds: dto.leaderIds ?? [] };
    return this.kit.inc(incomingId, { type: 'ProposeHandling', data }, ctx);
  }

  instruct(incomingId: string, dto: InstructDto, ctx: DocumentContext) {
    const data = {
      leaderName: ctx.actorName,
      instruction: dto.instruction ?? '',
      strokes: dto.signature ? { strokes: dto.signature.strokes.map((x) => ({ points: x.points })) } : null,
    };
    return this.kit.inc(incomingId, { type: 'InstructIncoming', data }, ctx);
  }

  async assign(incomingId: string, dto: AssignDto, ctx: DocumentContext) {
    const { kit } = this;
    const s = await kit.existingIncoming(incomingId);
    const leaders: Record<string, string | null> = {};
    const dept = async (deptId: string, field: string): Promise<Party> => {
      const d = await kit.org.department(deptId);
      if (!d || !d.open || d.unitId !== s.unitId)
        throw new DomainError('invalid', 'incoming.bad_department', '承办部门须为本单位的部门', field);
      leaders[d.id] = d.leaderUserId; // org facts for 承办 (recipients.ts handlersOf)
      return { id: d.id, name: d.name };
    };
    const lead = await dept(dto.leadDepartmentId, 'leadDepartmentId');
    const co: Party[] = [];
    for (const [i, x] of (dto.coDepartmentIds ?? []).entries()) co.push(await dept(x, `coDepartmentIds[${i}]`));
    return kit.inc(incomingId, { type: 'AssignHandling', data: { lead, co, deadline: dto.deadline ?? null, leaders } }, ctx);
  }

  async circulate(incomingId: string, dto: CirculateDto, ctx: DocumentContext) {
    const { kit } = this;
    const s = await kit.existingIncoming(incomingId);
    const readers: Party[] = [];
    for (const [i, userId] of dto.readerIds.entries()) {
      const u = await kit.org.user(userId);
      if (!u || !u.active || u.unitId !== s.unitId)
        throw new DomainError('invalid', 'incoming.bad_reader', '传阅人须为本单位在职人员', `readerIds[${i}]`);
      readers.push({ id: u.id, name: u.name });
    }
    return kit.inc(incomingId, { type: 'Circulate', data: { readers } }, ctx);
  }

  markRead(incomingId: string, ctx: DocumentContext) {
    return this.kit.inc(incomingId, { type: 'MarkIncomingRead', data: {} }, ctx);
  }

  complete(incomingId: string, dto: CompleteDto, ctx: DocumentContext) {
    return this.kit.inc(incomingId, { type: 'CompleteIncoming', data: { summary: dto.summary ?? '' } }, ctx);
  }
}
