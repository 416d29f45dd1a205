import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meAnswer } from './api-fixtures';
import { authGuard } from './guards';
import { tokens } from './tokens';

/** 强制修改密码: while /api/me says mustChangePassword, every page but 修改密码 sends the user there. */
describe('authGuard and a password that must be changed', () => {
  let ctl: HttpTestingController;
  let router: Router;
  const run = (url: string) =>
    TestBed.runInInjectionContext(() => authGuard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot)) as Promise<
      boolean | UrlTree
    >;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    ctl = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    tokens.set('access', 'refresh');
  });
  afterEach(() => ctl.verify());

  it('redirects to /settings/password while the flag is set, lets the password page through, and nothing once changed', async () => {
    const home = run('/home');
    ctl.expectOne('/api/me').flush(meAnswer({ id: 'u', username: 'secadmin', mustChangePassword: true }));
    expect(router.serializeUrl((await home) as UrlTree)).toBe('/settings/password');
    expect(await run('/settings/password')).toBe(true);
  });

  it('lets everything through when the password was chosen by the user', async () => {
    const home = run('/home');
    ctl.expectOne('/api/me').flush(meAnswer({ id: 'u', username: 'staff', mustChangePassword: false }));
    expect(await home).toBe(true);
  });
});
