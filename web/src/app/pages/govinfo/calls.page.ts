import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AuthService } from '../../core/auth.service';
import { problemMessage } from '../../core/problem';
import { CallRow, GovInfoApi } from './govinfo-api.service';

/** 约稿: open calls first; the receiving office issues and closes them. */
@Component({
  selector: 'oa-govinfo-calls',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (reviewer) {
      <section class="card">
        <h2>发布约稿</h2>
        <form class="row" (submit)="$event.preventDefault(); issue()">
          <label class="field grow"><span>主题</span><input class="input" maxlength="80" [value]="topic()" (input)="topic.set($any($event.target).value)" /></label>
          <label class="field"><span>截止日期</span><input class="input" type="date" [value]="deadline()" (input)="deadline.set($any($event.target).value)" /></label>
          <label class="field grow"><span>说明</span><input class="input" [value]="description()" (input)="description.set($any($event.target).value)" /></label>
          <div class="field"><span>&nbsp;</span><button class="btn primary" type="submit">发布</button></div>
        </form>
      </section>
    }
    <section class="card">
      <h2>约稿</h2>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      <ul class="rows">
        @for (c of items(); track c.id) {
          <li>
            <strong>{{ c.topic }}</strong>
            <span class="muted small">{{ c.unitName }} · {{ c.issuerName }} · {{ c.deadline }} 截止 · 已报送 {{ c.reportCount }} 篇 · {{ c.status === 'open' ? '征集中' : '已结束' }}</span>
            @if (reviewer && c.status === 'open') { <button class="btn small" type="button" (click)="close(c)">结束约稿</button> }
          </li>
        } @empty { <li class="empty">暂无约稿</li> }
      </ul>
    </section>
  `,
  styles: `
    .row { display: flex; flex-wrap: wrap; gap: 0 12px; }
    .grow { flex: 1 1 220px; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { padding: 10px 0; border-bottom: 1px solid var(--oa-border); display: flex; flex-direction: column; gap: 4px; align-items: flex-start; }
    .small { font-size: 13px; }
  `,
})
export class GovInfoCallsPage {
  private readonly api = inject(GovInfoApi);
  readonly reviewer = inject(AuthService).can(['govinfo.review']);
  readonly items = signal<CallRow[]>([]);
  readonly error = signal('');
  readonly topic = signal('');
  readonly deadline = signal('');
  readonly description = signal('');

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.items.set((await this.api.calls()).items);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async issue(): Promise<void> {
    this.error.set('');
    try {
      await this.api.issueCall({ topic: this.topic(), description: this.description(), deadline: this.deadline() });
      this.topic.set('');
      this.description.set('');
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async close(c: CallRow): Promise<void> {
    try {
      await this.api.closeCall(c.id);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
