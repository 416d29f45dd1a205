import type { Logger } from 'pino';
import type { EventStore } from '../domain/eventstore/port';
import type { ProjectionStatus, SqlClient } from '../projections/engine/types';
import type { ParkedRow } from '../projections/engine/system-tables';
import type { Grant } from './auth/principal';
import type { SessionStore } from './auth/sessions';
import type { SecurityLog } from './auth/security-log';
import type { TokenService } from './auth/tokens';
import type { NotificationBus } from './events/bus';
import type { IdempotencyStore } from './http/idempotency';
import type { AppConfig } from './config';
import type { CommandHandler } from '../commands/pipeline';
import type { IdentityReader } from './auth/identity';
import type { OrgCommands } from '../commands/org';
import type { OrgDirectory } from './org/directory';

/** What the HTTP layer needs from the projection engine (H3's ProjectionEngine satisfies it). */
export interface ProjectionsPort {
  status(): Promise<ProjectionStatus[]> | ProjectionStatus[];
  /** Resolves true when every projection has processed `position` (read-your-writes), false on timeout. */
  waitFor(position: number, options?: { timeoutMs?: number }): Promise<boolean>;
  /** 系统管理: rebuild one projection (old tables keep serving until the swap); resolves when swapped. */
  rebuild?(name: string): Promise<void>;
  /** The parked events of a projection, oldest first. */
  parked?(name: string): Promise<ParkedRow[]>;
  /** Applies one parked event again. */
  retryParked?(name: string, position: number): Promise<{ ok: true } | { ok: false; error: string }>;
}

/** A user as the API needs it for authentication, authorisation and /api/me (from the org read model). */
export interface UserAccount {
  userId: string;
  username: string;
  name: string;
  active: boolean;
  unitId: string | null;
  departmentId: string | null;
  roles: { roleId: string; scope: string }[];
}

/**
 * The organisation context's read side as the API needs it; api/org/gateway.ts adapts the org
 * projections' queries to it.
 */
export interface OrgGateway {
  userById(userId: string): Promise<UserAccount | undefined>;
  grantsOf(userId: string): Promise<Grant[]>;
  /** The department and every department below it. */
  departmentSubtree(departmentId: string): Promise<string[]>;
  /** Which unit a department belongs to (for scope checks on department resources). */
  departmentUnit(departmentId: string): Promise<string | null>;
}

export interface Platform {
  config: AppConfig;
  log: Logger;
  store: EventStore;
  readDb: SqlClient;
  projections: ProjectionsPort;
  org: OrgGateway;
  /** The command pipeline (load → decide → append with the Idempotency-Key as command id). */
  commands: CommandHandler;
  /** Login reads accounts straight from the log. */
  identity: IdentityReader;
  /** The org admin commands (commands/org). */
  orgCommands: OrgCommands;
  /** The organisation folded from the log, cached by head (tree, directory, scope facts). */
  directory: OrgDirectory;
  tokens: TokenService;
  sessions: SessionStore;
  idempotency: IdempotencyStore;
  securityLog: SecurityLog;
  bus: NotificationBus;
  clock: () => Date;
}
