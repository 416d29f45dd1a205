import ExcelJS from 'exceljs';
import type { ArchiveFiling } from '../../domain/documents/archive';

/**
 * 归档文件目录 (DA/T 22-2015 §8.2) of one year as Excel: 序号, 档号, 文号, 责任者, 题名, 日期, 密级, 页数,
 * 备注 — a title row, the header row frozen under it, widths fitted to Chinese text, rows in 档号 order
 * (which sorts by 保管期限, 机构代码, 件号). 日期 is DA/T 22's 8-digit form (YYYYMMDD), kept as text.
 */
export const CATALOGUE_COLUMNS = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '档号', key: 'archivalCode', width: 28 },
  { header: '文号', key: 'docNumber', width: 22 },
  { header: '责任者', key: 'responsible', width: 20 },
  { header: '题名', key: 'title', width: 50 },
  { header: '日期', key: 'date', width: 11 },
  { header: '密级', key: 'classification', width: 7 },
  { header: '页数', key: 'pages', width: 6 },
  { header: '备注', key: 'remarks', width: 16 },
] as const;

export async function yearCatalogueXlsx(filings: ArchiveFiling[], opts: { year: number; unitName: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政务协同办公平台';
  wb.created = new Date(Date.UTC(opts.year, 11, 31));
  const ws = wb.addWorksheet(`${opts.year}年度归档文件目录`, {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = CATALOGUE_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  ws.mergeCells(1, 1, 1, CATALOGUE_COLUMNS.length);
  const title = ws.getCell(1, 1);
  title.value = `${opts.unitName} ${opts.year}年度归档文件目录`;
  title.font = { name: '宋体', size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 28;
  const head = ws.getRow(2);
  CATALOGUE_COLUMNS.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: '黑体', size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
  const rows = filings.filter((f) => f.year === opts.year).sort((a, b) => a.archivalCode.localeCompare(b.archivalCode));
  rows.forEach((f, i) => {
    const r = ws.addRow({
      seq: i + 1,
      archivalCode: f.archivalCode,
      docNumber: f.docNumber ?? '',
      responsible: f.responsible,
      title: f.title,
      date: f.date,
      classification: f.classification,
      pages: f.pages ?? '',
      remarks: f.remarks,
    });
    r.alignment = { vertical: 'middle', wrapText: true };
    r.getCell('date').numFmt = '@';
    r.eachCell({ includeEmpty: true }, (c) => {
      c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    });
  });
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: CATALOGUE_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
