import { REPORTS } from '../../reports/warehouse/definitions';
import type { ModuleManifest } from '../modules/manifest';
import { reportRoutes } from './routes';

/** 领导驾驶舱: the leadership reports over the warehouse (every module's reports are listed and run here). */
export const reportsModule: ModuleManifest = {
  name: 'reports',
  title: '领导驾驶舱',
  menu: { path: 'cockpit', label: '领导驾驶舱', icon: '驾', anyOf: ['report.read'], order: 900 },
  permissions: ['report.read'],
  reports: REPORTS,
  routes: (p, ctx) => reportRoutes(ctx.warehouse, ctx.reports)(p),
};
