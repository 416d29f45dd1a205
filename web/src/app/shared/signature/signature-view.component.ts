import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { PAD_HEIGHT, PAD_WIDTH, sanitizeStrokes, strokesToPath } from './strokes';

/** A stored signature re-rendered as SVG (vector: crisp at any zoom). */
@Component({
  selector: 'oa-signature-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `@if (d()) {
    <svg class="sig" [attr.viewBox]="viewBox" role="img" aria-label="手写签批"><path [attr.d]="d()" /></svg>
  }`,
  styles: `:host { display: inline-block; } .sig { width: 100%; height: auto; display: block; } path { fill: #10206b; fill-rule: nonzero; }`,
})
export class SignatureViewComponent {
  readonly signature = input<unknown>(null);
  readonly d = computed(() => strokesToPath(sanitizeStrokes(this.signature())));
  readonly viewBox = `0 0 ${PAD_WIDTH} ${PAD_HEIGHT}`;
}
