import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CLAIM_STATUS_LABELS } from '../../domain/expenses/claim.events';
import type { LedgerRow } from '../../projections/expenses/queries';

export interface LedgerNames {
  unit(id: string): string;
  department(id: string): string;
}

/**
 * 费用台账 as an xlsx, streamed: rows are written and committed chunk by chunk (exceljs' streaming
 * WorkbookWriter, no shared strings), so 100,000 rows go out with flat memory. Amounts in 元; the last
 * row is the 合计.
 */
export async function writeLedgerXlsx(
  out: Writable,
  chunks: AsyncIterable<LedgerRow[]>,
  names: LedgerNames,
): Promise<{ rows: number; total: number }> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('费用台账');
  ws.columns = [
    { header: '填报日期', key: 'date', width: 12 },
    { header: '单位', key: 'unit', width: 20 },
    { header: '部门', key: 'department', width: 14 },
    { header: '报销人', key: 'claimant', width: 10 },
    { header: '类别', key: 'kind', width: 10 },
    { header: '事由', key: 'title', width: 36 },
    { header: '金额（元）', key: 'amount', width: 14 },
    { header: '状态', key: 'status', width: 8 },
    { header: '支付日期', key: 'paidOn', width: 12 },
    { header: '支付方式', key: 'method', width: 12 },
    { header: '凭证号', key: 'voucherNo', width: 16 },
    { header: '报销单号', key: 'claimId', width: 38 },
  ];
  let total = 0;
  let rows = 0;
  for await (const chunk of chunks) {
    for (const r of chunk) {
      ws.addRow({
        date: r.date,
        unit: names.unit(r.unitId),
        department: names.department(r.departmentId),
        claimant: r.claimantName,
        kind: r.kind,
        title: r.title,
        amount: r.amount / 100,
        status: CLAIM_STATUS_LABELS[r.status as keyof typeof CLAIM_STATUS_LABELS] ?? r.status,
        paidOn: r.paidOn ?? '',
        method: r.method ?? '',
        voucherNo: r.voucherNo ?? '',
        claimId: r.claimId,
      }).commit();
      total += r.amount;
      rows++;
    }
  }
  ws.addRow({ date: '合计', title: `${rows} 笔`, amount: total / 100 }).commit();
  ws.commit();
  await wb.commit();
  return { rows, total };
}
