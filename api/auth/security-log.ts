import type { EventStore } from '../../domain/eventstore/port';
import type { EventMetadata } from '../../domain/eventstore/envelope';

/**
 * 安全日志: denials, token reuse and the auditors' own reads, one stream per day
 * (`security-log-2026-01-31`), so that the log is chained and sealed like everything else.
 */
export type SecurityEvent =
  | {
      type: 'AccessDenied';
      data: {
        status: 401 | 403;
        reason: string;
        method: string;
        path: string;
        permission: string | null;
        userId: string | null;
        resource: string | null;
      };
    }
  | { type: 'LoginRejected'; data: { username: string; reason: 'unknown_user' | 'inactive' | 'locked' } }
  | { type: 'RefreshTokenReused'; data: { userId: string | null; sessionId: string | null } }
  /** A rotated refresh token presented again within the grace period (lost answer, two tabs): accepted. */
  | { type: 'RefreshTokenReplayed'; data: { userId: string; sessionId: string } }
  /** A session ended by the 安全管理员 (会话管理). */
  | { type: 'SessionRevoked'; data: { sessionId: string; userId: string | null; revokedBy: string; reason: string } }
  | { type: 'AuditTrailRead'; data: { userId: string; method: string; path: string; query: Record<string, unknown> } };

export const securityLogStream = (isoNow: string) => `security-log-${isoNow.slice(0, 10)}`;

export interface SecurityContext {
  actorId: string | null;
  unitId?: string | null;
  requestId: string;
  clientIp: string | null;
  now: string;
}

export class SecurityLog {
  constructor(private readonly store: EventStore) {}

  async record(event: SecurityEvent, ctx: SecurityContext): Promise<void> {
    const metadata: EventMetadata = {
      actorId: ctx.actorId ?? 'anonymous',
      unitId: ctx.unitId ?? null,
      correlationId: ctx.requestId,
      occurredAt: ctx.now,
      clientIp: ctx.clientIp,
    };
    await this.store.append(securityLogStream(ctx.now), [{ type: event.type, data: event.data, metadata }], {
      expectedRevision: 'any',
    });
  }
}
