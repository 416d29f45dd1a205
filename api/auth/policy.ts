import {
  evolveSecurityPolicy,
  initialSecurityPolicyState,
  SECURITY_POLICY_STREAM,
  type SecurityPolicyEvent,
  type SecurityPolicyState,
} from '../../domain/org';
import type { Platform } from '../platform';

/** Read at most once a second per platform (the password gate asks on every request); a change on this node clears it. */
const CACHE_MS = 1000;
const cache = new WeakMap<Platform, { readAt: number; state: SecurityPolicyState }>();

/**
 * The 安全策略 in force, folded from its stream (a handful of events): a change holds from the next
 * request on (within a second on other nodes). Reading it also applies the session idle timeout to the
 * session store of this node.
 */
export async function securityPolicy(p: Platform): Promise<SecurityPolicyState> {
  const hit = cache.get(p);
  if (hit && Date.now() - hit.readAt < CACHE_MS) return hit.state;
  const events = await p.store.readStream(SECURITY_POLICY_STREAM);
  let s = initialSecurityPolicyState();
  for (const e of events) s = evolveSecurityPolicy(s, { type: e.type, data: e.data } as SecurityPolicyEvent);
  p.sessions.setIdleTimeout(s.policy.sessionIdleMinutes * 60_000);
  cache.set(p, { readAt: Date.now(), state: s });
  return s;
}

export function forgetSecurityPolicy(p: Platform): void {
  cache.delete(p);
}
