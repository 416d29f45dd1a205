/**
 * Test support only (imported by *.unit.spec.ts, never by the model): fixtures for 督办 specs.
 * 区政府办公室督查科 (qzfb) supervises; 区财政局 (czj) leads, 区人社局 (rsj) co-operates.
 */
import type { ProposeItem, SupervisionCommand, UnitFacts } from './item.decide';
import type { SupervisionEvent } from './item.events';

/** Monday 2 March 2026, 09:00 Beijing. */
export const T0 = '2026-03-02T01:00:00.000Z';
export const DEADLINE = '2026-03-13';
export const CALENDAR = { holidays: [], extraWorkdays: [] };

export const cmd = <C extends SupervisionCommand>(type: C['type'], data: C['data'], actorId: string, unitId: string | null, now = T0) =>
  ({ type, data, metadata: { now, actorId, onBehalfOf: null, unitId } }) as C;

export const proposeData = (over: Partial<ProposeItem['data']> = {}): ProposeItem['data'] => ({
  itemId: 's1',
  processId: 'p1',
  title: '推进老旧小区改造资金拨付',
  requirements: '3月13日前完成首批资金拨付并报送进展',
  source: { kind: 'instruction', note: '赵区长批示：抓紧办理', incomingId: null, incomingTitle: null },
  documents: [],
  supervisingUnit: { id: 'qzfb', name: '区政府办公室' },
  supervisorName: '卫东',
  leader: { id: 'zhao-guoqiang', name: '赵国强' },
  lead: { id: 'czj', name: '区财政局' },
  co: [{ id: 'rsj', name: '区人力资源和社会保障局' }],
  deadline: DEADLINE,
  cycle: { kind: 'weekly', dates: [] },
  priority: 'important',
  ...over,
});

export const UNITS: Record<string, UnitFacts> = {
  czj: { users: [{ id: 'yang-fan', unitId: 'czj', active: true, roles: ['staff', 'leader', 'office_admin'] }], leaderId: 'director' },
  rsj: { users: [{ id: 'hua-zhen', unitId: 'rsj', active: true, roles: ['staff', 'leader', 'office_admin'] }], leaderId: 'cao-jun' },
};

/** The schedule of DEADLINE with N=2, M=3 on weekdays. */
export const SCHEDULE = {
  remindAt: '2026-03-11T01:00:00.000Z',
  overdueAt: '2026-03-13T16:00:00.000Z',
  escalateAt: '2026-03-17T16:00:00.000Z',
};

export function assignedHistory(): SupervisionEvent[] {
  const p = proposeData();
  return [
    {
      type: 'SupervisionItemProposed',
      data: {
        itemId: 's1',
        processId: 'p1',
        title: p.title,
        requirements: p.requirements,
        source: p.source,
        documents: [],
        supervisingUnit: p.supervisingUnit,
        supervisor: { id: 'wei-dong', name: '卫东' },
        leader: p.leader,
        lead: p.lead,
        co: p.co,
        deadline: DEADLINE,
        cycle: p.cycle,
        priority: p.priority,
        remindDays: 2,
        escalateDays: 3,
        at: T0,
      },
    },
    {
      type: 'SupervisionItemEstablished',
      data: { itemId: 's1', processId: 'p1', approverId: 'sun-jianhua', approverName: '孙建华', opinion: '同意', at: T0 },
    },
    {
      type: 'SupervisionItemAssigned',
      data: {
        itemId: 's1',
        parts: [
          {
            unitId: 'czj',
            unitName: '区财政局',
            role: 'lead',
            receiverIds: ['yang-fan'],
            nextReportDue: '2026-03-09',
            reportRemindAt: '2026-03-05T01:00:00.000Z',
          },
          {
            unitId: 'rsj',
            unitName: '区人力资源和社会保障局',
            role: 'co',
            receiverIds: ['hua-zhen'],
            nextReportDue: '2026-03-09',
            reportRemindAt: '2026-03-05T01:00:00.000Z',
          },
        ],
        deadline: DEADLINE,
        schedule: SCHEDULE,
        at: T0,
      },
    },
  ];
}

export const signed = (unitId: string, actorId: string, at = T0): SupervisionEvent => ({
  type: 'SupervisionPartSignedFor',
  data: { itemId: 's1', unitId, actorId, actorName: actorId, at },
});
