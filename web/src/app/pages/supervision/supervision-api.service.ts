import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../../core/api-types';

export type SupervisionRow = components['schemas']['SupervisionPage']['items'][number];
export type SupervisionPage = components['schemas']['SupervisionPage'];
export type SupervisionSummary = components['schemas']['SupervisionSummary'];
export type SupervisionItem = components['schemas']['SupervisionItem'];
export interface ReportAttachment {
  name: string;
  sha256: string;
  size: number;
}
export type SupervisionOptions = components['schemas']['SupervisionOptions'];
export type SupervisionIncomingLinks = components['schemas']['SupervisionIncomingLinks'];
export type SupervisionAction = SupervisionItem['allowedActions'][number];
export type BoardView = 'all' | 'supervising' | 'leader' | 'undertaking';

export interface BoardFilter {
  view: BoardView;
  status?: string;
  light?: string;
  q?: string;
  /** 承办单位 (主办 or 协办). */
  unitId?: string;
}

export interface ProposeBody {
  title: string;
  requirements: string;
  sourceKind: string;
  sourceNote?: string;
  incomingId?: string;
  leaderId: string;
  leadUnitId: string;
  coUnitIds: string[];
  deadline: string;
  cycle: { kind: string; dates?: string[] };
  priority: string;
}

const B = '/api/supervision';
const enc = encodeURIComponent;

function params(f: BoardFilter, page?: number, pageSize?: number, format?: 'xlsx'): Record<string, string> {
  const p: Record<string, string> = { view: f.view };
  if (f.status) p['status'] = f.status;
  if (f.light) p['light'] = f.light;
  if (f.q?.trim()) p['q'] = f.q.trim();
  if (f.unitId) p['unitId'] = f.unitId;
  if (page) p['page'] = String(page);
  if (pageSize) p['pageSize'] = String(pageSize);
  if (format) p['format'] = format;
  return p;
}

/** The 督办 endpoints (api/supervision/routes.ts). */
@Injectable({ providedIn: 'root' })
export class SupervisionApi {
  private readonly http = inject(HttpClient);

  private get<T>(url: string, p?: Record<string, string>): Promise<T> {
    return firstValueFrom(this.http.get<T>(url, p ? { params: p } : {}));
  }
  private post<T = unknown>(url: string, body: unknown = {}): Promise<T> {
    return firstValueFrom(this.http.post<T>(url, body));
  }

  board(f: BoardFilter, page: number, pageSize: number): Promise<SupervisionPage> {
    return this.get(`${B}/items`, params(f, page, pageSize));
  }
  summary(view: BoardView): Promise<SupervisionSummary> {
    return this.get(`${B}/summary`, { view });
  }
  ledgerXlsx(f: BoardFilter): Promise<Blob> {
    return firstValueFrom(this.http.get(`${B}/items`, { params: params(f, undefined, undefined, 'xlsx'), responseType: 'blob' }));
  }
  options(): Promise<SupervisionOptions> {
    return this.get(`${B}/options`);
  }
  item(id: string): Promise<SupervisionItem> {
    return this.get(`${B}/items/${enc(id)}`);
  }
  byIncoming(incomingId: string): Promise<SupervisionIncomingLinks> {
    return this.get(`${B}/by-incoming/${enc(incomingId)}`);
  }
  propose(body: ProposeBody): Promise<{ id: string }> {
    return this.post(`${B}/items`, body);
  }
  approveEstablishment(taskId: string, opinion: string) {
    return this.post(`/api/tasks/${enc(taskId)}/approve`, { opinion });
  }
  rejectEstablishment(taskId: string, opinion: string) {
    return this.post(`/api/tasks/${enc(taskId)}/reject`, { opinion });
  }
  signFor(id: string) {
    return this.post(`${B}/items/${enc(id)}/sign-for`);
  }
  returnPart(id: string, reason: string) {
    return this.post(`${B}/items/${enc(id)}/return`, { reason });
  }
  handOver(id: string, body: { kind: 'department' | 'person' | 'task'; targetId?: string; note?: string }) {
    return this.post(`${B}/items/${enc(id)}/hand-over`, body);
  }
  report(id: string, content: string, final: boolean, attachments: ReportAttachment[] = []) {
    return this.post(`${B}/items/${enc(id)}/reports`, { content, final, attachments });
  }
  finalReport(id: string, content: string, attachments: ReportAttachment[] = []) {
    return this.post(`${B}/items/${enc(id)}/final-report`, { content, attachments });
  }
  /** 反馈附件: the raw file as the body, its name in X-File-Name; answers what the report then names. */
  async uploadAttachment(id: string, file: File): Promise<ReportAttachment> {
    const a = await firstValueFrom(
      this.http.post<ReportAttachment>(`${B}/items/${enc(id)}/attachments`, file, {
        headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': enc(file.name) },
      }),
    );
    // the report names exactly these (the API refuses other fields)
    return { name: a.name, sha256: a.sha256, size: a.size };
  }
  attachmentBlob(id: string, sha256: string): Promise<Blob> {
    return firstValueFrom(this.http.get(`${B}/items/${enc(id)}/attachments/${enc(sha256)}`, { responseType: 'blob' }));
  }
  requestExtension(id: string, newDeadline: string, reason: string) {
    return this.post(`${B}/items/${enc(id)}/extension`, { newDeadline, reason });
  }
  reassign(id: string, fromUnitId: string, unitId: string) {
    return this.post(`${B}/items/${enc(id)}/reassign`, { fromUnitId, unitId });
  }
  urge(id: string, message: string) {
    return this.post(`${B}/items/${enc(id)}/urge`, { message });
  }
  review(id: string, accept: boolean, opinion: string) {
    return this.post(`${B}/items/${enc(id)}/review`, { accept, opinion });
  }
  /** 延期审批 runs on the workflow engine: the supervisor decides the process's task. */
  approveTask(taskId: string, opinion: string) {
    return this.post(`/api/tasks/${enc(taskId)}/approve`, { opinion });
  }
  rejectTask(taskId: string, opinion: string) {
    return this.post(`/api/tasks/${enc(taskId)}/reject`, { opinion });
  }
}

export const LIGHT_LABELS: Record<string, string> = { red: '已超期', yellow: '临期', green: '正常', none: '' };
