import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { OrgDirectory, OrgNode } from '../../shared/picker/org-directory.service';
import { CallRow, GovInfoApi, ReportRow } from './govinfo-api.service';

/** 本单位报送 (box mine, with the 报送 form) and 信息审核 (box review): search, status, pages; rows become cards on a phone. */
@Component({
  selector: 'oa-govinfo-reports',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @if (box === 'mine') {
      <section class="card">
        <h2>报送信息 <button class="btn small" type="button" (click)="open.set(!open())">{{ open() ? '收起' : '写信息' }}</button></h2>
        @if (open()) {
          <form (submit)="$event.preventDefault(); submit()">
            <label class="field"><span>标题</span><input class="input" maxlength="80" [value]="title()" (input)="title.set($any($event.target).value)" data-testid="gi-title" /></label>
            <label class="field"><span>正文</span><textarea class="input" rows="8" [value]="body()" (input)="body.set($any($event.target).value)" data-testid="gi-body"></textarea></label>
            <div class="row">
              <label class="field"><span>响应约稿（可选）</span>
                <select class="input" [value]="callId()" (change)="callId.set($any($event.target).value)">
                  <option value="">不响应约稿</option>
                  @for (c of calls(); track c.id) { <option [value]="c.id">{{ c.topic }}（{{ c.unitName }}，{{ c.deadline }} 截止）</option> }
                </select>
              </label>
              @if (!callId()) {
                <label class="field"><span>报送对象</span>
                  <select class="input" [value]="receiver()" (change)="receiver.set($any($event.target).value)" data-testid="gi-receiver">
                    @for (u of units(); track u.id) { <option [value]="u.id">{{ u.name }}</option> }
                  </select>
                </label>
              }
            </div>
            @if (formError()) { <div class="alert" role="alert">{{ formError() }}</div> }
            <button class="btn primary" type="submit" data-testid="gi-submit">报送</button>
          </form>
        }
      </section>
    }
    <section class="card">
      <h2>{{ box === 'mine' ? '本单位报送的信息' : '待我审核的信息' }}</h2>
      <form class="toolbar filters" (submit)="$event.preventDefault(); load(1)">
        <input class="input" type="search" placeholder="按标题搜索" [value]="q()" (input)="q.set($any($event.target).value)" aria-label="按标题搜索" />
        <select class="input" [value]="status()" (change)="status.set($any($event.target).value); load(1)" aria-label="状态">
          <option value="">全部状态</option><option value="submitted">待审核</option><option value="adopted">已采用</option><option value="rejected">不予采用</option>
        </select>
        <button class="btn" type="submit">查询</button>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      <ul class="rows" data-testid="gi-rows">
        @for (r of items(); track r.id) {
          <li>
            <a [routerLink]="['/govinfo', r.id]" class="title">{{ r.title }}</a>
            <span class="muted meta">{{ r.unitName }} · {{ r.submitterName }} · {{ time(r.submittedAt) }} ·
              <span [attr.data-status]="r.status" class="st">{{ r.statusLabel }}</span>
              @for (l of r.levelLabels; track l) { <span class="badge">{{ l }}</span> }
              · {{ r.points }} 分</span>
          </li>
        } @empty { <li class="empty">{{ loading() ? '正在加载…' : '暂无信息' }}</li> }
      </ul>
      @if (total() > 20) {
        <nav class="pager"><button class="btn small" [disabled]="page() <= 1" (click)="load(page() - 1)">上一页</button>
          <span class="muted">第 {{ page() }} 页，共 {{ total() }} 篇</span>
          <button class="btn small" [disabled]="page() * 20 >= total()" (click)="load(page() + 1)">下一页</button></nav>
      }
    </section>
  `,
  styles: `
    .row { display: flex; gap: 12px; flex-wrap: wrap; }
    .row .field { flex: 1 1 240px; }
    .filters { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
    .filters .input { flex: 1 1 160px; max-width: 280px; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { padding: 10px 0; border-bottom: 1px solid var(--oa-border); display: flex; flex-direction: column; gap: 2px; }
    .title { overflow-wrap: anywhere; }
    .meta { font-size: 13px; }
    .badge { font-size: 12px; color: var(--oa-red); border: 1px solid var(--oa-red); border-radius: 3px; padding: 0 4px; margin-left: 4px; }
    .st[data-status='rejected'] { color: var(--oa-danger); }
    .st[data-status='adopted'] { color: var(--oa-ok); }
    .pager { display: flex; gap: 8px; align-items: center; justify-content: center; margin-top: 8px; }
  `,
})
export class GovInfoReportsPage {
  private readonly api = inject(GovInfoApi);
  private readonly router = inject(Router);
  readonly box = inject(ActivatedRoute).snapshot.data['box'] as 'mine' | 'review';
  readonly items = signal<ReportRow[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly q = signal('');
  readonly status = signal('');
  readonly loading = signal(true);
  readonly error = signal('');
  readonly open = signal(false);
  readonly title = signal('');
  readonly body = signal('');
  readonly callId = signal('');
  readonly receiver = signal('');
  readonly units = signal<OrgNode[]>([]);
  readonly calls = signal<CallRow[]>([]);
  readonly formError = signal('');

  constructor() {
    void this.load(1);
    if (this.box === 'mine') {
      void inject(OrgDirectory)
        .tree()
        .then((t) => {
          const all = t.flatMap(function f(n: OrgNode): OrgNode[] {
            return n.kind === 'unit' ? [n, ...n.children.flatMap(f)] : [];
          });
          this.units.set(all);
          this.receiver.set((all.find((u) => u.name.includes('办公室')) ?? all[0])?.id ?? '');
        })
        .catch(() => undefined);
      void this.api.calls().then(
        (r) => this.calls.set(r.items.filter((c) => c.status === 'open')),
        () => undefined,
      );
    }
  }

  time(iso: string): string {
    return formatTime(iso);
  }

  async load(page: number): Promise<void> {
    this.loading.set(true);
    try {
      const r = await this.api.reports({ box: this.box, status: this.status(), q: this.q().trim(), page });
      this.items.set(r.items);
      this.total.set(r.total);
      this.page.set(page);
      this.error.set('');
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  async submit(): Promise<void> {
    this.formError.set('');
    try {
      const r = await this.api.submit({
        title: this.title(),
        body: this.body(),
        ...(this.callId() ? { callId: this.callId() } : { receiverUnitId: this.receiver() }),
      });
      await this.router.navigate(['/govinfo', r.id]);
    } catch (e) {
      this.formError.set(problemMessage(e));
    }
  }
}
