import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { AbroadApi, shanghai, type PassportView } from './abroad-api.service';

/** 证照详情: where it is now, its custody history, and 领用 / 归还 when the server allows them. */
@Component({
  selector: 'oa-abroad-passport',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    @if (p(); as p) {
      <section class="card" data-testid="passport">
        <h2>{{ p.holderName }} · {{ p.docType }}</h2>
        <p><span class="badge" [class.late]="p.overdue" [class.ok]="p.status === 'in_custody'" data-testid="where">{{ p.where }}</span></p>
        @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
        <dl class="kv">
          <dt>证件号码</dt><dd>{{ p.number }}</dd>
          <dt>有效期至</dt><dd>{{ p.validUntil }}</dd>
          <dt>保管人</dt><dd>{{ p.keeperName }}</dd>
          @if (p.dueBack) { <dt>应还时间</dt><dd>{{ time(p.dueBack) }} 前</dd> }
          @if (p.applicationId) { <dt>领用申请</dt><dd><a [routerLink]="['/abroad/applications', p.applicationId]">查看申请</a></dd> }
        </dl>
        <div class="toolbar">
          @if (p.allowedActions.includes('checkout')) {
            <select class="input" [(ngModel)]="applicationId" aria-label="领用的申请" data-testid="checkout-application">
              @for (a of p.applications; track a.id) { <option [value]="a.id">{{ a.entry }}：{{ a.destinations }}（{{ a.departDate }}–{{ a.returnDate }}）</option> }
            </select>
            <button type="button" class="btn primary" (click)="checkout()" [disabled]="busy() || !applicationId" data-testid="checkout">领用</button>
          }
          @if (p.allowedActions.includes('return')) {
            <button type="button" class="btn primary" (click)="giveBack()" [disabled]="busy()" data-testid="return">归还</button>
          }
        </div>
      </section>
      <section class="card">
        <h3>保管记录</h3>
        <ul class="history" data-testid="history">
          @for (h of p.history; track h.seq) {
            <li><b>{{ h.action }}</b> <span class="muted">{{ time(h.at) }} · {{ h.actorName }}</span> <span>{{ h.note }}</span></li>
          }
        </ul>
      </section>
    } @else {
      <section class="card"><div class="empty">{{ empty() }}</div></section>
    }
  `,
  styles: `
    .kv { display: grid; grid-template-columns: 96px 1fr; gap: 6px 12px; margin: 0 0 10px; }
    .kv dd { margin: 0; overflow-wrap: anywhere; }
    .history { list-style: none; padding: 0; margin: 0; }
    .history li { padding: 6px 0; border-bottom: 1px solid var(--oa-border); overflow-wrap: anywhere; }
    .late { background: #fdecea; color: var(--oa-red); }
    .ok { background: #e7f5ec; color: #1e7b45; }
    .toolbar select { max-width: 100%; }
    @media (max-width: 520px) { .kv { grid-template-columns: 1fr; } }
  `,
})
export class PassportPage {
  private readonly api = inject(AbroadApi);
  readonly id = input<string>('');
  readonly p = signal<PassportView | null>(null);
  readonly empty = signal('正在加载…');
  readonly error = signal('');
  readonly busy = signal(false);
  applicationId = '';

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }
  time(iso: string | null): string {
    return shanghai(iso);
  }
  async load(id: string): Promise<void> {
    try {
      const p = await this.api.passport(id);
      this.p.set(p);
      this.applicationId = p.applications[0]?.id ?? '';
    } catch (e) {
      this.empty.set(problemMessage(e));
    }
  }
  private async act(f: () => Promise<unknown>): Promise<void> {
    const p = this.p();
    if (!p) return;
    this.busy.set(true);
    this.error.set('');
    try {
      await f();
      await this.load(p.id);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
  checkout(): Promise<void> {
    return this.act(() => this.api.checkOut(this.p()!.id, this.applicationId));
  }
  giveBack(): Promise<void> {
    return this.act(() => this.api.returnPassport(this.p()!.id));
  }
}
