import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import pino, { type Logger } from 'pino';
import type { Express } from 'express';
import { createEventStore } from '../commands/store/factory';
import { loadOrCreateSealKey, readSealPublicKey } from '../commands/integrity/keystore';
import { Sealer } from '../commands/integrity/sealer';
import { ProjectionEngine } from '../projections/engine';
import type { Projection } from '../projections/engine/types';
import { openReadStore } from '../projections/sql';
import { createApp, type RouteModule } from './app';
import { IdentityReader } from './auth/identity';
import type { AppConfig } from './config';
import { buildContainer, TOKENS } from './container';
import { EventLogOrgGateway } from './org/event-log-gateway';
import { OrgDirectory } from './org/directory';
import type { Platform, ProjectionsPort } from './platform';
import type { RouteDef } from './http/registry';
import { demoSeedState } from './seed/seed';
import { seedSeparatedAdmins } from './seed/production';
import { WarehouseSink } from '../projections/warehouse/sink';
import { openWarehouse, type Warehouse } from '../projections/warehouse/warehouse';
import { ReactionRuntime } from '../projections/reactions';
import { checkManifests, moduleProjections, MODULES, ownProcessesOf, type ModuleContext, type ModuleManifest } from './modules';

export interface Running {
  platform: Platform;
  app: Express;
  /** Every route declaration (the same list the OpenAPI document is generated from). */
  routes: RouteDef[];
  engine: ProjectionEngine;
  /** Reactors and scheduled work of every module (drain/sweep on demand in tests). */
  reactions: ReactionRuntime;
  /** The warehouse sink (null when the warehouse could not be opened: reports answer 503, commands go on). */
  warehouseSink: WarehouseSink | null;
  seeded: boolean;
  close(): Promise<void>;
}

export interface BootOptions {
  /** Extra route modules (other bounded contexts register theirs here). */
  routeModules?: RouteModule[];
  projections?: Projection[];
  clock?: () => Date;
  logger?: Logger;
  /** Start the periodic sealer (default true). */
  sealer?: boolean;
  /** Run the warehouse sink (default true). */
  warehouse?: boolean;
  /** The modules to compose (default: api/modules/index.ts's list). */
  modules?: readonly ModuleManifest[];
}

