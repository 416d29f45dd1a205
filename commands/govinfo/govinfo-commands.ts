import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import {
  RULES_STREAM,
  callStreamId,
  govInfoCallDecider,
  govInfoReportDecider,
  govInfoRulesDecider,
  reportStreamId,
  type GovInfoCallCommand,
  type GovInfoCallState,
  type GovInfoReportCommand,
  type GovInfoReportState,
  type PointsRules,
} from '../../domain/govinfo';
import { DomainError } from '../../domain/shared/errors';
import type { CommandHandler } from '../pipeline/handler';
import type { AdoptGovInfoDto, EditGovInfoDto, GovInfoCallDto, GovInfoRulesDto, RejectGovInfoDto, SubmitGovInfoDto } from './dtos';

/**
 * 信息报送 write side: 报送 (with the rules' points and the call's facts), 编辑 / 采用 / 不予采用 (reviewers of the
 * receiving unit), 约稿, 积分规则. Each method runs the command pipeline (idempotent by ctx.commandId).
 */
const NS = '9c2b4a6e-1d3f-4b5a-8e7c-6f5d4c3b2a10';

export interface GovInfoContext {
  actorId: string;
  actorName: string;
  unitId: string | null;
  correlationId: string;
  commandId?: string | null;
  clientIp?: string | null;
  /** Does the caller review for this (receiving) unit? */
  reviews: (unitId: string) => boolean;
}

export interface GovInfoResult {
  id: string;
  position: number;
  duplicate: boolean;
  events: string[];
}

export class GovInfoCommands {
  constructor(readonly handler: CommandHandler) {}

  private meta(ctx: GovInfoContext) {
    return { actorId: ctx.actorId, unitId: ctx.unitId, correlationId: ctx.correlationId, clientIp: ctx.clientIp ?? null };
  }

  async report(id: string): Promise<GovInfoReportState> {
    return (await this.handler.load(reportStreamId(id), govInfoReportDecider)).state;
  }
  async call(id: string): Promise<GovInfoCallState> {
    return (await this.handler.load(callStreamId(id), govInfoCallDecider)).state;
  }
  async rules(): Promise<PointsRules> {
    return (await this.handler.load(RULES_STREAM, govInfoRulesDecider)).state;
  }

  private async onReport(id: string, command: Omit<GovInfoReportCommand, 'metadata'>, ctx: GovInfoContext): Promise<GovInfoResult> {
    const r = await this.handler.handle({
      streamId: reportStreamId(id),
      decider: govInfoReportDecider,
      command: command as GovInfoReportCommand,
      metadata: this.meta(ctx),
      commandId: ctx.commandId ?? null,
    });
    return { id, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  private async onCall(id: string, command: Omit<GovInfoCallCommand, 'metadata'>, ctx: GovInfoContext): Promise<GovInfoResult> {
    const r = await this.handler.handle({
      streamId: callStreamId(id),
      decider: govInfoCallDecider,
      command: command as GovInfoCallCommand,
      metadata: this.meta(ctx),
      commandId: ctx.commandId ?? null,
    });
    return { id, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  async submit(dto: SubmitGovInfoDto, ctx: GovInfoContext): Promise<GovInfoResult> {
    if (!ctx.unitId) throw new DomainError('forbidden', 'govinfo.no_unit', '当前用户不在任何单位，不能报送');
    let call = null;
    if (dto.callId) {
      const c = await this.call(dto.callId);
      if (c.status === 'none') throw new DomainError('not_found', 'govinfo.call_not_found', '约稿不存在', 'callId');
      call = { callId: c.callId, unitId: c.unitId, deadline: c.deadline, open: c.status === 'open' };
    }
    const id = ctx.commandId ? uuidv5(`govinfo:${ctx.commandId}`, NS) : uuidv7();
    return this.onReport(
      id,
      {
        type: 'SubmitGovInfo',
        data: {
          reportId: id,
          title: dto.title,
          body: dto.body,
          unitId: ctx.unitId,
          submitterName: ctx.actorName,
          receiverUnitId: dto.receiverUnitId ?? '',
          call,
          rules: await this.rules(),
        },
      },
      ctx,
    );
  }

  async edit(id: string, dto: EditGovInfoDto, ctx: GovInfoContext): Promise<GovInfoResult> {
    const s = await this.report(id);
    return this.onReport(
      id,
      { type: 'EditGovInfo', data: { title: dto.title, body: dto.body, asReviewer: ctx.reviews(s.receiverUnitId) } },
      ctx,
    );
  }

  async adopt(id: string, dto: AdoptGovInfoDto, ctx: GovInfoContext): Promise<GovInfoResult> {
    const s = await this.report(id);
    return this.onReport(
      id,
      {
        type: 'AdoptGovInfo',
        data: {
          level: dto.level,
          note: dto.note ?? '',
          reviewerName: ctx.actorName,
          asReviewer: ctx.reviews(s.receiverUnitId),
          rules: await this.rules(),
        },
      },
      ctx,
    );
  }

  async reject(id: string, dto: RejectGovInfoDto, ctx: GovInfoContext): Promise<GovInfoResult> {
    const s = await this.report(id);
    return this.onReport(
      id,
      { type: 'RejectGovInfo', data: { reason: dto.reason, reviewerName: ctx.actorName, asReviewer: ctx.reviews(s.receiverUnitId) } },
      ctx,
    );
  }

  async issueCall(dto: GovInfoCallDto, ctx: GovInfoContext): Promise<GovInfoResult> {
    if (!ctx.unitId) throw new DomainError('forbidden', 'govinfo.no_unit', '当前用户不在任何单位');
    const id = ctx.commandId ? uuidv5(`govinfo-call:${ctx.commandId}`, NS) : uuidv7();
    return this.onCall(
      id,
      {
        type: 'IssueGovInfoCall',
        data: {
          callId: id,
          topic: dto.topic,
          description: dto.description ?? '',
          deadline: dto.deadline,
          unitId: ctx.unitId,
          issuerName: ctx.actorName,
        },
      },
      ctx,
    );
  }

  async closeCall(id: string, ctx: GovInfoContext): Promise<GovInfoResult> {
    const c = await this.call(id);
    return this.onCall(id, { type: 'CloseGovInfoCall', data: { asReviewer: c.status !== 'none' && ctx.reviews(c.unitId) } }, ctx);
  }

  async setRules(dto: GovInfoRulesDto, ctx: GovInfoContext): Promise<GovInfoResult> {
    const r = await this.handler.handle({
      streamId: RULES_STREAM,
      decider: govInfoRulesDecider,
      command: {
        type: 'SetGovInfoRules',
        data: { submitted: dto.submitted, adoptedDistrict: dto.adoptedDistrict, adoptedCity: dto.adoptedCity, endorsed: dto.endorsed },
      },
      metadata: this.meta(ctx),
      commandId: ctx.commandId ?? null,
    });
    return { id: RULES_STREAM, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }
}
