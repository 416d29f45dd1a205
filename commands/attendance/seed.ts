import { v5 as uuidv5 } from 'uuid';
import { WrongExpectedRevision } from '../../domain/eventstore/port';
import { ATTENDANCE_DEFINITIONS } from '../../domain/attendance/flows';
import { processDefinitionDecider } from '../../domain/workflow/process-definition.decide';
import { currentDefinition, definitionStreamId } from '../../domain/workflow/process-definition.events';
import type { CommandHandler } from '../pipeline/handler';

const NS = '3d6b1e2a-7c4f-4a8e-b9d1-5e0f2a6c8b73';

/**
 * seed.definitions: publishes the attendance definitions (请休假 `leave`, 国内出差, 加班, 补签) through the
 * pipeline, idempotent. `leave` was the workflow engine's sample: a store that still has the sample
 * (a `days` typed by the user, no half-day marks) gets the attendance version as its next version; an
 * admin's later version of ours is left alone, and a retired one stays retired.
 */
export async function seedAttendanceDefinitions(commands: CommandHandler, log: (msg: string) => void = () => undefined): Promise<void> {
  const published: string[] = [];
  for (const def of ATTENDANCE_DEFINITIONS()) {
    const { state } = await commands.load(definitionStreamId(def.key), processDefinitionDecider);
    const current = currentDefinition(state);
    if (state.latestVersion > 0 && (!current || current.formFields.some((f) => f.name === 'startHalf') || def.key !== 'leave')) continue;
    try {
      await commands.handle({
        streamId: definitionStreamId(def.key),
        decider: processDefinitionDecider,
        command: { type: 'PublishDefinition', data: { definition: def } },
        metadata: { actorId: 'system', correlationId: uuidv5('attendance-definitions', NS) },
        commandId: uuidv5(`publish:${def.key}:attendance:v1`, NS),
      });
      published.push(def.name);
    } catch (e) {
      if (!(e instanceof WrongExpectedRevision)) throw e;
    }
  }
  if (published.length) log(`考勤流程已发布：${published.join('、')}`);
}
