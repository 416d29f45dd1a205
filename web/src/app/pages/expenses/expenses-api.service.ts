import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../../core/api-types';

export type ClaimDetail = components['schemas']['ExpenseClaimDetail'];
export type LedgerPage = components['schemas']['ExpenseLedgerPage'];
export type LedgerRow = LedgerPage['items'][number];
export type ClaimAction = ClaimDetail['allowedActions'][number];

export const CLAIM_KINDS = ['差旅费', '会议费', '培训费', '公务接待费', '办公费', '其他'] as const;
export const PAYMENT_METHODS = ['公务卡', '银行转账', '国库集中支付', '现金'] as const;
export const STATUS_LABELS: Record<string, string> = { draft: '草稿', submitted: '审批中', approved: '待支付', paid: '已支付' };

export interface TripItem {
  tripId: string;
  travellerId: string;
  travellerName: string;
  companions: string[];
  companionNames: string[];
  destinations: string[];
  startDate: string;
  endDate: string;
  purpose: string;
  transport: string;
  claimId: string | null;
}

export interface LineInput {
  date: string;
  item: string;
  amount: number;
  invoiceNo?: string;
  city?: string;
  nights?: number;
  reason?: string;
}

export interface Preview {
  days: number;
  rank: string | null;
  gradeLabel: string;
  meals: number;
  localTransport: number;
  tablesUsed: string[];
  hotels: { line: number; cap: number | null; overCap: boolean }[];
}

export interface BudgetItem {
  lineId: string;
  unitId: string;
  unitName: string;
  departmentId: string;
  departmentName: string;
  year: number;
  category: string;
  amount: number;
  reserved: number;
  spent: number;
  remaining: number;
  allowOverspend: boolean;
}

export interface StatRow {
  unitId: string;
  unitName: string;
  category: string;
  months: number[];
  paid: number;
  budget: number;
  spent: number;
  reserved: number;
  remaining: number;
}

export interface LedgerFilter {
  q: string;
  kind: string;
  status: string;
  from: string;
  to: string;
  unitId: string;
  minYuan: string;
  maxYuan: string;
}
export const emptyLedgerFilter = (): LedgerFilter => ({
  q: '',
  kind: '',
  status: '',
  from: '',
  to: '',
  unitId: '',
  minYuan: '',
  maxYuan: '',
});

/** 元 (with 2 decimals) from fen. */
export const yuan = (fen: number | null | undefined): string =>
  fen === null || fen === undefined ? '—' : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** fen from a 元 text ('1,234.5' → 123450), NaN when not a number. */
export const fenOf = (text: string | number): number => Math.round(Number(String(text).replace(/[,，\s]/g, '')) * 100);

const B = '/api/expenses';
const key = () => ({ 'Idempotency-Key': crypto.randomUUID() });

function ledgerParams(f: LedgerFilter, page: number, pageSize: number): HttpParams {
  let p = new HttpParams().set('page', page).set('pageSize', pageSize);
  for (const k of ['q', 'kind', 'status', 'from', 'to', 'unitId'] as const) if (f[k]) p = p.set(k, f[k]);
  if (f.minYuan && !Number.isNaN(fenOf(f.minYuan))) p = p.set('minAmount', fenOf(f.minYuan));
  if (f.maxYuan && !Number.isNaN(fenOf(f.maxYuan))) p = p.set('maxAmount', fenOf(f.maxYuan));
  return p;
}

/** The 费用 API (GET /api/expenses/…); commands carry a fresh Idempotency-Key. */
@Injectable({ providedIn: 'root' })
export class ExpensesApi {
  private readonly http = inject(HttpClient);

  trips(): Promise<{ items: TripItem[] }> {
    return firstValueFrom(this.http.get<{ items: TripItem[] }>(`${B}/trips`));
  }
  preview(tripId: string, lines: LineInput[]): Promise<Preview> {
    return firstValueFrom(this.http.post<Preview>(`${B}/allowance-preview`, { tripId, lines }));
  }
  myBudget(category: string): Promise<{ items: BudgetItem[] }> {
    return firstValueFrom(this.http.get<{ items: BudgetItem[] }>(`${B}/budgets`, { params: { for: 'mine', category } }));
  }
  budgets(year: number): Promise<{ items: BudgetItem[] }> {
    return firstValueFrom(this.http.get<{ items: BudgetItem[] }>(`${B}/budgets`, { params: { year } }));
  }
  stats(year: number): Promise<{ year: number; scope: string; items: StatRow[] }> {
    return firstValueFrom(this.http.get<{ year: number; scope: string; items: StatRow[] }>(`${B}/stats`, { params: { year } }));
  }
  ledger(f: LedgerFilter, page: number, pageSize: number): Promise<LedgerPage> {
    return firstValueFrom(this.http.get<LedgerPage>(`${B}/ledger`, { params: ledgerParams(f, page, pageSize) }));
  }
  ledgerXlsx(f: LedgerFilter): Promise<Blob> {
    const params = ledgerParams(f, 1, 20).delete('page').delete('pageSize').set('format', 'xlsx');
    return firstValueFrom(this.http.get(`${B}/ledger`, { params, responseType: 'blob' }));
  }
  claim(id: string): Promise<ClaimDetail> {
    return firstValueFrom(this.http.get<ClaimDetail>(`${B}/claims/${encodeURIComponent(id)}`));
  }
  draft(body: {
    kind: string;
    tripId?: string;
    title: string;
    payee: string;
    account: string;
    lines: LineInput[];
  }): Promise<{ id: string }> {
    return firstValueFrom(this.http.post<{ id: string }>(`${B}/claims`, body, { headers: key() }));
  }
  revise(id: string, body: { title: string; payee: string; account: string; lines: LineInput[] }): Promise<unknown> {
    return firstValueFrom(this.http.put(`${B}/claims/${encodeURIComponent(id)}`, body, { headers: key() }));
  }
  act(id: string, action: 'submit' | 'withdraw' | 'pay' | 'reverse', body: unknown = {}): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/claims/${encodeURIComponent(id)}/${action}`, body, { headers: key() }));
  }
  uploadInvoice(id: string, file: File): Promise<unknown> {
    return firstValueFrom(
      this.http.post(`${B}/claims/${encodeURIComponent(id)}/invoices`, file, {
        headers: { ...key(), 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
      }),
    );
  }
  invoice(id: string, attachmentId: string): Promise<Blob> {
    return firstValueFrom(this.http.get(`${B}/claims/${encodeURIComponent(id)}/invoices/${attachmentId}`, { responseType: 'blob' }));
  }
  task(taskId: string, action: 'approve' | 'reject', opinion: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`/api/tasks/${encodeURIComponent(taskId)}/${action}`, { opinion }, { headers: key() }));
  }
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
