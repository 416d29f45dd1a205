/**
 * Permission checks on the client, mirroring domain/org/permissions.ts: 'document.*' grants
 * 'document.read'; exact ids grant themselves. The server is the authority — this only decides
 * what to show and which routes to offer.
 */
export function permissionMatches(granted: string, required: string): boolean {
  if (granted === required) return true;
  if (granted.endsWith('.*')) return required.startsWith(granted.slice(0, -1));
  return false;
}

export function hasPermission(granted: readonly string[], required: string): boolean {
  return granted.some((g) => permissionMatches(g, required));
}

/** Empty `anyOf` = any logged-in user. */
export function hasAny(granted: readonly string[], anyOf: readonly string[] | undefined): boolean {
  if (!anyOf || anyOf.length === 0) return true;
  return anyOf.some((p) => hasPermission(granted, p));
}
