import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { reportToXlsx } from './excel';
import type { ReportResult } from './run-report';

describe('report → Excel', () => {
  it('writes the title, Chinese headers, the rows and number formats', async () => {
    const result: ReportResult = {
      key: 'overdue-by-unit',
      title: '超期任务（按单位排名）',
      params: { from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z', grain: 'month' },
      columns: [
        { key: 'unit', label: '单位', type: 'dimension', alias: 'd_unit' },
        { key: 'unitName', label: '单位名称', type: 'dimension', alias: 'd_unit_name' },
        { key: 'overdue', label: '超期数', type: 'measure', alias: 'm_overdue' },
        { key: 'overdueRate', label: '超期率', type: 'measure', alias: 'm_overdueRate' },
      ],
      rows: [
        { unit: 'u-finance', unitName: '区财政局', overdue: 12, overdueRate: 0.125 },
        { unit: 'u-hr', unitName: '区人力资源和社会保障局', overdue: 3, overdueRate: 0.03 },
      ],
    };
    const bytes = await reportToXlsx(result, new Set(['overdueRate']));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('超期任务（按单位排名）');
    expect(ws.getRow(3).values).toEqual([undefined, '单位', '单位名称', '超期数', '超期率']);
    expect(ws.getCell('B5').value).toBe('区人力资源和社会保障局');
    expect(ws.getCell('C4').value).toBe(12);
    expect(ws.getColumn(4).numFmt).toBe('0.0%');
    expect(ws.getColumn(3).numFmt).toBe('#,##0');
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(24);
  });
});
