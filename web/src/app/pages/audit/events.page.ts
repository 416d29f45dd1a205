import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { saveBlob } from '../documents/documents-api.service';
import { AuditApi, AuditEvent, Filter, fromLocal } from './audit-api.service';

const PAGE_SIZE = 20;
const CATEGORIES: [string, string][] = [
  ['', '全部安全事件'],
  ['denial', '拒绝访问'],
  ['login', '登录与会话'],
  ['lockout', '锁定与解锁'],
  ['role', '角色变更'],
  ['password', '密码与安全策略'],
  ['account', '账户变动'],
  ['audit', '审计查阅'],
];

/** 事件检索 (by actor, type, unit, stream, time) and 安全事件 (by category): paginated, Excel export. */
@Component({
  selector: 'oa-audit-events',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card">
      <h2>{{ mode() === 'security' ? '安全事件' : '事件检索' }}
        <button type="button" class="btn small" (click)="export()" [disabled]="exporting()" data-testid="export">{{ exporting() ? '正在导出…' : '导出 Excel' }}</button>
      </h2>
      <form class="filters" (ngSubmit)="go(1)" data-testid="event-filters">
        @if (mode() === 'security') {
          <select class="input" name="category" [(ngModel)]="category" aria-label="类别">
            @for (c of categories; track c[0]) { <option [value]="c[0]">{{ c[1] }}</option> }
          </select>
        } @else {
          <input class="input" name="type" [(ngModel)]="type" placeholder="事件类型，如 TaskApproved" aria-label="事件类型" />
          <input class="input" name="unit" [(ngModel)]="unit" placeholder="单位标识" aria-label="单位" />
          <input class="input" name="stream" [(ngModel)]="stream" placeholder="流标识（前缀）" aria-label="流" />
        }
        <input class="input" name="actor" [(ngModel)]="actor" placeholder="操作人（用户标识）" aria-label="操作人" />
        <label class="range">自 <input class="input" type="datetime-local" name="from" [(ngModel)]="from" aria-label="开始时间" /></label>
        <label class="range">至 <input class="input" type="datetime-local" name="to" [(ngModel)]="to" aria-label="结束时间" /></label>
        <button class="btn primary" type="submit" data-testid="event-search">查询</button>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (loading()) { <div class="empty">正在加载…</div> }
      @else if (!items().length) { <div class="empty">没有符合条件的事件</div> }
      @else {
        <ul class="rows" data-testid="event-rows">
          @for (e of items(); track e.id) {
            <li>
              <button type="button" class="row" (click)="open.set(open() === e.id ? null : e.id)">
                <span>{{ time(e.recordedAt) }}</span>
                <span class="ty">{{ e.type }}</span>
                <span>{{ e.actorId }}{{ e.onBehalfOf ? '（代 ' + e.onBehalfOf + '）' : '' }}</span>
                <span class="muted sid">{{ e.streamId }}</span>
                <span class="muted">{{ e.clientIp || '' }}</span>
              </button>
              @if (open() === e.id) { <pre>{{ json(e.data) }}</pre> }
            </li>
          }
        </ul>
        <div class="pager">
          <button class="btn small" (click)="go(page() - 1)" [disabled]="page() <= 1">上一页</button>
          <span class="muted">第 {{ page() }} / {{ pages() }} 页，共 {{ total() }} 条</span>
          <button class="btn small" (click)="go(page() + 1)" [disabled]="page() >= pages()">下一页</button>
        </div>
      }
    </section>
  `,
  styles: `
    h2 { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
    .filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 8px; margin-bottom: 12px; align-items: center; }
    .range { display: flex; gap: 4px; align-items: center; white-space: nowrap; }
    .range input { flex: 1; min-width: 0; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { border-bottom: 1px solid var(--oa-border); }
    .row { display: grid; grid-template-columns: 140px 200px 160px 1fr 110px; gap: 8px; width: 100%; text-align: left; background: none; border: 0; padding: 8px 4px; cursor: pointer; font-size: 13px; }
    .ty { font-weight: 600; overflow-wrap: anywhere; }
    .sid { overflow-wrap: anywhere; }
    pre { background: #f7f9fc; border: 1px solid var(--oa-border); padding: 8px; max-height: 280px; overflow: auto; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; flex-wrap: wrap; }
    @media (max-width: 760px) { .row { grid-template-columns: 1fr; gap: 2px; } .filters { grid-template-columns: 1fr; } }
  `,
})
export class EventsPage {
  private readonly api = inject(AuditApi);
  readonly mode = input<'events' | 'security'>('events');
  readonly categories = CATEGORIES;
  category = '';
  type = '';
  unit = '';
  stream = '';
  actor = '';
  from = '';
  to = '';
  readonly items = signal<AuditEvent[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly loading = signal(true);
  readonly error = signal('');
  readonly exporting = signal(false);
  readonly open = signal<string | null>(null);
  readonly pages = () => Math.max(1, Math.ceil(this.total() / PAGE_SIZE));
  time = formatTime;
  json = (v: unknown) => JSON.stringify(v, null, 2);

  constructor() {
    effect(() => {
      this.mode();
      untracked(() => void this.go(1));
    });
  }

  private filter(): Filter {
    const f: Filter = {
      actor: this.actor.trim(),
      from: this.from ? fromLocal(this.from) : undefined,
      to: this.to ? fromLocal(this.to) : undefined,
    };
    if (this.mode() === 'security') f['category'] = this.category;
    else Object.assign(f, { type: this.type.trim(), unit: this.unit.trim(), stream: this.stream.trim() });
    return f;
  }
  private path(): 'events' | 'security-events' {
    return this.mode() === 'security' ? 'security-events' : 'events';
  }

  async go(p: number): Promise<void> {
    this.loading.set(true);
    this.error.set('');
    try {
      const page = Math.max(1, p);
      const r = await this.api.events(this.path(), { ...this.filter(), page, pageSize: PAGE_SIZE });
      this.items.set(r.items);
      this.total.set(r.total);
      this.page.set(page);
    } catch (e) {
      this.items.set([]);
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  async export(): Promise<void> {
    this.exporting.set(true);
    try {
      saveBlob(await this.api.eventsXlsx(this.path(), this.filter()), `${this.mode() === 'security' ? '安全事件' : '事件检索'}.xlsx`);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.exporting.set(false);
    }
  }
}
