import type { ModuleManifest } from '../modules/manifest';
import { sysadminRoutes } from './routes';

/** 系统管理 (系统管理员): org tree and users (the org context's routes), projections and their parked events. */
export const sysadminModule: ModuleManifest = {
  name: 'sysadmin',
  title: '系统管理',
  menu: { path: 'sysadmin', label: '系统管理', icon: '系', anyOf: ['system.config', 'org.admin'], order: 92 },
  permissions: ['system.config', 'org.admin'],
  routes: (p) => sysadminRoutes(p),
};
