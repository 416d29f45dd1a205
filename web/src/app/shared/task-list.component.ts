import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, model } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { outgoingDocumentOf } from '../core/inbox-links';
import { InboxItem, deadlineState, statusLabel, type ProcessAnswer } from '../core/models';
import { formatTime } from '../core/time';

/**
 * Rows of the unified inbox: title, kind, node, from whom, arrival, deadline / overdue mark. A row opens
 * where its `link` says (公文 → the document page, core/inbox-links.ts), else its process page.
 */
@Component({
  selector: 'oa-task-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @if (items().length === 0) {
      <div class="empty">{{ emptyText() }}</div>
    } @else {
      <ul class="rows">
        @for (it of items(); track it.taskId || it.processId) {
          @let dl = mark(it);
          <li class="row" [class.overdue]="dl === 'overdue'" data-testid="task-row">
            @if (selectable() && it.batchable !== false) {
              <input type="checkbox" class="pick" [checked]="selected().includes(it.taskId)" (change)="toggle(it.taskId)" [attr.aria-label]="'选择 ' + it.title" />
            }
            <div class="main">
              <a class="title" [routerLink]="it.link ? it.link.path : ['/processes', it.processId]" [queryParams]="it.link ? it.link.query : it.taskId ? { task: it.taskId } : {}" (click)="open($event, it)">{{ it.title }}</a>
              <div class="meta">
                @if (it.kindName) { <span class="badge">{{ it.kindName }}</span> }
                @if (it.nodeName) { <span>{{ it.nodeName }}</span> }
                @if (it.initiatorName) { <span>{{ it.initiatorName }}</span> }
                @if (it.onBehalfOfName) { <span class="badge agent">代 {{ it.onBehalfOfName }}</span> }
                @if (it.status) { <span class="muted" data-testid="row-status">{{ label(it.status) }}</span> }
              </div>
            </div>
            <div class="times">
              <span class="muted">{{ time(it.arrivedAt) }}</span>
              @if (dl === 'overdue') { <span class="badge overdue">已超期</span> }
              @else if (dl === 'soon') { <span class="badge soon">即将到期</span> }
              @if (it.deadline) { <span class="muted small">限 {{ time(it.deadline) }}</span> }
            </div>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .rows { list-style: none; margin: 0; padding: 0; }
    .row { display: flex; gap: 10px; align-items: flex-start; padding: 10px 2px; border-bottom: 1px solid var(--oa-border); }
    .row:last-child { border-bottom: 0; }
    .row.overdue .title { color: var(--oa-danger); }
    .pick { margin-top: 4px; width: 18px; height: 18px; flex: none; }
    .main { flex: 1; min-width: 0; }
    .title { font-weight: 500; display: block; overflow-wrap: anywhere; }
    .meta { display: flex; flex-wrap: wrap; gap: 6px; font-size: 12px; color: var(--oa-muted); margin-top: 2px; }
    .times { display: flex; flex-direction: column; align-items: flex-end; gap: 2px; font-size: 12px; flex: none; text-align: right; }
    .small { font-size: 11px; }
    @media (max-width: 520px) { .row { flex-wrap: wrap; } .times { flex-direction: row; flex-wrap: wrap; width: 100%; justify-content: flex-start; padding-left: 28px; gap: 6px; } }
  `,
})
export class TaskListComponent {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  readonly items = input.required<InboxItem[]>();
  readonly selectable = input(false);
  readonly emptyText = input('暂无事项');
  readonly selected = model<string[]>([]);
  /** Evaluated at render: minute precision is enough for the marks. */
  private readonly now = computed(() => (this.items(), Date.now()));

  mark(it: InboxItem): 'overdue' | 'soon' | '' {
    return deadlineState(it, this.now());
  }
  time(iso: string): string {
    return formatTime(iso);
  }
  label(code: string): string {
    return statusLabel(code);
  }
  toggle(id: string): void {
    this.selected.update((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  }

  /** A 发文 row without its document link: find the document from the process, else the process page. */
  async open(ev: MouseEvent, it: InboxItem): Promise<void> {
    if (!it.link?.resolveOutgoing || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    let target: string | null = null;
    try {
      target = outgoingDocumentOf(await firstValueFrom(this.http.get<ProcessAnswer>(`/api/processes/${encodeURIComponent(it.processId)}`)));
    } catch {
      target = null;
    }
    if (target) await this.router.navigateByUrl(target);
    else await this.router.navigate([it.link.path], { queryParams: it.link.query });
  }
}
