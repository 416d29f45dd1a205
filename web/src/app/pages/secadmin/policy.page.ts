import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { problemMessage, toProblem } from '../../core/problem';
import { formatTime } from '../../core/time';
import { SecadminApi, SecurityPolicy } from './secadmin-api.service';

const FIELDS: { key: keyof SecurityPolicy; label: string; hint: string }[] = [
  { key: 'minLength', label: '密码最小长度', hint: '8–32 位' },
  { key: 'minClasses', label: '至少包含字符类别数', hint: '2–4 类（大写、小写、数字、特殊字符）' },
  { key: 'expiryDays', label: '密码有效期（天）', hint: '0 为不限，或 30–365；到期须修改' },
  { key: 'historyCount', label: '不得重复使用的历史密码数', hint: '0–10' },
  { key: 'maxFailedLogins', label: '连续登录失败锁定次数', hint: '3–10 次' },
  { key: 'lockoutMinutes', label: '锁定时长（分钟）', hint: '5–1440' },
  { key: 'sessionIdleMinutes', label: '会话超时（分钟无操作）', hint: '5–120' },
];

/** 安全策略: password rules, lockout and session timeout (saved as an event; in force at once). */
@Component({
  selector: 'oa-sec-policy',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card">
      <h2>安全策略</h2>
      @if (changedAt()) { <p class="muted small">最近修改：{{ time(changedAt()!) }}，{{ changedBy() }}</p> }
      <form (ngSubmit)="save()" class="grid" data-testid="policy-form">
        @for (f of fields; track f.key) {
          <label class="field">
            <span>{{ f.label }}</span>
            <input class="input" type="number" [name]="f.key" [(ngModel)]="p[f.key]" [attr.aria-label]="f.label" [attr.data-testid]="'policy-' + f.key" />
            <span class="muted small">{{ f.hint }}</span>
            @if (fieldErrors()[f.key]) { <span class="err" role="alert">{{ fieldErrors()[f.key] }}</span> }
          </label>
        }
        <div class="acts"><button class="btn primary" type="submit" [disabled]="saving()" data-testid="policy-save">保存</button>
          @if (saved()) { <span class="ok" data-testid="policy-saved">已保存，立即生效</span> }</div>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
    </section>
  `,
  styles: `
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
    .field { display: grid; gap: 4px; }
    .acts { grid-column: 1 / -1; display: flex; gap: 10px; align-items: center; }
    .err { color: var(--oa-danger); font-size: 12px; } .ok { color: var(--oa-ok); } .small { font-size: 12px; }
  `,
})
export class PolicyPage {
  private readonly api = inject(SecadminApi);
  readonly fields = FIELDS;
  p: SecurityPolicy = {
    minLength: 8,
    minClasses: 3,
    expiryDays: 0,
    historyCount: 0,
    maxFailedLogins: 5,
    lockoutMinutes: 15,
    sessionIdleMinutes: 30,
  };
  readonly changedAt = signal<string | null>(null);
  readonly changedBy = signal<string | null>(null);
  readonly saving = signal(false);
  readonly saved = signal(false);
  readonly error = signal('');
  readonly fieldErrors = signal<Record<string, string>>({});
  time = formatTime;

  constructor() {
    void this.load();
  }
  async load(): Promise<void> {
    try {
      const r = await this.api.policy();
      this.p = { ...r.policy };
      this.changedAt.set(r.changedAt);
      this.changedBy.set(r.changedBy);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async save(): Promise<void> {
    this.saving.set(true);
    this.saved.set(false);
    this.error.set('');
    this.fieldErrors.set({});
    try {
      const body = Object.fromEntries(Object.entries(this.p).map(([k, v]) => [k, Number(v)])) as unknown as SecurityPolicy;
      await this.api.savePolicy(body);
      this.saved.set(true);
      await this.load();
    } catch (e) {
      const pr = toProblem(e);
      this.fieldErrors.set(Object.fromEntries((pr.errors ?? []).map((x) => [x.field, x.message])));
      this.error.set(problemMessage(e));
    } finally {
      this.saving.set(false);
    }
  }
}
