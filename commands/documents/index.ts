/**
 * The 公文 write side: DocumentCommands (one facade per aggregate over a shared DocumentKit: 发文,
 * 附件, 套红/用印, 分发, 收文, 归档), the DTOs the routes validate (dtos.ts, shared with the API), the org
 * lookup it uses, and recordOutgoingApprovalOutcome (approval-outcome.ts: what the 发文审批 → 发文 reactor executes).
 */
export * from './approval-outcome';
export * from './archive-commands';
export * from './attachment-commands';
export * from './attachments';
export * from './distribution-commands';
export * from './document-commands';
export * from './dtos';
export * from './incoming-commands';
export * from './org-lookup';
export * from './outgoing-commands';
export * from './publishing-commands';
export * from './seed';
