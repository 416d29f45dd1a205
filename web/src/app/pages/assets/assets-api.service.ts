import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../../core/api-types';

export type AssetList = components['schemas']['AssetList'];
export type AssetRow = AssetList['items'][number];
export type AssetView = components['schemas']['AssetView'];
export type AssetAction = AssetView['allowedActions'][number];

export interface AssetFilter {
  q: string;
  status: string;
  categoryCode: string;
  from: string;
  to: string;
}
export const emptyAssetFilter = (): AssetFilter => ({ q: '', status: 'valid', categoryCode: '', from: '', to: '' });

export interface Category {
  code: string;
  name: string;
  usefulLifeMonths: number;
}

export interface StockTakeRow {
  id: string;
  title: string;
  unit_id: string;
  start_date: string;
  end_date: string;
  status: string;
  book_count: number;
  counted: number;
  differences: number;
}

export interface StockTakeView {
  id: string;
  title: string;
  unitName: string | null;
  startDate: string;
  endDate: string;
  status: 'counting' | 'resolving' | 'closed';
  statusLabel: string;
  checkers: { id: string; name: string | null }[];
  book: { assetId: string; assetNo: string; name: string; location: string; custodianName: string | null; counted: boolean }[];
  counted: number;
  differences: {
    key: string;
    kind: string;
    label: string;
    code: string;
    resolution: string | null;
    expected: { location: string } | null;
    found: { location: string } | null;
  }[];
  allowedActions: ('count' | 'finish' | 'resolve' | 'close')[];
}

export interface ReportLine {
  departmentId: string | null;
  departmentName: string | null;
  categoryCode: string;
  categoryName: string;
  count: number;
  originalValue: number;
  accumulatedDepreciation: number;
  netValue: number;
}
export interface DepartmentReport {
  unitName: string | null;
  date: string;
  lines: ReportLine[];
  total: { count: number; originalValue: number; accumulatedDepreciation: number; netValue: number };
}

export interface TransferRow {
  transferId: string;
  assetId: string;
  assetNo: string;
  name: string;
  from: { unitName: string | null; departmentName: string | null };
  to: { unitName: string | null; departmentName: string | null; custodianName: string | null };
  statusLabel: string;
  requestedAt: string;
  acceptedOn: string | null;
  netValue: number | null;
}

const B = '/api/assets';
const key = () => (globalThis.crypto?.randomUUID ? globalThis.crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/** The 资产 endpoints (api/assets/routes.ts). Commands carry an Idempotency-Key (a double click acts once). */
@Injectable({ providedIn: 'root' })
export class AssetsApi {
  private readonly http = inject(HttpClient);

  get<T>(url: string, params?: Record<string, string>): Promise<T> {
    return firstValueFrom(this.http.get<T>(url, params ? { params } : {}));
  }
  post<T = { id: string }>(url: string, body: unknown = {}): Promise<T> {
    return firstValueFrom(this.http.post<T>(url, body, { headers: { 'Idempotency-Key': key() } }));
  }
  private blob(url: string, params: Record<string, string>): Promise<Blob> {
    return firstValueFrom(this.http.get(url, { params, responseType: 'blob' }));
  }

  private params(f: AssetFilter, page: number, pageSize: number): Record<string, string> {
    const p: Record<string, string> = { page: String(page), pageSize: String(pageSize) };
    for (const [k, v] of Object.entries(f)) if (v) p[k] = v;
    return p;
  }
  list(f: AssetFilter, page: number, pageSize = 20): Promise<AssetList> {
    return this.get(B, this.params(f, page, pageSize));
  }
  listXlsx(f: AssetFilter): Promise<Blob> {
    return this.blob(B, { ...this.params(f, 1, 20), format: 'xlsx' });
  }
  labels(ids: string[]): Promise<Blob> {
    return this.blob(`${B}/labels`, ids.length ? { ids: ids.join(',') } : {});
  }
  template(): Promise<Blob> {
    return this.blob(`${B}/import-template`, {});
  }
  import(file: File): Promise<{ imported: number; assetNos: (string | null)[] }> {
    return firstValueFrom(
      this.http.post<{ imported: number; assetNos: (string | null)[] }>(`${B}/import`, file, {
        headers: { 'Content-Type': 'application/octet-stream', 'Idempotency-Key': key() },
      }),
    );
  }
  categories(): Promise<{ items: Category[] }> {
    return this.get(`${B}/categories`);
  }
  asset(id: string): Promise<AssetView> {
    return this.get(`${B}/${encodeURIComponent(id)}`);
  }
  value(id: string, date: string): Promise<{ netValue: number; accumulatedDepreciation: number; onBooks: boolean }> {
    return this.get(`${B}/${encodeURIComponent(id)}/value`, { date });
  }
  lookup(code: string): Promise<AssetRow> {
    return this.get(`${B}/lookup`, { code });
  }
  stockTakes(page = 1): Promise<{ items: StockTakeRow[]; total: number }> {
    return this.get(`${B}/stocktakes`, { page: String(page), pageSize: '20' });
  }
  stockTake(id: string): Promise<StockTakeView> {
    return this.get(`${B}/stocktakes/${encodeURIComponent(id)}`);
  }
  stockTakeXlsx(id: string): Promise<Blob> {
    return this.blob(`${B}/stocktakes/${encodeURIComponent(id)}`, { format: 'xlsx' });
  }
  report(date: string): Promise<DepartmentReport> {
    return this.get(`${B}/reports/departments`, { date });
  }
  reportXlsx(date: string): Promise<Blob> {
    return this.blob(`${B}/reports/departments`, { date, format: 'xlsx' });
  }
  transfers(page = 1): Promise<{ items: TransferRow[]; total: number }> {
    return this.get(`${B}/transfers`, { page: String(page), pageSize: '20' });
  }
  transfersXlsx(): Promise<Blob> {
    return this.blob(`${B}/transfers`, { format: 'xlsx' });
  }
}

/** 分 → "1,234.56" 元 */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
/** "1234.5" 元 → fen, or null */
export function toFen(s: string | number | null | undefined): number | null {
  const t = String(s ?? '').replace(/[,，\s]/g, '');
  if (!/^\d{1,11}(\.\d{1,2})?$/.test(t)) return null;
  const [i, d = ''] = t.split('.');
  return Number(i) * 100 + Number(d.padEnd(2, '0'));
}
export const todayShanghai = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export const EVENT_LABELS: Record<string, string> = {
  AssetRegistered: '录入',
  AssetIssued: '领用',
  AssetReturned: '归还入库',
  AssetLent: '借出',
  AssetLoanReturned: '借用归还',
  AssetLoanOverdue: '借用逾期提醒',
  AssetTransferRequested: '申请转移',
  AssetTransferApproved: '转移审批通过（在途）',
  AssetTransferRejected: '转移未通过',
  AssetHandedOver: '转出方移交',
  AssetTransferAccepted: '接收方确认接收',
  AssetRepairRequested: '报修',
  AssetRepairCompleted: '维修完成',
  AssetCategoryChanged: '分类变更',
  AssetAdjusted: '盘点调整',
  AssetDisposalRequested: '申请处置',
  AssetDisposalApproved: '处置审批通过',
  AssetDisposalRejected: '处置未通过',
  AssetDisposed: '处置办结（退出）',
};
