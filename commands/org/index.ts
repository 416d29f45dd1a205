/** Organisation write side: OrgCommands (the API's entry point), DTOs, password hashing, lookups. */
export * from './dtos';
export * from './lookup';
export * from './org-commands';
export * from './password';
