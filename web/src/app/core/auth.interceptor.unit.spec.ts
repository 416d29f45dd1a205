import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authInterceptor } from './auth.interceptor';
import { tokens } from './tokens';

describe('authInterceptor: bearer token, refresh once on 401, retry', () => {
  let http: HttpClient;
  let ctl: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    ctl = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    vi.spyOn(router, 'navigate').mockResolvedValue(true);
    tokens.set('old-access', 'refresh-1');
  });
  afterEach(() => ctl.verify());

  it('adds the bearer token, and an Idempotency-Key on commands only', () => {
    void firstValueFrom(http.get('/api/me'));
    const get = ctl.expectOne('/api/me');
    expect(get.request.headers.get('Authorization')).toBe('Bearer old-access');
    expect(get.request.headers.has('Idempotency-Key')).toBe(false);
    get.flush({});
    void firstValueFrom(http.post('/api/opinions', { text: 'x' }));
    const post = ctl.expectOne('/api/opinions');
    expect(post.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    post.flush({});
  });

  it('on 401 renews the session once for concurrent calls and retries each with the new token and the same key', async () => {
    const a = firstValueFrom(http.post<{ ok: number }>('/api/tasks/t1/approve', {}));
    const b = firstValueFrom(http.get<{ ok: number }>('/api/inbox/counts'));
    const firstA = ctl.expectOne('/api/tasks/t1/approve');
    const key = firstA.request.headers.get('Idempotency-Key');
    firstA.flush({ detail: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    ctl.expectOne('/api/inbox/counts').flush({}, { status: 401, statusText: 'Unauthorized' });

    const refresh = ctl.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush({ accessToken: 'new-access', refreshToken: 'refresh-2' });

    const retryA = ctl.expectOne('/api/tasks/t1/approve');
    expect(retryA.request.headers.get('Authorization')).toBe('Bearer new-access');
    expect(retryA.request.headers.get('Idempotency-Key')).toBe(key);
    retryA.flush({ ok: 1 });
    ctl.expectOne('/api/inbox/counts').flush({ ok: 2 });
    expect(await a).toEqual({ ok: 1 });
    expect(await b).toEqual({ ok: 2 });
    expect(tokens.access).toBe('new-access');
    expect(tokens.refresh).toBe('refresh-2');
  });

  it('when the refresh is refused, drops the tokens and goes to the login page with the return URL', async () => {
    const a = firstValueFrom(http.get('/api/me'));
    ctl.expectOne('/api/me').flush({}, { status: 401, statusText: 'Unauthorized' });
    ctl.expectOne('/api/auth/refresh').flush({ detail: '会话已超时' }, { status: 401, statusText: 'Unauthorized' });
    await expect(a).rejects.toMatchObject({ status: 401 });
    expect(tokens.access).toBeNull();
    expect(router.navigate).toHaveBeenCalledWith(['/login'], expect.anything());
  });

  it('when the renewal fails on the network, the call fails but the session stays (no login page)', async () => {
    const a = firstValueFrom(http.get('/api/me'));
    ctl.expectOne('/api/me').flush({}, { status: 401, statusText: 'Unauthorized' });
    ctl.expectOne('/api/auth/refresh').error(new ProgressEvent('error'));
    await expect(a).rejects.toMatchObject({ status: 0 });
    expect(tokens.refresh).toBe('refresh-1');
    expect(router.navigate).not.toHaveBeenCalled();

    // the next call renews with the same refresh token
    const b = firstValueFrom(http.get<{ ok: number }>('/api/me'));
    ctl.expectOne('/api/me').flush({}, { status: 401, statusText: 'Unauthorized' });
    const refresh = ctl.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush({ accessToken: 'new-access', refreshToken: 'refresh-2' });
    ctl.expectOne('/api/me').flush({ ok: 1 });
    expect(await b).toEqual({ ok: 1 });
  });

  it('does not try to refresh for a failed login', async () => {
    const a = firstValueFrom(http.post('/api/auth/login', { username: 'x', password: 'y' }));
    ctl.expectOne('/api/auth/login').flush({ detail: '用户名或密码错误' }, { status: 401, statusText: 'Unauthorized' });
    await expect(a).rejects.toMatchObject({ status: 401 });
    ctl.expectNone('/api/auth/refresh');
  });
});
