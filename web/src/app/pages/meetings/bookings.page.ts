import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { problemMessage } from '../../core/problem';
import { BookingRow, MeetingsApi } from './meetings-api.service';
import { span } from './sh-time';

/** 我的预约 (退订) and 待我审批的预约 (同意/不同意) — each row's buttons from the booking's allowedActions. */
@Component({
  selector: 'oa-meeting-bookings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
    @if (note()) { <div class="alert ok" role="status">{{ note() }}</div> }
    @if (pending().length) {
      <section class="card">
        <h2>待我审批</h2>
        <ul class="rows">
          @for (b of pending(); track b.bookingId) {
            <li><span>{{ when(b) }} {{ b.title }}（{{ b.bookedByName }}）</span>
              <span class="ops"><button type="button" class="btn small primary" (click)="act(b, 'approve')">同意</button>
              <button type="button" class="btn small" (click)="act(b, 'refuse')">不同意</button></span></li>
          }
        </ul>
      </section>
    }
    <section class="card">
      <h2>我的预约 <span class="muted small">共 {{ total() }} 条</span></h2>
      @if (items().length === 0) { <div class="empty">暂无预约</div> }
      <ul class="rows" data-testid="my-bookings">
        @for (b of items(); track b.bookingId) {
          <li><span>{{ when(b) }} {{ b.title }} <span class="badge">{{ b.statusLabel }}</span></span>
            @if ((actions()[b.bookingId] || []).includes('cancel')) { <button type="button" class="btn small" (click)="act(b, 'cancel')">退订</button> }</li>
        }
      </ul>
      <div class="pager">
        <button type="button" class="btn small" [disabled]="page() <= 1" (click)="load(page() - 1)">上一页</button>
        <button type="button" class="btn small" [disabled]="page() * 20 >= total()" (click)="load(page() + 1)">下一页</button>
      </div>
    </section>
  `,
  styles: `
    .rows { list-style: none; margin: 0; padding: 0; } .rows li { display: flex; justify-content: space-between; gap: 8px; flex-wrap: wrap; padding: 8px 0; border-bottom: 1px dashed var(--oa-border); }
    .ops { display: flex; gap: 6px; } .pager { display: flex; gap: 8px; justify-content: flex-end; margin-top: 8px; } .small { font-size: 12px; }
  `,
})
export class BookingsPage {
  private readonly api = inject(MeetingsApi);
  readonly items = signal<BookingRow[]>([]);
  readonly pending = signal<BookingRow[]>([]);
  readonly actions = signal<Record<string, string[]>>({});
  readonly total = signal(0);
  readonly page = signal(1);
  readonly error = signal('');
  readonly note = signal('');

  constructor() {
    void this.load(1);
  }

  when(b: BookingRow) {
    return span(b.start, b.end);
  }

  async load(page: number) {
    try {
      const [mine, pend] = await Promise.all([this.api.myBookings(page), this.api.pendingApprovals()]);
      this.items.set(mine.items);
      this.total.set(mine.total);
      this.pending.set(pend.items);
      this.page.set(page);
      const now = Date.now();
      const acts: Record<string, string[]> = {};
      await Promise.all(
        mine.items
          .filter((b) => (b.status === 'confirmed' || b.status === 'pending') && Date.parse(b.end) > now)
          .map(async (b) => (acts[b.bookingId] = (await this.api.booking(b.bookingId)).allowedActions)),
      );
      this.actions.set(acts);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async act(b: BookingRow, action: 'cancel' | 'approve' | 'refuse') {
    const reason = action === 'approve' ? '' : (prompt(action === 'cancel' ? '退订原因（可选）' : '不同意的理由') ?? '');
    if (action === 'refuse' && !reason.trim()) return;
    try {
      await this.api.bookingAction(b.bookingId, action, reason);
      this.note.set(action === 'cancel' ? '已退订，已通知参会人员' : action === 'approve' ? '已同意' : '已退回');
      await this.load(this.page());
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
