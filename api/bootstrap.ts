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
import { auditIndexProjection } from './audit/index-projection';
import { auditRoutes } from './audit/routes';
import { IdentityReader } from './auth/identity';
import { authRoutes } from './auth/routes';
import type { AppConfig } from './config';
import { buildContainer, TOKENS } from './container';
import { eventsRoutes } from './events/routes';
import { healthRoutes } from './health/routes';
import { EventLogOrgGateway } from './org/event-log-gateway';
import { OrgDirectory } from './org/directory';
import { orgProjections, orgRoutes } from './org/routes';
import type { Platform } from './platform';
import type { RouteDef } from './http/registry';
import { demoSeedState, seedDemoDistrict } from './seed/seed';
import { FACT_TABLES } from '../projections/warehouse/facts';
import { headcountFacts } from '../projections/warehouse/org-facts';
import { WarehouseSink } from '../projections/warehouse/sink';
import { openWarehouse, type Warehouse } from '../projections/warehouse/warehouse';
import { workflowFacts } from '../projections/warehouse/workflow-facts';
import { documentFacts } from '../projections/warehouse/document-facts';
import { reportRoutes } from './reports/routes';
import { deadlineScheduler, workflowProjections, workflowRoutes } from './workflow/routes';
import { seedWorkflowDefinitions } from './workflow/seed';
import { documentRoutes } from './documents/routes';
import { archiveMaterialSource } from './documents/archive-source';
import { DocumentCommands } from '../commands/documents/document-commands';
import { documentAdapters } from '../reports/documents';
import { fontDir } from '../reports/documents/fonts';
import { documentProjections } from '../projections/documents';
import { seedDocumentDefinitions } from '../commands/documents/seed';

export interface Running {
  platform: Platform;
  app: Express;
  /** Every route declaration (the same list the OpenAPI document is generated from). */
  routes: RouteDef[];
  engine: ProjectionEngine;
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
  const engine = new ProjectionEngine({
    store,
    db: readDb,
    projections: [
      auditIndexProjection,
      ...orgProjections(),
      ...workflowProjections(),
      ...documentProjections(),
      ...(opts.projections ?? []),
    ],
    logger: {
      info: (o, m) => log.debug(o, m),
      warn: (o, m) => log.warn(o, m),
      error: (o, m) => log.error(o, m),
    },
  });
  const container = buildContainer({
    config: { ...config, sealPublicKey: config.sealPublicKey ?? readSealPublicKey(config.dataDir) },
    log,
    clock,
    store,
    readDb,
    projections: engine,
    org: new EventLogOrgGateway(store, directory),
    identity,
    directory,
  });
  const platform = container.get<Platform>(TOKENS.platform);
  await platform.sessions.setup();
  await platform.idempotency.setup();

  let seeded = false;
  if (config.seedDemo) {
    const state = await demoSeedState(store);
    if (state === 'empty' || state === 'partial') {
      await seedDemoDistrict(store, platform.commands, (m) => log.info(m), { history: config.demoHistory, storeUrl: config.eventStoreUrl });
      seeded = true;
    }
    if (state !== 'foreign') await seedWorkflowDefinitions(platform.commands, (m) => log.info(m));
    if (state !== 'foreign') await seedDocumentDefinitions(platform.commands);
  }
  await engine.start();
  await engine.waitForHead({ timeoutMs: 30_000 });

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
      warehouseSink = new WarehouseSink(store, readDb, warehouse, FACT_TABLES, [headcountFacts, workflowFacts, documentFacts], {
        onError: (err) => log.warn({ err }, 'warehouse sink'),
      });
      await warehouseSink.setup();
      warehouseSink.start();
    } catch (err) {
      log.error({ err }, 'warehouse not available');
    }
  }

  const { app, routes } = createApp(platform, [
    (p) => healthRoutes(p, { warehouse: async () => (warehouseSink ? warehouseSink.status() : { state: 'unavailable' }) }),
    authRoutes,
    orgRoutes,
    auditRoutes,
    eventsRoutes,
    reportRoutes(() => warehouse),
    workflowRoutes,
    (p) => {
      // 套红 needs the CJK fonts (Debian fonts-noto-cjk); without them 套红/用印 answer 503 with the reason.
      let fontsOk = true;
      try {
        fontDir();
      } catch (err) {
        fontsOk = false;
        log.warn({ err }, '套红/用印 unavailable: CJK fonts missing');
      }
      if (!fontsOk) return documentRoutes()(p);
      const loader = new DocumentCommands(p.commands, {});
      const a = documentAdapters(
        config.dataDir,
        archiveMaterialSource(p, () => loader),
      );
      return documentRoutes({ renderer: a.renderer, sealService: a.sealService, packager: a.packager, files: a.files })(p);
    },
    ...(opts.routeModules ?? []),
  ]);
  const deadlines = config.deadlineCheckSeconds > 0 ? deadlineScheduler(platform, config.deadlineCheckSeconds) : null;
  deadlines?.start();
  let closed = false;
  return {
    platform,
    app,
    routes,
    engine,
    warehouseSink,
    seeded,
    async close() {
      if (closed) return;
      closed = true;
      await deadlines?.stop();
      await sealer?.stop();
      await warehouseSink?.stop();
      await warehouse?.close();
      await engine.stop();
      await readDb.close();
      await store.close();
    },
  };
}

export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.on('error', reject);
  });
}
