import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { DiagramNode, NODE_STATE_LABELS } from '../core/models';

/** The definition drawn as its nodes in order, each with its state (done / current / pending). */
@Component({
  selector: 'oa-process-diagram',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (nodes().length) {
      <ol class="flow">
        @for (n of nodes(); track n.id; let last = $last) {
          <li class="node" [class]="'node ' + n.state" [attr.data-state]="n.state">
            <span class="dot" aria-hidden="true">{{ n.state === 'done' ? '✓' : n.state === 'current' ? '●' : n.state === 'redo' || n.state === 'returned' ? '↺' : '' }}</span>
            <span class="name">{{ n.name }}</span>
            @if (n.assignees) { <span class="who">{{ n.assignees }}</span> }
            <span class="st">{{ label(n.state) }}</span>
            @if (n.note) { <span class="note">{{ n.note }}</span> }
          </li>
          @if (!last) { <li class="arrow" aria-hidden="true">→</li> }
        }
      </ol>
    } @else { <div class="empty">暂无流程图</div> }
  `,
  styles: `
    .flow { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
    .node { display: flex; flex-direction: column; align-items: center; min-width: 88px; max-width: 160px; padding: 8px 10px; border: 1px solid var(--oa-border); border-radius: 8px; background: #fafbfc; text-align: center; }
    .dot { width: 22px; height: 22px; border-radius: 50%; display: grid; place-items: center; font-size: 12px; border: 2px solid #c5ccd6; color: #fff; margin-bottom: 4px; }
    .name { font-weight: 500; overflow-wrap: anywhere; }
    .who, .st { font-size: 12px; color: var(--oa-muted); overflow-wrap: anywhere; }
    .node.done { border-color: #bfe3cc; background: #f2fbf5; } .node.done .dot { background: var(--oa-ok); border-color: var(--oa-ok); }
    .node.current { border-color: var(--oa-red); background: #fdf3f3; box-shadow: 0 0 0 2px rgba(166,27,27,.12); } .node.current .dot { background: var(--oa-red); border-color: var(--oa-red); }
    .node.current .st { color: var(--oa-red); font-weight: 600; }
    .node.rejected { border-color: #f0c5c7; } .node.rejected .dot { background: var(--oa-danger); border-color: var(--oa-danger); }
    .node.skipped { opacity: .6; }
    .node.redo { border-color: #e8d28a; border-style: dashed; background: #fffbeb; } .node.redo .dot { background: #b7791f; border-color: #b7791f; }
    .node.returned { border-color: #f0c5c7; border-style: dashed; } .node.returned .dot { background: var(--oa-danger); border-color: var(--oa-danger); }
    .note { font-size: 11px; color: #8a6d1f; overflow-wrap: anywhere; }
    .arrow { color: #9aa5b1; }
  `,
})
export class ProcessDiagramComponent {
  readonly nodes = input.required<DiagramNode[]>();
  label(s: string): string {
    return NODE_STATE_LABELS[s] ?? s;
  }
}
