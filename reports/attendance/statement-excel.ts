import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { STATEMENT_LEGEND, daysOfMonth, type StatementRow } from '../../domain/attendance/statement';

const TOTALS: { header: string; value: (r: StatementRow) => number | string }[] = [
  { header: '出勤', value: (r) => r.totals.present },
  { header: '迟到', value: (r) => r.totals.late },
  { header: '早退', value: (r) => r.totals.early },
  { header: '旷工', value: (r) => r.totals.absent },
  { header: '请假(天)', value: (r) => Object.values(r.totals.leave).reduce((a, b) => a + b, 0) },
  { header: '出差', value: (r) => r.totals.trip },
  { header: '加班(时)', value: (r) => r.totals.overtimeHours },
  { header: '补签', value: (r) => r.totals.corrected },
];
const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const CENTER = { horizontal: 'center', vertical: 'middle' } as const;
const BOLD = { bold: true };

/**
 * 考勤月报 laid out like the printed form: a title row, merged headers (日期 over the day columns, 合计 over
 * the totals), a row per person with a column per day holding the marks, the totals, and the legend.
 *
 *   row 1  title (merged across)                      row 2  序号 姓名 部门 | 日期 (merged) | 合计 (merged)
 *   row 3  day numbers, totals' names                 row 4  weekdays
 *   row 5… one row per person                         last   图例
 */
export async function statementWorkbook(title: string, month: string, rows: StatementRow[], subtitle = ''): Promise<Buffer> {
  const dates = daysOfMonth(month);
  // the streaming writer: rows are committed as they are written (a 5,000-person month in a few seconds)
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = '政务协同办公平台';
  const ws = wb.addWorksheet('考勤月报', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const first = 4; // first day column
  const totalsAt = first + dates.length;
  const last = totalsAt + TOTALS.length - 1;
  ws.mergeCells(1, 1, 1, last);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  for (const [c, h] of [
    [1, '序号'],
    [2, '姓名'],
    [3, '部门'],
  ] as const) {
    ws.mergeCells(2, c, 4, c);
    ws.getCell(2, c).value = h;
  }
  ws.mergeCells(2, first, 2, totalsAt - 1);
  ws.getCell(2, first).value = '日期';
  ws.mergeCells(2, totalsAt, 2, last);
  ws.getCell(2, totalsAt).value = '合计';
  dates.forEach((d, i) => {
    ws.getCell(3, first + i).value = Number(d.slice(8));
    ws.getCell(4, first + i).value = WEEK[new Date(`${d}T00:00:00Z`).getUTCDay()];
    ws.getColumn(first + i).width = 4.2;
  });
  TOTALS.forEach((t, i) => {
    ws.mergeCells(3, totalsAt + i, 4, totalsAt + i);
    ws.getCell(3, totalsAt + i).value = t.header;
    ws.getColumn(totalsAt + i).width = 7;
  });
  ws.getColumn(1).width = 5;
  ws.getColumn(2).width = 9;
  ws.getColumn(3).width = 14;
  const body = { border: BORDER, alignment: CENTER } as Partial<ExcelJS.Style>;
  const head = { border: BORDER, alignment: CENTER, font: BOLD } as Partial<ExcelJS.Style>;
  for (let r = 2; r <= 4; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= last; c++) row.getCell(c).style = head;
  }
  for (let r = 1; r <= 4; r++) ws.getRow(r).commit();
  rows.forEach((r, n) => {
    const row = ws.getRow(5 + n);
    row.getCell(1).value = n + 1;
    row.getCell(2).value = r.name;
    row.getCell(3).value = r.departmentName;
    r.days.forEach((mark, i) => (row.getCell(first + i).value = mark));
    TOTALS.forEach((t, i) => (row.getCell(totalsAt + i).value = t.value(r)));
    for (let c = 1; c <= last; c++) row.getCell(c).style = body;
    row.commit();
  });
  const legendAt = 5 + rows.length;
  ws.mergeCells(legendAt, 1, legendAt, last);
  ws.getCell(legendAt, 1).value = `图例：${STATEMENT_LEGEND}${subtitle ? `　${subtitle}` : ''}`;
  ws.getRow(legendAt).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}
