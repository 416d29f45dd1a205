import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { MeetingRow, MeetingsApi } from './meetings-api.service';
import { span } from './sh-time';

const ROLE: Record<string, string> = { organiser: '组织', person: '受邀', contact: '报送回执' };

/** 我的会议: organised, invited, or my unit must reply — search and pages. */
@Component({
  selector: 'oa-meeting-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card">
      <div class="toolbar">
        <input class="input" type="search" placeholder="搜索会议名称、地点" [(ngModel)]="q" (keyup.enter)="load(1)" aria-label="搜索会议" />
        <button type="button" class="btn small" (click)="load(1)">查询</button>
        <a class="btn small primary" routerLink="/meetings/new">发起会议</a>
      </div>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (items().length === 0 && !error()) { <div class="empty">暂无会议</div> }
      <ul class="rows" data-testid="meeting-list">
        @for (m of items(); track m.meetingId) {
          <li>
            <a [routerLink]="['/meetings', m.meetingId]" class="t">{{ m.title }}</a>
            @if (m.status === 'cancelled') { <span class="badge">已取消</span> }
            <div class="muted small">
              <span>{{ when(m) }}</span><span>{{ m.location || '—' }}</span><span>组织：{{ m.organiserName }}</span>
              <span>回执 {{ m.unitsReplied }}/{{ m.unitsTotal }}</span>
              @for (r of m.roles; track r) { <span class="badge">{{ role(r) }}</span> }
            </div>
          </li>
        }
      </ul>
      <div class="pager">
        <span class="muted">共 {{ total() }} 个</span>
        <button type="button" class="btn small" [disabled]="page() <= 1" (click)="load(page() - 1)">上一页</button>
        <button type="button" class="btn small" [disabled]="page() * 20 >= total()" (click)="load(page() + 1)">下一页</button>
      </div>
    </section>
  `,
  styles: `
    .toolbar { display: flex; gap: 6px; flex-wrap: wrap; margin-bottom: 10px; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { padding: 8px 0; border-bottom: 1px dashed var(--oa-border); }
    .t { font-weight: 600; } .small { font-size: 12px; display: flex; flex-wrap: wrap; gap: 10px; margin-top: 2px; }
    .pager { display: flex; gap: 8px; justify-content: flex-end; align-items: center; margin-top: 8px; }
  `,
})
export class MeetingListPage {
  private readonly api = inject(MeetingsApi);
  q = '';
  readonly items = signal<MeetingRow[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly error = signal('');

  constructor() {
    void this.load(1);
  }

  when(m: MeetingRow) {
    return span(m.start, m.end);
  }
  role(r: string) {
    return ROLE[r] ?? r;
  }

  async load(page: number) {
    try {
      const r = await this.api.meetings(this.q.trim(), page);
      this.items.set(r.items);
      this.total.set(r.total);
      this.page.set(page);
      this.error.set('');
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
