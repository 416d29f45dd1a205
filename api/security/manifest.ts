import type { ModuleManifest } from '../modules/manifest';
import { securityRoutes } from './routes';

/** 安全管理 (安全管理员): 安全策略, accounts (unlock, reset, roles within 三员分立), sessions with a revoke. */
export const securityModule: ModuleManifest = {
  name: 'security',
  title: '安全管理',
  menu: { path: 'secadmin', label: '安全管理', icon: '安', anyOf: ['security.admin'], order: 91 },
  permissions: ['security.admin'],
  routes: (p) => securityRoutes(p),
};
