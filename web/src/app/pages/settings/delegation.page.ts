import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Delegation, ProcessDefinition, delegationStatusLabel } from '../../core/models';
import { isNotBuilt, problemMessage } from '../../core/problem';
import { formatDate } from '../../core/time';
import { WorkflowApi } from '../../core/workflow-api.service';
import { AuthService } from '../../core/auth.service';
import { PersonPickerComponent } from '../../shared/picker/person-picker.component';

/** 外出授权: while I am away, my tasks (all kinds or some) go to a colleague. */
@Component({
  selector: 'oa-delegation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, PersonPickerComponent],
  template: `
    <div class="card">
      <h2>外出授权</h2>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (note()) { <div class="alert ok" role="status">{{ note() }}</div> }
      @if (available()) {
        <form (ngSubmit)="add()" class="form">
          <div class="row">
            <div class="field"><label for="dg">被授权人<span class="req">*</span></label><oa-person-picker inputId="dg" label="被授权人" [(value)]="delegateId" [exclude]="myId()" /></div>
            <div class="field"><label for="from">开始日期<span class="req">*</span></label><input id="from" name="from" type="date" [(ngModel)]="from" /></div>
            <div class="field"><label for="to">结束日期<span class="req">*</span></label><input id="to" name="to" type="date" [(ngModel)]="to" /></div>
          </div>
          <fieldset class="kinds">
            <legend>授权的流程类别（不选 = 全部）</legend>
            @for (d of defs(); track d.key) {
              <label class="kind"><input type="checkbox" [checked]="kinds().includes(d.key)" (change)="toggle(d.key)" /> {{ d.name }}</label>
            } @empty { <span class="muted">全部流程</span> }
          </fieldset>
          <div class="toolbar end"><button class="btn primary" type="submit" [disabled]="busy()">设置授权</button></div>
        </form>
        <h3>我的授权与受托</h3>
        @if (items().length) {
          <ul class="list">
            @for (d of items(); track d.id) {
              <li>
                <div class="grow">
                  @if (d.direction === 'received') { <strong>{{ d.principalName }}</strong><span class="muted"> 委托我办理</span> } @else { <strong>{{ d.delegateName }}</strong> }
                  <span class="muted"> {{ day(d.from) }} 至 {{ day(d.to) }}</span>
                  <div class="muted small">{{ d.kinds.length ? kindNames(d.kinds) : '全部流程' }}@if (d.status) { · <span data-testid="delegation-status">{{ statusText(d.status) }}</span> }</div>
                </div>
                @if (revocable(d)) { <button class="btn small danger" (click)="revoke(d)" data-testid="revoke">撤销</button> }
              </li>
            }
          </ul>
        } @else { <div class="empty">暂无外出授权</div> }
      } @else { <div class="empty">外出授权服务尚未开通</div> }
    </div>
  `,
  styles: `
    .row { display: grid; grid-template-columns: 2fr 1fr 1fr; gap: 12px; }
    .kinds { border: 1px solid var(--oa-border); border-radius: 6px; padding: 8px 12px; display: flex; flex-wrap: wrap; gap: 8px 16px; margin: 0 0 12px; }
    .kind { display: inline-flex; align-items: center; gap: 4px; }
    .end { justify-content: flex-end; }
    .list { list-style: none; padding: 0; margin: 0; }
    .list li { display: flex; gap: 8px; align-items: center; padding: 8px 0; border-bottom: 1px solid var(--oa-border); }
    .grow { flex: 1; min-width: 0; overflow-wrap: anywhere; }
    .small { font-size: 12px; }
    @media (max-width: 640px) { .row { grid-template-columns: 1fr; gap: 0; } }
  `,
})
export class DelegationPage {
  private readonly api = inject(WorkflowApi);
  private readonly auth = inject(AuthService);
  readonly myId = computed(() => [this.auth.me()?.id ?? ''].filter(Boolean));
  readonly items = signal<Delegation[]>([]);
  readonly defs = signal<ProcessDefinition[]>([]);
  readonly kinds = signal<string[]>([]);
  readonly available = signal(true);
  readonly error = signal('');
  readonly note = signal('');
  readonly busy = signal(false);
  delegateId = '';
  from = '';
  to = '';

  constructor() {
    void this.load();
    this.api.definitions().then(
      (d) => this.defs.set(d),
      () => undefined,
    );
  }

  async load(): Promise<void> {
    try {
      this.items.set(await this.api.delegations());
    } catch (e) {
      if (isNotBuilt(e)) this.available.set(false);
      else this.error.set(problemMessage(e));
    }
  }

  statusText(code: string): string {
    return delegationStatusLabel(code);
  }
  /** 撤销 only while it is in force or still to come (never for a revoked or expired one). */
  revocable(d: Delegation): boolean {
    return d.direction === 'granted' && (d.status === 'active' || d.status === 'planned');
  }
  day(s: string): string {
    return formatDate(s);
  }
  kindNames(keys: string[]): string {
    return keys.map((k) => this.defs().find((d) => d.key === k)?.name ?? k).join('、');
  }
  toggle(key: string): void {
    this.kinds.update((k) => (k.includes(key) ? k.filter((x) => x !== key) : [...k, key]));
  }

  async add(): Promise<void> {
    this.note.set('');
    if (!this.delegateId.trim() || !this.from || !this.to) {
      this.error.set('请选择被授权人并填写起止日期');
      return;
    }
    if (this.to < this.from) {
      this.error.set('结束日期不能早于开始日期');
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      await this.api.addDelegation({ delegateId: this.delegateId.trim(), from: this.from, to: this.to, kinds: this.kinds() });
      this.note.set('外出授权已设置');
      this.delegateId = '';
      this.kinds.set([]);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }

  async revoke(d: Delegation): Promise<void> {
    if (typeof confirm === 'function' && !confirm(`撤销对 ${d.delegateName} 的授权？`)) return;
    try {
      await this.api.revokeDelegation(d.id);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
