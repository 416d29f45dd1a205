import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

const enc = encodeURIComponent;

export interface SecurityPolicy {
  minLength: number;
  minClasses: number;
  expiryDays: number;
  historyCount: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
}
export interface Account {
  id: string;
  username: string;
  name: string;
  status: string;
  unitName: string | null;
  departmentName: string | null;
  roles: { roleId: string; name: string; scope: string; scopeLabel: string }[];
  locked: boolean;
  lockedUntil: string | null;
  failedLogins: number;
  mustChangePassword: boolean;
  passwordExpired: boolean;
  passwordChangedAt: string | null;
  lastLoginAt: string | null;
}
export interface Session {
  familyId: string;
  userId: string;
  name: string | null;
  username: string | null;
  unitName: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
}

/** The 安全管理 endpoints (api/security/routes.ts) and the org context's unlock / reset / role routes. */
@Injectable({ providedIn: 'root' })
export class SecadminApi {
  private readonly http = inject(HttpClient);
  policy() {
    return firstValueFrom(
      this.http.get<{ policy: SecurityPolicy; changedAt: string | null; changedBy: string | null }>('/api/security/policy'),
    );
  }
  savePolicy(p: SecurityPolicy) {
    return firstValueFrom(this.http.put<{ policy: SecurityPolicy; changed: boolean }>('/api/security/policy', p));
  }
  accounts(q: string, filter: string, page: number) {
    return firstValueFrom(
      this.http.get<{ items: Account[]; total: number }>('/api/security/accounts', { params: { q, filter, page, pageSize: 20 } }),
    );
  }
  roles() {
    return firstValueFrom(
      this.http.get<{ roles: { id: string; name: string; separated: boolean }[]; scopes: { id: string; label: string }[] }>(
        '/api/security/roles',
      ),
    );
  }
  unlock(userId: string) {
    return firstValueFrom(this.http.post(`/api/users/${enc(userId)}/unlock`, {}));
  }
  reset(userId: string, newPassword: string) {
    return firstValueFrom(this.http.post(`/api/users/${enc(userId)}/password/reset`, { newPassword }));
  }
  grant(userId: string, roleId: string, scope: string) {
    return firstValueFrom(this.http.post(`/api/users/${enc(userId)}/roles`, { roleId, scope }));
  }
  revokeRole(userId: string, roleId: string) {
    return firstValueFrom(this.http.post(`/api/users/${enc(userId)}/roles/${enc(roleId)}/revoke`, {}));
  }
  sessions(userId: string, page: number) {
    return firstValueFrom(
      this.http.get<{ items: Session[]; total: number }>('/api/security/sessions', { params: userId ? { userId, page } : { page } }),
    );
  }
  revokeSession(id: string) {
    return firstValueFrom(this.http.post(`/api/security/sessions/${enc(id)}/revoke`, {}));
  }
}
