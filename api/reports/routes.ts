import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import type { Warehouse } from '../../projections/warehouse/warehouse';
import type { ReportScope } from '../../reports/warehouse/compile';
import { GRAINS, REPORTS, type Grain, type ReportDefinition } from '../../reports/warehouse/definitions';
import { reportToXlsx } from '../../reports/warehouse/excel';
import { runReport } from '../../reports/warehouse/run-report';
import { scopeFor, type Principal } from '../auth/principal';
import { badRequest, forbidden, notFound } from '../http/problem';
import type { RouteDef } from '../http/registry';
import type { Platform } from '../platform';

/**
 * Leadership reports over the warehouse (issue 7): the list of declared reports, and one report's
 * rows — or the same table as Excel with `format=xlsx`. The caller's data scope for `report.read`
 * becomes a filter applied by the reports layer itself.
 */
export class ReportQuery {
  /** 起始时间（含），ISO-8601；只写日期时为北京时间当日 0 时；默认 12 个月前 */
  @IsOptional() @IsISO8601({ strict: true }, { message: 'from 须为 ISO-8601 时间' }) from?: string;
  /** 截止时间（不含），ISO-8601；只写日期时为北京时间当日 0 时（不含当日）；默认当前 */
  @IsOptional() @IsISO8601({ strict: true }, { message: 'to 须为 ISO-8601 时间' }) to?: string;
  @IsOptional() @IsIn(GRAINS as Grain[], { message: 'grain 须为 day/week/month/quarter/year' }) grain?: Grain;
  /** 下钻到某个单位（显示其部门） */
  @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: 'unit 格式不正确' }) unit?: string;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

/** Resolves the caller's report scope from their `report.read` grant. */
export async function reportScope(p: Platform, principal: Principal): Promise<ReportScope> {
  const scope = scopeFor(principal, 'report.read');
  switch (scope) {
    case 'all':
      return { kind: 'all' };
    case 'unit':
      return { kind: 'units', unitIds: principal.unitId ? [principal.unitId] : [] };
    case 'department_tree':
      return { kind: 'departments', deptIds: principal.departmentId ? await p.org.departmentSubtree(principal.departmentId) : [] };
    case 'department':
      return { kind: 'departments', deptIds: principal.departmentId ? [principal.departmentId] : [] };
    default:
      return { kind: 'self', userId: principal.userId };
  }
}

/** An instant as UTC ISO; a bare date (YYYY-MM-DD) is the start of that day in Asia/Shanghai, not UTC midnight. */
function toUtc(iso: string): string {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00+08:00` : iso).toISOString();
}

/** `reports`: every module's declared reports (the manifests'), listed and run here. */
export function reportRoutes(
  warehouse: () => Warehouse | null,
  reports: readonly ReportDefinition[] = REPORTS,
): (p: Platform) => RouteDef[] {
  return (p) => [
    {
      method: 'get',
      path: '/reports',
      summary: '报表目录',
      tag: '领导驾驶舱',
      permission: 'report.read',
      handler: () => ({
        items: reports.map((r) => ({
          key: r.key,
          title: r.title,
          description: r.description,
          dimensions: r.dimensions.map((d) => ({ key: d.key, label: d.label })),
          measures: r.measures.map((m) => ({ key: m.key, label: m.label, agg: m.agg })),
          drillDown: !!r.drillUnitToDepartment,
        })),
      }),
    },
    {
      method: 'get',
      path: '/reports/:key',
      summary: '报表数据（format=xlsx 导出 Excel）',
      tag: '领导驾驶舱',
      permission: 'report.read',
      query: ReportQuery,
      raw: true,
      responses: { 404: '没有这个报表', 503: '数据仓库暂不可用' },
      handler: async ({ params, query, principal, res, now }) => {
        const def = reports.find((r) => r.key === params.key);
        if (!def) throw notFound(`没有这个报表：${params.key}`);
        const q = query as ReportQuery;
        const to = q.to ? toUtc(q.to) : now;
        const from = q.from ? toUtc(q.from) : new Date(Date.parse(to) - 365 * 86400_000).toISOString();
        if (Date.parse(from) >= Date.parse(to)) throw badRequest('起始时间须早于截止时间', [{ field: 'from', message: '须早于 to' }]);
        const scope = await reportScope(p, principal);
        if (q.unit) {
          const allowed =
            scope.kind === 'all' ||
            (scope.kind === 'units' && scope.unitIds.includes(q.unit)) ||
            (scope.kind === 'departments' && principal.unitId === q.unit);
          if (!allowed) throw forbidden('无权查看该单位的统计数据');
        }
        const wh = warehouse();
        if (!wh) {
          res
            .status(503)
            .type('application/problem+json')
            .json({ type: 'about:blank', title: '服务暂不可用', status: 503, detail: '数据仓库尚未就绪，请稍后再试' });
          return;
        }
        const result = await runReport(wh, def, { from, to, grain: q.grain ?? 'month', unit: q.unit }, scope);
        if (q.format === 'xlsx') {
          const rates = new Set(def.measures.filter((m) => m.agg === 'rate').map((m) => m.key));
          const bytes = await reportToXlsx(result, rates);
          res
            .status(200)
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .setHeader(
              'Content-Disposition',
              `attachment; filename="${def.key}.xlsx"; filename*=UTF-8''${encodeURIComponent(def.title)}.xlsx`,
            )
            .send(bytes);
          return;
        }
        res.status(200).json(result);
      },
    },
  ];
}
