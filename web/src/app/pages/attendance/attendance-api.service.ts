import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../../core/api-types';

type S = components['schemas'];
export type ApplyLeave = S['ApplyLeaveDto'];
export type ApplyTrip = S['ApplyTripDto'];
export type ApplyOvertime = S['ApplyOvertimeDto'];
export type ApplyCorrection = S['ApplyCorrectionDto'];
export type Balance = S['AttendanceBalance'];
export type ApplicationPage = S['AttendanceApplicationPage'];
export type Application = ApplicationPage['items'][number];
export type ApplicationDetail = S['AttendanceApplicationDetail'];
export type LeavePreview = S['AttendanceLeavePreview'];

export const LEAVE_TYPES: ApplyLeave['leaveType'][] = ['年休假', '事假', '病假', '婚假', '产假', '陪产假', '丧假', '探亲假', '调休'];
export const TRANSPORTS: ApplyTrip['transport'][] = ['高铁', '飞机', '火车', '汽车', '轮船', '公务用车', '自驾', '其他'];
export const KINDS = [
  { value: 'leave', label: '请休假' },
  { value: 'trip', label: '国内出差' },
  { value: 'overtime', label: '加班' },
  { value: 'correction', label: '补签' },
] as const;
export const STATUSES = [
  { value: 'pending', label: '审批中' },
  { value: 'approved', label: '已批准' },
  { value: 'rejected', label: '未同意' },
  { value: 'cancelled', label: '已撤回' },
  { value: 'terminated', label: '已终止' },
] as const;

export interface ApplicationFilter {
  kind?: string;
  status?: string;
  leaveType?: string;
  from?: string;
  to?: string;
  q?: string;
}

const B = '/api/attendance';

function params(f: ApplicationFilter & { page?: number; pageSize?: number; format?: string }): HttpParams {
  let p = new HttpParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') p = p.set(k, String(v));
  return p;
}

/** A fresh Idempotency-Key per user action (a retry of the same click reuses it). */
export function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/** The 考勤 API (api/attendance/routes.ts); types from /api/openapi.json. */
@Injectable({ providedIn: 'root' })
export class AttendanceApi {
  private readonly http = inject(HttpClient);

  private post<T>(url: string, body: unknown, key: string): Promise<T> {
    return firstValueFrom(this.http.post<T>(url, body, { headers: { 'Idempotency-Key': key } }));
  }

  applyLeave(dto: ApplyLeave, key: string) {
    return this.post<{ id: string; processId: string; days: number }>(`${B}/leave`, dto, key);
  }
  applyTrip(dto: ApplyTrip, key: string) {
    return this.post<{ id: string; processId: string }>(`${B}/trips`, dto, key);
  }
  applyOvertime(dto: ApplyOvertime, key: string) {
    return this.post<{ id: string; processId: string }>(`${B}/overtime`, dto, key);
  }
  applyCorrection(dto: ApplyCorrection, key: string) {
    return this.post<{ id: string; processId: string }>(`${B}/corrections`, dto, key);
  }
  preview(q: Pick<ApplyLeave, 'leaveType' | 'startDate' | 'startHalf' | 'endDate' | 'endHalf'>): Promise<LeavePreview> {
    return firstValueFrom(this.http.get<LeavePreview>(`${B}/leave/preview`, { params: params(q) }));
  }
  myBalance(year: number): Promise<Balance> {
    return firstValueFrom(this.http.get<Balance>(`${B}/my/balance`, { params: { year: String(year) } }));
  }
  myApplications(f: ApplicationFilter, page: number, pageSize: number): Promise<ApplicationPage> {
    return firstValueFrom(this.http.get<ApplicationPage>(`${B}/my/applications`, { params: params({ ...f, page, pageSize }) }));
  }
  applications(f: ApplicationFilter, page: number, pageSize: number): Promise<ApplicationPage> {
    return firstValueFrom(this.http.get<ApplicationPage>(`${B}/applications`, { params: params({ ...f, page, pageSize }) }));
  }
  applicationsXlsx(f: ApplicationFilter): Promise<Blob> {
    return firstValueFrom(this.http.get(`${B}/applications`, { params: params({ ...f, format: 'xlsx' }), responseType: 'blob' }));
  }
  detail(id: string): Promise<ApplicationDetail> {
    return firstValueFrom(this.http.get<ApplicationDetail>(`${B}/applications/${encodeURIComponent(id)}`));
  }
  withdraw(id: string, key: string) {
    return this.post<unknown>(`${B}/applications/${encodeURIComponent(id)}/withdraw`, {}, key);
  }
  clockIn(body: { lat?: number; lng?: number; accuracy?: number }, key: string) {
    return this.post<{ at: string }>(`${B}/punches/clock-in`, body, key);
  }
  reportBack(id: string, dto: S['ReportBackDto'], key: string) {
    return this.post<{ days: number }>(`${B}/applications/${encodeURIComponent(id)}/report-back`, dto, key);
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
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Asia/Shanghai today, YYYY-MM-DD. */
export function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const HALF_START: Record<string, string> = { am: '上午', pm: '下午' };
export const HALF_END: Record<string, string> = { am: '中午', pm: '下班' };
