import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { PassportEvent } from '../../domain/abroad';
import type { InboxContribution, InboxRowOp } from '../inbox/contribution';

/**
 * 出国境 in the unified 待办: a 证照 not returned in time opens a 待办 for each person the reminder
 * names (the holder: 归还证照; the keeper: 催收证照), linked to the 证照's page; 归还 closes them.
 * Approval tasks are the workflow's own rows and open the process page (the form, the levels and the
 * approve buttons, on the desktop as on the phone); the application page links there.
 */
const instance = (passportId: string, applicationId: string) => `abroad-passport:${passportId}:${applicationId}`;

export const abroadInboxContribution: InboxContribution = {
  module: 'abroad',
  eventTypes: ['PassportReturnOverdue', 'PassportReturned'],
  instanceOf: (e: RecordedEvent) => {
    const d = e.data as { passportId: string; applicationId: string };
    return instance(d.passportId, d.applicationId);
  },
  rows: (e: RecordedEvent): InboxRowOp[] => {
    const ev = e as RecordedEvent & PassportEvent;
    if (ev.type === 'PassportReturnOverdue') {
      const d = ev.data;
      return d.remind.map((u) => ({
        op: 'open' as const,
        taskId: `${instance(d.passportId, d.applicationId)}:${u}`,
        instanceId: instance(d.passportId, d.applicationId),
        box: 'todo' as const,
        taskKind: u === d.holderId ? 'passport-return' : 'passport-collect',
        assignee: u,
        processKind: '出国境',
        definitionKey: 'abroad-passport',
        initiatorId: d.holderId,
        nodeId: 'passport-overdue',
        nodeName: u === d.holderId ? '归还证照' : '催收证照',
        deadline: d.dueBack,
        at: d.at,
        link: `/abroad/passports/${d.passportId}`,
        title: u === d.holderId ? '证照逾期未还，请尽快交回保管' : '证照逾期未还，请督促交回',
        unlessOpen: true,
      }));
    }
    if (ev.type === 'PassportReturned') {
      const d = ev.data;
      return [{ op: 'close', instanceId: instance(d.passportId, d.applicationId), outcome: 'returned', action: '', who: null, at: d.at }];
    }
    return [];
  },
};
