import ExcelJS from 'exceljs';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { AbroadCommands, type AbroadContext } from '../../commands/abroad/abroad-commands';
import { CheckOutPassportDto, RegisterPassportDto, SubmitAbroadDto } from '../../commands/abroad/dtos';
import {
  ABROAD_ENTRIES,
  ABROAD_NODES,
  ABROAD_STATUS_LABELS,
  RETURN_DAYS,
  abroadDefinition,
  passportDecider,
  type AbroadApplicationState,
  type PassportState,
} from '../../domain/abroad';
import { DomainError } from '../../domain/shared/errors';
import {
  custodyHistory,
  listApplications,
  passportRegister,
  passportsOf,
  type AbroadScope,
  type PassportRow,
} from '../../projections/abroad/queries';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import { scopeReaches } from '../auth/access';
import { scopeFor, type Principal } from '../auth/principal';
import { notFound } from '../http/problem';
import { PageQuery, pageOf } from '../http/pagination';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { abroadOrg } from './org-facts';
import { APPLICATION_PAGE_SCHEMA, APPLICATION_SCHEMA, PASSPORT_PAGE_SCHEMA, PASSPORT_SCHEMA, RESULT_SCHEMA } from './schemas';

/**
 * 出国境 routes:
 *   GET  /abroad/applications            申请列表 (own; travel.admin: its data scope) — filters, pages, ?format=xlsx
 *   POST /abroad/applications            提交申请 (travel.use): the approval process starts
 *   GET  /abroad/applications/:id        申请详情 with the approval levels, the applicant's 证照 and allowedActions
 *   GET  /abroad/passports               证照台账: where every 证照 is now (travel.admin scope; others their own) — ?format=xlsx
 *   POST /abroad/passports               证照登记 (travel.admin, holder in scope)
 *   GET  /abroad/passports/:id           证照详情 with its custody history and allowedActions
 *   POST /abroad/passports/:id/checkout  领用 for an approved application (travel.admin)
 *   POST /abroad/passports/:id/return    归还 (travel.admin)
 */
