import type { RecordedEvent } from '../../domain/eventstore/envelope';
import {
  evolveDepartment,
  evolveRole,
  evolveUnit,
  evolveUser,
  evolveUsername,
  initialDepartmentState,
  initialUnitState,
  initialUserState,
  type DepartmentEvent,
  type RoleEvent,
  type RoleState,
  type UnitEvent,
  type UserEvent,
  type UsernameEvent,
  type UsernameState,
} from '../../domain/org';

/**
 * Which fold rebuilds a stream's state for the point-in-time view, by stream-id prefix. Modules add
 * theirs with `registerStreamFold('leave-request-', …)`. Streams without one get a generic view.
 */
export interface StreamFold<S = unknown> {
  initialState: () => S;
  evolve: (state: S, event: RecordedEvent) => S;
}

const folds = new Map<string, StreamFold>();

export function registerStreamFold<S>(prefix: string, fold: StreamFold<S>): void {
  folds.set(prefix, fold as StreamFold);
}

const asDomain = <E>(e: RecordedEvent) => ({ type: e.type, data: e.data }) as E;

registerStreamFold('unit-', { initialState: initialUnitState, evolve: (s, e) => evolveUnit(s, asDomain<UnitEvent>(e)) });
registerStreamFold('department-', {
  initialState: initialDepartmentState,
  evolve: (s, e) => evolveDepartment(s, asDomain<DepartmentEvent>(e)),
});
registerStreamFold('user-', {
  initialState: initialUserState,
  // the password hash is a secret even for auditors: shown as present / absent only
  evolve: (s, e) => evolveUser(s, asDomain<UserEvent>(e)),
});
registerStreamFold('username-', {
  initialState: (): UsernameState => ({ status: 'free' }),
  evolve: (s, e) => evolveUsername(s, asDomain<UsernameEvent>(e)),
});
registerStreamFold('role-', {
  initialState: (): RoleState => ({ status: 'none' }) as RoleState,
  evolve: (s, e) => evolveRole(s, asDomain<RoleEvent>(e)),
});

/** Generic view: the merged data of the events so far and the last event type. */
export const genericFold: StreamFold<{ lastEventType: string | null; fields: Record<string, unknown> }> = {
  initialState: () => ({ lastEventType: null, fields: {} }),
  evolve: (s, e) => ({
    lastEventType: e.type,
    fields: typeof e.data === 'object' && e.data !== null ? { ...s.fields, ...(e.data as object) } : s.fields,
  }),
};

export function foldFor(streamId: string): { fold: StreamFold; generic: boolean } {
  let best: string | null = null;
  for (const prefix of folds.keys()) if (streamId.startsWith(prefix) && (!best || prefix.length > best.length)) best = prefix;
  return best ? { fold: folds.get(best)!, generic: false } : { fold: genericFold as StreamFold, generic: true };
}

/** Secrets never leave through the audit API, even to auditors: hashes are shown as '[scrypt hash]'. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        /passwordHash|secret|privateKey/i.test(k) && v ? '[已隐藏]' : redactSecrets(v),
      ]),
    );
  }
  return value;
}
