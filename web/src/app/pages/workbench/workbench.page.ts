import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { ErrorBanner } from '../../core/error-banner.service';
import { LiveEvents } from '../../core/live-events.service';
import { BOX_LABELS, Box, Counts, InboxItem, Notice, ProcessDefinition, liveNotice } from '../../core/models';
import { hasPermission } from '../../core/permissions';
import { isNotBuilt, problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { WorkflowApi } from '../../core/workflow-api.service';
import { TaskListComponent } from '../../shared/task-list.component';
import { AnnouncementStripComponent } from '../announcements/announcement-strip.component';
import { ScheduleApi } from '../schedule/schedule-api.service';

/** 首页 / 个人工作台. */
@Component({
  selector: 'oa-workbench',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TaskListComponent, AnnouncementStripComponent],
  template: `
    <div class="page">
      <div class="hello">
        <h1>{{ greeting() }}，{{ auth.me()?.name }}</h1>
        <span class="muted">{{ today }}</span>
      </div>

      @if (!works()) {
        <section class="card" data-testid="no-business">
          <h2>系统管理账号</h2>
          <p class="muted">本账号为系统管理、安全保密或安全审计账号（三员），不办理业务流程，没有待办和起草。请从菜单进入相应的管理功能。</p>
        </section>
      } @else {
      <section class="counters" aria-label="事项统计">
        @for (b of boxes; track b) {
          <a class="counter" [routerLink]="['/inbox']" [queryParams]="{ box: b }" [attr.data-testid]="'count-' + b">
            <span class="num">{{ counts() ? counts()![b] : '–' }}</span>
            <span class="lbl">{{ labels[b] }}</span>
          </a>
        }
      </section>

      <oa-announcement-strip />

      <div class="grid">
        <section class="card todo">
          <h2>待办事项 <span class="actions">
            @if (selected().length) {
              <button type="button" class="btn small primary" (click)="batchApprove()" [disabled]="busy()" data-testid="batch-approve">批量同意（{{ selected().length }}）</button>
            }
            <a routerLink="/inbox" [queryParams]="{ box: 'todo' }" class="more">更多</a></span>
          </h2>
          @if (todoError()) { <div class="alert">{{ todoError() }}</div> }
          @if (batchNote()) { <div class="alert ok" role="status">{{ batchNote() }}</div> }
          <oa-task-list [items]="todo()" [selectable]="true" [(selected)]="selected" [emptyText]="todoEmpty()" />
        </section>

        <div class="side">
          <section class="card">
            <h2>起草</h2>
            @if (definitions().length) {
              <div class="drafts">
                @for (d of definitions(); track d.key) {
                  <a class="draft" [routerLink]="['/processes/new', d.key]" [attr.data-testid]="'draft-' + d.key">{{ d.name }}</a>
                }
              </div>
            } @else {
              <div class="empty">{{ defsEmpty() }}</div>
            }
          </section>

          <section class="card" data-testid="today-schedule">
            <h2>今日日程 <span class="actions"><a routerLink="/schedule" class="more">更多</a></span></h2>
            @if (todayItems().length) {
              <ul class="notices">
                @for (i of todayItems(); track i.key) {
                  <li><a [routerLink]="i.link.split('?')[0]" [queryParams]="linkQuery(i.link)">{{ i.allDay ? '全天' : hm(i.start) }} {{ i.title }}</a><span class="muted small">{{ i.kindLabel }}</span></li>
                }
              </ul>
            } @else {
              <div class="empty">今日暂无日程安排</div>
            }
          </section>

          <section class="card">
            <h2>消息中心</h2>
            @if (notices().length) {
              <ul class="notices">
                @for (n of notices(); track $index) {
                  <li>
                    @if (n.link) { <a [routerLink]="n.link">{{ n.title }}</a> } @else { <span>{{ n.title }}</span> }
                    <span class="muted small">{{ time(n.at) }}</span>
                  </li>
                }
              </ul>
            } @else {
              <div class="empty">暂无新消息</div>
            }
          </section>
        </div>
      </div>
      }
    </div>
  `,
  styles: `
    .hello { display: flex; align-items: baseline; justify-content: space-between; flex-wrap: wrap; gap: 8px; margin-bottom: 12px; }
    .hello h1 { margin: 0; }
    .counters { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-bottom: 12px; }
    .counter { display: flex; flex-direction: column; align-items: center; padding: 14px 6px; background: #fff; border: 1px solid var(--oa-border); border-radius: 6px; color: var(--oa-text); text-decoration: none; border-top: 3px solid var(--oa-red); }
    .counter:hover { text-decoration: none; box-shadow: 0 2px 8px rgba(0,0,0,.06); }
    .num { font-size: 28px; font-weight: 700; color: var(--oa-red); line-height: 1.2; }
    .lbl { color: var(--oa-muted); white-space: nowrap; }
    .grid { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 12px; align-items: start; }
    .side { display: flex; flex-direction: column; gap: 12px; min-width: 0; }
    .actions { display: flex; align-items: center; gap: 10px; font-size: 13px; font-weight: 400; }
    .drafts { display: grid; grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); gap: 8px; }
    .draft { display: block; padding: 8px; text-align: center; border: 1px solid var(--oa-border); border-radius: 6px; background: #fafbfc; overflow-wrap: anywhere; }
    .notices { list-style: none; margin: 0; padding: 0; }
    .notices li { display: flex; justify-content: space-between; gap: 8px; padding: 6px 0; border-bottom: 1px dashed var(--oa-border); }
    .small { font-size: 12px; white-space: nowrap; }
    @media (max-width: 900px) { .grid { grid-template-columns: minmax(0, 1fr); } }
    @media (max-width: 520px) { .counters { gap: 6px; } .counter { padding: 10px 2px; } .num { font-size: 22px; } .lbl { font-size: 12px; } }
  `,
})
export class WorkbenchPage {
  readonly auth = inject(AuthService);
  private readonly api = inject(WorkflowApi);
  private readonly banner = inject(ErrorBanner);
  readonly boxes: Box[] = ['todo', 'toread', 'done', 'mine'];
  readonly labels = BOX_LABELS;
  readonly counts = signal<Counts | null>(null);
  readonly todo = signal<InboxItem[]>([]);
  readonly todoError = signal('');
  readonly todoEmpty = signal('暂无待办事项');
  readonly definitions = signal<ProcessDefinition[]>([]);
  readonly defsEmpty = signal('暂无可发起的流程');
  readonly notices = signal<Notice[]>([]);
  private readonly schedule = inject(ScheduleApi);
  readonly todayItems = signal<{ key: string; title: string; start: string; allDay: boolean; kindLabel: string; link: string }[]>([]);
  readonly selected = signal<string[]>([]);
  readonly busy = signal(false);
  readonly batchNote = signal('');
  /** 三员 and other accounts without a business role do not handle flows: no counters, 待办 or 起草. */
  readonly works = computed(() => hasPermission(this.auth.permissions(), 'workflow.use'));
  readonly today = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(new Date());