const TAG = '出国境';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NODE_NAMES = Object.fromEntries(abroadDefinition('出入境').nodes.map((n) => [n.id, n.name])) as Record<string, string>;
const LEVEL_ORDER = [
  ABROAD_NODES.unitHead,
  ABROAD_NODES.districtReview,
  ABROAD_NODES.foreignAffairs,
  ABROAD_NODES.personnel,
  ABROAD_NODES.chargeLeader,
  ABROAD_NODES.chiefLeader,
];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ApplicationsQuery extends PageQuery {
  @IsOptional() @IsIn(['in_review', 'approved', 'rejected', 'terminated', 'cancelled'], { message: '状态不正确' }) status?: string;
  @IsOptional() @IsIn(ABROAD_ENTRIES, { message: '申请类别不正确' }) entry?: string;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(50, { message: '关键词不能超过 50 个字' }) q?: string;
  /** '1': only mine (the default for those without travel.admin). */
  @IsOptional() @IsIn(['0', '1']) mine?: '0' | '1';
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

export class PassportsQuery extends PageQuery {
  @IsOptional() @IsIn(['in_custody', 'checked_out', 'overdue'], { message: '状态不正确' }) status?: string;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(50, { message: '关键词不能超过 50 个字' }) q?: string;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

const ctxOf = (ctx: RouteContext): AbroadContext & { actorName: string } => ({
  actorId: ctx.principal.userId,
  actorName: ctx.principal.displayName,
  correlationId: ctx.requestId,
  commandId: ctx.commandId || null,
  clientIp: ctx.clientIp,
});

const shanghai = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export function whereNow(r: Pick<PassportRow, 'status' | 'keeper_name' | 'holder_name' | 'due_back'>, now: string): string {
  if (r.status === 'in_custody') return `保管中（保管人：${r.keeper_name}）`;
  const late = r.due_back && r.due_back <= now;
  return `${late ? '逾期未还' : '已领用'}（持有人：${r.holder_name}，应还 ${r.due_back ? shanghai(new Date(Date.parse(r.due_back) - 1000).toISOString()).slice(0, 10) : ''}）`;
}

export function abroadRoutes(p: Platform): RouteDef[] {
  const org = abroadOrg(p);
  const cmds = new AbroadCommands(p.commands, org, { calendar: PUBLIC_HOLIDAYS });
  const settled = async <T>(r: T): Promise<T> => {
    await p.projections.waitFor(await p.store.headPosition(), { timeoutMs: 5000 }).catch(() => false);
    return r;
  };
  const nameOf = async (id: string) => (await p.directory.snapshot()).users.get(id)?.name ?? id;

  /** The scope of the caller's travel.admin grant, or null. */
  const adminScope = (who: Principal) => scopeFor(who, 'travel.admin');
  const adminReaches = async (who: Principal, target: { unitId: string; departmentId: string; ownerId: string }) => {
    const s = adminScope(who);
    return !!s && (await scopeReaches(p, who, s, target));
  };
  const listScope = async (who: Principal, mine: boolean): Promise<{ scope: AbroadScope; canAdmin: boolean }> => {
    const s = adminScope(who);
    const canAdmin = s !== null;
    const scope = mine || !s ? 'self' : s;
    const departmentIds = who.departmentId
      ? scope === 'department_tree'
        ? await p.org.departmentSubtree(who.departmentId)
        : [who.departmentId]
      : [];
    return { scope: { scope, userId: who.userId, unitId: who.unitId, departmentIds }, canAdmin };
  };

  const loadApplication = async (id: string) => {
    const s = await cmds.application(id);
    if (s.status === 'none') throw notFound('申请不存在');
    return s;
  };
  const loadPassport = async (id: string) => {
    const s = await cmds.passport(id);
    if (s.status === 'none') throw notFound('证照不存在');
    return s;
  };
  const applicationTarget = async (ctx: RouteContext) => {
    const s = await loadApplication(ctx.params.id);
    const me = ctx.principal.userId;
    if (me === s.applicant.userId || Object.values(s.approvers).some((us) => us?.includes(me))) return null;
    const target = { unitId: s.applicant.unitId, departmentId: s.applicant.departmentId, ownerId: s.applicant.userId };
    if (await adminReaches(ctx.principal, target)) return null;
    return { ...target, resource: `abroad-application-${s.applicationId}` };
  };
  const passportTarget = (participants: boolean) => async (ctx: RouteContext) => {
    const s = await loadPassport(ctx.params.id);
    if (participants && (ctx.principal.userId === s.holderId || ctx.principal.userId === s.keeperId)) return null;
    return { unitId: s.unitId, departmentId: s.departmentId, ownerId: s.holderId, resource: `abroad-passport-${s.passportId}` };
  };

  /** What the caller may do with a 证照 now, found by probing the decider. */
  const passportActions = async (
    who: Principal,
    s: PassportState,
    applications: AbroadApplicationState[],
    now: string,
  ): Promise<string[]> => {
    if (s.status === 'none') return [];
    if (!(await adminReaches(who, { unitId: s.unitId, departmentId: s.departmentId, ownerId: s.holderId }))) return [];
    const md = { actorId: who.userId, now };
    const ok = (f: () => unknown) => {
      try {
        f();
        return true;
      } catch (e) {
        if (e instanceof DomainError) return false;
        throw e;
      }
    };
    const out: string[] = [];
    if (
      applications.some((a) =>
        ok(() => passportDecider.decide({ type: 'CheckOutPassport', metadata: md, data: { application: a, keeperId: who.userId } }, s)),
      )
    )
      out.push('checkout');
    if (ok(() => passportDecider.decide({ type: 'ReturnPassport', metadata: md, data: { keeperId: who.userId } }, s))) out.push('return');
    return out;
  };
  const approvedApplicationsOf = async (holderId: string): Promise<AbroadApplicationState[]> => {
    const rows = await p.readDb.all<{ id: string }>(
      `SELECT id FROM abroad_application WHERE applicant_id = ? AND status = 'approved' ORDER BY submitted_at DESC LIMIT 20`,
      [holderId],
    );
    return Promise.all(rows.map((r) => cmds.application(r.id)));
  };
  const currentStepOf = async (processId: string) =>
    (await p.readDb.get<{ current_step: string }>(`SELECT current_step FROM abroad_process WHERE process_id = ?`, [processId]))
      ?.current_step ?? '';

  const passportView = (r: PassportRow, now: string) => ({
    id: r.id,
    holderId: r.holder_id,
    holderName: r.holder_name,
    unitId: r.unit_id,
    docType: r.doc_type,
    number: r.number,
    validUntil: r.valid_until,
    keeperId: r.keeper_id,
    keeperName: r.keeper_name,
    status: r.status,
    where: whereNow(r, now),
    applicationId: r.application_id,
    checkedOutAt: r.checked_out_at,
    dueBack: r.due_back,
    overdue: r.status === 'checked_out' && !!r.due_back && r.due_back <= now,
    returnedAt: r.returned_at,
  });

  const sendXlsx = async (
    ctx: RouteContext,
    name: string,
    columns: { header: string; key: string; width: number }[],
    rows: Record<string, unknown>[],
  ) => {
    const wb = new ExcelJS.Workbook();
    wb.creator = '政务协同办公平台';
    const ws = wb.addWorksheet(name);
    ws.columns = columns;
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    ctx.res
      .status(200)
      .type(XLSX)
      .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.xlsx`)}`);
    ctx.res.send(buf);
    return undefined;
  };

  return [
    {
      method: 'get',
      path: '/abroad/applications',
      summary: '出国（境）申请列表：本人的申请；出国境管理员看数据范围内的全部（筛选、分页；?format=xlsx 导出）',
      tag: TAG,
      permission: 'travel.use',
      query: ApplicationsQuery,
      response: { name: 'AbroadApplicationPage', schema: APPLICATION_PAGE_SCHEMA },
      handler: async (ctx: RouteContext<unknown, ApplicationsQuery>) => {
        const q = ctx.query;
        const { scope, canAdmin } = await listScope(ctx.principal, q.mine === '1' || !adminScope(ctx.principal));
        const filter = { status: q.status, entry: q.entry, q: q.q };
        const { page, pageSize, offset } = pageOf(q);
        const xlsx = q.format === 'xlsx';
        const r = await listApplications(p.readDb, scope, filter, xlsx ? { offset: 0, limit: 10_000 } : { offset, limit: pageSize });
        const items = r.items.map((a) => ({
          id: a.id,
          entry: a.entry,
          applicantId: a.applicant_id,
          applicantName: a.applicant_name,
          unitId: a.unit_id,
          rank: a.rank,
          destinations: a.destinations,
          destinationType: a.destination_type,
          departDate: a.depart_date,
          returnDate: a.return_date,
          days: Number(a.days),
          reason: a.reason,
          status: a.status,
          statusLabel: ABROAD_STATUS_LABELS[a.status as keyof typeof ABROAD_STATUS_LABELS] ?? a.status,
          processId: a.process_id,
          currentStep: a.status === 'in_review' ? (a.current_step ?? '') : '',
          submittedAt: a.submitted_at,
          decidedAt: a.decided_at,
        }));
        if (xlsx)
          return sendXlsx(
            ctx,
            '出国（境）申请',
            [
              { header: '序号', key: 'seq', width: 6 },
              { header: '类别', key: 'entry', width: 20 },
              { header: '申请人', key: 'applicantName', width: 10 },
              { header: '职级', key: 'rank', width: 8 },
              { header: '出访国家/地区', key: 'destinations', width: 24 },
              { header: '出境时间', key: 'departDate', width: 12 },
              { header: '入境时间', key: 'returnDate', width: 12 },
              { header: '天数', key: 'days', width: 6 },
              { header: '事由', key: 'reason', width: 30 },
              { header: '状态', key: 'statusLabel', width: 10 },
              { header: '当前环节', key: 'currentStep', width: 16 },
            ],
            items.map((x, i) => ({ ...x, seq: i + 1 })),
          );
        return { items, page, pageSize, total: r.total, canAdmin };
      },
    },
    {
      method: 'post',
      path: '/abroad/applications',
      summary: '提交出国（境）申请：按职级和目的地确定审批层级，发起审批流程',
      tag: TAG,
      permission: 'travel.use',
      command: true,
      body: SubmitAbroadDto,
      response: { name: 'AbroadCommandResult', schema: RESULT_SCHEMA },
      handler: async (ctx: RouteContext<SubmitAbroadDto>) => settled(await cmds.submit(ctx.body, ctxOf(ctx))),
    },
    {
      method: 'get',
      path: '/abroad/applications/:id',
      summary: '出国（境）申请详情：审批层级与审批人、当前环节、证照领用',
      tag: TAG,
      permission: 'travel.use',
      scope: applicationTarget,
      response: { name: 'AbroadApplication', schema: APPLICATION_SCHEMA },
      handler: async (ctx: RouteContext) => {
        const s = await loadApplication(ctx.params.id);
        const snap = await p.directory.snapshot();
        const name = (u: string) => snap.users.get(u)?.name ?? u;
        const levels = LEVEL_ORDER.filter((n) => s.approvers[n]?.length).map((n) => ({
          nodeId: n,
          name: NODE_NAMES[n] ?? n,
          approvers: (s.approvers[n] ?? []).map((u) => ({ id: u, name: name(u) })),
        }));
        const passports = await passportsOf(p.readDb, s.applicant.userId);
        const views = [];
        for (const r of passports) {
          const ps = await cmds.passport(r.id);
          const acts = await passportActions(ctx.principal, ps, [s], ctx.now);
          views.push({
            id: r.id,
            docType: r.doc_type,
            number: r.number,
            status: r.status,
            where: whereNow(r, ctx.now),
            allowedActions: acts,
          });
        }
        return {
          id: s.applicationId,
          entry: s.entry,
          status: s.status,
          statusLabel: ABROAD_STATUS_LABELS[s.status],
          applicant: s.applicant,
          reason: s.reason,
          document: s.document,
          itinerary: s.itinerary,
          destinationType: s.destinationType,
          task: s.task,
          departDate: s.departDate,
          returnDate: s.returnDate,
          days: s.days,
          members: s.members,
          processId: s.processId,
          currentStep: s.status === 'in_review' ? await currentStepOf(s.processId) : '',
          levels,
          submittedAt: s.submittedAt,
          decidedAt: s.decidedAt,
          opinion: s.opinion,
          returnDays: RETURN_DAYS[s.entry],
          passports: views,
          allowedActions: views.some((v) => v.allowedActions.includes('checkout')) ? ['checkout'] : [],
        };
      },
    },
    {
      method: 'get',
      path: '/abroad/passports',
      summary: '证照台账：每本证照现在在哪里（保管中/已领用/逾期未还；筛选、分页；?format=xlsx 导出）',
      tag: TAG,
      permission: 'travel.use',
      query: PassportsQuery,
      response: { name: 'AbroadPassportPage', schema: PASSPORT_PAGE_SCHEMA },
      handler: async (ctx: RouteContext<unknown, PassportsQuery>) => {
        const q = ctx.query;
        const { scope, canAdmin } = await listScope(ctx.principal, false);
        const { page, pageSize, offset } = pageOf(q);
        const xlsx = q.format === 'xlsx';
        const r = await passportRegister(
          p.readDb,
          scope,
          { status: q.status, q: q.q },
          ctx.now,
          xlsx ? { offset: 0, limit: 10_000 } : { offset, limit: pageSize },
        );
        const items = r.items.map((x) => passportView(x, ctx.now));
        if (xlsx)
          return sendXlsx(
            ctx,
            '证照台账',
            [
              { header: '序号', key: 'seq', width: 6 },
              { header: '持证人', key: 'holderName', width: 10 },
              { header: '证件类型', key: 'docType', width: 16 },
              { header: '证件号码', key: 'number', width: 14 },
              { header: '有效期至', key: 'validUntil', width: 12 },
              { header: '保管人', key: 'keeperName', width: 10 },
              { header: '现在何处', key: 'where', width: 40 },
            ],
            items.map((x, i) => ({ ...x, seq: i + 1 })),
          );
        return { items, page, pageSize, total: r.total, canAdmin };
      },
    },
    {
      method: 'post',
      path: '/abroad/passports',
      summary: '证照登记：收缴保管持证人的证照（登记人为保管人）',
      tag: TAG,
      permission: 'travel.admin',
      scope: async (ctx: RouteContext<RegisterPassportDto>) => {
        const holder = await org.person(String((ctx.body as { holderId?: unknown })?.holderId ?? ''));
        if (!holder) return null; // 404 from the command with the field
        return { unitId: holder.unitId, departmentId: holder.departmentId, ownerId: holder.userId, resource: `user-${holder.userId}` };
      },
      command: true,
      body: RegisterPassportDto,
      response: { name: 'AbroadCommandResult', schema: RESULT_SCHEMA },
      handler: async (ctx: RouteContext<RegisterPassportDto>) => settled(await cmds.registerPassport(ctx.body, ctxOf(ctx))),
    },
    {
      method: 'get',
      path: '/abroad/passports/:id',
      summary: '证照详情：现在何处、保管记录、可领用的申请',
      tag: TAG,
      permission: 'travel.use',
      scope: passportTarget(true),
      response: { name: 'AbroadPassport', schema: PASSPORT_SCHEMA },
      handler: async (ctx: RouteContext) => {
        const s = await loadPassport(ctx.params.id);
        const row = await p.readDb.get<PassportRow>(`SELECT * FROM abroad_passport WHERE id = ?`, [s.passportId]);
        if (!row) throw notFound('证照不存在');
        const apps = await approvedApplicationsOf(s.holderId);
        const md = { actorId: ctx.principal.userId, now: ctx.now };
        const fits = apps.filter((a) => {
          try {
            passportDecider.decide({ type: 'CheckOutPassport', metadata: md, data: { application: a, keeperId: md.actorId } }, s);
            return true;
          } catch {
            return false;
          }
        });
        const history = await custodyHistory(p.readDb, s.passportId);
        const names = new Map<string, string>();
        for (const h of history)
          if (!names.has(h.actor_id)) names.set(h.actor_id, h.actor_id === 'system' ? '系统' : await nameOf(h.actor_id));
        return {
          ...passportView(row, ctx.now),
          history: history.map((h) => ({
            seq: Number(h.seq),
            action: h.action,
            at: h.at,
            actorId: h.actor_id,
            actorName: names.get(h.actor_id) ?? h.actor_id,
            applicationId: h.application_id,
            note: h.note,
          })),
          applications: fits.map((a) =>
            a.status === 'none'
              ? null!
              : {
                  id: a.applicationId,
                  entry: a.entry,
                  destinations: a.itinerary.map((x) => x.region).join('、'),
                  departDate: a.departDate,
                  returnDate: a.returnDate,
                },
          ),
          allowedActions: await passportActions(ctx.principal, s, apps, ctx.now),
        };
      },
    },
    {
      method: 'post',
      path: '/abroad/passports/:id/checkout',
      summary: '证照领用：为已批准的申请领用，按规定期限归还',
      tag: TAG,
      permission: 'travel.admin',
      scope: passportTarget(false),
      command: true,
      body: CheckOutPassportDto,
      response: { name: 'AbroadCommandResult', schema: RESULT_SCHEMA },
      handler: async (ctx: RouteContext<CheckOutPassportDto>) => settled(await cmds.checkOut(ctx.params.id, ctx.body, ctxOf(ctx))),
    },
    {
      method: 'post',
      path: '/abroad/passports/:id/return',
      summary: '证照归还',
      tag: TAG,
      permission: 'travel.admin',
      scope: passportTarget(false),
      command: true,
      response: { name: 'AbroadCommandResult', schema: RESULT_SCHEMA },
      handler: async (ctx: RouteContext) => settled(await cmds.returnPassport(ctx.params.id, ctxOf(ctx))),
    },
  ];
}
