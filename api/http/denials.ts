import type { ErrorRequestHandler } from 'express';
import { recordDenial } from '../auth/access';
import type { Principal } from '../auth/principal';
import type { Platform } from '../platform';
import { problemFrom } from './problem';

/**
 * The one place where a 403 becomes an AccessDenied event in the 安全日志, whatever raised it: the
 * permission and data-scope checks, a domain rule (`task.not_yours`, `document.no_task`, the
 * delegation and user rules …), a route's own refusal (reports), the forced password change.
 * The reason is the problem's stable code. A refusal already recorded with more detail on its way
 * (recordDenial marks the response) is not recorded twice. Sits just before the error handler.
 */
export function recordDenials(p: Platform): ErrorRequestHandler {
  return (err, req, res, next) => {
    const { body } = problemFrom(err);
    if (body.status !== 403 || res.locals.accessDeniedRecorded) return next(err);
    const who = res.locals.principal as Principal | undefined;
    const requestId = String(res.getHeader('X-Request-Id') ?? '');
    recordDenial(
      p,
      req,
      { requestId, clientIp: req.ip ?? req.socket.remoteAddress ?? null },
      403,
      body.code ?? 'forbidden',
      null,
      who?.userId ?? null,
      null,
      who?.unitId ?? null,
    ).then(
      () => next(err),
      () => next(err),
    );
  };
}
