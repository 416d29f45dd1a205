import { auditModule } from '../audit/manifest';
import { authModule } from '../auth/manifest';
import { documentsModule } from '../documents/manifest';
import { eventsModule } from '../events/manifest';
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
  { name: 'modules', title: '模块目录', routes: (p) => modulesRoutes(p, () => MODULES) },
];

export type { ModuleManifest, MenuEntry, ModuleContext, OwnProcess } from './manifest';
export { checkManifests, moduleProjections, ownProcessesOf } from './manifest';
