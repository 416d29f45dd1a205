/** The 公文 write side: DocumentCommands (发文/收文/交换/归档), DTOs, the org lookup it uses. */
export * from './attachments';
export * from './document-commands';
export * from './dtos';
export * from './org-lookup';
export * from './seed';
