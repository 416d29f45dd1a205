import { IsString, Matches } from 'class-validator';
import type { Response } from 'express';
import type { InstanceEvent, InstanceState } from '../../domain/workflow/instance.events';
import { instanceStreamId } from '../../domain/workflow/instance.events';
import { fontDir } from '../../reports/documents/fonts';
import { renderSlips, type SlipEntry, type SlipItem } from '../../reports/documents/slip';
import { recordDenial, scopeReaches } from '../auth/access';
import { scopeFor } from '../auth/principal';
import { HttpProblem, notFound } from '../http/problem';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { participants } from './process-view';
import { workflowServices } from './routes';

/**
 * 打印审批单 (issue 13, 11): a process's form and every opinion in order — 环节, 意见, 办理人 (代 …),
 * time — with each handwritten signature redrawn (reports/documents/slip.ts), as a PDF; several in one
 * PDF for a batch. Who may print is who may open the process page: a participant, or a process
 * admin (`workflow.admin`) whose data scope reaches its applicant; a batch is refused (403 with the
 * item) when one of them is not. A GET appends nothing but a recorded denial.
 */
const ID = /^[A-Za-z0-9_-]{1,80}$/;
const ACTION_LABEL: Record<string, string> = {
  approve: '同意',
  reject: '不同意',
  return: '退回',
  resubmit: '重新提交',
  withdraw: '撤回',
  terminate: '终止',
  cancel: '作废',
  read: '已阅',
};

export class ProcessPrintQuery {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,80}(,[A-Za-z0-9_-]{1,80}){0,49}$/, { message: '流程清单须为逗号分隔的流程标识，最多 50 件' })
  ids!: string;
}

const fen = (v: unknown) => (typeof v === 'number' ? `${(v / 100).toFixed(2)} 元` : String(v ?? ''));
const shown = (type: string, v: unknown): string =>
  v === undefined || v === null || v === ''
    ? '—'
    : type === 'money'
      ? fen(v)
      : type === 'boolean'
        ? v
          ? '是'
          : '否'
        : Array.isArray(v)
          ? v.join('、')
          : String(v);

export function processPrintRoutes(p: Platform): RouteDef[] {
  const { wf, queries } = workflowServices(p);

  /** The process, if the caller may see it: else 404 / 403 (recorded), `field` naming the item of a batch. */
  const visible = async (ctx: RouteContext, id: string, field?: string): Promise<InstanceState> => {
    if (!ID.test(id)) throw notFound('流程不存在');
    const s = await wf.instanceState(id);
    if (s.status === 'none' || !s.definition) throw notFound('流程不存在');
    const me = ctx.principal;
    if (participants(s, await queries.history(id)).has(me.userId)) return s;
    const scope = scopeFor(me, 'workflow.admin');
    const target = {
      unitId: s.applicant?.unitId ?? null,
      departmentId: s.applicant?.departmentId ?? null,
      ownerId: s.initiatorId,
      resource: `process-${id}`,
    };
    if (scope && (await scopeReaches(p, me, scope, target))) return s;
    await recordDenial(p, ctx.req, ctx, 403, 'not_participant', 'workflow.use', me.userId, `process-${id}`, me.unitId);
    throw new HttpProblem(403, '禁止访问', '您与该流程无关，无权打印', {
      code: 'workflow.not_participant',
      ...(field ? { errors: [{ field, message: '无权查看该流程' }] } : {}),
    });
  };

  const slipOf = async (s: InstanceState): Promise<SlipItem> => {
    const snap = await p.directory.snapshot();
    const name = (u: string | null | undefined) => (u ? (snap.users.get(u)?.name ?? u) : null);
    const signatures = new Map<string, InstanceEvent>();
    for (const e of await p.store.readStream(instanceStreamId(s.instanceId))) {
      const ev = e as unknown as InstanceEvent;
      if (ev.type === 'TaskApproved' && ev.data.signature) signatures.set(`${ev.data.actorId}|${ev.data.at}`, ev);
    }
    const entries: SlipEntry[] = [];
    for (const l of s.log) {
      if (l.action === 'submit') {
        entries.push({
          stage: l.nodeName || '申请',
          actorName: name(l.actorId) ?? '',
          onBehalfOf: name(l.onBehalfOf),
          opinion: '提交申请',
          at: l.at,
          strokes: null,
        });
        continue;
      }
      const label = ACTION_LABEL[l.action];
      if (!label) continue;
      const signed = signatures.get(`${l.actorId}|${l.at}`);
      const strokes = signed?.type === 'TaskApproved' ? signed.data.signature : null;
      entries.push({
        stage: l.nodeName,
        actorName: name(l.actorId) ?? '',
        onBehalfOf: name(l.onBehalfOf),
        opinion: l.action === 'approve' ? l.opinion || label : `${label}${l.opinion ? `：${l.opinion}` : ''}`,
        at: l.at,
        strokes,
      });
    }
    const def = s.definition!;
    const applicant = s.applicant?.unitId ? snap.units.get(s.applicant.unitId)?.name : null;
    const extra: [string, string][] = [
      ['申请人', `${name(s.initiatorId) ?? ''}${applicant ? `（${applicant}）` : ''}`],
      ['申请时间', s.startedAt ? new Date(Date.parse(s.startedAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '—'],
      ...def.formFields.map((f) => [f.label, shown(f.type, s.form[f.name])] as [string, string]),
    ];
    return {
      head: {
        direction: 'outgoing',
        unitName: applicant ?? '',
        title: s.title || def.name,
        docNumber: null,
        kind: def.name,
        classification: '—',
        urgency: '—',
        extra,
      },
      entries,
      formTitle: `${def.name}审批单`,
    };
  };

  const send = async (res: Response, name: string, items: SlipItem[]) => {
    try {
      fontDir();
    } catch {
      throw new HttpProblem(503, '服务不可用', '打印需要中文字体（fonts-noto-cjk），服务器未安装', { code: 'print.fonts_missing' });
    }
    const { pdf } = await renderSlips(items);
    res.status(200).type('application/pdf');
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}.pdf`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(pdf);
  };

  return [
    {
      method: 'get',
      path: '/processes/:id/print',
      summary: '打印审批单（PDF）：表单、各环节意见与原笔迹签名',
      tag: '流程',
      permission: 'workflow.use',
      raw: true,
      produces: 'application/pdf',
      responses: { 403: '与该流程无关且无流程管理权限', 404: '流程不存在', 503: '服务器未安装中文字体' },
      handler: async (ctx: RouteContext) => {
        const s = await visible(ctx, String(ctx.params.id));
        await send(ctx.res, `${s.definition!.name}审批单`, [await slipOf(s)]);
      },
    },
    {
      method: 'get',
      path: '/processes/print/batch',
      summary: '批量打印审批单（一个 PDF，每件另起一页；每件检查是否可查看）',
      tag: '流程',
      permission: 'workflow.use',
      query: ProcessPrintQuery,
      raw: true,
      produces: 'application/pdf',
      responses: { 403: '清单中有无权查看的流程', 404: '流程不存在', 503: '服务器未安装中文字体' },
      handler: async (ctx: RouteContext<unknown, ProcessPrintQuery>) => {
        const ids = ctx.query.ids.split(',');
        const states: InstanceState[] = [];
        for (const [i, id] of ids.entries()) states.push(await visible(ctx as RouteContext, id, `ids[${i}]`));
        const items: SlipItem[] = [];
        for (const s of states) items.push(await slipOf(s));
        await send(ctx.res, `审批单（${ids.length} 件）`, items);
      },
    },
  ];
}
