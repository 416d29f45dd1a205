import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { SqlClient } from '../../projections/engine/types';

/**
 * Refresh-token sessions, kept in the read store (operational state, shared by every API node).
 * A login starts a family; each refresh rotates the token (the old one is marked 'rotated').
 * Presenting a rotated token again is theft or a replay: the whole family is revoked —
 * except within REUSE_GRACE_MS of its rotation (see `rotate`). Only SHA-256 of the token secret is stored.
 */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TTL_MS = 12 * 60 * 60_000;
/**
 * How long a rotated refresh token may still be presented once more. The answer to a renewal can be
 * lost after the server rotated (the user reloads the page, the phone changes networks), and two
 * tabs sharing one login renew at the same moment; both present the token again within seconds.
 * A stolen token replayed later than this still revokes the whole family.
 */
export const REUSE_GRACE_MS = 30_000;

export type RefreshOutcome =
  | { ok: true; userId: string; familyId: string; refreshToken: string; replay?: true }
  | { ok: false; reason: 'unknown' | 'revoked' | 'reused' | 'idle' | 'expired' };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class SessionStore {
  constructor(
    private readonly db: SqlClient,
    private idleMs = IDLE_TIMEOUT_MS,
    private readonly absoluteMs = ABSOLUTE_TTL_MS,
    private readonly graceMs = REUSE_GRACE_MS,
  ) {}

  /** The 安全策略's session timeout (api/auth/policy.ts applies it whenever it reads the policy). */
  setIdleTimeout(ms: number): void {
    if (Number.isFinite(ms) && ms > 0) this.idleMs = ms;
  }

  get idleTimeoutMs(): number {
    return this.idleMs;
  }

  /** The live sessions (not revoked, not idle, not expired), newest activity first, optionally of one user. */
  async active(
    now: Date,
    userId?: string,
  ): Promise<{ familyId: string; userId: string; createdAt: string; lastUsedAt: string; expiresAt: string }[]> {
    const idleSince = new Date(now.getTime() - this.idleMs).toISOString();
    const rows = await this.db.all<{ family_id: string; user_id: string; created_at: string; last_used_at: string; expires_at: string }>(
      `SELECT family_id, user_id, created_at, last_used_at, expires_at FROM api_session_families
       WHERE revoked_at IS NULL AND last_used_at >= ? AND expires_at > ?${userId ? ' AND user_id = ?' : ''}
       ORDER BY last_used_at DESC LIMIT 1000`,
      userId ? [idleSince, now.toISOString(), userId] : [idleSince, now.toISOString()],
    );
    return rows.map((r) => ({
      familyId: r.family_id,
      userId: r.user_id,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      expiresAt: r.expires_at,
    }));
  }

  async userOf(familyId: string): Promise<string | null> {
    const r = await this.db.get<{ user_id: string }>(`SELECT user_id FROM api_session_families WHERE family_id = ?`, [familyId]);
    return r?.user_id ?? null;
  }

  async setup(): Promise<void> {
    await this.db.run(`CREATE TABLE IF NOT EXISTS api_session_families (
      family_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TEXT NOT NULL,
      last_used_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT, revoke_reason TEXT)`);
    await this.db.run(`CREATE TABLE IF NOT EXISTS api_refresh_tokens (
      token_id TEXT PRIMARY KEY, family_id TEXT NOT NULL, token_hash TEXT NOT NULL,
      status TEXT NOT NULL, created_at TEXT NOT NULL)`);
    await this.db.run(`CREATE INDEX IF NOT EXISTS api_refresh_tokens_family ON api_refresh_tokens (family_id)`);
  }

  private async issue(tx: SqlClient, familyId: string, now: Date): Promise<string> {
    const tokenId = uuidv7();
    const secret = randomBytes(32).toString('base64url');
    await tx.run(`INSERT INTO api_refresh_tokens (token_id, family_id, token_hash, status, created_at) VALUES (?, ?, ?, 'active', ?)`, [
      tokenId,
      familyId,
      sha256(secret),
      now.toISOString(),
    ]);
    return `${tokenId}.${secret}`;
  }

  /** A new session family for a login; returns the family id (the JWT `sid`) and the first refresh token. */
  async start(userId: string, now: Date, familyId = uuidv7()): Promise<{ familyId: string; refreshToken: string }> {
    return this.db.transaction(async (tx) => {
      await tx.run(`INSERT INTO api_session_families (family_id, user_id, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?)`, [
        familyId,
        userId,
        now.toISOString(),
        now.toISOString(),
        new Date(now.getTime() + this.absoluteMs).toISOString(),
      ]);
      return { familyId, refreshToken: await this.issue(tx, familyId, now) };
    });
  }

  async rotate(presented: string, now: Date): Promise<RefreshOutcome> {
    const dot = presented.indexOf('.');
    if (dot <= 0) return { ok: false, reason: 'unknown' };
    const tokenId = presented.slice(0, dot);
    const secret = presented.slice(dot + 1);
    return this.db.transaction(async (tx) => {
      const tok = await tx.get<{ family_id: string; token_hash: string; status: string }>(
        `SELECT family_id, token_hash, status FROM api_refresh_tokens WHERE token_id = ?`,
        [tokenId],
      );
      if (!tok) return { ok: false, reason: 'unknown' } as const;
      const a = Buffer.from(tok.token_hash, 'hex');
      const b = Buffer.from(sha256(secret), 'hex');
      if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: 'unknown' } as const;
      const fam = await tx.get<{ user_id: string; last_used_at: string; expires_at: string; revoked_at: string | null }>(
        `SELECT user_id, last_used_at, expires_at, revoked_at FROM api_session_families WHERE family_id = ?`,
        [tok.family_id],
      );
      if (!fam || fam.revoked_at) return { ok: false, reason: 'revoked' } as const;
      // Claim the token. One no longer active (or taken by a concurrent renewal a moment ago) is a
      // replay: accepted only while its successor is younger than the grace period; the family's
      // active token is then superseded, so the family keeps one usable token.
      const claimed =
        tok.status === 'active' &&
        (await tx.run(`UPDATE api_refresh_tokens SET status = 'rotated' WHERE token_id = ? AND status = 'active'`, [tokenId])).changes ===
          1;
      if (!claimed && !(await this.rotatedWithinGrace(tx, tok.family_id, tokenId, now))) {
        await this.revokeIn(tx, tok.family_id, now, 'reused');
        return { ok: false, reason: 'reused' } as const;
      }
      if (now.getTime() - Date.parse(fam.last_used_at) > this.idleMs) {
        await this.revokeIn(tx, tok.family_id, now, 'idle');
        return { ok: false, reason: 'idle' } as const;
      }
      if (now.toISOString() > fam.expires_at) {
        await this.revokeIn(tx, tok.family_id, now, 'expired');
        return { ok: false, reason: 'expired' } as const;
      }
      if (!claimed) {
        await tx.run(`UPDATE api_refresh_tokens SET status = 'superseded' WHERE family_id = ? AND status = 'active'`, [tok.family_id]);
      }
      await tx.run(`UPDATE api_session_families SET last_used_at = ? WHERE family_id = ?`, [now.toISOString(), tok.family_id]);
      const refreshToken = await this.issue(tx, tok.family_id, now);
      return { ok: true, userId: fam.user_id, familyId: tok.family_id, refreshToken, ...(claimed ? {} : { replay: true }) } as const;
    });
  }

  /** Was this token replaced less than the grace period ago? (Its successor is the family's next token: ids are UUIDv7.) */
  private async rotatedWithinGrace(tx: SqlClient, familyId: string, tokenId: string, now: Date): Promise<boolean> {
    const next = await tx.get<{ created_at: string }>(
      `SELECT created_at FROM api_refresh_tokens WHERE family_id = ? AND token_id > ? ORDER BY token_id LIMIT 1`,
      [familyId, tokenId],
    );
    return !!next && now.getTime() - Date.parse(next.created_at) <= this.graceMs;
  }

  private readonly revokedListeners = new Set<(familyId: string) => void>();

  /** Called with the family id whenever a session is revoked here (logout, reuse, password change …): live SSE streams end. */
  onRevoked(listener: (familyId: string) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /** Read-only (no activity): has this session been revoked (on any node)? */
  async isRevoked(familyId: string): Promise<boolean> {
    const fam = await this.db.get<{ revoked_at: string | null }>(`SELECT revoked_at FROM api_session_families WHERE family_id = ?`, [
      familyId,
    ]);
    return !fam || !!fam.revoked_at;
  }

  private async revokeIn(tx: SqlClient, familyId: string, now: Date, reason: string): Promise<void> {
    queueMicrotask(() => this.revokedListeners.forEach((l) => l(familyId)));
    await tx.run(`UPDATE api_session_families SET revoked_at = ?, revoke_reason = ? WHERE family_id = ? AND revoked_at IS NULL`, [
      now.toISOString(),
      reason,
      familyId,
    ]);
    await tx.run(`UPDATE api_refresh_tokens SET status = 'revoked' WHERE family_id = ? AND status = 'active'`, [familyId]);
  }

  async revoke(familyId: string, now: Date, reason = 'logout'): Promise<void> {
    await this.db.transaction((tx) => this.revokeIn(tx, familyId, now, reason));
  }

  async revokeAllForUser(userId: string, now: Date, reason: string): Promise<void> {
    const fams = await this.db.all<{ family_id: string }>(
      `SELECT family_id FROM api_session_families WHERE user_id = ? AND revoked_at IS NULL`,
      [userId],
    );
    for (const f of fams) await this.revoke(f.family_id, now, reason);
  }

  /** Is the session of an access token still alive? Also counts as activity (throttled to once a minute). */
  async touch(familyId: string, now: Date): Promise<'active' | 'revoked' | 'idle'> {
    const fam = await this.db.get<{ last_used_at: string; revoked_at: string | null }>(
      `SELECT last_used_at, revoked_at FROM api_session_families WHERE family_id = ?`,
      [familyId],
    );
    if (!fam || fam.revoked_at) return 'revoked';
    const idle = now.getTime() - Date.parse(fam.last_used_at);
    if (idle > this.idleMs) return 'idle';
    if (idle > 60_000) {
      await this.db.run(`UPDATE api_session_families SET last_used_at = ? WHERE family_id = ? AND revoked_at IS NULL`, [
        now.toISOString(),
        familyId,
      ]);
    }
    return 'active';
  }
}
