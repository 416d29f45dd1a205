/**
 * MeetingRoom decider (会议室管理). Rules:
 *  - registerRoom: once per id; a name, capacity 1–5000, opening hours 'HH:MM' with opens < closes,
 *    at least one admin when bookings need approval;
 *  - updateRoom: only an open room, same checks;
 *  - retireRoom: an open room (its bookings stay in their day streams; new ones are refused).
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import { BOOKABLE_BY, evolveRoom, initialRoomState, type RoomEvent, type RoomProfile, type RoomState } from './room.events';
import { HHMM, minutesOf } from './time';

export type RegisterRoom = Command<'RegisterRoom', { roomId: string; unitId: string; unitName: string; profile: RoomProfile }>;
export type UpdateRoom = Command<'UpdateRoom', { profile: RoomProfile }>;
export type RetireRoom = Command<'RetireRoom', Record<string, never>>;
export type RoomCommand = RegisterRoom | UpdateRoom | RetireRoom;

const invalid = (field: string, msg: string) => new DomainError('invalid', 'room.invalid', msg, field);

export function checkProfile(p: RoomProfile): void {
  if (!p.name?.trim() || p.name.length > 60) throw invalid('name', '请填写会议室名称（60 字以内）');
  if (!Number.isInteger(p.capacity) || p.capacity < 1 || p.capacity > 5000) throw invalid('capacity', '容纳人数须为 1–5000 的整数');
  if (!BOOKABLE_BY.includes(p.bookableBy)) throw invalid('bookableBy', '预约范围须为 本单位 或 全区');
  if (!HHMM.test(p.opensAt)) throw invalid('opensAt', '开放时间须为 HH:MM');
  if (!HHMM.test(p.closesAt)) throw invalid('closesAt', '关闭时间须为 HH:MM');
  if (minutesOf(p.opensAt) >= minutesOf(p.closesAt)) throw invalid('closesAt', '关闭时间须晚于开放时间');
  if (p.needsApproval && p.adminIds.length === 0) throw invalid('adminIds', '需要审批的会议室须指定会议室管理员');
}

export function registerRoom(cmd: RegisterRoom, s: RoomState): RoomEvent[] {
  if (s.status !== 'none') return [];
  checkProfile(cmd.data.profile);
  const { roomId, unitId, unitName, profile } = cmd.data;
  return [{ type: 'RoomRegistered', data: { roomId, unitId, unitName, profile, by: cmd.metadata.actorId, at: cmd.metadata.now } }];
}

export function updateRoom(cmd: UpdateRoom, s: RoomState): RoomEvent[] {
  if (s.status === 'none') throw new DomainError('not_found', 'room.not_found', '会议室不存在');
  if (s.status === 'retired') throw new DomainError('rule', 'room.retired', '会议室已停用');
  checkProfile(cmd.data.profile);
  return [{ type: 'RoomUpdated', data: { roomId: s.roomId, profile: cmd.data.profile, by: cmd.metadata.actorId, at: cmd.metadata.now } }];
}

export function retireRoom(cmd: RetireRoom, s: RoomState): RoomEvent[] {
  if (s.status === 'none') throw new DomainError('not_found', 'room.not_found', '会议室不存在');
  if (s.status === 'retired') return [];
  return [{ type: 'RoomRetired', data: { roomId: s.roomId, by: cmd.metadata.actorId, at: cmd.metadata.now } }];
}

export function decideRoom(cmd: RoomCommand, s: RoomState): RoomEvent[] {
  switch (cmd.type) {
    case 'RegisterRoom':
      return registerRoom(cmd, s);
    case 'UpdateRoom':
      return updateRoom(cmd, s);
    case 'RetireRoom':
      return retireRoom(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export const roomDecider: Decider<RoomCommand, RoomEvent, RoomState> = {
  initialState: initialRoomState,
  decide: decideRoom,
  evolve: evolveRoom,
};
