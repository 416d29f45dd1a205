import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ProcessDefinition } from '../../core/models';
import { isNotBuilt, problemMessage } from '../../core/problem';
import { WorkflowApi } from '../../core/workflow-api.service';

@Component({
  selector: 'oa-start-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="page">
      <div class="card">
        <h1>起草</h1>
        @if (defs().length) {
          <ul class="defs">
            @for (d of defs(); track d.key) {
              <li><a [routerLink]="['/processes/new', d.key]">{{ d.name }}</a>@if (d.category) { <span class="badge">{{ d.category }}</span> }</li>
            }
          </ul>
        } @else { <div class="empty">{{ empty() }}</div> }
      </div>
    </div>
  `,
  styles: `.defs { list-style: none; padding: 0; margin: 0; } .defs li { display: flex; gap: 8px; align-items: center; padding: 10px 0; border-bottom: 1px solid var(--oa-border); }`,
})
export class StartListPage {
  private readonly api = inject(WorkflowApi);
  readonly defs = signal<ProcessDefinition[]>([]);
  readonly empty = signal('正在加载…');

  constructor() {
    this.api.definitions().then(
      (d) => {
        this.defs.set(d);
        this.empty.set('暂无可发起的流程');
      },
      (e) => this.empty.set(isNotBuilt(e) ? '流程服务尚未开通' : problemMessage(e)),
    );
  }
}
