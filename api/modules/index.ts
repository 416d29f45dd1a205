import { attendanceModule } from '../attendance/manifest';
import { announcementsModule } from '../announcements/manifest';
import { assetsModule } from '../assets/manifest';
import { abroadModule } from '../abroad/manifest';
import { auditModule } from '../audit/manifest';
import { contactsModule } from '../contacts/manifest';
import { authModule } from '../auth/manifest';
import { documentsModule } from '../documents/manifest';
import { eventsModule } from '../events/manifest';
import { expensesModule } from '../expenses/manifest';
import { govinfoModule } from '../govinfo/manifest';
import { healthModule } from '../health/manifest';
import { meetingsModule } from '../meetings/manifest';
import { orgModule } from '../org/manifest';
import { reportsModule } from '../reports/manifest';
import { supervisionModule } from '../supervision/manifest';
import { scheduleModule } from '../schedule/manifest';
import { securityModule } from '../security/manifest';
import { sysadminModule } from '../sysadmin/manifest';
import { workflowModule } from '../workflow/manifest';
import type { ModuleManifest } from './manifest';
import { modulesRoutes } from './routes';

/**
 * Every module of the platform, in seed order (the district's org first). A new module adds its
 * manifest here — the composition root (api/bootstrap.ts) folds over this list and nothing else.
 */
export const MODULES: readonly ModuleManifest[] = [
  healthModule,
  authModule,
  orgModule,
  auditModule,
  eventsModule,
  reportsModule,
  workflowModule,
  documentsModule,
  attendanceModule,
  supervisionModule,
  announcementsModule,
  assetsModule,
  expensesModule,
  abroadModule,
  govinfoModule,
  contactsModule,
  meetingsModule,
  scheduleModule,
  securityModule,
  sysadminModule,
  { name: 'modules', title: '模块目录', routes: (p) => modulesRoutes(p, () => MODULES) },
];

export type { ModuleManifest, MenuEntry, ModuleContext, OwnProcess } from './manifest';
export { checkManifests, moduleProjections, ownProcessesOf } from './manifest';
