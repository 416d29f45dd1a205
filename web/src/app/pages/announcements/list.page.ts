import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { AnnouncementsApi, NoticeRow } from './announcements-api.service';

const STATUSES: [string, string][] = [
  ['', '全部状态'],
  ['draft', '草稿'],
  ['in_review', '审核中'],
  ['sent_back', '退回修改'],
  ['approved', '待发布'],
  ['published', '已发布'],
  ['withdrawn', '已撤回'],
];

/** 我收到的 (mode received) and 发布管理 (mode managed): search, filters, pages; a table at 1440 px, cards at 375 px. */
@Component({
  selector: 'oa-announcement-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card">
      <h2>{{ managed ? '发布管理' : '我收到的通知公告' }}
        @if (managed) { <a class="btn small primary" routerLink="/announcements/new">起草</a> }
      </h2>
      <form class="toolbar filters" (submit)="$event.preventDefault(); load(1)">
        <input class="input" type="search" placeholder="按标题搜索" [value]="q()" (input)="q.set($any($event.target).value)" aria-label="按标题搜索" data-testid="ann-search" />
        @if (managed) {
          <select class="input" [value]="status()" (change)="status.set($any($event.target).value); load(1)" aria-label="状态">
            @for (s of statuses; track s[0]) { <option [value]="s[0]">{{ s[1] }}</option> }
          </select>
        } @else {
          <label class="check"><input type="checkbox" [checked]="unread()" (change)="unread.set($any($event.target).checked); load(1)" /> 只看未读</label>
        }
        <button class="btn" type="submit">查询</button>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (!loading() && items().length === 0) { <div class="empty">暂无通知公告</div> }
      <ul class="rows" data-testid="ann-rows">
        @for (n of items(); track n.id) {
          <li [class.unread]="!managed && !n.read">
            <a class="title" [routerLink]="['/announcements', n.id]">
              @if (n.pinned && n.status === 'published') { <span class="badge pin">置顶</span> }
              <span class="badge">{{ n.category }}</span> {{ n.title }}
            </a>
            <span class="meta muted">
              @if (managed) {
                <span class="st" [attr.data-status]="n.status">{{ n.statusLabel }}</span> · {{ n.drafterName }} · {{ time(n.updatedAt) }}
                @if (n.status === 'published' || n.status === 'withdrawn') { · 已读 {{ n.readCount }}/{{ n.recipientCount }} }
              } @else {
                {{ n.publisherName }} · {{ time(n.publishedAt || '') }}
                @if (n.status === 'withdrawn') { · <span class="st">已撤回</span> } @else if (!n.read) { · <strong class="new">未读</strong> }
              }
            </span>
          </li>
        }
      </ul>
      @if (total() > pageSize) {
        <nav class="pager" aria-label="分页">
          <button class="btn small" type="button" [disabled]="page() <= 1" (click)="load(page() - 1)">上一页</button>
          <span class="muted">第 {{ page() }} / {{ pages() }} 页，共 {{ total() }} 条</span>
          <button class="btn small" type="button" [disabled]="page() >= pages()" (click)="load(page() + 1)">下一页</button>
        </nav>
      } @else if (total()) {
        <div class="muted small">共 {{ total() }} 条</div>
      }
    </section>
  `,
  styles: `
    .filters { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 10px; align-items: center; }
    .filters .input { max-width: 280px; flex: 1 1 160px; }
    .check { display: inline-flex; gap: 4px; align-items: center; white-space: nowrap; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { display: flex; justify-content: space-between; gap: 12px; padding: 10px 0; border-bottom: 1px solid var(--oa-border); }
    .rows li.unread .title { font-weight: 600; }
    .title { min-width: 0; overflow-wrap: anywhere; color: var(--oa-text); }
    .meta { flex: none; font-size: 13px; white-space: nowrap; }
    .badge { font-size: 12px; border: 1px solid var(--oa-border); border-radius: 3px; padding: 0 4px; margin-right: 4px; font-weight: 400; }
    .badge.pin { color: var(--oa-red); border-color: var(--oa-red); }
    .new { color: var(--oa-red); }
    .st[data-status='sent_back'], .st[data-status='approved'] { color: var(--oa-warn); }
    .pager { display: flex; gap: 8px; align-items: center; justify-content: center; margin-top: 12px; }
    .small { font-size: 13px; }
    @media (max-width: 700px) { .rows li { flex-direction: column; gap: 2px; } .meta { white-space: normal; } }
  `,
})
export class AnnouncementListPage {
  private readonly api = inject(AnnouncementsApi);
  readonly managed = inject(ActivatedRoute).snapshot.data['mode'] === 'managed';
  readonly statuses = STATUSES;
  readonly pageSize = 20;
  readonly q = signal('');
  readonly status = signal('');
  readonly unread = signal(false);
  readonly items = signal<NoticeRow[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly loading = signal(true);
  readonly error = signal('');

  constructor() {
    void this.load(1);
  }

  pages(): number {
    return Math.max(1, Math.ceil(this.total() / this.pageSize));
  }

  time(iso: string): string {
    return formatTime(iso);
  }

  async load(page: number): Promise<void> {
    this.loading.set(true);
    this.error.set('');
    try {
      const r = this.managed
        ? await this.api.managed({ q: this.q().trim(), status: this.status(), page, pageSize: this.pageSize })
        : await this.api.received({ q: this.q().trim(), unread: this.unread(), page, pageSize: this.pageSize });
      this.items.set(r.items);
      this.total.set(r.total);
      this.page.set(page);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }
}
