import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { itemsOf } from '../../core/models';
import { tokens } from '../../core/tokens';

/** A person as the picker shows and returns them. */
export interface PickedPerson {
  id: string;
  name: string;
  unitName: string;
  departmentName: string;
  title: string;
  /** Pinyin initials of the name (the API computes them: 赵国强 → zgq). */
  initials: string;
}

/** A unit or department of the org tree (GET /api/org/tree). */
export interface OrgNode {
  id: string;
  name: string;
  kind: 'unit' | 'department';
  /** The unit's name for a department (shown with a picked department). */
  unitName: string;
  children: OrgNode[];
}

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : {});
const str = (x: unknown): string => (typeof x === 'string' ? x : '');
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

export function normalizePerson(x: unknown): PickedPerson {
  const o = obj(x);
  return {
    id: str(o['id']) || str(o['userId']),
    name: str(o['name']) || str(o['displayName']),
    unitName: str(o['unitName']),
    departmentName: str(o['departmentName']),
    title: str(o['title']),
    initials: str(o['initials']),
  };
}

/** /api/org/tree → units (with their sub-units) whose children are departments first, then sub-units. */
export function normalizeTree(x: unknown): OrgNode[] {
  const dept = (d: unknown, unitName: string): OrgNode => {
    const o = obj(d);
    return {
      id: str(o['id']),
      name: str(o['name']),
      kind: 'department',
      unitName,
      children: arr(o['children']).map((c) => dept(c, unitName)),
    };
  };
  const unit = (u: unknown): OrgNode => {
    const o = obj(u);
    const name = str(o['name']);
    return {
      id: str(o['id']),
      name,
      kind: 'unit',
      unitName: name,
      children: [...arr(o['departments']).map((d) => dept(d, name)), ...arr(o['children']).map(unit)],
    };
  };
  return arr(obj(x)['units'] ?? x).map(unit);
}

const RECENT_MAX = 8;

/**
 * The address book for pickers: the org tree (once per session), people by name / pinyin initials
 * or by department, and the caller's recent choices (this browser, per user).
 */
@Injectable({ providedIn: 'root' })
export class OrgDirectory {
  private readonly http = inject(HttpClient);
  private treeCache: Promise<OrgNode[]> | null = null;

  tree(): Promise<OrgNode[]> {
    this.treeCache ??= firstValueFrom(this.http.get<unknown>('/api/org/tree')).then(normalizeTree, (e) => {
      this.treeCache = null;
      throw e;
    });
    return this.treeCache;
  }

  async search(q: string): Promise<PickedPerson[]> {
    const r = await firstValueFrom(this.http.get<unknown>('/api/users', { params: { q, pageSize: '20' } }));
    return itemsOf(r)
      .map(normalizePerson)
      .filter((p) => p.id);
  }

  async members(departmentId: string): Promise<PickedPerson[]> {
    const r = await firstValueFrom(this.http.get<unknown>('/api/users', { params: { departmentId, pageSize: '100' } }));
    return itemsOf(r)
      .map(normalizePerson)
      .filter((p) => p.id);
  }

  private key(kind: 'person' | 'department'): string {
    // one list per signed-in account (the access token's subject), so a shared computer does not mix them
    let who = 'anon';
    try {
      const payload = tokens.access?.split('.')[1];
      if (payload) who = String(JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')))['sub'] ?? 'anon');
    } catch {
      who = 'anon';
    }
    return `oa.picker.recent.${kind}.${who}`;
  }

  recent<T extends { id: string }>(kind: 'person' | 'department'): T[] {
    try {
      const v = JSON.parse(localStorage.getItem(this.key(kind)) ?? '[]');
      return Array.isArray(v) ? (v as T[]).filter((x) => x && typeof x.id === 'string') : [];
    } catch {
      return [];
    }
  }

  remember<T extends { id: string }>(kind: 'person' | 'department', item: T): void {
    const list = [item, ...this.recent<T>(kind).filter((x) => x.id !== item.id)].slice(0, RECENT_MAX);
    try {
      localStorage.setItem(this.key(kind), JSON.stringify(list));
    } catch {
      /* private mode: no recent list */
    }
  }
}
