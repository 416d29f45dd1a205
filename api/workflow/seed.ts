import { v5 as uuidv5 } from 'uuid';
import type { CommandHandler } from '../../commands/pipeline';
import { WorkflowCommands } from '../../commands/workflow';
import { SAMPLE_DEFINITIONS } from '../../domain/workflow/samples';

/**
 * Demo seed step (演示数据): publishes the sample process definitions — 通用审批 (simple-approval; 请休假
 * is the 考勤 module's own definition) — through the real pipeline (validation, decider, expected revisions, hash chain),
 * as an administrator would with POST /api/process-definitions. Command ids are derived from the key,
 * so running it on every start is a no-op once done.
 */
const SEED_NS = '0b7e4f0e-3a51-4f63-9a0e-5d7c2b1a8e44';

export async function seedWorkflowDefinitions(commands: CommandHandler, log: (msg: string) => void = () => undefined): Promise<number> {
  const wf = new WorkflowCommands(commands);
  let published = 0;
  for (const definition of SAMPLE_DEFINITIONS()) {
    const r = await wf.publishDefinition(
      { definition: definition as unknown as Record<string, unknown> },
      {
        actorId: 'system',
        correlationId: uuidv5('seed-workflow-definitions', SEED_NS),
        commandId: uuidv5(`seed:definition:${definition.key}:v1`, SEED_NS),
      },
    );
    if (!r.duplicate) published++;
  }
  if (published)
    log(
      `演示流程已发布：${SAMPLE_DEFINITIONS()
        .map((d) => d.name)
        .join('、')}`,
    );
  return published;
}
