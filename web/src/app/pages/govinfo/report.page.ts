import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { GovInfoApi, LEVELS, ReportView } from './govinfo-api.service';

/** 政务信息 detail: the text, its 采用 record and points; the receiving office's 编辑 / 采用 / 不予采用 (as the server allows). */
@Component({
  selector: 'oa-govinfo-report',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
    @if (v(); as r) {
      <article class="card">
        @if (editing()) {
          <label class="field"><span>标题</span><input class="input" [value]="title()" (input)="title.set($any($event.target).value)" /></label>
          <label class="field"><span>正文</span><textarea class="input" rows="10" [value]="body()" (input)="body.set($any($event.target).value)"></textarea></label>
          <div class="actions"><button class="btn primary" type="button" (click)="saveEdit()">保存</button><button class="btn" type="button" (click)="editing.set(false)">取消</button></div>
        } @else {
          <h1>{{ r.title }}</h1>
          <div class="muted meta">{{ r.unitName }} · {{ r.submitterName }} · {{ time(r.submittedAt) }} 报送至 {{ r.receiverUnitName }} ·
            <strong data-testid="gi-status">{{ r.statusLabel }}</strong> · 积分 {{ r.points }}@if (r.edits) { · 已编辑 {{ r.edits }} 次 }</div>
          <div class="body">{{ r.body }}</div>
        }
        @if (r.levels.length) {
          <h3>采用情况</h3>
          <ul>@for (l of r.levels; track l.level) { <li>{{ l.label }}（{{ l.points }} 分）· {{ l.reviewerName }} · {{ time(l.at) }} {{ l.note }}</li> }</ul>
        }
        @if (r.rejection) { <div class="alert">不予采用：{{ r.rejection.reason }}（{{ r.rejection.reviewerName }}，{{ time(r.rejection.at) }}）</div> }
        <div class="actions">
          @if (can('edit') && !editing()) { <button class="btn" type="button" (click)="startEdit(r)">编辑</button> }
          @for (l of levels; track l[0]) {
            @if (can('adopt:' + l[0])) { <button class="btn primary" type="button" (click)="act(api.adopt(r.reportId, l[0], ''))" [attr.data-testid]="'gi-adopt-' + l[0]">{{ l[1] }}</button> }
          }
          @if (can('reject')) {
            <input class="input reason" placeholder="不予采用的原因" [value]="reason()" (input)="reason.set($any($event.target).value)" />
            <button class="btn danger" type="button" (click)="act(api.reject(r.reportId, reason()))">不予采用</button>
          }
        </div>
      </article>
    }
  `,
  styles: `
    h1 { overflow-wrap: anywhere; margin-bottom: 4px; }
    .meta { font-size: 13px; margin-bottom: 12px; }
    .body { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.9; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; align-items: center; }
    .reason { flex: 1 1 200px; max-width: 360px; }
  `,
})
export class GovInfoReportPage {
  readonly api = inject(GovInfoApi);
  private readonly id = inject(ActivatedRoute).snapshot.paramMap.get('id') ?? '';
  readonly levels = LEVELS;
  readonly v = signal<ReportView | null>(null);
  readonly error = signal('');
  readonly editing = signal(false);
  readonly title = signal('');
  readonly body = signal('');
  readonly reason = signal('');

  constructor() {
    void this.load();
  }

  can(a: string): boolean {
    return this.v()?.allowedActions.includes(a) ?? false;
  }
  time(iso: string): string {
    return formatTime(iso);
  }

  async load(): Promise<void> {
    try {
      this.v.set(await this.api.report(this.id));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  startEdit(r: ReportView): void {
    this.title.set(r.title);
    this.body.set(r.body);
    this.editing.set(true);
  }

  async saveEdit(): Promise<void> {
    await this.act(this.api.edit(this.id, { title: this.title(), body: this.body() }));
    this.editing.set(false);
  }

  async act(p: Promise<unknown>): Promise<void> {
    this.error.set('');
    try {
      await p;
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
