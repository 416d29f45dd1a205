import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AuthService } from '../../core/auth.service';
import { problemMessage } from '../../core/problem';
import { GovInfoApi, Ranking, Rules } from './govinfo-api.service';

const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

/** 积分排名: by month or year, per unit; the 通报 as Excel; the receiving office edits the 积分规则. */
@Component({
  selector: 'oa-govinfo-ranking',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card">
      <h2>积分排名
        <button class="btn small" type="button" (click)="export()" data-testid="gi-export">导出通报（Excel）</button>
      </h2>
      <div class="toolbar row">
        <select class="input" [value]="kind()" (change)="kind.set($any($event.target).value); load()" aria-label="统计方式">
          <option value="month">月度</option><option value="year">年度</option>
        </select>
        @if (kind() === 'month') { <input class="input" type="month" [value]="month()" (change)="month.set($any($event.target).value); load()" aria-label="月份" /> }
        @else { <input class="input" type="number" min="2000" max="2999" [value]="month().slice(0, 4)" (change)="month.set($any($event.target).value + '-01'); load()" aria-label="年度" /> }
      </div>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      <div class="scroll">
        <table class="tbl" data-testid="gi-ranking">
          <thead><tr><th>排名</th><th>单位</th><th>报送</th><th>区级采用</th><th>市级采用</th><th>领导批示</th><th>积分</th></tr></thead>
          <tbody>
            @for (r of ranking()?.items ?? []; track r.unitId) {
              <tr><td>{{ r.rank }}</td><td>{{ r.unitName }}</td><td>{{ r.submitted }}</td><td>{{ r.district }}</td><td>{{ r.city }}</td><td>{{ r.endorsed }}</td><td><strong>{{ r.points }}</strong></td></tr>
            } @empty { <tr><td colspan="7" class="muted">本期暂无报送</td></tr> }
          </tbody>
        </table>
      </div>
    </section>
    @if (rules(); as r) {
      <section class="card">
        <h2>积分规则</h2>
        <div class="row">
          @for (f of fields; track f[0]) {
            <label class="field"><span>{{ f[1] }}</span>
              <input class="input" type="number" min="0" max="100" [disabled]="!reviewer" [value]="r[f[0]]" (change)="setRule(f[0], $any($event.target).value)" />
            </label>
          }
        </div>
        @if (reviewer) { <button class="btn primary" type="button" (click)="saveRules()">保存规则</button> <span class="muted small">新规则适用于此后的报送与采用</span> }
      </section>
    }
  `,
  styles: `
    .row { display: flex; flex-wrap: wrap; gap: 8px 12px; margin-bottom: 8px; }
    .row .input { max-width: 200px; }
    .scroll { overflow-x: auto; }
    .tbl { width: 100%; border-collapse: collapse; min-width: 480px; }
    .tbl th, .tbl td { text-align: left; padding: 6px; border-bottom: 1px solid var(--oa-border); white-space: nowrap; }
    .small { font-size: 12px; }
  `,
})
export class GovInfoRankingPage {
  private readonly api = inject(GovInfoApi);
  readonly reviewer = inject(AuthService).can(['govinfo.review']);
  readonly fields: [keyof Rules, string][] = [
    ['submitted', '报送（每篇）'],
    ['adoptedDistrict', '区级采用'],
    ['adoptedCity', '市级采用'],
    ['endorsed', '领导批示'],
  ];
  readonly kind = signal<'month' | 'year'>('month');
  readonly month = signal(thisMonth());
  readonly ranking = signal<Ranking | null>(null);
  readonly rules = signal<Rules | null>(null);
  readonly error = signal('');

  constructor() {
    void this.load();
    void this.api.rules().then(
      (r) => this.rules.set(r),
      () => undefined,
    );
  }

  period(): string {
    return this.kind() === 'year' ? this.month().slice(0, 4) : this.month();
  }

  async load(): Promise<void> {
    try {
      this.ranking.set(await this.api.ranking(this.period()));
      this.error.set('');
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async export(): Promise<void> {
    try {
      const blob = await this.api.rankingXlsx(this.period());
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `政务信息通报-${this.period()}.xlsx`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  setRule(k: keyof Rules, v: string): void {
    this.rules.update((r) => (r ? { ...r, [k]: Number(v) } : r));
  }

  async saveRules(): Promise<void> {
    const r = this.rules();
    if (!r) return;
    try {
      await this.api.setRules(r);
      this.error.set('');
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