/** The composition root: picks adapters from the configuration, seeds on first run, builds the app. */
export async function boot(config: AppConfig, opts: BootOptions = {}): Promise<Running> {
  mkdirSync(config.dataDir, { recursive: true });
  const log = opts.logger ?? pino({ level: config.logLevel, base: { app: 'gov-oa' } });
  const clock = opts.clock ?? (() => new Date());
  const store = await createEventStore(config.eventStoreUrl);
  const readDb = await openReadStore(config.readStoreUrl);
  const identity = new IdentityReader(store);
  const directory = new OrgDirectory(store);
  const modules = opts.modules ?? MODULES;
  checkManifests(modules);
  const engineLogger = {
    info: (o: object, m: string) => log.debug(o, m),
    warn: (o: object, m: string) => log.warn(o, m),
    error: (o: object, m: string) => log.error(o, m),
  };
  // The engine and the reactions are built once the platform exists (reactors bind to its command
  // side); the platform sees them through this port. waitFor = read-your-writes, reactions included.
  const late: { engine?: ProjectionEngine; reactions?: ReactionRuntime } = {};
  const projectionsPort: ProjectionsPort = {
    status: () => late.engine!.status(),
    waitFor: (position, o) => settle(late.engine!, late.reactions!, store, position, o?.timeoutMs ?? 5000),
    rebuild: (name) => late.engine!.rebuild(name),
    parked: (name) => late.engine!.parked(name),
    retryParked: (name, position) => late.engine!.retryParked(name, position),
  };
  const container = buildContainer({
    config: { ...config, sealPublicKey: config.sealPublicKey ?? readSealPublicKey(config.dataDir) },
    log,
    clock,
    store,
    readDb,
    projections: projectionsPort,
    org: new EventLogOrgGateway(store, directory),
    identity,
    directory,
  });
  const platform = container.get<Platform>(TOKENS.platform);
  const reactions = (late.reactions = new ReactionRuntime({
    reactors: modules.flatMap((m) => m.reactors?.(platform) ?? []),
    jobs: modules.flatMap((m) => m.jobs?.(platform) ?? []),
    logger: engineLogger,
    sweepIntervalMs: config.deadlineCheckSeconds * 1000,
    now: clock,
  }));
  const engine = (late.engine = new ProjectionEngine({
    store,
    db: readDb,
    projections: [...moduleProjections(modules), ...reactions.projections, ...(opts.projections ?? [])],
    logger: engineLogger,
  }));
  await platform.sessions.setup();
  await platform.idempotency.setup();

  let seeded = false;
  const info = (m: string) => log.info(m);
  if (config.seedDemo) {
    const state = await demoSeedState(store);
    if (state === 'empty' || state === 'partial') {
      for (const m of modules) await m.seed?.demo?.(platform, info);
      seeded = true;
    }
    if (state !== 'foreign') for (const m of modules) await m.seed?.definitions?.(platform, info);
  } else if (config.production) {
    // only the 三员 accounts on an empty store; then the modules' own definitions, as on any store of ours
    const admins = await seedSeparatedAdmins(store, platform.commands, config.dataDir, info);
    if (admins.state !== 'foreign') for (const m of modules) await m.seed?.definitions?.(platform, info);
  }
  await engine.start();
  await engine.waitForHead({ timeoutMs: 30_000 });
  reactions.start(readDb);

  let sealer: Sealer | null = null;
  if (opts.sealer ?? true) {
    try {
      sealer = new Sealer(store, { key: loadOrCreateSealKey({ dataDir: config.dataDir }), onError: (err) => log.error({ err }, 'sealer') });
      sealer.start();
      if (!platform.config.sealPublicKey) platform.config.sealPublicKey = readSealPublicKey(config.dataDir);
    } catch (err) {
      log.error({ err }, 'sealer not started');
    }
  }

  // The leadership warehouse: its sink runs beside the projections; a warehouse that is down never
  // stops commands — the sink backs off and catches up, and reports answer 503 meanwhile.
  let warehouse: Warehouse | null = null;
  let warehouseSink: WarehouseSink | null = null;
  if (opts.warehouse ?? true) {
    try {
      warehouse = await openWarehouse(config.warehouseUrl);
      const facts = modules.flatMap((m) => (m.facts ? [m.facts] : []));
      warehouseSink = new WarehouseSink(
        store,
        readDb,
        warehouse,
        facts.flatMap((f) => f.tables ?? []),
        facts.flatMap((f) => f.mappers),
        {
          onError: (err) => log.warn({ err }, 'warehouse sink'),
        },
      );
      await warehouseSink.setup();
      warehouseSink.start();
    } catch (err) {
      log.error({ err }, 'warehouse not available');
    }
  }

  const ctx: ModuleContext = {
    warehouse: () => warehouse,
    ownProcesses: ownProcessesOf(modules),
    reports: modules.flatMap((m) => m.reports ?? []),
    background: {
      warehouse: async () => (warehouseSink ? warehouseSink.status() : { state: 'unavailable' }),
      reactions: () => reactions.status(),
    },
  };
  const { app, routes } = createApp(platform, [
    ...modules
      .filter((m) => m.routes)
      .map(
        (m): RouteModule =>
          (p) =>
            m.routes!(p, ctx),
      ),
    ...(opts.routeModules ?? []),
  ]);
  let closed = false;
  return {
    platform,
    app,
    routes,
    engine,
    reactions,
    warehouseSink,
    seeded,
    async close() {
      if (closed) return;
      closed = true;
      await reactions.stop();
      await sealer?.stop();
      await warehouseSink?.stop();
      await warehouse?.close();
      await engine.stop();
      await readDb.close();
      await store.close();
    },
  };
}

/**
 * Read-your-writes for a command at `position`: every projection has it; and when reactions were
 * waiting on events up to it (a 签发 that a document must follow), they have been sent and what they
 * appended is in the projections too.
 */
async function settle(
  engine: ProjectionEngine,
  reactions: ReactionRuntime,
  store: { headPosition(): Promise<number> },
  position: number,
  timeoutMs: number,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  if (!(await engine.waitFor(position, { timeoutMs }))) return false;
  if (!(await reactions.hasPendingUpTo(position))) return true;
  if (!(await reactions.waitSentUpTo(position, until))) return false;
  return engine.waitFor(await store.headPosition(), { timeoutMs: Math.max(1, until - Date.now()) });
}

export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.on('error', reject);
  });
}
