import type { RouteDef } from '../http/registry';
import type { Platform } from '../platform';

/**
 * GET /api/events/stream — Server-Sent Events with the caller's own notifications.
 * EventSource cannot send an Authorization header, so the access token may come as
 * `?access_token=`. Trade-off: a token in a URL can end up in proxy logs and browser history;
 * we redact it from our own logs, only this route accepts it, and access tokens live 15 minutes.
 * When the token expires the stream is closed (event `expired`) and the client reconnects with a
 * fresh one; when the session is revoked (logout, reuse, password change) or the account deactivated,
 * it is closed with event `revoked`.
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
        const end = (event: 'expired' | 'revoked') => {
          if (res.writableEnded) return;
          res.write(`event: ${event}\ndata: {}\n\n`);
          res.end();
        };
        // the stream ends with its session: logout, refresh-token reuse, password change, deactivation …
        const offRevoked = p.sessions.onRevoked((familyId) => {
          if (familyId === principal.sessionId) end('revoked');
        });
        const keepAlive = setInterval(() => {
          if (res.writableEnded) return;
          res.write(`: keep-alive ${Date.now()}\n\n`);
          // revoked on another API node, or the account deactivated: checked without counting as activity
          void Promise.all([p.sessions.isRevoked(principal.sessionId), p.org.userById(principal.userId)]).then(
            ([revoked, user]) => {
              if (revoked || !user?.active) end('revoked');
            },
            () => undefined,
          );
        }, p.config.sseKeepAliveMs);
        // the stream lives no longer than its token: then the client reconnects with a fresh one
        const expiry = setTimeout(() => end('expired'), Math.max(0, Math.min(principal.tokenExpiresAt - Date.now(), 2 ** 31 - 1)));
        const close = () => {
          clearInterval(keepAlive);
          clearTimeout(expiry);
          offRevoked();
          sub.unsubscribe();
        };
        req.on('close', close);
        res.on('close', close);
      },
    },
  ];
}
