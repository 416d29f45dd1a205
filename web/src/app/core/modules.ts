import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from './api-types';
import { MODULE_ROUTES } from '../module-routes';

/** One entry of the portal's module menu (模块菜单), as GET /api/modules answers it. */
export type ModuleEntry = components['schemas']['ModuleList']['items'][number];

/**
 * The module paths this web app has pages for (each a lazy route in module-routes.ts). The server
 * decides which modules a user may open (GET /api/modules, from the modules' manifests); the menu
 * shows those that also have pages here — a module is never shown as 建设中.
 */
export const MODULE_PAGES: ReadonlySet<string> = new Set(MODULE_ROUTES.map((r) => r.path!));

/** The menu: the server's list, in its order, limited to modules with pages in this build. */
export function menuOf(fromServer: readonly ModuleEntry[]): ModuleEntry[] {
  return [...fromServer].filter((m) => MODULE_PAGES.has(m.path)).sort((a, b) => a.order - b.order);
}

@Injectable({ providedIn: 'root' })
export class ModulesService {
  private readonly http = inject(HttpClient);
  /** The menu of the logged-in user (empty until loaded). */
  readonly menu = signal<ModuleEntry[]>([]);

  async load(): Promise<void> {
    const r = await firstValueFrom(this.http.get<{ items: ModuleEntry[] }>('/api/modules'));
    this.menu.set(menuOf(r.items));
  }
}
