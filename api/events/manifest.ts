import type { ModuleManifest } from '../modules/manifest';
import { eventsRoutes } from './routes';

/** 实时消息: the caller's notifications over SSE. */
export const eventsModule: ModuleManifest = {
  name: 'events',
  title: '实时消息',
  routes: (p) => eventsRoutes(p),
};
