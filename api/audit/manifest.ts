import type { ModuleManifest } from '../modules/manifest';
import { auditIndexProjection } from './index-projection';
import { auditRoutes } from './routes';
import { auditUserStreamsProjection } from './seen';
import { auditSubjectsProjection } from './subjects-projection';

/** 安全审计: history replay, event search, integrity verification with a signed report, security events (安全审计员 only). */
export const auditModule: ModuleManifest = {
  name: 'audit',
  title: '安全审计',
  menu: { path: 'audit', label: '安全审计', icon: '审', anyOf: ['audit.read'], order: 90 },
  permissions: ['audit.read'],
  routes: (p) => auditRoutes(p),
  projections: () => [auditIndexProjection, auditSubjectsProjection, auditUserStreamsProjection],
};
