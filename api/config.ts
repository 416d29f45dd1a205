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
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    eventStoreUrl: env.EVENT_STORE ?? `sqlite:${join(dataDir, 'oa.db')}`,
    readStoreUrl: env.READ_STORE ?? `sqlite:${join(dataDir, 'read.db')}`,
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
    seedDemo: env.SEED_DEMO !== '0',
    demoHistory: env.DEMO_HISTORY !== undefined ? env.DEMO_HISTORY !== '0' : !testing,
    deadlineCheckSeconds:
      env.DEADLINE_CHECK_SECONDS !== undefined ? Math.max(0, Number(env.DEADLINE_CHECK_SECONDS) || 0) : testing ? 0 : 60,
    sealPublicKey: env.SEAL_PUBLIC_KEY || undefined,
  };
}
