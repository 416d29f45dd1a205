import ExcelJS from 'exceljs';
import type { ArchiveRow, RegistryRow } from '../../projections/documents/queries';

/** Excel exports of the 公文 read models (综合查询 results, 归档文件目录). */

const DIRECTION: Record<string, string> = { outgoing: '发文', incoming: '收文' };

async function book(
  sheet: string,
  columns: { header: string; key: string; width: number }[],
  rows: Record<string, unknown>[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政务协同办公平台';
  const ws = wb.addWorksheet(sheet);
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function searchWorkbook(rows: RegistryRow[]): Promise<Buffer> {
  return book(
    '综合查询',
    [
      { header: '序号', key: 'seq', width: 6 },
      { header: '收/发', key: 'direction', width: 6 },
      { header: '文号', key: 'doc_number', width: 20 },
      { header: '收文编号', key: 'receipt_number', width: 16 },
      { header: '标题', key: 'title', width: 50 },
      { header: '文种', key: 'kind', width: 8 },
      { header: '发文机关/来文单位', key: 'issuer', width: 24 },
      { header: '密级', key: 'classification', width: 8 },
      { header: '紧急程度', key: 'urgency', width: 8 },
      { header: '日期', key: 'date_key', width: 12 },
      { header: '状态', key: 'stage', width: 10 },
    ],
    rows.map((r, i) => ({ ...r, seq: i + 1, direction: DIRECTION[r.direction] ?? r.direction })),
  );
}

/** 归档文件目录 (DA/T 22-2015 §8): 序号, 档号, 文号, 责任者, 题名, 日期, 密级, 页数, 备注. */
export function catalogueWorkbook(rows: ArchiveRow[], year: number): Promise<Buffer> {
  return book(
    `${year}年度归档文件目录`,
    [
      { header: '序号', key: 'seq', width: 6 },
      { header: '档号', key: 'archival_code', width: 26 },
      { header: '文号', key: 'doc_number', width: 20 },
      { header: '责任者', key: 'responsible', width: 20 },
      { header: '题名', key: 'title', width: 50 },
      { header: '日期', key: 'date', width: 10 },
      { header: '密级', key: 'classification', width: 8 },
      { header: '页数', key: 'pages', width: 6 },
      { header: '备注', key: 'remarks', width: 20 },
    ],
    rows.map((r, i) => ({ ...r, seq: i + 1 })),
  );
}
