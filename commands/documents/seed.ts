import type { CommandHandler } from '../pipeline/handler';
import { DocumentCommands } from './document-commands';

/**
 * Demo seed step: publishes the 发文审批 definition (domain/documents/flow.ts) through the pipeline,
 * with a fixed command id — a no-op once done, and never re-publishes over an admin's later version.
 */
export async function seedDocumentDefinitions(commands: CommandHandler): Promise<void> {
  await new DocumentCommands(commands).ensureOutgoingDefinition();
}
