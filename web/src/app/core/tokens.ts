/** Access and refresh tokens, kept in localStorage so a reload keeps the session. */
const ACCESS = 'oa.accessToken';
const REFRESH = 'oa.refreshToken';

function store(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export const tokens = {
  get access(): string | null {
    return store()?.getItem(ACCESS) ?? null;
  },
  get refresh(): string | null {
    return store()?.getItem(REFRESH) ?? null;
  },
  set(access: string, refresh?: string | null): void {
    store()?.setItem(ACCESS, access);
    if (refresh) store()?.setItem(REFRESH, refresh);
  },
  clear(): void {
    store()?.removeItem(ACCESS);
    store()?.removeItem(REFRESH);
  },
};

/** A UUID for the Idempotency-Key header; crypto.randomUUID is missing on plain-http LAN origins. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
