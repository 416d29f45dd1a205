/**
 * MeetingRoom (会议室) aggregate: events, state and evolve. Stream `meeting-room-<roomId>`.
 * A room belongs to a unit; its admins (会议室管理员) approve bookings when it needs approval.
 */
import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';

export const roomStreamId = (roomId: string) => `meeting-room-${roomId}`;

/** Who may book: the room's own unit only, or every unit of the district. */
export const BOOKABLE_BY = ['unit', 'all'] as const;
export type BookableBy = (typeof BOOKABLE_BY)[number];

export interface RoomProfile {
  name: string;
  capacity: number;
  /** 设备: 投影, 视频会议, 话筒 … */
  equipment: string[];
  location: string;
  /** Photo URL or stored file key ('' when none). */
  photo: string;
  bookableBy: BookableBy;
  /** 预约须经会议室管理员审批 */
  needsApproval: boolean;
  /** 开放时间 'HH:MM' (Asia/Shanghai) */
  opensAt: string;
  closesAt: string;
  /** 会议室管理员 (user ids): who approves. */
  adminIds: string[];
}

export type RoomRegistered = DomainEvent<
  'RoomRegistered',
  { roomId: string; unitId: string; unitName: string; profile: RoomProfile; by: string; at: string }
>;
export type RoomUpdated = DomainEvent<'RoomUpdated', { roomId: string; profile: RoomProfile; by: string; at: string }>;
export type RoomRetired = DomainEvent<'RoomRetired', { roomId: string; by: string; at: string }>;

export type RoomEvent = RoomRegistered | RoomUpdated | RoomRetired;
export const ROOM_EVENT_TYPES = ['RoomRegistered', 'RoomUpdated', 'RoomRetired'] as const satisfies readonly RoomEvent['type'][];

export interface RoomState {
  status: 'none' | 'open' | 'retired';
  roomId: string;
  unitId: string;
  unitName: string;
  profile: RoomProfile | null;
}

export const initialRoomState = (): RoomState => ({ status: 'none', roomId: '', unitId: '', unitName: '', profile: null });

export function evolveRoom(s: RoomState, e: RoomEvent): RoomState {
  switch (e.type) {
    case 'RoomRegistered':
      return { status: 'open', roomId: e.data.roomId, unitId: e.data.unitId, unitName: e.data.unitName, profile: e.data.profile };
    case 'RoomUpdated':
      return { ...s, profile: e.data.profile };
    case 'RoomRetired':
      return { ...s, status: 'retired' };
    default:
      return assertNever(e);
  }
}
