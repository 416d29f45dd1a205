import type { Warehouse } from '../../projections/warehouse/warehouse';
import { compileReport, type ReportParams, type ReportScope, type CompiledReport } from './compile';
import type { ReportDefinition } from './definitions';

export type ReportRow = Record<string, string | number | null>;

export interface ReportResult {
  key: string;
  title: string;
  params: ReportParams;
  columns: CompiledReport['columns'];
  rows: ReportRow[];
}

/** Runs a declared report on a warehouse and normalises the rows (numbers as numbers, periods as dates). */
export async function runReport(wh: Warehouse, def: ReportDefinition, params: ReportParams, scope: ReportScope): Promise<ReportResult> {
  const compiled = compileReport(def, params, scope, wh.dialect);
  const raw = await wh.query<Record<string, unknown>>(compiled.sql);
  const rows = raw.map((r) => {
    const out: ReportRow = {};
    for (const c of compiled.columns) {
      const v = r[c.alias];
      if (v === null || v === undefined) out[c.key] = null;
      else if (c.type === 'measure') {
        const n = Number(v);
        out[c.key] = Number.isFinite(n) ? Math.round(n * 1000) / 1000 : null;
      } else if (c.type === 'period') out[c.key] = String(v).slice(0, 10);
      else out[c.key] = String(v);
    }
    return out;
  });
  return { key: def.key, title: def.title, params, columns: compiled.columns, rows };
}
