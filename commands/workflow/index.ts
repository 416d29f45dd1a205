/** Workflow write side: WorkflowCommands (the API's entry point), DTOs, directory ports and store-backed defaults. */
export * from './directories';
export * from './dtos';
export * from './workflow-commands';
