import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../../core/api-types';

const B = '/api/contacts';
const enc = encodeURIComponent;

export type ContactPerson = components['schemas']['ContactPerson'];
export type PeoplePage = components['schemas']['ContactPeoplePage'];
export type PersonalContact = components['schemas']['PersonalContactsPage']['items'][number];
export type PersonalPage = components['schemas']['PersonalContactsPage'];
export type MobilePolicy = components['schemas']['MobilePolicy'];
export type ContactCard = components['schemas']['ContactCard'];

export const SCOPE_LABELS: Record<string, string> = {
  self: '仅本人',
  department: '本部门',
  department_tree: '本部门及下级部门',
  unit: '本单位',
  all: '全部',
};

/** 通讯录 API (routes in api/contacts/routes.ts). */
@Injectable({ providedIn: 'root' })
export class ContactsApi {
  private readonly http = inject(HttpClient);

  people(q: { q?: string; unitId?: string; departmentId?: string; page: number; pageSize?: number }): Promise<PeoplePage> {
    const params: Record<string, string> = { page: String(q.page), pageSize: String(q.pageSize ?? 30) };
    if (q.q) params['q'] = q.q;
    if (q.unitId) params['unitId'] = q.unitId;
    if (q.departmentId) params['departmentId'] = q.departmentId;
    return firstValueFrom(this.http.get<PeoplePage>(`${B}/people`, { params }));
  }
  exportPeople(q: { q?: string; unitId?: string; departmentId?: string }): Promise<Blob> {
    const params: Record<string, string> = { format: 'xlsx' };
    if (q.q) params['q'] = q.q;
    if (q.unitId) params['unitId'] = q.unitId;
    if (q.departmentId) params['departmentId'] = q.departmentId;
    return firstValueFrom(this.http.get(`${B}/people`, { params, responseType: 'blob' }));
  }
  person(userId: string): Promise<ContactPerson> {
    return firstValueFrom(this.http.get<ContactPerson>(`${B}/people/${enc(userId)}`));
  }
  vcard(userId: string): Promise<Blob> {
    return firstValueFrom(this.http.get(`${B}/people/${enc(userId)}/vcard`, { responseType: 'blob' }));
  }
  myCard(): Promise<ContactCard> {
    return firstValueFrom(this.http.get<ContactCard>(`${B}/me/card`));
  }
  saveMyCard(card: { officePhone: string; mobile: string; email: string; room: string }): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/me/card`, card));
  }
  policy(): Promise<MobilePolicy> {
    return firstValueFrom(this.http.get<MobilePolicy>(`${B}/mobile-policy`));
  }
  setPolicy(defaultScope: string, roleScopes: Record<string, string>): Promise<unknown> {
    return firstValueFrom(this.http.post(`${B}/mobile-policy`, { defaultScope, roleScopes }));
  }
  personal(q: string, page: number): Promise<PersonalPage> {
    const params: Record<string, string> = { page: String(page), pageSize: '50' };
    if (q) params['q'] = q;
    return firstValueFrom(this.http.get<PersonalPage>(`${B}/personal`, { params }));
  }
  savePersonal(id: string | null, body: Omit<PersonalContact, 'contactId' | 'initials'>): Promise<unknown> {
    const clean = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== '')) as Record<string, string>;
    return firstValueFrom(this.http.post(id ? `${B}/personal/${enc(id)}` : `${B}/personal`, clean));
  }
  removePersonal(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${B}/personal/${enc(id)}`));
  }
  personalVcard(id: string): Promise<Blob> {
    return firstValueFrom(this.http.get(`${B}/personal/${enc(id)}/vcard`, { responseType: 'blob' }));
  }
}

/** Saves a blob under a file name (vCard, xlsx). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
