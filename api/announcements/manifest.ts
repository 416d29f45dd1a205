import { AnnouncementCommands } from '../../commands/announcements/announcement-commands';
import { announcementApprovalReactor, type RecordAnnouncementApprovalOutcome } from '../../domain/announcements';
import { announcementInbox, announcementProjection } from '../../projections/announcements';
import { FileStore } from '../../reports/documents/storage';
import { ANNOUNCEMENT_DEFINITION_KEY } from '../../domain/announcements/flow';
import type { ModuleManifest } from '../modules/manifest';
import { workflowServices } from '../workflow/routes';
import { announcementOrg } from './org';
import { announcementRoutes } from './routes';
import { seedAnnouncementsDemo } from './seed';

/** 通知公告: 起草 → 审核 (workflow) → 发布 (范围, 展示期, 置顶) → 工作台滚动 → 阅读回执 → 撤回. */
export const announcementsModule: ModuleManifest = {
  name: 'announcements',
  title: '通知公告',
  menu: { path: 'announcements', label: '通知公告', icon: '告', anyOf: ['announcement.read', 'announcement.publish'], order: 60 },
  permissions: ['announcement.read', 'announcement.publish'],
  routes: (p) => announcementRoutes(new FileStore(p.config.dataDir))(p),
  projections: () => [announcementProjection()],
  inbox: [announcementInbox],
  ownProcesses: [{ definitionKey: ANNOUNCEMENT_DEFINITION_KEY, startFrom: '通知公告请从 通知公告 → 起草 发起' }],
  reactors: (p) => {
    const cmds = new AnnouncementCommands(p.commands, () => workflowServices(p).wf, announcementOrg(p));
    return [
      {
        reactor: announcementApprovalReactor,
        dispatch: (cmd, ctx) => cmds.recordApprovalOutcome(cmd as RecordAnnouncementApprovalOutcome, ctx),
      },
    ];
  },
  seed: {
    definitions: (p) => new AnnouncementCommands(p.commands, () => workflowServices(p).wf, announcementOrg(p)).ensureDefinition(),
    demo: (p, log) => seedAnnouncementsDemo(p, log),
  },
};
