import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { SupervisionApi, SupervisionOptions } from './supervision-api.service';

/** 督办立项: the item's fields; from a 收文 (?incomingId=) the source is that document. Goes to 单位领导审核. */
@Component({
  selector: 'oa-supervision-propose',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <div class="page">
      <div><a routerLink="/supervision" class="small">‹ 返回督办看板</a></div>
      <section class="card form">
        <h2>督办立项</h2>
        @if (error()) { <div class="alert" role="alert" data-testid="error">{{ error() }}</div> }
        @if (incomingId()) { <div class="alert ok" data-testid="from-incoming">来源：收文（立项后事项页面将链接回该收文）</div> }
        @if (opts(); as o) {
          <label class="field"><span>督办事项 *</span><input class="input" [(ngModel)]="title" name="title" maxlength="200" data-testid="f-title" /></label>
          <label class="field"><span>督办要求 *</span><textarea class="input" rows="4" [(ngModel)]="requirements" name="requirements" data-testid="f-requirements"></textarea></label>
          <div class="grid">
            <label class="field"><span>督办来源</span>
              <select class="input" [(ngModel)]="sourceKind" name="sourceKind">
                @for (s of o.sources; track s.value) { <option [value]="s.value" [disabled]="s.value === 'incoming' && !incomingId()">{{ s.label }}</option> }
              </select>
            </label>
            <label class="field"><span>来源说明（批示内容、督办文号等）</span><input class="input" [(ngModel)]="sourceNote" name="sourceNote" /></label>
            <label class="field"><span>督办领导 *</span>
              <select class="input" [(ngModel)]="leaderId" name="leaderId" data-testid="f-leader">
                <option value="">请选择</option>
                @for (l of o.leaders; track l.id) { <option [value]="l.id">{{ l.name }}</option> }
              </select>
            </label>
            <label class="field"><span>主办单位 *</span>
              <select class="input" [(ngModel)]="leadUnitId" name="leadUnitId" data-testid="f-lead">
                <option value="">请选择</option>
                @for (u of o.units; track u.id) { <option [value]="u.id">{{ u.name }}</option> }
              </select>
            </label>
            <label class="field"><span>办理时限 *</span><input class="input" type="date" [(ngModel)]="deadline" name="deadline" data-testid="f-deadline" /></label>
            <label class="field"><span>优先级</span>
              <select class="input" [(ngModel)]="priority" name="priority">
                @for (p of o.priorities; track p.value) { <option [value]="p.value">{{ p.label }}</option> }
              </select>
            </label>
            <label class="field"><span>反馈周期</span>
              <select class="input" [(ngModel)]="cycle" name="cycle">
                @for (c of o.cycles; track c.value) { <option [value]="c.value">{{ c.label }}</option> }
              </select>
            </label>
            @if (cycle === 'dates') {
              <label class="field"><span>反馈日期（逗号分隔，YYYY-MM-DD）</span><input class="input" [(ngModel)]="dates" name="dates" /></label>
            }
          </div>
          <fieldset class="field co"><legend>协办单位</legend>
            @for (u of o.units; track u.id) {
              @if (u.id !== leadUnitId) {
                <label class="chk"><input type="checkbox" [checked]="co.has(u.id)" (change)="toggleCo(u.id)" [attr.data-co]="u.id" /> {{ u.name }}</label>
              }
            }
          </fieldset>
          <div class="bar">
            <button class="btn primary" [disabled]="busy()" (click)="submit()" data-testid="submit">提交立项审核</button>
            <a class="btn" routerLink="/supervision">取消</a>
          </div>
        } @else if (!error()) { <div class="empty">正在加载…</div> }
      </section>
    </div>
  `,
  styles: `
    .small { font-size: 13px; }
    .form { max-width: 960px; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 0 16px; }
    .co { border: 1px solid var(--oa-border); border-radius: var(--oa-radius); padding: 8px 12px; display: flex; flex-wrap: wrap; gap: 6px 16px; flex-direction: row; }
    .chk { display: inline-flex; gap: 4px; align-items: center; }
    .bar { display: flex; gap: 8px; }
  `,
})
export class SupervisionProposePage {
  private readonly api = inject(SupervisionApi);
  private readonly router = inject(Router);
  readonly incomingId = input<string>('');
  readonly opts = signal<SupervisionOptions | null>(null);
  readonly error = signal('');
  readonly busy = signal(false);
  title = '';
  requirements = '';
  sourceKind = 'instruction';
  sourceNote = '';
  leaderId = '';
  leadUnitId = '';
  deadline = '';
  priority = 'normal';
  cycle = 'once';
  dates = '';
  co = new Set<string>();

  ngOnInit(): void {
    if (this.incomingId()) this.sourceKind = 'incoming';
    this.api
      .options()
      .then((o) => this.opts.set(o))
      .catch((e) => this.error.set(problemMessage(e)));
  }

  toggleCo(id: string): void {
    const next = new Set(this.co);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.co = next;
  }

  async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      const r = await this.api.propose({
        title: this.title,
        requirements: this.requirements,
        sourceKind: this.sourceKind,
        sourceNote: this.sourceNote,
        ...(this.incomingId() ? { incomingId: this.incomingId() } : {}),
        leaderId: this.leaderId,
        leadUnitId: this.leadUnitId,
        coUnitIds: [...this.co].filter((c) => c !== this.leadUnitId),
        deadline: this.deadline,
        cycle: { kind: this.cycle, ...(this.cycle === 'dates' ? { dates: this.dates.split(/[,，\s]+/).filter(Boolean) } : {}) },
        priority: this.priority,
      });
      await this.router.navigate(['/supervision/items', r.id]);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
