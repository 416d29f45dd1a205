import { authenticate } from '../auth/access';
import { scopeFor } from '../auth/principal';
import type { RouteDef } from '../http/registry';
import type { Platform } from '../platform';

/**
 * Error texts (a driver's message can name hosts, users, file paths, SQL) are for the 系统管理员 only:
 * the public answer says that a component has an error, not what it is. A caller with a bearer token
 * holding `system.config` gets them (`lastError`).
 */
function withoutErrorText(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutErrorText);
  if (typeof x !== 'object' || x === null) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    if (k === 'lastError') out.hasError = v !== null && v !== undefined && v !== '';
    else out[k] = withoutErrorText(v);
  }
  return out;
}

/** GET /api/health: public; store kind and head, read store, every projection's position and lag. */
export interface HealthExtras {
  /** The warehouse sink's position, lag and last error (a warehouse outage does not make the API unhealthy). */
  warehouse?: () => Promise<unknown>;
  /** Reactors (outbox pending / parked) and scheduled work (jobs fired, last error). */
  reactions?: () => Promise<unknown>;
}

export function healthRoutes(p: Platform, extras: HealthExtras = {}): RouteDef[] {
  return [
    {
      method: 'get',
      path: '/health',
      summary: '健康检查：事件存储、读库、各投影的位置与延迟',
      tag: '系统',
      public: true,
      responses: { 503: '某个组件不可用' },
      raw: true,
      handler: async (ctx) => {
        const { req, res } = ctx;
        let details = false;
        if (req.get('authorization')) {
          try {
            details = scopeFor(await authenticate(p, req, false, ctx), 'system.config') !== null;
          } catch {
            details = false; // a bad token on a public route: the public answer
          }
        }
        let storeOk = true;
        let head = 0;
        try {
          head = await p.store.headPosition();
        } catch {
          storeOk = false;
        }
        let readOk = true;
        try {
          await p.readDb.get('SELECT 1 AS one');
        } catch {
          readOk = false;
        }
        let projections: unknown[] = [];
        try {
          projections = await p.projections.status();
        } catch {
          readOk = false;
        }
        let warehouse: unknown = null;
        try {
          warehouse = (await extras.warehouse?.()) ?? null;
        } catch (err) {
          warehouse = { state: 'error', lastError: err instanceof Error ? err.message : String(err) };
        }
        let reactions: unknown = null;
        try {
          reactions = (await extras.reactions?.()) ?? null;
        } catch (err) {
          reactions = { state: 'error', lastError: err instanceof Error ? err.message : String(err) };
        }
        const ok = storeOk && readOk;
        if (!details) {
          projections = withoutErrorText(projections) as unknown[];
          warehouse = withoutErrorText(warehouse);
          reactions = withoutErrorText(reactions);
        }
        res.status(ok ? 200 : 503).json({
          status: ok ? 'ok' : 'degraded',
          time: p.clock().toISOString(),
          store: { kind: p.store.kind, ok: storeOk, headPosition: head },
          readStore: { dialect: p.readDb.dialect, ok: readOk },
          projections,
          warehouse,
          reactions,
        });
      },
    },
  ];
}
