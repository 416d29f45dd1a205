import { scopeFor } from '../auth/principal';
import type { RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import type { ModuleManifest } from './manifest';

/**
 * GET /api/modules — the modules this user may open, in menu order: the web's menu and lazy routes
 * follow it. Only modules that declare a menu entry (their pages exist) are listed, and only those
 * for which the user holds one of the entry's permissions (any data scope).
 */
/** One menu entry (the web's `ModuleEntry` type is generated from this schema). */
export const MODULE_ENTRY_SCHEMA = {
  type: 'object',
  required: ['module', 'path', 'label', 'icon', 'order'],
  properties: {
    module: { type: 'string', description: 'the module (bounded context) name' },
    path: { type: 'string', description: 'route path below the portal shell' },
    label: { type: 'string', description: 'menu label (Chinese)' },
    icon: { type: 'string', description: 'one glyph' },
    order: { type: 'integer' },
  },
} as const;

export function modulesRoutes(_p: Platform, manifests: () => readonly ModuleManifest[]): RouteDef[] {
  return [
    {
      method: 'get',
      path: '/modules',
      summary: '本人可用的模块（菜单）',
      tag: '系统',
      response: {
        name: 'ModuleList',
        schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: MODULE_ENTRY_SCHEMA } } },
      },
      handler: (ctx) => {
        const items = manifests()
          .filter((m) => m.menu && (m.menu.anyOf.length === 0 || m.menu.anyOf.some((perm) => scopeFor(ctx.principal, perm) !== null)))
          .map((m) => ({ module: m.name, path: m.menu!.path, label: m.menu!.label, icon: m.menu!.icon, order: m.menu!.order }))
          .sort((a, b) => a.order - b.order || a.path.localeCompare(b.path));
        return { items };
      },
    },
  ];
}
