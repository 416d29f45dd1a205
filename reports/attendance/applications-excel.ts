import ExcelJS from 'exceljs';
import type { ApplicationRow } from '../../projections/attendance/queries';

const KIND: Record<string, string> = { leave: '请休假', trip: '国内出差', overtime: '加班', correction: '补签' };
const STATUS: Record<string, string> = {
  pending: '审批中',
  approved: '已批准',
  rejected: '未同意',
  cancelled: '已撤回',
  terminated: '已终止',
};

/** 考勤监控 export: one row per application, as listed (filters applied), times in Asia/Shanghai. */
export async function applicationsWorkbook(rows: (ApplicationRow & { waiting: string })[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政务协同办公平台';
  const ws = wb.addWorksheet('考勤申请');
  ws.columns = [
    { header: '序号', key: 'seq', width: 6 },
    { header: '姓名', key: 'personName', width: 10 },
    { header: '类型', key: 'kind', width: 10 },
    { header: '假别', key: 'leaveType', width: 8 },
    { header: '开始日期', key: 'startDate', width: 12 },
    { header: '结束日期', key: 'endDate', width: 12 },
    { header: '天数', key: 'days', width: 6 },
    { header: '小时', key: 'hours', width: 6 },
    { header: '摘要', key: 'summary', width: 30 },
    { header: '事由', key: 'reason', width: 30 },
    { header: '状态', key: 'status', width: 8 },
    { header: '当前环节', key: 'waiting', width: 24 },
    { header: '申请时间', key: 'requestedAt', width: 18 },
    { header: '销假后天数', key: 'actualDays', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  rows.forEach((r, i) =>
    ws.addRow({
      ...r,
      seq: i + 1,
      kind: KIND[r.kind] ?? r.kind,
      status: STATUS[r.status] ?? r.status,
      requestedAt: new Date(Date.parse(r.requestedAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '),
    }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
