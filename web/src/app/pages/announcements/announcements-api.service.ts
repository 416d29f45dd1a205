import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../../core/api-types';

const B = '/api/announcements';
const enc = encodeURIComponent;

export type NoticeRow = components['schemas']['AnnouncementStrip']['items'][number];
export type ReceiptsAnswer = components['schemas']['AnnouncementReceipts'];
export type ReceiptRow = ReceiptsAnswer['items'][number];
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const CATEGORIES = ['通知', '公告', '通报', '简报', '其他'] as const;

export interface Audience {
  everyone: boolean;
  unitIds: string[];
  departmentIds: string[];
  userIds: string[];
}

export type NoticeAction = 'edit' | 'submit' | 'publish' | 'pin' | 'unpin' | 'withdraw' | 'read' | 'receipts';

/** GET /api/announcements/:id (the route has no response schema: the shape routes.ts `view` answers). */
export interface NoticeView {
  id: string;
  status: string;
  statusLabel: string;
  unitId: string;
  drafter: { id: string; name: string };
  title: string;
  category: string;
  body: string;
  attachments: { id: string; fileName: string; contentType: string; size: number; image: boolean }[];
  processId: string | null;
  rounds: number;
  approval: { approverId: string; approverName: string; opinion: string; at: string } | null;
  sentBack: { outcome: string; actorId: string; opinion: string; at: string } | null;
  publication: {
    audience: Audience;
    recipientCount: number;
    displayFrom: string;
    displayTo: string | null;
    pinned: boolean;
    publisherName: string;
    at: string;
  } | null;
  withdrawal: { actorId: string; actorName: string; reason: string; at: string } | null;
  draftedAt: string | null;
  updatedAt: string | null;
  read: boolean;
  allowedActions: NoticeAction[];
}

/** 通知公告 API (routes in api/announcements/routes.ts). */
@Injectable({ providedIn: 'root' })
export class AnnouncementsApi {
  private readonly http = inject(HttpClient);

  strip(): Promise<{ items: NoticeRow[] }> {
    return firstValueFrom(this.http.get<{ items: NoticeRow[] }>(`${B}/strip`));
  }
  received(q: { q?: string; unread?: boolean; page: number; pageSize?: number }): Promise<Paged<NoticeRow>> {
    const params: Record<string, string> = { page: String(q.page), pageSize: String(q.pageSize ?? 20) };
    if (q.q) params['q'] = q.q;
    if (q.unread) params['unread'] = 'true';
    return firstValueFrom(this.http.get<Paged<NoticeRow>>(`${B}/received`, { params }));
  }
  managed(q: { q?: string; status?: string; page: number; pageSize?: number }): Promise<Paged<NoticeRow>> {
    const params: Record<string, string> = { page: String(q.page), pageSize: String(q.pageSize ?? 20) };
    if (q.q) params['q'] = q.q;
    if (q.status) params['status'] = q.status;
    return firstValueFrom(this.http.get<Paged<NoticeRow>>(`${B}/managed`, { params }));
  }
  get(id: string): Promise<NoticeView> {
    return firstValueFrom(this.http.get<NoticeView>(`${B}/${enc(id)}`));
  }
  receipts(id: string, filter: '' | 'read' | 'unread', page: number): Promise<ReceiptsAnswer> {
    const params: Record<string, string> = { page: String(page), pageSize: '50' };
    if (filter) params['filter'] = filter;
    return firstValueFrom(this.http.get<ReceiptsAnswer>(`${B}/${enc(id)}/receipts`, { params }));
  }
  attachmentUrl(id: string, attachmentId: string): string {
    return `${B}/${enc(id)}/attachments/${enc(attachmentId)}`;
  }
  /** Images and downloads need the bearer token: fetched as blobs through HttpClient. */
  attachmentBlob(id: string, attachmentId: string): Promise<Blob> {
    return firstValueFrom(this.http.get(this.attachmentUrl(id, attachmentId), { responseType: 'blob' }));
  }
  draft(body: { title: string; category: string; body: string }): Promise<{ id: string }> {
    return firstValueFrom(this.http.post<{ id: string }>(B, body));
  }
  edit(id: string, body: { title: string; category: string; body: string }): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/${enc(id)}/edit`, body));
  }
  upload(id: string, file: File): Promise<unknown> {
    return firstValueFrom(
      this.http.post(`${B}/${enc(id)}/attachments`, file, {
        headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': enc(file.name) },
      }),
    );
  }
  removeAttachment(id: string, attachmentId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${B}/${enc(id)}/attachments/${enc(attachmentId)}`));
  }
  submit(id: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/${enc(id)}/submit`, {}));
  }
  publish(id: string, body: { audience: Audience; displayFrom?: string; displayTo?: string; pinned: boolean }): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/${enc(id)}/publish`, body));
  }
  pin(id: string, pinned: boolean): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/${enc(id)}/pin`, { pinned }));
  }
  withdraw(id: string, reason: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/${enc(id)}/withdraw`, { reason }));
  }
  markRead(id: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/${enc(id)}/read`, {}));
  }
}
