import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { AbroadApi, shanghai, type ApplicationView } from './abroad-api.service';

/**
 * 出国（境）申请详情: the form, the approval levels with their approvers (decided at submission), where it
 * waits (approval itself happens on the process page, desktop or phone), and the applicant's 证照 with
 * 领用 when the server allows it.
 */
@Component({
  selector: 'oa-abroad-application',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @if (a(); as a) {
      <section class="card" data-testid="application">
        <h2>{{ a.entry }}：{{ a.applicant.name }}
          <span class="badge" [class.ok]="a.status === 'approved'" data-testid="status">{{ a.statusLabel }}</span></h2>
        @if (a.currentStep) { <p class="muted" data-testid="current-step">当前环节：{{ a.currentStep }}</p> }
        @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
        <dl class="kv">
          <dt>申请人</dt><dd>{{ a.applicant.name }}（{{ a.applicant.title }}，{{ a.applicant.rank }}）</dd>
          <dt>申请事由</dt><dd>{{ a.reason }}</dd>
          <dt>证件信息</dt><dd>{{ a.document.type }} {{ a.document.number }}，有效期至 {{ a.document.validUntil }}</dd>
          <dt>出境/入境</dt><dd>{{ a.departDate }} 至 {{ a.returnDate }}（{{ a.days }} 天）</dd>
          <dt>目的地类别</dt><dd>{{ a.destinationType }}</dd>
          <dt>出访任务</dt><dd>{{ a.task || '—' }}</dd>
          <dt>团组成员</dt><dd>{{ a.members.length ? a.members.join('、') : '—' }}</dd>
          <dt>提交时间</dt><dd>{{ time(a.submittedAt) }}</dd>
        </dl>
        <h3>出访行程</h3>
        <ol class="stops">
          @for (s of a.itinerary; track $index) { <li>{{ s.region }}：{{ s.arriveDate }} 至 {{ s.leaveDate }}</li> }
        </ol>
        <h3>审批层级</h3>
        <ol class="levels" data-testid="levels">
          @for (l of a.levels; track l.nodeId) {
            <li [class.now]="l.name === a.currentStep"><b>{{ l.name }}</b><span class="muted">：{{ names(l.approvers) }}</span></li>
          }
        </ol>
        <div class="toolbar"><a class="btn" [routerLink]="['/processes', a.processId]" data-testid="open-process">审批流程与意见</a></div>
      </section>
      <section class="card">
        <h3>证照（归还期限：入境后 {{ a.returnDays }} 天内）</h3>
        @if (!a.passports.length) { <div class="empty">持证人尚无登记保管的证照</div> }
        <ul class="passports">
          @for (p of a.passports; track p.id) {
            <li data-testid="passport">
              <a [routerLink]="['/abroad/passports', p.id]">{{ p.docType }} {{ p.number }}</a>
              <span class="muted">{{ p.where }}</span>
              @if (p.allowedActions.includes('checkout')) {
                <button type="button" class="btn small primary" (click)="checkout(p.id)" [disabled]="busy()" data-testid="checkout">领用</button>
              }
            </li>
          }
        </ul>
      </section>
    } @else {
      <section class="card"><div class="empty">{{ empty() }}</div></section>
    }
  `,
  styles: `
    h2 { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    h3 { font-size: 15px; margin: 14px 0 6px; }
    .kv { display: grid; grid-template-columns: 96px 1fr; gap: 6px 12px; margin: 0; }
    .kv dt { color: var(--oa-muted, #666); }
    .kv dd { margin: 0; overflow-wrap: anywhere; }
    .levels, .stops { margin: 0; padding-left: 20px; }
    .levels li { padding: 3px 0; }
    .levels li.now b { color: var(--oa-red); }
    .passports { list-style: none; padding: 0; margin: 0; }
    .passports li { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; padding: 6px 0; border-bottom: 1px solid var(--oa-border); }
    .ok { background: #e7f5ec; color: #1e7b45; }
    @media (max-width: 520px) { .kv { grid-template-columns: 1fr; } .kv dt { font-size: 12px; } }
  `,
})
export class ApplicationPage {
  private readonly api = inject(AbroadApi);
  readonly id = input<string>('');
  readonly a = signal<ApplicationView | null>(null);
  readonly empty = signal('正在加载…');
  readonly error = signal('');
  readonly busy = signal(false);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }
  time(iso: string | null): string {
    return shanghai(iso);
  }
  names(list: { name: string }[]): string {
    return list.map((x) => x.name).join('、');
  }
  async load(id: string): Promise<void> {
    try {
      this.a.set(await this.api.application(id));
    } catch (e) {
      this.empty.set(problemMessage(e));
    }
  }
  async checkout(passportId: string): Promise<void> {
    const a = this.a();
    if (!a) return;
    this.busy.set(true);
    this.error.set('');
    try {
      await this.api.checkOut(passportId, a.id);
      await this.load(a.id);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
