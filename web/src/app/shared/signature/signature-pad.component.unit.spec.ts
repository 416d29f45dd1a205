import { TestBed } from '@angular/core/testing';
import { describe, expect, it } from 'vitest';
import { SignaturePadComponent } from './signature-pad.component';

function pointer(type: string, x: number, y: number, extra: Record<string, unknown> = {}): Event {
  const e = new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true, button: 0 });
  Object.assign(e, { pointerId: 1, pointerType: 'pen', pressure: 0.8, ...extra });
  return e;
}

describe('SignaturePadComponent', () => {
  it('captures pointer strokes with pressure and time, and draws them as one SVG path', async () => {
    const fx = TestBed.createComponent(SignaturePadComponent);
    fx.detectChanges();
    const svg: SVGSVGElement = fx.nativeElement.querySelector('svg');
    // jsdom has no layout: give the pad a 500×200 box at (0,0) → 2 pad units per pixel.
    svg.getBoundingClientRect = () => ({
      left: 0,
      top: 0,
      width: 500,
      height: 200,
      right: 500,
      bottom: 200,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
    svg.dispatchEvent(pointer('pointerdown', 10, 20));
    svg.dispatchEvent(pointer('pointermove', 60, 70, { pressure: 0.3 }));
    svg.dispatchEvent(pointer('pointerup', 60, 70));
    svg.dispatchEvent(pointer('pointermove', 200, 100)); // after pen-up: ignored
    svg.dispatchEvent(pointer('pointerdown', 100, 100, { pointerType: 'mouse', pressure: 0.5 }));
    svg.dispatchEvent(pointer('pointerup', 100, 100, { pointerType: 'mouse' }));
    await fx.whenStable();
    fx.detectChanges();
    const strokes = fx.componentInstance.strokes();
    expect(strokes).toHaveLength(2);
    expect(strokes[0].points.map(([x, y, p]) => [x, y, p])).toEqual([
      [20, 40, 0.8],
      [120, 140, 0.3],
    ]);
    expect(strokes[1].points[0].slice(0, 3)).toEqual([200, 200, 0.5]);
    expect(strokes[0].points.every((p) => p[3] >= 0)).toBe(true);
    const d = fx.nativeElement.querySelector('path.ink').getAttribute('d');
    expect(d.match(/M/g)).toHaveLength(2);

    fx.nativeElement.querySelector('.pad-tools button').click(); // 撤销
    expect(fx.componentInstance.strokes()).toHaveLength(1);
  });
});
