import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { Account, SecadminApi } from './secadmin-api.service';

/** 账户与授权: lock / password state, unlock, password reset (the user must change it), roles within 三员分立. */
@Component({
  selector: 'oa-sec-accounts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card">
      <h2>账户与授权</h2>
      <form class="filters" (ngSubmit)="go(1)">
        <input class="input" name="q" [(ngModel)]="q" placeholder="姓名或用户名" aria-label="姓名或用户名" />
        <select class="input" name="filter" [(ngModel)]="filter" aria-label="状态">
          <option value="all">全部账户</option><option value="locked">已锁定</option><option value="must_change">须修改密码</option><option value="inactive">已停用</option>
        </select>
        <button class="btn primary" type="submit" data-testid="accounts-search">查询</button>
      </form>
      @if (notice()) { <div class="notice" role="status" data-testid="accounts-notice">{{ notice() }}</div> }
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      <ul class="rows" data-testid="accounts">
        @for (a of items(); track a.id) {
          <li class="acct" [attr.data-username]="a.username">
            <div class="head">
              <strong>{{ a.name }}</strong> <span class="muted">{{ a.username }}</span>
              <span class="muted small">{{ a.unitName }} {{ a.departmentName }}</span>
              @if (a.status === 'inactive') { <span class="badge">已停用</span> }
              @if (a.locked) { <span class="badge overdue" data-testid="locked">已锁定至 {{ time(a.lockedUntil!) }}</span> }
              @if (a.mustChangePassword) { <span class="badge">须修改密码{{ a.passwordExpired ? '（已过期）' : '' }}</span> }
            </div>
            <div class="roles">
              @for (r of a.roles; track r.roleId) {
                <span class="chip">{{ r.name }}·{{ r.scopeLabel }} <button type="button" class="x" (click)="revoke(a, r.roleId)" [attr.aria-label]="'撤销' + r.name">×</button></span>
              }
            </div>
            <div class="muted small">最近登录 {{ a.lastLoginAt ? time(a.lastLoginAt) : '—' }} · 密码修改于 {{ a.passwordChangedAt ? time(a.passwordChangedAt) : '—' }} · 连续失败 {{ a.failedLogins }} 次</div>
            <div class="acts">
              @if (a.locked || a.failedLogins > 0) { <button class="btn small" type="button" (click)="unlock(a)" data-testid="unlock">解锁</button> }
              <button class="btn small" type="button" (click)="editing.set(editing() === a.id + ':reset' ? null : a.id + ':reset')" data-testid="reset-open">重置密码</button>
              <button class="btn small" type="button" (click)="editing.set(editing() === a.id + ':role' ? null : a.id + ':role')">授予角色</button>
            </div>
            @if (editing() === a.id + ':reset') {
              <form class="inline" (ngSubmit)="reset(a)">
                <input class="input" type="text" name="pw" [(ngModel)]="newPassword" placeholder="新的临时密码" aria-label="新的临时密码" autocomplete="off" data-testid="reset-password" />
                <button class="btn primary small" type="submit" data-testid="reset-submit">确定重置</button>
                <span class="muted small">用户下次登录须先修改密码</span>
              </form>
            }
            @if (editing() === a.id + ':role') {
              <form class="inline" (ngSubmit)="grant(a)">
                <select class="input" name="role" [(ngModel)]="roleId" aria-label="角色">@for (r of roles(); track r.id) { <option [value]="r.id">{{ r.name }}{{ r.separated ? '（三员）' : '' }}</option> }</select>
                <select class="input" name="scope" [(ngModel)]="scope" aria-label="数据范围">@for (s of scopes(); track s.id) { <option [value]="s.id">{{ s.label }}</option> }</select>
                <button class="btn primary small" type="submit">授予</button>
              </form>
            }
          </li>
        } @empty { <li class="empty">没有符合条件的账户</li> }
      </ul>
      <div class="pager">
        <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
        <span class="muted">第 {{ page() }} 页，共 {{ total() }} 个账户</span>
        <button class="btn small" (click)="go(page() + 1)" [disabled]="page() * 20 >= total()">下一页</button>
      </div>
    </section>
  `,
  styles: `
    .filters { display: grid; grid-template-columns: 1fr 160px auto; gap: 8px; margin-bottom: 12px; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .acct { border-bottom: 1px solid var(--oa-border); padding: 10px 2px; display: grid; gap: 4px; }
    .head { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
    .roles { display: flex; flex-wrap: wrap; gap: 4px; }
    .chip { background: #eef3fb; border-radius: 10px; padding: 0 4px 0 8px; font-size: 12px; }
    .x { border: 0; background: none; cursor: pointer; color: var(--oa-muted); }
    .acts, .inline { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
    .inline .input { max-width: 220px; }
    .overdue { background: #fdecec; color: var(--oa-danger); }
    .notice { color: var(--oa-ok); margin-bottom: 8px; } .small { font-size: 12px; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; flex-wrap: wrap; }
    @media (max-width: 640px) { .filters { grid-template-columns: 1fr; } }
  `,
})
export class AccountsPage {
  private readonly api = inject(SecadminApi);
  q = '';
  filter = 'all';
  newPassword = '';
  roleId = 'staff';
  scope = 'department';
  readonly items = signal<Account[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly error = signal('');
  readonly notice = signal('');
  readonly editing = signal<string | null>(null);
  readonly roles = signal<{ id: string; name: string; separated: boolean }[]>([]);
  readonly scopes = signal<{ id: string; label: string }[]>([]);
  time = formatTime;

  constructor() {
    void this.go(1);
    void this.api.roles().then((r) => {
      this.roles.set(r.roles);
      this.scopes.set(r.scopes);
    });
  }
  async go(p: number): Promise<void> {
    this.error.set('');
    try {
      const page = Math.max(1, p);
      const r = await this.api.accounts(this.q.trim(), this.filter, page);
      this.items.set(r.items);
      this.total.set(r.total);
      this.page.set(page);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  private async act(f: () => Promise<unknown>, ok: string): Promise<void> {
    this.error.set('');
    this.notice.set('');
    try {
      await f();
      this.notice.set(ok);
      this.editing.set(null);
      await this.go(this.page());
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  unlock(a: Account) {
    return this.act(() => this.api.unlock(a.id), `已解锁 ${a.name}`);
  }
  reset(a: Account) {
    const pw = this.newPassword;
    this.newPassword = '';
    return this.act(() => this.api.reset(a.id, pw), `已重置 ${a.name} 的密码，其全部会话已注销，下次登录须修改密码`);
  }
  grant(a: Account) {
    return this.act(() => this.api.grant(a.id, this.roleId, this.scope), `已授予 ${a.name} 角色`);
  }
  revoke(a: Account, roleId: string) {
    return this.act(() => this.api.revokeRole(a.id, roleId), `已撤销 ${a.name} 的角色`);
  }
}
