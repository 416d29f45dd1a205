/**
 * 会议室预约审批 as a workflow definition (runs on the generic engine, domain/workflow):
 *   申请 → 会议室管理员审批 → 结束.
 * Who approves is the room's admins, decided by the RoomDay decider and recorded in RoomBooked
 * (`approverIds`); the meetings command side passes them as the node's assignments when it starts
 * the process with the booking as subject. The engine's task is the admin's 待办; when the process
 * ends, the room-booking approval reactor records 同意/不同意 on the room-day stream.
 */
import type { ProcessDefinitionBody } from '../workflow';

export const ROOM_BOOKING_DEFINITION_KEY = 'meeting-room-booking';
export const ROOM_BOOKING_SUBJECT_TYPE = 'meeting-room-booking';
export const ROOM_BOOKING_NODES = { start: 'apply', approve: 'room-admin' } as const;

export function roomBookingDefinition(): ProcessDefinitionBody {
  return {
    key: ROOM_BOOKING_DEFINITION_KEY,
    name: '会议室预约审批',
    kind: '会议室预约',
    description: '需审批的会议室预约：由会议室管理员审批；审批期间该时段保持占用，不同意则释放。',
    formFields: [
      { name: 'roomId', label: '会议室', type: 'string', required: true },
      { name: 'roomName', label: '会议室名称', type: 'string', required: true },
      { name: 'date', label: '日期', type: 'string', required: true },
      { name: 'start', label: '开始时间', type: 'string', required: true },
      { name: 'end', label: '结束时间', type: 'string', required: true },
    ],
    nodes: [
      { id: ROOM_BOOKING_NODES.start, name: '申请', kind: 'start' },
      // resolved per booking by the meetings command side (RoomBooked.approverIds: the room's admins)
      { id: ROOM_BOOKING_NODES.approve, name: '会议室管理员审批', kind: 'approval', approvers: [{ type: 'drafter' }], timeLimitDays: 1 },
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: ROOM_BOOKING_NODES.start, to: ROOM_BOOKING_NODES.approve },
      { from: ROOM_BOOKING_NODES.approve, to: 'end' },
    ],
  };
}
