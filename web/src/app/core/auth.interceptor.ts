import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, switchMap, throwError } from 'rxjs';
import { AuthService, sessionRefused } from './auth.service';
import { newIdempotencyKey, tokens } from './tokens';

const withToken = (req: HttpRequest<unknown>, token: string | null) =>
  token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;

/**
 * Adds the bearer token and an Idempotency-Key for commands; on a 401 renews the session once with
 * the refresh token and retries the same request (same key, so a retried command never acts twice).
 * When the server refuses the renewal the user goes to the login page with a return URL — the page
 * is not lost; when the renewal itself fails on the network, the call fails and the session stays.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  if (!req.url.startsWith('/api/')) return next(req);
  const auth = inject(AuthService);
  const router = inject(Router);
  let r = req;
  if (req.method !== 'GET' && req.method !== 'HEAD' && !req.headers.has('Idempotency-Key')) {
    r = r.clone({ setHeaders: { 'Idempotency-Key': newIdempotencyKey() } });
  }
  const isAuthCall = req.url.startsWith('/api/auth/');
  return next(withToken(r, tokens.access)).pipe(
    catchError((err: unknown) => {
      if (!(err instanceof HttpErrorResponse) || err.status !== 401 || isAuthCall || !tokens.refresh) {
        if (err instanceof HttpErrorResponse && err.status === 401 && !isAuthCall) auth.expire(router.url);
        return throwError(() => err);
      }
      return auth.refresh().pipe(
        catchError((refreshErr: unknown) => {
          if (sessionRefused(refreshErr)) auth.expire(router.url);
          return throwError(() => refreshErr);
        }),
        switchMap((token) => next(withToken(r, token))),
      );
    }),
  );
};
