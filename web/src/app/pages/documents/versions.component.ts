import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { DiffRow, VersionInfo, diffRows } from './document-model';
import { DiffAnswer, DocumentsApi } from './documents-api.service';

/** 正文 versions (拟稿 → 核稿 → 签发后修改) and the line diff between any two of them. */
@Component({
  selector: 'oa-doc-versions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card" data-testid="versions">
      <h2>正文版本 <span class="muted small">共 {{ versions().length }} 版</span></h2>
      @if (versions().length === 0) { <div class="empty">暂无版本</div> }
      @else {
        <div class="table-wrap">
          <table class="grid">
            <thead><tr><th>版本</th><th>修改人</th><th>环节</th><th>时间</th><th>字数</th><th></th></tr></thead>
            <tbody>
              @for (v of versions(); track v.version) {
                <tr [class.on]="v.version === to()">
                  <td>第 {{ v.version }} 版</td><td>{{ v.authorName }}</td><td>{{ v.stage }}</td><td>{{ time(v.at) }}</td><td>{{ v.length }}</td>
                  <td>@if (v.version > 1) { <button type="button" class="btn small" (click)="show(v.version - 1, v.version)" [attr.data-testid]="'diff-' + v.version">与上一版比较</button> }</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (versions().length > 1) {
          <div class="pick">
            <label>比较 <select class="input" [(ngModel)]="fromSel" aria-label="旧版本">@for (v of versions(); track v.version) { <option [ngValue]="v.version">第 {{ v.version }} 版</option> }</select></label>
            <label>与 <select class="input" [(ngModel)]="toSel" aria-label="新版本">@for (v of versions(); track v.version) { <option [ngValue]="v.version">第 {{ v.version }} 版</option> }</select></label>
            <button type="button" class="btn small" (click)="show(fromSel, toSel)">比较</button>
          </div>
        }
        @if (loading()) { <div class="empty">正在比较…</div> }
        @else if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
        @else if (diff(); as d) {
          <div class="diff-head" data-testid="diff-summary">
            第 {{ d.from.version }} 版（{{ d.from.authorName }}，{{ d.from.stage }}）→ 第 {{ d.to.version }} 版（{{ d.to.authorName }}，{{ d.to.stage }}）：
            <span class="add">新增 {{ d.stats.added }} 行</span>，<span class="del">删除 {{ d.stats.removed }} 行</span>
          </div>
          <div class="diff" data-testid="diff" role="table" aria-label="正文修改对照">
            @for (r of rows(); track $index) {
              <div [class]="'row ' + r.kind" role="row">
                <span class="no" role="cell">{{ r.oldNo }}</span><span class="no" role="cell">{{ r.newNo }}</span>
                <span class="sign" role="cell">{{ r.sign }}</span><span class="text" role="cell">{{ r.text || ' ' }}</span>
              </div>
            }
            @if (rows().length === 0) { <div class="empty">两个版本的正文相同</div> }
          </div>
        }
      }
    </section>
  `,
  styles: `
    .small { font-size: 13px; font-weight: 400; }
    .table-wrap { overflow-x: auto; }
    .grid { width: 100%; border-collapse: collapse; font-size: 14px; }
    .grid th, .grid td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--oa-border); white-space: nowrap; }
    .grid tr.on td { background: #fbf6ea; }
    .pick { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 10px 0; }
    .pick label { display: flex; gap: 6px; align-items: center; }
    .pick select { width: auto; }
    .diff-head { margin: 10px 0 6px; font-size: 14px; }
    .add { color: #1b7a3a; } .del { color: var(--oa-danger); }
    .diff { border: 1px solid var(--oa-border); border-radius: 4px; font-family: ui-monospace, 'Noto Sans Mono CJK SC', monospace; font-size: 13px; overflow-x: auto; }
    .row { display: grid; grid-template-columns: 3em 3em 1.5em 1fr; min-width: 0; }
    .row .no { color: #999; text-align: right; padding-right: 6px; user-select: none; }
    .row .text { white-space: pre-wrap; overflow-wrap: anywhere; }
    .row.insert { background: #e9f8ee; } .row.insert .sign { color: #1b7a3a; }
    .row.delete { background: #fdecec; } .row.delete .text { text-decoration: line-through; text-decoration-color: rgba(200,0,0,.45); } .row.delete .sign { color: var(--oa-danger); }
    .row.skip { color: var(--oa-muted); background: #f6f7f9; font-style: italic; }
  `,
})
export class VersionsComponent {
  private readonly api = inject(DocumentsApi);
  readonly documentId = input.required<string>();
  readonly versions = input<VersionInfo[]>([]);
  readonly diff = signal<DiffAnswer | null>(null);
  readonly rows = computed<DiffRow[]>(() => diffRows(this.diff()?.lines ?? []));
  readonly to = computed(() => this.diff()?.to.version ?? 0);
  readonly loading = signal(false);
  readonly error = signal('');
  fromSel = 1;
  toSel = 1;

  constructor() {
    // Show the latest change by default (the API's default: previous → latest).
    effect(() => {
      const vs = this.versions();
      const id = this.documentId();
      untracked(() => {
        const last = vs[vs.length - 1]?.version ?? 0;
        this.toSel = last;
        this.fromSel = Math.max(1, last - 1);
        if (last > 1 && id) void this.show(last - 1, last);
        else this.diff.set(null);
      });
    });
  }

  time(iso: string): string {
    return formatTime(iso);
  }

  async show(from: number, to: number): Promise<void> {
    this.loading.set(true);
    this.error.set('');
    try {
      this.diff.set(await this.api.diff(this.documentId(), from, to));
      this.fromSel = from;
      this.toSel = to;
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }
}
