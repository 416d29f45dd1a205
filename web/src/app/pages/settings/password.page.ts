import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { HttpClient } from '@angular/common/http';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { problemMessage, toProblem } from '../../core/problem';

/** 修改密码: POST /api/me/password {currentPassword, newPassword}; complexity checked by the server too. */
@Component({
  selector: 'oa-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <div class="card narrow">
      <h2>修改密码</h2>
      @if (error()) { <div class="alert" role="alert" data-testid="password-error">{{ error() }}</div> }
      @if (ok()) { <div class="alert ok" role="status">密码已修改，其他设备上的登录已注销。</div> }
      <form (ngSubmit)="submit()">
        <div class="field" [class.invalid]="fieldErr()['currentPassword']"><label for="cur">当前密码</label><input id="cur" name="cur" type="password" autocomplete="current-password" [(ngModel)]="current" />
          @if (fieldErr()['currentPassword']) { <div class="err">{{ fieldErr()['currentPassword'] }}</div> }</div>
        <div class="field" [class.invalid]="fieldErr()['newPassword']"><label for="np">新密码</label><input id="np" name="np" type="password" autocomplete="new-password" [(ngModel)]="next" />
          @if (fieldErr()['newPassword']) { <div class="err">{{ fieldErr()['newPassword'] }}</div> }
          <span class="muted hint">8–64 位，至少包含大写字母、小写字母、数字、特殊字符中的三类</span></div>
        <div class="field" [class.invalid]="fieldErr()['confirm']"><label for="cf">确认新密码</label><input id="cf" name="cf" type="password" autocomplete="new-password" [(ngModel)]="confirm" />
          @if (fieldErr()['confirm']) { <div class="err">{{ fieldErr()['confirm'] }}</div> }</div>
        <button class="btn primary" type="submit" [disabled]="busy()">修改密码</button>
      </form>
    </div>
  `,
  styles: `.narrow { max-width: 480px; } .hint { font-size: 12px; }`,
})
export class PasswordPage {
  private readonly http = inject(HttpClient);
  readonly error = signal('');
  readonly ok = signal(false);
  readonly busy = signal(false);
  readonly fieldErr = signal<Record<string, string>>({});
  current = '';
  next = '';
  confirm = '';

  async submit(): Promise<void> {
    this.ok.set(false);
    this.error.set('');
    const fe: Record<string, string> = {};
    if (!this.current) fe['currentPassword'] = '请输入当前密码';
    if (!this.next) fe['newPassword'] = '请输入新密码';
    else if (this.next.length < 8) fe['newPassword'] = '新密码至少 8 位';
    if (this.next !== this.confirm) fe['confirm'] = '两次输入的新密码不一致';
    this.fieldErr.set(fe);
    if (Object.keys(fe).length) return;
    this.busy.set(true);
    try {
      await firstValueFrom(this.http.post('/api/me/password', { currentPassword: this.current, newPassword: this.next }));
      this.ok.set(true);
      this.current = this.next = this.confirm = '';
    } catch (e) {
      const p = toProblem(e);
      const byField: Record<string, string> = {};
      for (const f of p.errors) byField[f.field] = byField[f.field] ? `${byField[f.field]}；${f.message}` : f.message;
      this.fieldErr.set(byField);
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
