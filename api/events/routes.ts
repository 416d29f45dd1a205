import type { RouteDef } from '../http/registry';
import type { Platform } from '../platform';

/**
 * GET /api/events/stream — Server-Sent Events with the caller's own notifications.
 * EventSource cannot send an Authorization header, so the access token may come as
 * `?access_token=`. Trade-off: a token in a URL can end up in proxy logs and browser history;
 * we redact it from our own logs, only this route accepts it, and access tokens live 15 minutes.
 * When the token expires the stream is closed (event `expired`) and the client reconnects with a
 * fresh one.
 */
export function eventsRoutes(p: Platform): RouteDef[] {
  return [
    {
      method: 'get',
      path: '/events/stream',
      summary: '实时通知（SSE）：推送当前用户自己的消息',
      tag: '消息',
      tokenInQuery: true,
      raw: true,
      produces: 'text/event-stream',
      handler: ({ req, res, principal }) => {
        res.status(200);
        res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
        res.setHeader('Cache-Control', 'no-cache, no-transform');
        res.setHeader('Connection', 'keep-alive');
        res.setHeader('X-Accel-Buffering', 'no');
        res.flushHeaders();
        res.write(`retry: 5000\n`);
        res.write(`event: ready\ndata: ${JSON.stringify({ userId: principal.userId })}\n\n`);
        const sub = p.bus.forUser(principal.userId).subscribe((n) => {
          res.write(`id: ${n.id}\nevent: notification\ndata: ${JSON.stringify(n)}\n\n`);
        });
        const keepAlive = setInterval(() => res.write(`: keep-alive ${Date.now()}\n\n`), p.config.sseKeepAliveMs);
        // the stream lives no longer than its token: then the client reconnects with a fresh one
        const expiry = setTimeout(
          () => {
            res.write(`event: expired\ndata: {}\n\n`);
            res.end();
          },
          Math.max(0, Math.min(principal.tokenExpiresAt - Date.now(), 2 ** 31 - 1)),
        );
        const close = () => {
          clearInterval(keepAlive);
          clearTimeout(expiry);
          sub.unsubscribe();
        };
        req.on('close', close);
        res.on('close', close);
      },
    },
  ];
}
