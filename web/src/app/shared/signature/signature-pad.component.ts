import { ChangeDetectionStrategy, Component, ElementRef, computed, model, signal, viewChild } from '@angular/core';
import { PAD_HEIGHT, PAD_WIDTH, Stroke, StrokePoint, strokesToPath } from './strokes';

/**
 * 原笔迹签批 pad: pointer events (pen with pressure, finger, mouse) captured as vector strokes in
 * pad units. What is drawn is the same SVG path the approval log shows later.
 */
@Component({
  selector: 'oa-signature-pad',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="pad-wrap">
      <svg #pad class="pad" [attr.viewBox]="viewBox" preserveAspectRatio="xMidYMid meet"
           role="img" aria-label="手写签批区"
           (pointerdown)="down($event)" (pointermove)="move($event)"
           (pointerup)="up($event)" (pointercancel)="up($event)" (lostpointercapture)="up($event)">
        <line x1="40" [attr.y1]="baseline" [attr.x2]="width - 40" [attr.y2]="baseline" class="guide" />
        <path [attr.d]="path()" class="ink" />
        @if (empty()) { <text [attr.x]="width / 2" [attr.y]="height / 2" class="hint" text-anchor="middle">请在此处手写签批</text> }
      </svg>
      <div class="pad-tools">
        <button type="button" class="btn small" (click)="undo()" [disabled]="empty()">撤销</button>
        <button type="button" class="btn small" (click)="clear()" [disabled]="empty()">清除</button>
      </div>
    </div>
  `,
  styles: `
    .pad-wrap { display: flex; flex-direction: column; gap: 6px; max-width: 560px; }
    .pad { width: 100%; aspect-ratio: 5 / 2; background: #fffdf6; border: 1px dashed #c9b98f; border-radius: 6px; touch-action: none; cursor: crosshair; user-select: none; -webkit-user-select: none; display: block; }
    .ink { fill: #10206b; fill-rule: nonzero; }
    .guide { stroke: #e8dcc0; stroke-width: 2; }
    .hint { fill: #b9ab86; font-size: 40px; pointer-events: none; }
    .pad-tools { display: flex; gap: 8px; justify-content: flex-end; }
  `,
})
export class SignaturePadComponent {
  /** Two-way: the captured strokes ([(strokes)]). */
  readonly strokes = model<Stroke[]>([]);
  readonly path = computed(() => strokesToPath(this.strokes()));
  readonly empty = computed(() => this.strokes().length === 0);
  readonly width = PAD_WIDTH;
  readonly height = PAD_HEIGHT;
  readonly baseline = PAD_HEIGHT * 0.78;
  readonly viewBox = `0 0 ${PAD_WIDTH} ${PAD_HEIGHT}`;
  private readonly pad = viewChild.required<ElementRef<SVGSVGElement>>('pad');
  private readonly active = signal<number | null>(null);
  private t0 = 0;

  private point(e: PointerEvent): StrokePoint {
    const svg = this.pad().nativeElement;
    const r = svg.getBoundingClientRect();
    // The viewBox keeps its aspect ratio inside the element (meet): map through the drawn box.
    const scale = Math.min(r.width / PAD_WIDTH, r.height / PAD_HEIGHT) || 1;
    const ox = r.left + (r.width - PAD_WIDTH * scale) / 2;
    const oy = r.top + (r.height - PAD_HEIGHT * scale) / 2;
    const x = Math.min(PAD_WIDTH, Math.max(0, (e.clientX - ox) / scale));
    const y = Math.min(PAD_HEIGHT, Math.max(0, (e.clientY - oy) / scale));
    // Pens report real pressure; mice report 0.5 while pressed; some touch screens report 0 or 1.
    const p = e.pointerType === 'pen' && e.pressure > 0 ? e.pressure : 0.5;
    if (this.t0 === 0) this.t0 = e.timeStamp;
    return [Math.round(x * 10) / 10, Math.round(y * 10) / 10, Math.round(p * 1000) / 1000, Math.max(0, Math.round(e.timeStamp - this.t0))];
  }

  down(e: PointerEvent): void {
    if (this.active() !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    try {
      this.pad().nativeElement.setPointerCapture(e.pointerId);
    } catch {
      /* synthetic events cannot be captured */
    }
    if (this.strokes().length === 0) this.t0 = 0;
    this.active.set(e.pointerId);
    this.strokes.update((s) => [...s, { points: [this.point(e)] }]);
  }

  move(e: PointerEvent): void {
    if (this.active() !== e.pointerId) return;
    e.preventDefault();
    const evs = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    const pts = (evs.length ? evs : [e]).map((ev) => this.point(ev));
    this.strokes.update((s) => {
      const last = s[s.length - 1];
      return [...s.slice(0, -1), { points: [...last.points, ...pts] }];
    });
  }

  up(e: PointerEvent): void {
    if (this.active() !== e.pointerId) return;
    this.active.set(null);
  }

  undo(): void {
    this.strokes.update((s) => s.slice(0, -1));
  }

  clear(): void {
    this.strokes.set([]);
  }
}
