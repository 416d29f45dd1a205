import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

/** The 会议 endpoints (api/meetings/routes.ts). */
export interface Room {
  roomId: string;
  unitId: string;
  unitName: string;
  name: string;
  capacity: number;
  equipment: string[];
  location: string;
  bookableBy: 'unit' | 'all';
  needsApproval: boolean;
  opensAt: string;
  closesAt: string;
  adminIds: string[];
  canManage?: boolean;
}
export interface GridBooking {
  bookingId: string;
  roomId: string;
  date: string;
  start: string;
  end: string;
  status: string;
  statusLabel: string;
  title: string;
  bookedByName: string;
  mine: boolean;
  meetingId: string | null;
}
export interface Grid {
  date: string;
  days: string[];
  rooms: Pick<Room, 'roomId' | 'name' | 'unitName' | 'capacity' | 'location' | 'equipment' | 'opensAt' | 'closesAt' | 'needsApproval'>[];
  bookings: GridBooking[];
  page: number;
  pageSize: number;
  total: number;
}
export interface MeetingRow {
  meetingId: string;
  title: string;
  start: string;
  end: string;
  location: string;
  organiserName: string;
  status: string;
  replyDeadline: string;
  unitsTotal: number;
  unitsReplied: number;
  checkedIn: number;
  roles: string[];
}
export interface Attendee {
  name: string;
  unitName: string;
  position: string;
  phone: string;
}
export interface MeetingView {
  id: string;
  status: string;
  title: string;
  agenda: string;
  start: string;
  end: string;
  location: string;
  organiser: { id: string; name: string };
  replyDeadline: string;
  rollUp: { replied: number; pending: number; attendees: number; label: string };
  units: {
    unitId: string;
    unitName: string;
    contacts: { id: string; name: string }[];
    replied: boolean;
    late: boolean;
    repliedAt: string | null;
    attendees: Attendee[];
  }[];
  persons: { userId: string; name: string; answer: string | null; standIn: Attendee | null }[];
  urged: { at: string; automatic: boolean; unitIds: string[] }[];
  materials: { materialId: string; name: string; sha256: string; size: number; at: string }[];
  requests: {
    requestId: string;
    title: string;
    deadline: string;
    label: string;
    units: { unitId: string; unitName: string; submitted: { name: string; sha256: string; late: boolean; at: string } | null }[];
  }[];
  checkIns: { userId: string; name: string; method: string; at: string }[];
  checkInCode: string | null;
  checkInLink: string | null;
  minutesLink: string | null;
  allowedActions: string[];
  replyUnits: string[];
  materialUnits: Record<string, string[]>;
}
export interface BookingRow {
  bookingId: string;
  roomId: string;
  date: string;
  start: string;
  end: string;
  title: string;
  status: string;
  statusLabel?: string;
  bookedByName: string;
}
export interface SeriesConflict {
  date: string;
  withTitle: string;
  withStart: string;
  withEnd: string;
}

const B = '/api/meetings';

@Injectable({ providedIn: 'root' })
export class MeetingsApi {
  private readonly http = inject(HttpClient);
  private get<T>(url: string, params: Record<string, string | number> = {}): Promise<T> {
    return firstValueFrom(this.http.get<T>(url, { params }));
  }
  private post<T>(url: string, body: unknown = {}): Promise<T> {
    return firstValueFrom(this.http.post<T>(url, body, { headers: { 'Idempotency-Key': crypto.randomUUID() } }));
  }

  rooms(q = '', page = 1) {
    return this.get<{ items: Room[]; total: number; canRegister: boolean }>(`${B}/rooms`, { q, page, pageSize: 50 });
  }
  registerRoom(body: Record<string, unknown>) {
    return this.post<{ id: string }>(`${B}/rooms`, body);
  }
  grid(date: string, days: 1 | 7, q = '', page = 1) {
    return this.get<Grid>(`${B}/grid`, { date, days, q, page, pageSize: days === 7 ? 10 : 20 });
  }
  book(body: { roomId: string; start: string; end: string; title: string; repeat?: Record<string, unknown> }) {
    return this.post<{ id: string; status: string; bookingIds: string[] }>(`${B}/bookings`, body);
  }
  myBookings(page = 1) {
    return this.get<{ items: BookingRow[]; total: number }>(`${B}/bookings/mine`, { page, pageSize: 20 });
  }
  pendingApprovals() {
    return this.get<{ items: BookingRow[] }>(`${B}/bookings/pending`);
  }
  booking(id: string) {
    return this.get<BookingRow & { roomName: string; allowedActions: string[] }>(`${B}/bookings/${encodeURIComponent(id)}`);
  }
  bookingAction(id: string, action: 'cancel' | 'approve' | 'refuse', reason = '') {
    return this.post(`${B}/bookings/${encodeURIComponent(id)}/${action}`, action === 'approve' ? {} : { reason });
  }
  reschedule(id: string, start: string, end: string) {
    return this.post(`${B}/bookings/${encodeURIComponent(id)}/reschedule`, { start, end });
  }
  meetings(q = '', page = 1) {
    return this.get<{ items: MeetingRow[]; total: number }>(B, { q, page, pageSize: 20 });
  }
  meeting(id: string) {
    return this.get<MeetingView>(`${B}/${encodeURIComponent(id)}`);
  }
  /** 签到二维码 (organiser): the check-in link as a PNG data URL. */
  checkInQr(id: string) {
    return this.get<{ link: string; path: string; image: string }>(`${B}/${encodeURIComponent(id)}/check-in/qr`);
  }
  issue(body: Record<string, unknown>) {
    return this.post<{ id: string }>(B, body);
  }
  act(id: string, path: string, body: unknown = {}) {
    return this.post(`${B}/${encodeURIComponent(id)}/${path}`, body);
  }
  upload(url: string, file: File) {
    return firstValueFrom(
      this.http.post(url, file, {
        headers: {
          'Content-Type': file.type || 'application/octet-stream',
          'X-File-Name': encodeURIComponent(file.name),
          'Idempotency-Key': crypto.randomUUID(),
        },
      }),
    );
  }
  units() {
    return this.get<unknown>('/api/org/tree');
  }
}
