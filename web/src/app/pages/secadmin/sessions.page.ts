import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { SecadminApi, Session } from './secadmin-api.service';

/** 在线会话: live sessions (not revoked, not idle), with a forced logout. */
@Component({
  selector: 'oa-sec-sessions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card">
      <h2>在线会话 <button class="btn small" type="button" (click)="go(1)">刷新</button></h2>
      @if (notice()) { <div class="notice" role="status">{{ notice() }}</div> }
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      <ul class="rows" data-testid="sessions">
        @for (s of items(); track s.familyId) {
          <li>
            <div><strong>{{ s.name || s.userId }}</strong> <span class="muted">{{ s.username }}</span> <span class="muted small">{{ s.unitName }}</span>
              @if (s.current) { <span class="badge">当前会话</span> }</div>
            <div class="muted small">登录 {{ time(s.createdAt) }} · 最近活动 {{ time(s.lastUsedAt) }} · 最迟到期 {{ time(s.expiresAt) }}</div>
            @if (!s.current) { <button class="btn small" type="button" (click)="revoke(s)" data-testid="session-revoke">强制下线</button> }
          </li>
        } @empty { <li class="empty">没有在线会话</li> }
      </ul>
      <div class="pager">
        <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
        <span class="muted">第 {{ page() }} 页，共 {{ total() }} 个</span>
        <button class="btn small" (click)="go(page() + 1)" [disabled]="page() * 20 >= total()">下一页</button>
      </div>
    </section>
  `,
  styles: `
    h2 { display: flex; justify-content: space-between; align-items: center; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { border-bottom: 1px solid var(--oa-border); padding: 8px 2px; display: grid; gap: 4px; justify-items: start; }
    .notice { color: var(--oa-ok); } .small { font-size: 12px; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; flex-wrap: wrap; }
  `,
})
export class SessionsPage {
  private readonly api = inject(SecadminApi);
  readonly items = signal<Session[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly error = signal('');
  readonly notice = signal('');
  time = formatTime;
  constructor() {
    void this.go(1);
  }
  async go(p: number): Promise<void> {
    try {
      const page = Math.max(1, p);
      const r = await this.api.sessions('', page);
      this.items.set(r.items);
      this.total.set(r.total);
      this.page.set(page);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async revoke(s: Session): Promise<void> {
    try {
      await this.api.revokeSession(s.familyId);
      this.notice.set(`已强制 ${s.name ?? s.userId} 下线`);
      await this.go(this.page());
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
