import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { CirculationRow, DocumentsApi } from './documents-api.service';

/** 我的待阅: incoming documents circulated to me that I have not marked 已阅. */
@Component({
  selector: 'oa-doc-circulation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card">
      <h2>我的待阅（传阅）</h2>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @else if (loading()) { <div class="empty">正在加载…</div> }
      @else if (items().length === 0) { <div class="empty">暂无待阅公文</div> }
      @else {
        <ul class="rows">
          @for (x of items(); track x.incoming_id + x.round) {
            <li><a [routerLink]="['/documents/incoming', x.incoming_id]">{{ x.title }}</a>
              <span class="muted small">{{ x.doc_number || '' }} · 第 {{ x.round }} 轮 · {{ time(x.assigned_at) }} 送阅</span></li>
          }
        </ul>
      }
    </section>
  `,
  styles: `
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { padding: 10px 0; border-bottom: 1px solid var(--oa-border); display: flex; flex-direction: column; gap: 2px; }
    .small { font-size: 13px; }
  `,
})
export class CirculationPage {
  private readonly api = inject(DocumentsApi);
  readonly items = signal<CirculationRow[]>([]);
  readonly loading = signal(true);
  readonly error = signal('');

  constructor() {
    this.api
      .myUnread()
      .then(
        (x) => this.items.set(x),
        (e) => this.error.set(problemMessage(e)),
      )
      .finally(() => this.loading.set(false));
  }

  time(iso: string): string {
    return formatTime(iso);
  }
}
