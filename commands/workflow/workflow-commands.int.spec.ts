import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../pipeline/clock';
import { CommandHandler } from '../pipeline/handler';
import { type RealStoreFixture, realStoreBackends } from '../pipeline/testing/real-stores';
import type { OrgDirectory } from '../../domain/workflow/approvers';
import { leaveDefinition } from '../../domain/workflow/samples';
import type { ApplicantDirectory } from './directories';
import { WorkflowCommands, type WorkflowContext } from './workflow-commands';

const T0 = '2026-03-02T01:00:00.000Z';
let n = 0;
const ctx = (actorId: string, over: Partial<WorkflowContext> = {}): WorkflowContext => ({ actorId, correlationId: `c-${++n}`, ...over });
const org: OrgDirectory & ApplicantDirectory = {
  applicant: async (u) => ({ userId: u, name: u, unitId: 'czj', departmentId: 'czj-ysk', rank: '科员' }),
  leaderOf: () => 'qin-tao',
  leaderChain: (_d, k) => ['qin-tao', 'director'].slice(0, k),
  usersWithRole: (r) => (r === 'office_admin' ? ['yang-fan'] : r === 'hr_admin' ? ['he-jing'] : []),
  usersWithPosition: () => [],
};
const LEAVE = { leaveType: '事假', days: 1, startDate: '2026-03-09', endDate: '2026-03-09' };

for (const backend of realStoreBackends()) {
  describe(`WorkflowCommands on the real ${backend.name} store`, () => {
    let fx: RealStoreFixture;
    beforeEach(async () => {
      fx = await backend.create();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('two processes approving the same task at once: exactly one wins, the other gets a conflict', async () => {
      const clock = fixedClock(T0);
      const wfA = new WorkflowCommands(new CommandHandler(fx.store, { clock }), { org, applicants: org });
      const wfB = new WorkflowCommands(new CommandHandler(await fx.open(), { clock }), { org, applicants: org });
      await wfA.publishDefinition({ definition: leaveDefinition() as never }, ctx('sysadmin'));
      for (let round = 0; round < 5; round++) {
        const { id, newTaskIds } = await wfA.startProcess({ definitionKey: 'leave', form: LEAVE }, ctx('staff'));
        const [task] = newTaskIds;
        const results = await Promise.allSettled([
          wfA.approve(task, { opinion: 'A' }, ctx('qin-tao')),
          wfB.reject(task, { opinion: '不同意' }, ctx('qin-tao')),
        ]);
        expect(
          results.filter((r) => r.status === 'fulfilled'),
          `round ${round}`,
        ).toHaveLength(1);
        const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
        expect(lost.reason).toMatchObject({ kind: 'conflict' });
        const events = await fx.store.readStream(`process-${id}`);
        expect(events.filter((e) => e.type === 'TaskApproved' || e.type === 'TaskRejected')).toHaveLength(1);
      }
    });

    it('runs a leave request to the end and the stream carries actor and onBehalfOf', async () => {
      const clock = fixedClock(T0);
      const wf = new WorkflowCommands(new CommandHandler(fx.store, { clock }), { org, applicants: org });
      await wf.publishDefinition({ definition: leaveDefinition() as never }, ctx('sysadmin'));
      await wf.delegate({ delegateId: 'you-jia', from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z' }, ctx('qin-tao'));
      const { id, newTaskIds } = await wf.startProcess({ definitionKey: 'leave', form: LEAVE }, ctx('staff'));
      await wf.approve(newTaskIds[0], { opinion: '同意' }, ctx('you-jia'));
      const s = await wf.instanceState(id);
      for (const t of Object.values(s.tasks).filter((x) => x.status === 'open' && x.kind === 'approval'))
        await wf.approve(t.taskId, {}, ctx(t.assignee));
      expect((await wf.instanceState(id)).status).toBe('completed');
      const approved = (await fx.store.readStream(`process-${id}`)).find((e) => e.type === 'TaskApproved')!;
      expect(approved.data).toMatchObject({ actorId: 'you-jia', onBehalfOf: 'qin-tao' });
      expect(approved.metadata).toMatchObject({ actorId: 'you-jia', onBehalfOf: 'qin-tao' });
    });
  });
}
