import type { ModuleManifest } from '../modules/manifest';
import { authRoutes } from './routes';

/** 登录与会话: login, token renewal, logout, /me. */
export const authModule: ModuleManifest = {
  name: 'auth',
  title: '登录与会话',
  routes: (p) => authRoutes(p),
};
