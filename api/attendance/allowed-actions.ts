import type { AttendanceCommands } from '../../commands/attendance';
import type { WorkflowCommands } from '../../commands/workflow/workflow-commands';
import { applicationDecider } from '../../domain/attendance/application.decide';
import type { ApplicationState, LeaveRequested } from '../../domain/attendance/application.events';
import { DomainError } from '../../domain/shared/errors';
import { processActions } from '../workflow/process-view';

/**
 * What the caller may do with an application now, found by probing the decider (销假) and the
 * process (撤回 while it is pending): the web shows only these buttons.
 */
export async function applicationAllowedActions(
  att: AttendanceCommands,
  wf: WorkflowCommands,
  s: ApplicationState,
  userId: string,
  now: string,
): Promise<string[]> {
  void att;
  const out: string[] = [];
  if (s.personId !== userId) return out;
  if (s.status === 'pending') {
    const p = await wf.instanceState(s.processId);
    if (p.status === 'returned' || processActions(p, userId, now).includes('withdraw')) out.push('withdraw');
  }
  if (s.kind === 'leave') {
    const r = s.requested as LeaveRequested['data'];
    try {
      applicationDecider.decide(
        {
          type: 'ReportBack',
          data: { actualEndDate: r.endDate, actualEndHalf: r.endHalf, calendar: {} },
          metadata: { now, actorId: userId },
        },
        s,
      );
      out.push('reportBack');
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
  }
  return out;
}
