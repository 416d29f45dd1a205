import { announcementsModule } from '../announcements/manifest';
import { auditModule } from '../audit/manifest';
import { contactsModule } from '../contacts/manifest';
import { authModule } from '../auth/manifest';
import { documentsModule } from '../documents/manifest';
import { eventsModule } from '../events/manifest';
import { govinfoModule } from '../govinfo/manifest';
import { healthModule } from '../health/manifest';
import { orgModule } from '../org/manifest';
import { reportsModule } from '../reports/manifest';
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
  announcementsModule,
  govinfoModule,
  contactsModule,
  { name: 'modules', title: '模块目录', routes: (p) => modulesRoutes(p, () => MODULES) },
];

export type { ModuleManifest, MenuEntry, ModuleContext } from './manifest';
export { checkManifests, moduleProjections } from './manifest';
