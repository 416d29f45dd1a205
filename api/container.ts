import 'reflect-metadata';
import { Container, inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import type { EventStore } from '../domain/eventstore/port';
import type { SqlClient } from '../projections/engine/types';
import { CommandHandler } from '../commands/pipeline';
import type { AppConfig } from './config';
import type { OrgGateway, Platform, ProjectionsPort } from './platform';
import type { IdentityReader } from './auth/identity';
import { OrgCommands } from '../commands/org';
import type { OrgDirectory } from './org/directory';
import { SecurityLog } from './auth/security-log';
import { SessionStore } from './auth/sessions';
import { TokenService, loadOrCreateSecret } from './auth/tokens';
import { NotificationBus } from './events/bus';
import { IdempotencyStore } from './http/idempotency';

/**
 * The inversify container (composition root only). Adapters are chosen in bootstrap.ts from the
 * configuration and bound here as constants; services are built by explicit factories or by
 * classes that name every dependency with @inject(TOKEN) — no decorator metadata is emitted.
 */
export const TOKENS = {
  config: Symbol.for('oa.config'),
  log: Symbol.for('oa.log'),
  clock: Symbol.for('oa.clock'),
  store: Symbol.for('oa.store'),
  readDb: Symbol.for('oa.readDb'),
  projections: Symbol.for('oa.projections'),
  org: Symbol.for('oa.org'),
  commands: Symbol.for('oa.commands'),
  identity: Symbol.for('oa.identity'),
  orgCommands: Symbol.for('oa.orgCommands'),
  directory: Symbol.for('oa.directory'),
  tokens: Symbol.for('oa.tokens'),
  sessions: Symbol.for('oa.sessions'),
  idempotency: Symbol.for('oa.idempotency'),
  securityLog: Symbol.for('oa.securityLog'),
  bus: Symbol.for('oa.bus'),
  platform: Symbol.for('oa.platform'),
} as const;

/** Gathers the services every route module receives. */
@injectable()
export class PlatformAssembly {
  constructor(
    @inject(TOKENS.config) private readonly config: AppConfig,
    @inject(TOKENS.log) private readonly log: Logger,
    @inject(TOKENS.clock) private readonly clock: () => Date,
    @inject(TOKENS.store) private readonly store: EventStore,
    @inject(TOKENS.readDb) private readonly readDb: SqlClient,
    @inject(TOKENS.projections) private readonly projections: ProjectionsPort,
    @inject(TOKENS.org) private readonly org: OrgGateway,
    @inject(TOKENS.commands) private readonly commands: CommandHandler,
    @inject(TOKENS.identity) private readonly identity: IdentityReader,
    @inject(TOKENS.orgCommands) private readonly orgCommands: OrgCommands,
    @inject(TOKENS.directory) private readonly directory: OrgDirectory,
    @inject(TOKENS.tokens) private readonly tokens: TokenService,
    @inject(TOKENS.sessions) private readonly sessions: SessionStore,
    @inject(TOKENS.idempotency) private readonly idempotency: IdempotencyStore,
    @inject(TOKENS.securityLog) private readonly securityLog: SecurityLog,
    @inject(TOKENS.bus) private readonly bus: NotificationBus,
  ) {}

  platform(): Platform {
    return {
      config: this.config,
      log: this.log,
      clock: this.clock,
      store: this.store,
      readDb: this.readDb,
      projections: this.projections,
      org: this.org,
      commands: this.commands,
      identity: this.identity,
      orgCommands: this.orgCommands,
      directory: this.directory,
      tokens: this.tokens,
      sessions: this.sessions,
      idempotency: this.idempotency,
      securityLog: this.securityLog,
      bus: this.bus,
    };
  }
}

export interface Adapters {
  config: AppConfig;
  log: Logger;
  clock: () => Date;
  store: EventStore;
  readDb: SqlClient;
  projections: ProjectionsPort;
  org: OrgGateway;
  identity: IdentityReader;
  directory: OrgDirectory;
}

export function buildContainer(a: Adapters): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(TOKENS.config).toConstantValue(a.config);
  c.bind(TOKENS.log).toConstantValue(a.log);
  c.bind(TOKENS.clock).toConstantValue(a.clock);
  c.bind(TOKENS.store).toConstantValue(a.store);
  c.bind(TOKENS.readDb).toConstantValue(a.readDb);
  c.bind(TOKENS.projections).toConstantValue(a.projections);
  c.bind(TOKENS.org).toConstantValue(a.org);
  c.bind(TOKENS.commands).toDynamicValue(
    (ctx) =>
      new CommandHandler(ctx.get<EventStore>(TOKENS.store), { clock: { now: () => ctx.get<() => Date>(TOKENS.clock)().toISOString() } }),
  );
  c.bind(TOKENS.identity).toConstantValue(a.identity);
  c.bind(TOKENS.directory).toConstantValue(a.directory);
  c.bind(TOKENS.orgCommands).toDynamicValue((ctx) => new OrgCommands(ctx.get<CommandHandler>(TOKENS.commands)));
  c.bind(TOKENS.tokens).toDynamicValue((ctx) => {
    const cfg = ctx.get<AppConfig>(TOKENS.config);
    return new TokenService(loadOrCreateSecret(cfg.jwtSecret, cfg.jwtSecretFile));
  });
  c.bind(TOKENS.sessions).toDynamicValue((ctx) => new SessionStore(ctx.get<SqlClient>(TOKENS.readDb)));
  c.bind(TOKENS.idempotency).toDynamicValue((ctx) => new IdempotencyStore(ctx.get<SqlClient>(TOKENS.readDb)));
  c.bind(TOKENS.securityLog).toDynamicValue((ctx) => new SecurityLog(ctx.get<EventStore>(TOKENS.store)));
  c.bind(TOKENS.bus).toDynamicValue(() => new NotificationBus());
  c.bind(PlatformAssembly).toSelf();
  c.bind(TOKENS.platform).toDynamicValue((ctx) => ctx.get(PlatformAssembly).platform());
  return c;
}
