import type { ModuleManifest } from '../modules/manifest';
import { healthRoutes } from './routes';

/** 健康检查: the store, the read store, every projection, the warehouse sink, reactors and scheduled work. */
export const healthModule: ModuleManifest = {
  name: 'health',
  title: '健康检查',
  routes: (p, ctx) => healthRoutes(p, { warehouse: ctx.background.warehouse, reactions: ctx.background.reactions }),
};
