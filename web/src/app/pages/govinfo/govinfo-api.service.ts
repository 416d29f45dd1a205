import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../../core/api-types';

const B = '/api/govinfo';
const enc = encodeURIComponent;

export type ReportsPage = components['schemas']['GovInfoReportsPage'];
export type ReportRow = ReportsPage['items'][number];
export type CallRow = components['schemas']['GovInfoCalls']['items'][number];
export type Ranking = components['schemas']['GovInfoRanking'];
export type Rules = components['schemas']['GovInfoRules'];

/** GET /api/govinfo/reports/:id (no response schema: routes.ts answers the report state with names and actions). */
export interface ReportView {
  reportId: string;
  status: string;
  statusLabel: string;
  title: string;
  body: string;
  unitName: string;
  submitterName: string;
  receiverUnitName: string;
  callId: string | null;
  submittedAt: string;
  levels: { level: string; label: string; note: string; points: number; reviewerName: string; at: string }[];
  rejection: { reason: string; reviewerName: string; at: string } | null;
  points: number;
  edits: number;
  allowedActions: string[];
}

export const LEVELS: [string, string][] = [
  ['district', '区级采用'],
  ['city', '市级采用'],
  ['endorsed', '领导批示'],
];

/** 信息报送 API (routes in api/govinfo/routes.ts). */
@Injectable({ providedIn: 'root' })
export class GovInfoApi {
  private readonly http = inject(HttpClient);

  reports(q: { box: 'mine' | 'review'; status?: string; q?: string; page: number }): Promise<ReportsPage> {
    const params: Record<string, string> = { box: q.box, page: String(q.page), pageSize: '20' };
    if (q.status) params['status'] = q.status;
    if (q.q) params['q'] = q.q;
    return firstValueFrom(this.http.get<ReportsPage>(`${B}/reports`, { params }));
  }
  report(id: string): Promise<ReportView> {
    return firstValueFrom(this.http.get<ReportView>(`${B}/reports/${enc(id)}`));
  }
  submit(body: { title: string; body: string; receiverUnitId?: string; callId?: string }): Promise<{ id: string }> {
    return firstValueFrom(this.http.post<{ id: string }>(`${B}/reports`, body));
  }
  edit(id: string, body: { title: string; body: string }): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/reports/${enc(id)}/edit`, body));
  }
  adopt(id: string, level: string, note: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/reports/${enc(id)}/adopt`, { level, note }));
  }
  reject(id: string, reason: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/reports/${enc(id)}/reject`, { reason }));
  }
  calls(): Promise<{ items: CallRow[] }> {
    return firstValueFrom(this.http.get<{ items: CallRow[] }>(`${B}/calls`));
  }
  issueCall(body: { topic: string; description: string; deadline: string }): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/calls`, body));
  }
  closeCall(id: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/calls/${enc(id)}/close`, {}));
  }
  ranking(period: string): Promise<Ranking> {
    return firstValueFrom(this.http.get<Ranking>(`${B}/ranking`, { params: { period } }));
  }
  rankingXlsx(period: string): Promise<Blob> {
    return firstValueFrom(this.http.get(`${B}/ranking`, { params: { period, format: 'xlsx' }, responseType: 'blob' }));
  }
  rules(): Promise<Rules> {
    return firstValueFrom(this.http.get<Rules>(`${B}/rules`));
  }
  setRules(r: Rules): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/rules`, r));
  }
}
