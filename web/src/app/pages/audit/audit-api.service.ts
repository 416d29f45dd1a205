import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

const B = '/api/audit';
const enc = encodeURIComponent;

export interface AuditEvent {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  type: string;
  data: unknown;
  actorId: string;
  onBehalfOf: string | null;
  unitId: string | null;
  clientIp: string | null;
  occurredAt: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
}
export interface Subject {
  streamId: string;
  kind: string;
  kindLabel: string;
  label: string | null;
  number: string | null;
  parentStream: string | null;
  events: number;
  lastAt: string;
}
export interface Moment {
  position: number;
  recordedAt: string;
  type: string;
  streamId: string;
}
export interface Timeline {
  subject: { streamId: string; label: string | null; kindLabel?: string };
  streams: { streamId: string; events: number; generic: boolean }[];
  moments: Moment[];
  items: AuditEvent[];
  total: number;
}
export interface StreamState {
  streamId: string;
  generic: boolean;
  revision: number;
  lastEventType: string | null;
  state: unknown;
}
export interface FieldChange {
  field: string;
  change: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
}
export interface SeenTask {
  processId: string;
  taskId: string;
  title: string;
  nodeName: string;
  kind: string;
  assignee: string;
  assignedAt: string;
  deadline: string | null;
  status: string;
  outcome: string | null;
}
export interface VerifyReport {
  ok: boolean;
  events: number;
  streams: number;
  seals: number;
  lastSealedPosition: number;
  unsealedEvents: number;
  headPosition: number;
  problemCount: number;
  publicKeyFingerprint?: string;
  firstProblem?: { kind: string; streamId?: string; revision?: number; position?: number; message: string };
  durationMs: number;
}
export type Filter = Record<string, string | number | undefined>;

function params(f: Filter): Record<string, string> {
  return Object.fromEntries(
    Object.entries(f)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );
}

/** The 安全审计 endpoints (api/audit/routes.ts). */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  subjects(q: string, kind: string, page: number) {
    return firstValueFrom(
      this.http.get<{ items: Subject[]; total: number; kinds: Record<string, string> }>(`${B}/subjects`, {
        params: params({ q, kind, page, pageSize: 20 }),
      }),
    );
  }
  timeline(streamId: string, page: number, pageSize = 50) {
    return firstValueFrom(this.http.get<Timeline>(`${B}/subjects/${enc(streamId)}/timeline`, { params: { page, pageSize } }));
  }
  state(streamId: string, at: string) {
    return firstValueFrom(
      this.http.get<{ at: string; streams: StreamState[] }>(`${B}/subjects/${enc(streamId)}/state`, { params: { at } }),
    );
  }
  diff(streamId: string, from: string, to: string) {
    return firstValueFrom(
      this.http.get<{ streams: { streamId: string; changes: FieldChange[] }[] }>(`${B}/subjects/${enc(streamId)}/diff`, {
        params: { from, to },
      }),
    );
  }
  events(path: 'events' | 'security-events', f: Filter) {
    return firstValueFrom(this.http.get<{ items: AuditEvent[]; total: number }>(`${B}/${path}`, { params: params(f) }));
  }
  eventsXlsx(path: 'events' | 'security-events', f: Filter) {
    return firstValueFrom(this.http.get(`${B}/${path}`, { params: params({ ...f, format: 'xlsx' }), responseType: 'blob' }));
  }
  seen(userId: string, at: string) {
    return firstValueFrom(
      this.http.get<{ name: string; at: string; processesReplayed: number; todo: SeenTask[]; done: SeenTask[] }>(
        `${B}/users/${enc(userId)}/seen`,
        {
          params: { at },
        },
      ),
    );
  }
  users(q: string) {
    return firstValueFrom(
      this.http.get<{ items: { id: string; name: string; username: string; unitName: string | null; departmentName: string | null }[] }>(
        `/api/users`,
        {
          params: { q, pageSize: 10, status: 'all' },
        },
      ),
    );
  }
  report() {
    return firstValueFrom(this.http.get(`${B}/verify/report.pdf`, { responseType: 'blob' }));
  }
}

/** JSON for display (short values inline). */
export function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** A datetime-local value (Beijing time) → ISO instant. */
export function fromLocal(v: string): string {
  return new Date(`${v}:00+08:00`).toISOString();
}
/** ISO → a datetime-local value in Beijing time. */
export function toLocal(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return d.toISOString().slice(0, 16);
}
