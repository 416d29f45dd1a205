import ExcelJS from 'exceljs';
import type { ReportResult } from './run-report';

/**
 * A report as an Excel workbook: a title row, a header row in Chinese, sensible column widths and
 * number formats (integers, two decimals, percentages for rates). Returns the .xlsx bytes.
 */
export async function reportToXlsx(result: ReportResult, rateKeys: ReadonlySet<string> = new Set()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政务协同办公平台';
  wb.created = new Date(0); // deterministic bytes for the same data
  const ws = wb.addWorksheet(result.title.slice(0, 31));
  const { from, to, grain, unit } = result.params;
  ws.addRow([result.title]);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow([`统计期间：${from.slice(0, 10)} 至 ${to.slice(0, 10)}（不含）　粒度：${grainLabel(grain)}${unit ? `　单位：${unit}` : ''}`]);
  const header = ws.addRow(result.columns.map((c) => c.label));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const row of result.rows) ws.addRow(result.columns.map((c) => row[c.key] ?? ''));
  result.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    const longest = Math.max(width(c.label), ...result.rows.slice(0, 500).map((r) => width(String(r[c.key] ?? ''))));
    col.width = Math.min(60, Math.max(8, longest + 2));
    if (c.type === 'measure') {
      col.numFmt = rateKeys.has(c.key) ? '0.0%' : result.rows.every((r) => Number.isInteger(r[c.key] ?? 0)) ? '#,##0' : '#,##0.00';
    }
  });
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function grainLabel(g: string): string {
  return ({ day: '日', week: '周', month: '月', quarter: '季度', year: '年' } as Record<string, string>)[g] ?? g;
}

/** Display width: CJK characters count double. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
  return w;
}
