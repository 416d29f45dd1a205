import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { AuditApi, SeenTask, fromLocal, toLocal } from './audit-api.service';

type U = { id: string; name: string; username: string; unitName: string | null; departmentName: string | null };

/** 某人所见: the 待办 / 已办 of a user as they stood at a past time (replayed from the log by the server). */
@Component({
  selector: 'oa-audit-seen',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card">
      <h2>某人某时所见（待办 / 已办回放）</h2>
      <form class="f" (ngSubmit)="find()">
        <input class="input" name="q" [(ngModel)]="q" placeholder="姓名、用户名或拼音首字母" aria-label="查找用户" />
        <button class="btn" type="submit">查找</button>
      </form>
      @if (users().length) {
        <div class="users">
          @for (u of users(); track u.id) {
            <button type="button" class="btn small" [class.primary]="user()?.id === u.id" (click)="user.set(u)" data-testid="seen-user">{{ u.name }}（{{ u.unitName }} {{ u.departmentName }}）</button>
          }
        </div>
      }
      <form class="f" (ngSubmit)="replay()">
        <label>时刻（北京时间）<input class="input" type="datetime-local" name="at" [(ngModel)]="at" required aria-label="时刻" /></label>
        <button class="btn primary" type="submit" [disabled]="!user() || !at" data-testid="seen-replay">回放</button>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
    </section>
    @if (result(); as r) {
      <section class="card" data-testid="seen-result">
        <h2>{{ r.name }} 于 {{ time(r.at) }} 所见 <span class="muted small">（回放 {{ r.processesReplayed }} 个流程）</span></h2>
        <div class="cols">
          <div>
            <h3>待办（{{ r.todo.length }}）</h3>
            @for (t of r.todo; track t.taskId) { <div class="task" data-testid="seen-todo"><strong>{{ t.title }}</strong><div class="muted small">{{ t.nodeName }} · 到达 {{ time(t.assignedAt) }}{{ t.deadline ? ' · 时限 ' + time(t.deadline) : '' }}</div></div> }
            @empty { <div class="muted">无</div> }
          </div>
          <div>
            <h3>已办（{{ r.done.length }}）</h3>
            @for (t of r.done; track t.taskId) { <div class="task" data-testid="seen-done"><strong>{{ t.title }}</strong><div class="muted small">{{ t.nodeName }} · {{ outcome(t) }} · 到达 {{ time(t.assignedAt) }}</div></div> }
            @empty { <div class="muted">无</div> }
          </div>
        </div>
      </section>
    }
  `,
  styles: `
    .f { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin-bottom: 10px; }
    .f .input { min-width: 0; }
    .users { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 10px; }
    .cols { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
    .task { border-bottom: 1px solid var(--oa-border); padding: 6px 0; overflow-wrap: anywhere; }
    .small { font-size: 12px; }
    @media (max-width: 760px) { .cols { grid-template-columns: 1fr; } }
  `,
})
export class SeenPage {
  private readonly api = inject(AuditApi);
  q = '';
  at = toLocal(new Date().toISOString());
  readonly users = signal<U[]>([]);
  readonly user = signal<U | null>(null);
  readonly error = signal('');
  readonly result = signal<{ name: string; at: string; processesReplayed: number; todo: SeenTask[]; done: SeenTask[] } | null>(null);
  time = formatTime;
  outcome(t: SeenTask): string {
    return (
      { approved: '同意', rejected: '不同意', returned: '退回', forwarded: '转交', read: '已阅', resubmitted: '重新提交' }[
        t.outcome ?? ''
      ] ??
      t.outcome ??
      ''
    );
  }
  async find(): Promise<void> {
    try {
      const r = await this.api.users(this.q.trim());
      this.users.set(r.items);
      if (r.items.length === 1) this.user.set(r.items[0]!);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async replay(): Promise<void> {
    const u = this.user();
    if (!u || !this.at) return;
    this.error.set('');
    try {
      this.result.set(await this.api.seen(u.id, fromLocal(this.at)));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
