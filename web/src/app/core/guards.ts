import { inject } from '@angular/core';
import { CanActivateFn, CanMatchFn, Router } from '@angular/router';
import { AuthService } from './auth.service';

/** Logged in (and /api/me loaded), else to the login page with the return URL. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!auth.loggedIn) return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
  const me = await auth.loadMe();
  if (!me) return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
  if (auth.mustChangePassword() && !state.url.startsWith(AuthService.PASSWORD_PAGE))
    return router.createUrlTree([AuthService.PASSWORD_PAGE]);
  return true;
};

/** Route data `anyOf: string[]`: the user needs one of them, else the 403 page (无权访问). */
export const permissionGuard: CanActivateFn = async (route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  await auth.loadMe();
  const anyOf = route.data['anyOf'] as string[] | undefined;
  if (auth.can(anyOf)) return true;
  return router.createUrlTree(['/forbidden'], { queryParams: { from: state.url } });
};

/** The login page is for the logged-out. */
export const guestGuard: CanMatchFn = () => {
  const auth = inject(AuthService);
  return auth.loggedIn ? inject(Router).createUrlTree(['/home']) : true;
};
