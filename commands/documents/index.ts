/**
 * The 公文 write side: DocumentCommands (one facade per aggregate over a shared DocumentKit: 发文,
 * 附件, 套红/用印, 分发, 收文, 归档), the DTOs the routes validate (dtos.ts, shared with the API), the org
 * lookup it uses, and syncOutgoing (outgoing-sync.ts: the approval outcome copied into the 发文).
 */
export * from './archive-commands';
export * from './attachment-commands';
export * from './attachments';
export * from './distribution-commands';
export * from './document-commands';
export * from './dtos';
export * from './incoming-commands';
export * from './org-lookup';
export * from './outgoing-commands';
export * from './outgoing-sync';
export * from './publishing-commands';
export * from './seed';
