import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ErrorBanner } from '../../core/error-banner.service';
import { BOX_LABELS, Box, InboxItem } from '../../core/models';
import { isNotBuilt, problemMessage } from '../../core/problem';
import { WorkflowApi } from '../../core/workflow-api.service';
import { TaskListComponent } from '../../shared/task-list.component';

const BOXES: Box[] = ['todo', 'toread', 'done', 'mine'];
const PAGE_SIZE = 20;

/**
 * 统一待办: 待办 / 待阅 / 已办 / 我的流程 with keyword search, paging and batch approve. Workflow tasks
 * and 公文 (收文 待签收 / 批示 / 承办 / 传阅, 发文 approvals) side by side; a 公文 row opens its document
 * page (core/inbox-links.ts, used by the shared task list).
 */
@Component({
  selector: 'oa-inbox',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, TaskListComponent],
  template: `
    <div class="page">
      <div class="card">
        <div class="tabs" role="tablist">
          @for (b of boxes; track b) {
            <a role="tab" [routerLink]="[]" [queryParams]="{ box: b }" [class.on]="current() === b" [attr.aria-selected]="current() === b" [attr.data-testid]="'tab-' + b">{{ labels[b] }}</a>
          }
        </div>
        <form class="toolbar" (ngSubmit)="search()">
          <input class="input q" name="q" [(ngModel)]="q" placeholder="按标题、发起人搜索" />
          <button class="btn" type="submit">搜索</button>
          @if (current() === 'todo' && selected().length) {
            <button type="button" class="btn primary" (click)="batchApprove()" [disabled]="busy()" data-testid="batch-approve">批量同意（{{ selected().length }}）</button>
          }
        </form>
        @if (note()) { <div class="alert ok" role="status">{{ note() }}</div> }
        <oa-task-list [items]="items()" [selectable]="current() === 'todo'" [(selected)]="selected" [emptyText]="emptyText()" />
        @if (total() > pageSize) {
          <div class="pager">
            <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
            <span class="muted">第 {{ page() }} / {{ pages() }} 页，共 {{ total() }} 条</span>
            <button class="btn small" (click)="go(page() + 1)" [disabled]="page() >= pages()">下一页</button>
          </div>
        }
      </div>
    </div>
  `,
  styles: `
    .tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--oa-border); margin-bottom: 12px; overflow-x: auto; }
    .tabs a { padding: 8px 14px; color: var(--oa-text); border-bottom: 2px solid transparent; white-space: nowrap; text-decoration: none; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
    .q { flex: 1; min-width: 140px; width: auto; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; flex-wrap: wrap; }
  `,
})
export class InboxPage {
  private readonly api = inject(WorkflowApi);
  private readonly banner = inject(ErrorBanner);
  readonly box = input<string>('todo');
  readonly boxes = BOXES;
  readonly labels = BOX_LABELS;
  readonly pageSize = PAGE_SIZE;
  readonly current = signal<Box>('todo');
  readonly items = signal<InboxItem[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly pages = () => Math.max(1, Math.ceil(this.total() / PAGE_SIZE));
  readonly selected = signal<string[]>([]);
  readonly emptyText = signal('暂无事项');
  readonly busy = signal(false);
  readonly note = signal('');
  q = '';

  constructor() {
    effect(() => {
      const b = this.box();
      untracked(() => {
        this.current.set((BOXES as string[]).includes(b) ? (b as Box) : 'todo');
        this.page.set(1);
        this.selected.set([]);
        this.note.set('');
        void this.load();
      });
    });
  }

  async load(): Promise<void> {
    try {
      const r = await this.api.inbox(this.current(), this.page(), { q: this.q.trim() || undefined, pageSize: PAGE_SIZE });
      this.items.set(r.items);
      this.total.set(r.total);
      this.emptyText.set(`暂无${BOX_LABELS[this.current()]}事项`);
    } catch (e) {
      this.items.set([]);
      this.total.set(0);
      if (isNotBuilt(e)) this.emptyText.set('待办服务尚未开通');
      else this.banner.show(e);
    }
  }

  search(): void {
    this.page.set(1);
    void this.load();
  }

  go(p: number): void {
    this.page.set(p);
    void this.load();
  }

  async batchApprove(): Promise<void> {
    this.busy.set(true);
    try {
      const results = await this.api.batchApprove(this.selected(), '同意');
      const failed = results.filter((r) => !r.ok);
      this.note.set(
        `已同意 ${results.length - failed.length} 件` +
          (failed.length ? `，${failed.length} 件未成功：${problemMessage(failed[0].error)}` : ''),
      );
      this.selected.set([]);
      await this.load();
    } catch (e) {
      this.banner.show(e);
    } finally {
      this.busy.set(false);
    }
  }
}
