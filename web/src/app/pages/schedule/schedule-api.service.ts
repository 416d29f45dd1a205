import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

/** The 日程 endpoints (api/schedule/routes.ts). */
export interface CalItem {
  key: string;
  ownerId: string;
  start: string;
  end: string;
  allDay: boolean;
  source: 'own' | 'meeting' | 'booking' | 'leave' | 'trip';
  kind: string;
  kindLabel: string;
  title: string;
  busyOnly: boolean;
  location: string;
  notes: string;
  link: string | null;
  byName: string;
  onBehalfOf: string | null;
  sourceId: string | null;
  repeat: { freq: string; count?: number; until?: string } | null;
  done: boolean;
  published: boolean;
}
export interface Calendar {
  owner: { id: string; name: string };
  access: string;
  canWrite: boolean;
  items: CalItem[];
}
export interface Person {
  userId: string;
  name: string;
  title: string;
  relation: string;
}
export interface LeadersWeek {
  weekStart: string;
  days: string[];
  leaders: { userId: string; name: string; title: string }[];
  items: {
    key: string;
    ownerId: string;
    title: string;
    location: string;
    start: string;
    end: string;
    byName: string;
    onBehalfOf: string | null;
  }[];
}

const B = '/api/schedule';

@Injectable({ providedIn: 'root' })
export class ScheduleApi {
  private readonly http = inject(HttpClient);
  private get<T>(url: string, params: Record<string, string> = {}) {
    return firstValueFrom(this.http.get<T>(url, { params }));
  }
  private send<T>(method: 'post' | 'put', url: string, body: unknown = {}, params: Record<string, string> = {}) {
    return firstValueFrom(this.http.request<T>(method, url, { body, params, headers: { 'Idempotency-Key': crypto.randomUUID() } }));
  }
  calendar(from: string, to: string, userId?: string) {
    return this.get<Calendar>(`${B}/calendar`, { from, to, ...(userId ? { userId } : {}) });
  }
  today() {
    return this.get<{
      date: string;
      items: {
        key: string;
        title: string;
        start: string;
        end: string;
        allDay: boolean;
        kindLabel: string;
        location: string;
        link: string;
      }[];
    }>(`${B}/today`);
  }
  people() {
    return this.get<{ kept: Person[]; shared: Person[]; members: Person[] }>(`${B}/people`);
  }
  add(body: Record<string, unknown>, ownerId?: string) {
    return this.send<{ id: string }>('post', `${B}/entries`, body, ownerId ? { ownerId } : {});
  }
  change(entryId: string, body: Record<string, unknown>, ownerId?: string) {
    return this.send('put', `${B}/entries/${encodeURIComponent(entryId)}`, body, ownerId ? { ownerId } : {});
  }
  remove(entryId: string, ownerId?: string) {
    return this.send('post', `${B}/entries/${encodeURIComponent(entryId)}/remove`, {}, ownerId ? { ownerId } : {});
  }
  done(entryId: string, ownerId?: string) {
    return this.send('post', `${B}/entries/${encodeURIComponent(entryId)}/done`, {}, ownerId ? { ownerId } : {});
  }
  leaders(date: string) {
    return this.get<LeadersWeek>(`${B}/leaders`, { date });
  }
  settings() {
    return this.get<{
      shares: { userId: string; name: string; level: 'busy' | 'full' }[];
      secretaries: { userId: string; name: string }[];
      kept: { userId: string; name: string }[];
    }>(`${B}/settings`);
  }
  setSharing(shares: { userId: string; level: 'busy' | 'full' }[]) {
    return this.send('put', `${B}/sharing`, { shares });
  }
  appoint(secretaryId: string) {
    return this.send('post', `${B}/secretaries`, { secretaryId });
  }
  revoke(secretaryId: string) {
    return this.send('post', `${B}/secretaries/${encodeURIComponent(secretaryId)}/revoke`);
  }
  feedToken() {
    return this.send<{ token: string; path: string }>('post', `${B}/feed-token`);
  }
  ics(key: string, ownerId?: string) {
    return firstValueFrom(
      this.http.get(`${B}/entries/${encodeURIComponent(key)}/ics`, { params: ownerId ? { ownerId } : {}, responseType: 'blob' }),
    );
  }
}
