import express, { type Express, type Request, type Response } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { authenticate, authorize } from './auth/access';
import { HttpProblem, badRequest, errorHandler, notFound, sendProblem, titleFor } from './http/problem';
import { isRouteResult, type RouteContext, type RouteDef } from './http/registry';
import { validateInput } from './http/validate';
import { recordDenials } from './http/denials';
import { requirePasswordChanged } from './auth/password-gate';
import { buildOpenApi, docsHtml } from './http/openapi';
import type { Platform } from './platform';

/** Idempotency keys are scoped per user: uuidv5(userId ‖ key) becomes the command id. */
const IDEMPOTENCY_NS = '6f1c3a52-8d0e-4c55-9d7a-3f1e5b2a9c10';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type RouteModule = (p: Platform) => RouteDef[];

function clientIp(req: Request): string | null {
  return req.ip ?? req.socket.remoteAddress ?? null;
}

function redactUrl(url: string): string {
  return url.replace(/([?&]access_token=)[^&]*/gi, '$1[redacted]');
}

/** Builds the Express app from the route modules. The same declarations produce /api/openapi.json. */
export function createApp(p: Platform, modules: RouteModule[]): { app: Express; routes: RouteDef[] } {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', process.env.TRUST_PROXY === '1' ? 1 : false);
  app.set('query parser', 'extended');

  // request id + access log
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : uuidv7();
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      p.log.info(
        {
          reqId: id,
          method: req.method,
          url: redactUrl(req.originalUrl),
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'"],
          // 公文 PDF preview: the web app embeds the fetched (authenticated) PDF through a blob: URL
          'frame-src': ["'self'", 'blob:'],
        },
      },
    }),
  );
  app.use('/api', express.json({ limit: '1mb', strict: true, type: ['application/json', 'application/*+json'] }));

  // login throttling (per client address), answered as problem+json
  app.use(
    '/api/auth/login',
    rateLimit({
      windowMs: p.config.loginRateLimit.windowMs,
      limit: p.config.loginRateLimit.max,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (req, res, _next, options) => {
        const retry = Math.ceil(options.windowMs / 1000);
        sendProblem(
          req,
          res,
          new HttpProblem(429, titleFor(429), `登录尝试过于频繁，请${retry}秒后再试`, { headers: { 'Retry-After': String(retry) } }),
        );
      },
    }),
  );

  const routes: RouteDef[] = modules.flatMap((m) => m(p));
  let openapi: ReturnType<typeof buildOpenApi> | null = null;
  const meta: RouteDef[] = [
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'OpenAPI 文档（由路由声明与 DTO 生成）',
      tag: '文档',
      public: true,
      handler: () => (openapi ??= buildOpenApi(allRoutes, { title: '政务协同办公平台 API', version: '0.1.0' })),
    },
    {
      method: 'get',
      path: '/docs',
      summary: 'API 文档页面',
      tag: '文档',
      public: true,
      raw: true,
      produces: 'text/html',
      handler: ({ res }) => {
        openapi ??= buildOpenApi(allRoutes, { title: '政务协同办公平台 API', version: '0.1.0' });
        res.type('html').send(docsHtml(openapi));
      },
    },
  ];
  const allRoutes = [...routes, ...meta];
  const seen = new Set<string>();
  for (const r of allRoutes) {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) throw new Error(`route declared twice: ${key}`);
    seen.add(key);
    mount(app, p, r);
  }

  app.all('/api/{*splat}', (req, res) => sendProblem(req, res, notFound(`没有这个接口：${req.method} ${req.path}`)));

  // The Angular build, when present: static files, and index.html for client-side routes.
  const index = join(p.config.webDir, 'index.html');
  if (existsSync(index)) {
    app.use(express.static(p.config.webDir, { index: false, maxAge: '1h' }));
    app.get('/{*splat}', (_req, res) => res.sendFile(index));
  }

  app.use(recordDenials(p));
  app.use(errorHandler(p.log));
  return { app, routes: allRoutes };
}

function mount(app: Express, p: Platform, r: RouteDef): void {
  const check = authorize(r.permission, r.scope);
  app[r.method](`/api${r.path}`, async (req: Request, res: Response, next) => {
    try {
      const requestId = String(res.getHeader('X-Request-Id'));
      const ctx: RouteContext = {
        req,
        res,
        params: req.params as Record<string, string>,
        body: undefined,
        query: undefined,
        principal: undefined as never,
        commandId: '',
        now: p.clock().toISOString(),
        requestId,
        clientIp: clientIp(req),
      };
      if (!r.public) {
        ctx.principal = await authenticate(p, req, !!r.tokenInQuery, ctx);
        res.locals.principal = ctx.principal; // for the one 403 recorder (http/denials.ts)
        await requirePasswordChanged(p, r, ctx.principal);
        await check(p, ctx, 'permission');
      }
      if (r.body) ctx.body = await validateInput(r.body, req.body, 'body');
      if (r.query) {
        const q = { ...(req.query as Record<string, unknown>) };
        delete q.access_token;
        ctx.query = await validateInput(r.query, q, 'query');
      }
      if (!r.public) await check(p, ctx, 'scope');

      let key: string | undefined;
      if (r.command) {
        key = req.get('idempotency-key') ?? undefined;
        if (key !== undefined && (key.length === 0 || key.length > 200)) {
          throw badRequest('Idempotency-Key 长度应为 1–200', [{ field: 'Idempotency-Key', message: '长度应为 1–200' }]);
        }
        const owner = ctx.principal?.userId ?? 'anonymous';
        ctx.commandId = key ? uuidv5(`${owner}\n${key}`, IDEMPOTENCY_NS) : uuidv7();
        if (key) {
          const prior = await p.idempotency.find(ctx.commandId);
          if (prior) {
            if (prior.path !== `${req.method} ${req.path}`) {
              throw new HttpProblem(422, titleFor(422), '该 Idempotency-Key 已用于另一个请求', { code: 'idempotency.key_reused' });
            }
            res.setHeader('Idempotent-Replayed', 'true');
            res.status(prior.status).json(prior.body);
            return;
          }
        }
      }

      const out = await r.handler(ctx);
      if (r.raw || res.headersSent) return;
      let status = r.command ? 201 : 200;
      let body: unknown = out;
      if (isRouteResult(out)) {
        status = out.status;
        body = out.body;
        for (const [k, v] of Object.entries(out.headers ?? {})) res.setHeader(k, v);
      }
      if (r.command && key) {
        await p.idempotency.save(
          ctx.commandId,
          ctx.principal?.userId ?? 'anonymous',
          req.method,
          `${req.method} ${req.path}`,
          { status, body },
          ctx.now,
        );
      }
      if (body === undefined) res.status(status === 200 ? 204 : status).end();
      else res.status(status).json(body);
    } catch (e) {
      next(e);
    }
  });
}
