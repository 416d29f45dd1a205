import type { ModuleManifest } from '../modules/manifest';
import { auditIndexProjection } from './index-projection';
import { auditRoutes } from './routes';

/** 安全审计: history replay and integrity verification (the auditor's console pages come with issue 19). */
export const auditModule: ModuleManifest = {
  name: 'audit',
  title: '安全审计',
  permissions: ['audit.read'],
  routes: (p) => auditRoutes(p),
  projections: () => [auditIndexProjection],
};
