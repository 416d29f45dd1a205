import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { ContactsApi, MobilePolicy, SCOPE_LABELS } from './contacts-api.service';

/** 手机号码可见范围 (安全管理员): the default scope and a scope per role; the widest applies. */
@Component({
  selector: 'oa-mobile-policy',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card">
      <h2>手机号码可见范围</h2>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (note()) { <div class="alert ok" role="status">{{ note() }}</div> }
      @if (policy(); as p) {
        <p class="muted small">本人的手机号码总是可见。一个人拥有多个角色时取最宽的范围。@if (p.setBy) { 最近由 {{ p.setBy }} 于 {{ time(p.at || '') }} 设置。 }</p>
        <label class="field"><span>默认范围（所有人）</span>
          <select class="input" [value]="def()" (change)="def.set($any($event.target).value)">
            @for (s of scopes; track s) { <option [value]="s">{{ labels[s] }}</option> }
          </select>
        </label>
        <table class="tbl">
          <thead><tr><th>角色</th><th>可见范围</th></tr></thead>
          <tbody>
            @for (r of p.roles; track r.id) {
              <tr><td>{{ r.name }}</td><td>
                <select class="input" [value]="roles()[r.id] || ''" (change)="setRole(r.id, $any($event.target).value)">
                  <option value="">同默认</option>
                  @for (s of scopes; track s) { <option [value]="s">{{ labels[s] }}</option> }
                </select>
              </td></tr>
            }
          </tbody>
        </table>
        <button class="btn primary" type="button" (click)="save()">保存</button>
      }
    </section>
  `,
  styles: `
    .tbl { width: 100%; border-collapse: collapse; margin-bottom: 12px; }
    .tbl td, .tbl th { text-align: left; padding: 6px; border-bottom: 1px solid var(--oa-border); }
    .small { font-size: 12px; }
  `,
})
export class MobilePolicyPage {
  private readonly api = inject(ContactsApi);
  readonly labels = SCOPE_LABELS;
  readonly scopes = ['self', 'department', 'department_tree', 'unit', 'all'];
  readonly policy = signal<MobilePolicy | null>(null);
  readonly def = signal('unit');
  readonly roles = signal<Record<string, string>>({});
  readonly error = signal('');
  readonly note = signal('');

  constructor() {
    void this.load();
  }

  time(iso: string): string {
    return formatTime(iso);
  }

  private async load(): Promise<void> {
    try {
      const p = await this.api.policy();
      this.policy.set(p);
      this.def.set(p.defaultScope);
      this.roles.set({ ...p.roleScopes });
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  setRole(id: string, v: string): void {
    this.roles.update((r) => {
      const next = { ...r };
      if (v) next[id] = v;
      else delete next[id];
      return next;
    });
  }

  async save(): Promise<void> {
    this.error.set('');
    this.note.set('');
    try {
      await this.api.setPolicy(this.def(), this.roles());
      this.note.set('已保存，立即生效');
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
