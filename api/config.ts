import { resolve, join } from 'node:path';

/** Environment → configuration. Everything has a default so `npm start` needs nothing. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStoreUrl: string;
  readStoreUrl: string;
  /** The leadership warehouse: `duckdb:<file>` (embedded default) or a ClickHouse URL `http://host:8123/db`. */
  warehouseUrl: string;
  jwtSecret: string | undefined;
  jwtSecretFile: string;
  /** Serve the Angular build from here when it exists. */
  webDir: string;
  logLevel: string;
  loginRateLimit: { windowMs: number; max: number };
  sseKeepAliveMs: number;
  /**
   * A production start: NODE_ENV=production, or any server store (a PostgreSQL or EventStoreDB URL for the
   * event or read store). It never seeds the demo district unless SEED_DEMO=1; on an empty store it creates
   * only the three 三员 accounts with one-time random passwords (seed/production.ts).
   */
  production: boolean;
  /** Seed the demo district (44 accounts, published password): default on for a local start, off in production unless SEED_DEMO=1. */
  seedDemo: boolean;
  /** With the demo seed, also play a year of simulated activity (DEMO_HISTORY; default on, off under tests). */
  demoHistory: boolean;
  /** 办理时限 sweep: seconds between deadline checks (DEADLINE_CHECK_SECONDS; default 60, 0 = off; off under tests unless set). */
  deadlineCheckSeconds: number;
  /** The install's seal public key (hex), pinned for /api/audit/verify when known. */
  sealPublicKey?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const dataDir = resolve(cwd, env.DATA_DIR ?? './data');
  const testing = env.NODE_ENV === 'test' || env.VITEST !== undefined;
  const eventStoreUrl = env.EVENT_STORE || `sqlite:${join(dataDir, 'oa.db')}`;
  const readStoreUrl = env.READ_STORE || `sqlite:${join(dataDir, 'read.db')}`;
  const production = env.NODE_ENV === 'production' || isServerStore(eventStoreUrl) || isServerStore(readStoreUrl);
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    eventStoreUrl,
    readStoreUrl,
    warehouseUrl: env.WAREHOUSE ?? `duckdb:${join(dataDir, 'warehouse.duckdb')}`,
    jwtSecret: env.JWT_SECRET || undefined,
    jwtSecretFile: join(dataDir, 'jwt-secret'),
    webDir: resolve(cwd, env.WEB_DIR ?? 'web/dist/browser'),
    logLevel: env.LOG_LEVEL ?? (testing ? 'silent' : 'info'),
    loginRateLimit: {
      windowMs: Number(env.LOGIN_RATE_WINDOW_MS ?? 60_000),
      max: Number(env.LOGIN_RATE_MAX ?? 20),
    },
    sseKeepAliveMs: Number(env.SSE_KEEPALIVE_MS ?? 25_000),
    production,
    seedDemo: production ? env.SEED_DEMO === '1' : env.SEED_DEMO !== '0',
    demoHistory: env.DEMO_HISTORY !== undefined ? env.DEMO_HISTORY !== '0' : !testing,
    deadlineCheckSeconds:
      env.DEADLINE_CHECK_SECONDS !== undefined ? Math.max(0, Number(env.DEADLINE_CHECK_SECONDS) || 0) : testing ? 0 : 60,
    sealPublicKey: env.SEAL_PUBLIC_KEY || undefined,
  };
}

/** A store that runs as its own server (PostgreSQL, EventStoreDB) rather than a file under DATA_DIR. */
export function isServerStore(url: string): boolean {
  return /^(postgres(ql)?|esdb|esdb\+discover|kurrentdb|kurrent):/i.test(url);
}
