import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { problemMessage } from '../../core/problem';

const WRONG = '用户名或密码错误';

@Component({
  selector: 'oa-login',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <div class="wrap">
      <div class="panel">
        <div class="head">
          <span class="seal">政</span>
          <div><h1>政务协同办公平台</h1><div class="sub">区直机关统一办公门户</div></div>
        </div>
        <form (ngSubmit)="submit()" #f="ngForm" novalidate>
          @if (error()) { <div class="alert" role="alert" data-testid="login-error">{{ error() }}</div> }
          <div class="field">
            <label for="username">用户名</label>
            <input id="username" name="username" autocomplete="username" [(ngModel)]="username" required placeholder="请输入用户名" />
          </div>
          <div class="field">
            <label for="password">密码</label>
            <input id="password" name="password" type="password" autocomplete="current-password" [(ngModel)]="password" required placeholder="请输入密码" />
          </div>
          <button type="submit" class="btn primary full" [disabled]="busy()">{{ busy() ? '正在登录…' : '登 录' }}</button>
        </form>
        <p class="foot muted">连续输错 5 次密码，账户将被锁定 15 分钟。</p>
      </div>
    </div>
  `,
  styles: `
    .wrap { min-height: 100vh; display: grid; place-items: center; padding: 16px; background: linear-gradient(160deg, #8e1515 0%, #b52222 38%, #f3f4f6 38.1%); }
    .panel { width: 100%; max-width: 400px; background: #fff; border-radius: 10px; padding: 28px 24px; box-shadow: 0 10px 30px rgba(0,0,0,.12); }
    .head { display: flex; gap: 12px; align-items: center; margin-bottom: 22px; }
    .head h1 { margin: 0; font-size: 21px; }
    .sub { color: var(--oa-muted); font-size: 13px; }
    .seal { display: inline-grid; place-items: center; width: 44px; height: 44px; flex: none; border: 2px solid var(--oa-red); border-radius: 50%; color: var(--oa-red); font-size: 20px; font-weight: 700; }
    .full { width: 100%; min-height: 42px; font-size: 16px; letter-spacing: 4px; }
    .foot { font-size: 12px; margin: 14px 0 0; text-align: center; }
  `,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  /** Query param: where to go back to after a session expired. */
  readonly returnUrl = input<string>('');
  username = '';
  password = '';
  readonly busy = signal(false);
  readonly error = signal('');

  async submit(): Promise<void> {
    if (!this.username.trim() || !this.password) {
      this.error.set('请输入用户名和密码');
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      await this.auth.login(this.username.trim(), this.password);
      const back = this.returnUrl();
      await this.router.navigateByUrl(back && back.startsWith('/') && !back.startsWith('//') ? back : '/home');
    } catch (err) {
      // An unknown user and a wrong password read the same (no hint that the account exists, nor how
      // many tries are left); lockout (423) and rate limit (429) keep their own words.
      this.error.set(err instanceof HttpErrorResponse && err.status === 401 ? WRONG : problemMessage(err));
      this.password = '';
    } finally {
      this.busy.set(false);
    }
  }
}
