import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../../core/api-types';

type S = components['schemas'];
export type ApplicationPage = S['AbroadApplicationPage'];
export type ApplicationRow = ApplicationPage['items'][number];
export type ApplicationView = S['AbroadApplication'];
export type PassportPage = S['AbroadPassportPage'];
export type PassportRow = PassportPage['items'][number];
export type PassportView = S['AbroadPassport'];

/** The three entries (domain/abroad/flow.ts ABROAD_ENTRIES). */
export const ENTRIES = ['公职人员出国(赴港澳)', '出入境', '特殊出入境'] as const;
export const ENTRY_HINTS: Record<(typeof ENTRIES)[number], string> = {
  '公职人员出国(赴港澳)': '因公出国（赴港澳）：持因公证照，须填写出访任务',
  出入境: '因私出入境：探亲、旅游等，持因私证照或通行证',
  特殊出入境: '涉密人员、敏感地区等特殊情形，副处级及以上报区主要领导审批',
};
export const DOCUMENT_TYPES = ['因公护照', '因私护照', '往来港澳通行证', '往来台湾通行证'] as const;
export const DESTINATION_TYPES = ['港澳台', '其他国家和地区', '敏感国家和地区'] as const;
export const STATUS_OPTIONS: [string, string][] = [
  ['in_review', '审批中'],
  ['approved', '已批准'],
  ['rejected', '不予批准'],
  ['terminated', '已终止'],
  ['cancelled', '已作废'],
];

export interface SubmitBody {
  entry: string;
  reason: string;
  document: { type: string; number: string; validUntil: string };
  itinerary: { region: string; arriveDate: string; leaveDate: string }[];
  destinationType: string;
  task?: string;
  departDate: string;
  returnDate: string;
  members?: string[];
}

export interface ListFilter {
  q?: string;
  status?: string;
  entry?: string;
  mine?: boolean;
}

const B = '/api/abroad';
const enc = encodeURIComponent;
const params = (f: Record<string, string | number | boolean | undefined>) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '' && v !== false)) as Record<string, string>;

@Injectable({ providedIn: 'root' })
export class AbroadApi {
  private readonly http = inject(HttpClient);

  applications(f: ListFilter, page: number, pageSize = 20): Promise<ApplicationPage> {
    return firstValueFrom(
      this.http.get<ApplicationPage>(`${B}/applications`, {
        params: params({ q: f.q, status: f.status, entry: f.entry, mine: f.mine ? '1' : '0', page, pageSize }),
      }),
    );
  }
  applicationsXlsx(f: ListFilter): Promise<Blob> {
    return firstValueFrom(
      this.http.get(`${B}/applications`, {
        params: params({ q: f.q, status: f.status, entry: f.entry, mine: f.mine ? '1' : '0', format: 'xlsx' }),
        responseType: 'blob',
      }),
    );
  }
  application(id: string): Promise<ApplicationView> {
    return firstValueFrom(this.http.get<ApplicationView>(`${B}/applications/${enc(id)}`));
  }
  submit(body: SubmitBody): Promise<{ id: string; processId?: string }> {
    return firstValueFrom(this.http.post<{ id: string; processId?: string }>(`${B}/applications`, body));
  }
  passports(f: { q?: string; status?: string }, page: number, pageSize = 20): Promise<PassportPage> {
    return firstValueFrom(this.http.get<PassportPage>(`${B}/passports`, { params: params({ q: f.q, status: f.status, page, pageSize }) }));
  }
  passportsXlsx(f: { q?: string; status?: string }): Promise<Blob> {
    return firstValueFrom(
      this.http.get(`${B}/passports`, { params: params({ q: f.q, status: f.status, format: 'xlsx' }), responseType: 'blob' }),
    );
  }
  passport(id: string): Promise<PassportView> {
    return firstValueFrom(this.http.get<PassportView>(`${B}/passports/${enc(id)}`));
  }
  register(body: { holderId: string; docType: string; number: string; validUntil: string }): Promise<{ id: string }> {
    return firstValueFrom(this.http.post<{ id: string }>(`${B}/passports`, body));
  }
  checkOut(id: string, applicationId: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/passports/${enc(id)}/checkout`, { applicationId }));
  }
  returnPassport(id: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/passports/${enc(id)}/return`, {}));
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

/** An instant in Asia/Shanghai: 'YYYY-MM-DD HH:mm'. */
export function shanghai(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
