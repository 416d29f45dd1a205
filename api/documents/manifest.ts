import { recordOutgoingApprovalOutcome } from '../../commands/documents/approval-outcome';
import { DocumentCommands } from '../../commands/documents/document-commands';
import { StoreDocumentOrg } from '../../commands/documents/org-lookup';
import { seedDocumentDefinitions } from '../../commands/documents/seed';
import { OUTGOING_DEFINITION_KEY } from '../../domain/documents/flow';
import { outgoingApprovalReactor, type RecordOutgoingApprovalOutcome } from '../../domain/documents/outgoing-approval.reactor';
import { documentProjections } from '../../projections/documents';
import { documentInboxContributions } from '../../projections/documents/inbox-contribution';
import { documentFacts } from '../../projections/warehouse/document-facts';
import { FACT_DOCUMENT } from '../../projections/warehouse/facts';
import { documentAdapters } from '../../reports/documents';
import { fontDir } from '../../reports/documents/fonts';
import type { ModuleManifest } from '../modules/manifest';
import type { Platform } from '../platform';
import { archiveMaterialSource } from './archive-source';
import { documentRoutes } from './routes';

/** 公文: 发文 (拟稿 → 审批 → 签发 → 编号 → 套红 → 用印 → 分发 → 归档), 收文, 综合查询, 归档. */
export const documentsModule: ModuleManifest = {
  name: 'documents',
  title: '公文管理',
  menu: { path: 'documents', label: '公文', icon: '文', anyOf: ['document.read', 'document.draft', 'document.register'], order: 10 },
  permissions: ['document.read', 'document.draft', 'document.register'],
  routes: (p) => routesWithPorts(p),
  projections: () => documentProjections(),
  inbox: documentInboxContributions,
  facts: { tables: [FACT_DOCUMENT], mappers: [documentFacts] },
  // 发文审批 runs for an outgoing document: the documents handler resolves its 会签 and 签发 people from the document
  ownProcesses: [{ definitionKey: OUTGOING_DEFINITION_KEY, startFrom: '发文请从 公文 → 拟稿 发起（发文审批随公文稿一起启动）' }],
  reactors: (p) => {
    const org = new StoreDocumentOrg(p.commands);
    return [
      {
        reactor: outgoingApprovalReactor,
        dispatch: (cmd, ctx) => recordOutgoingApprovalOutcome(p.commands, org, cmd as RecordOutgoingApprovalOutcome, ctx),
      },
    ];
  },
  seed: { definitions: (p) => seedDocumentDefinitions(p.commands) },
};

/** 套红 needs the CJK fonts (Debian fonts-noto-cjk); without them 套红/用印 answer 503 with the reason. */
function routesWithPorts(p: Platform) {
  try {
    fontDir();
  } catch (err) {
    p.log.warn({ err }, '套红/用印 unavailable: CJK fonts missing');
    return documentRoutes()(p);
  }
  const loader = new DocumentCommands(p.commands, {});
  const a = documentAdapters(
    p.config.dataDir,
    archiveMaterialSource(p, () => loader),
  );
  return documentRoutes({ renderer: a.renderer, sealService: a.sealService, packager: a.packager, files: a.files })(p);
}
