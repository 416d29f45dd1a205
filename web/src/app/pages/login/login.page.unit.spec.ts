import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { authInterceptor } from '../../core/auth.interceptor';
import { tokens } from '../../core/tokens';
import { LoginPage } from './login.page';

describe('LoginPage', () => {
  let ctl: HttpTestingController;
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    ctl = TestBed.inject(HttpTestingController);
  });

  async function submit(fx: ReturnType<typeof TestBed.createComponent<LoginPage>>, u: string, p: string) {
    fx.componentInstance.username = u;
    fx.componentInstance.password = p;
    const done = fx.componentInstance.submit();
    return done;
  }

  it('shows the 423 lockout detail from the API', async () => {
    const fx = TestBed.createComponent(LoginPage);
    fx.detectChanges();
    const done = submit(fx, 'staff', 'wrong');
    ctl
      .expectOne('/api/auth/login')
      .flush({ status: 423, title: '账户已锁定', detail: '账户已锁定，请15分钟后再试' }, { status: 423, statusText: 'Locked' });
    await done;
    fx.detectChanges();
    expect(fx.nativeElement.querySelector('[data-testid="login-error"]').textContent).toContain('账户已锁定，请15分钟后再试');
    expect(fx.componentInstance.password).toBe('');
    expect(tokens.access).toBeNull();
  });

  it('stores the tokens, loads /api/me and goes to the return URL', async () => {
    const router = TestBed.inject(Router);
    const nav = vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    const fx = TestBed.createComponent(LoginPage);
    fx.componentRef.setInput('returnUrl', '/processes/p1');
    fx.detectChanges();
    const done = submit(fx, ' staff ', 'Demo@2026');
    const login = ctl.expectOne('/api/auth/login');
    expect(login.request.body).toEqual({ username: 'staff', password: 'Demo@2026' });
    login.flush({ accessToken: 'A', refreshToken: 'R', user: { id: 'u1' } });
    await Promise.resolve();
    const me = ctl.expectOne('/api/me');
    expect(me.request.headers.get('Authorization')).toBe('Bearer A');
    me.flush({ user: { id: 'u1', name: '李明' }, permissions: [] });
    await done;
    expect(tokens.refresh).toBe('R');
    expect(nav).toHaveBeenCalledWith('/processes/p1');
  });

  it('never follows an off-site return URL', async () => {
    const nav = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const fx = TestBed.createComponent(LoginPage);
    fx.componentRef.setInput('returnUrl', '//evil.example/x');
    const done = submit(fx, 'staff', 'Demo@2026');
    ctl.expectOne('/api/auth/login').flush({ accessToken: 'A', refreshToken: 'R' });
    await Promise.resolve();
    ctl.expectOne('/api/me').flush({ user: { id: 'u1' } });
    await done;
    expect(nav).toHaveBeenCalledWith('/home');
  });

  it('an unknown user and a wrong password get the very same message (issue 13)', async () => {
    const shown: string[] = [];
    for (const [u, detail] of [
      ['nobody', '用户名或密码错误'],
      ['staff', '用户名或密码错误（再失败 3 次将锁定账户 15 分钟）'],
    ]) {
      const fx = TestBed.createComponent(LoginPage);
      fx.detectChanges();
      const done = submit(fx, u, 'wrong');
      ctl.expectOne('/api/auth/login').flush({ status: 401, title: '未认证', detail }, { status: 401, statusText: 'Unauthorized' });
      await done;
      fx.detectChanges();
      shown.push(fx.nativeElement.querySelector('[data-testid="login-error"]').textContent.trim());
    }
    expect(shown[0]).toBe('用户名或密码错误');
    expect(shown[1]).toBe(shown[0]);
  });
});
