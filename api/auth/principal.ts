import { type DataScope, permissionMatches, scopeCovers, DATA_SCOPES } from '../../domain/org/permissions';

export type { DataScope };

/** One permission a role grants, with its 数据范围. Wildcards ('document.*') allowed. */
export interface Grant {
  permission: string;
  scope: DataScope;
}

/** The authenticated caller, loaded fresh from the org read model on each request. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  unitId: string | null;
  departmentId: string | null;
  roles: string[];
  grants: Grant[];
  /** The refresh-token family this access token belongs to. */
  sessionId: string;
  /** How the token reached us (SSE may use the query string). */
  tokenSource: 'header' | 'query';
  /** When the access token expires (ms since the epoch). */
  tokenExpiresAt: number;
}

/** The widest scope with which the principal holds `permission`, or null. */
export function scopeFor(p: Pick<Principal, 'grants'>, permission: string): DataScope | null {
  let best: DataScope | null = null;
  for (const g of p.grants) {
    if (!permissionMatches(g.permission, permission)) continue;
    if (best === null || scopeCovers(g.scope, best)) best = g.scope;
  }
  return best;
}

export { DATA_SCOPES };

/** What a route's scope resolver says about the resource being touched. */
export interface ScopeTarget {
  unitId?: string | null;
  departmentId?: string | null;
  /** The user the resource belongs to (for scope 'self'). */
  ownerId?: string | null;
  /** Human-readable, recorded with a denial. */
  resource?: string;
}