  constructor() {
    const destroy = inject(DestroyRef);
    if (!this.works()) return;
    void this.refresh();
    void this.loadDefinitions();
    void this.loadNotices();
    if (hasPermission(this.auth.permissions(), 'schedule.use'))
      void this.schedule.today().then(
        (r) => this.todayItems.set(r.items),
        () => undefined,
      );
    const live = inject(LiveEvents);
    const stop = live.connect();
    const sub = live.events.subscribe((ev) => {
      const n = liveNotice(ev.data);
      if (n && ev.type !== 'counts') this.notices.update((list) => [n, ...list].slice(0, 10));
      void this.refresh();
    });
    // Safety net when the stream is down (proxy without SSE): refresh every minute and on return to the tab.
    const poll = setInterval(() => void this.refresh(), 60_000);
    const onVisible = () => document.visibilityState === 'visible' && void this.refresh();
    document.addEventListener('visibilitychange', onVisible);
    destroy.onDestroy(() => {
      sub.unsubscribe();
      stop();
      clearInterval(poll);
      document.removeEventListener('visibilitychange', onVisible);
    });
  }

  greeting(): string {
    const h =
      Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', hour: 'numeric', hour12: false }).format(new Date())) % 24;
    return h < 12 ? '上午好' : h < 18 ? '下午好' : '晚上好';
  }

  time(iso: string): string {
    return formatTime(iso);
  }

  /** 'HH:MM' of an instant in Beijing time (今日日程). */
  hm(iso: string): string {
    return formatTime(iso).slice(11);
  }

  linkQuery(link: string): Record<string, string> {
    return Object.fromEntries(new URLSearchParams(link.split('?')[1] ?? ''));
  }

  async refresh(): Promise<void> {
    try {
      this.counts.set(await this.api.counts());
    } catch (e) {
      if (!isNotBuilt(e)) this.banner.show(e);
    }
    try {
      const r = await this.api.inbox('todo', 1, { pageSize: 10 });
      this.todo.set(r.items);
      this.todoError.set('');
      this.selected.update((s) => s.filter((id) => r.items.some((i) => i.taskId === id)));
    } catch (e) {
      if (isNotBuilt(e)) this.todoEmpty.set('待办服务尚未开通');
      else this.todoError.set(problemMessage(e));
    }
  }

  private async loadDefinitions(): Promise<void> {
    try {
      // only flows started here (发文 starts from 公文 → 拟稿: the API leaves it out)
      this.definitions.set(await this.api.definitions());
    } catch (e) {
      this.defsEmpty.set(isNotBuilt(e) ? '流程服务尚未开通' : problemMessage(e));
    }
  }

  private async loadNotices(): Promise<void> {
    try {
      this.notices.set(await this.api.notifications());
    } catch {
      /* message center not built yet: live events still fill it */
    }
  }

  async batchApprove(): Promise<void> {
    const ids = this.selected();
    if (!ids.length) return;
    this.busy.set(true);
    this.batchNote.set('');
    try {
      const results = await this.api.batchApprove(ids, '同意');
      const ok = results.filter((r) => r.ok).length;
      const failed = results.filter((r) => !r.ok);
      this.batchNote.set(`已同意 ${ok} 件` + (failed.length ? `，${failed.length} 件未成功：${problemMessage(failed[0].error)}` : ''));
      this.selected.set([]);
      await this.refresh();
    } catch (e) {
      this.banner.show(e);
    } finally {
      this.busy.set(false);
    }
  }
}
