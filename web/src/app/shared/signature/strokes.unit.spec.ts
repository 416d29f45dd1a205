import { describe, expect, it } from 'vitest';
import { PAD_HEIGHT, PAD_WIDTH, Stroke, inkPoints, sanitizeStrokes, strokeToPath, strokesToPath, widthAt } from './strokes';

/** All numbers in a path's data, in order. */
const nums = (d: string) => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

describe('strokes → SVG path (原笔迹签批)', () => {
  const line: Stroke = {
    points: [
      [100, 200, 0.5, 0],
      [200, 200, 0.5, 16],
      [300, 200, 0.5, 32],
    ],
  };

  it('gives nothing for no strokes, and skips empty strokes', () => {
    expect(strokesToPath([])).toBe('');
    expect(strokesToPath([{ points: [] }])).toBe('');
  });

  it('renders a single tap as a closed disc of the pen width', () => {
    const d = strokeToPath({ points: [[50, 60, 0.5, 0]] });
    expect(d.startsWith('M')).toBe(true);
    expect(d.endsWith('Z')).toBe(true);
    expect(d.match(/A/g)?.length).toBe(2);
    const r = widthAt(0.5) / 2;
    expect(nums(d).slice(0, 2)).toEqual([50 - r, 60]);
  });

  it('outlines a horizontal line at ± half the width on either side', () => {
    const d = strokeToPath(line);
    const half = widthAt(0.5) / 2;
    const ys = new Set(nums(d.replace(/A[^A-Z]*?(?=[A-Z])/g, '')).filter((_, i) => i % 2 === 1));
    // every y coordinate outside the arcs lies on one of the two edges
    expect([...ys].sort()).toEqual([200 - half, 200 + half].sort());
    expect(d.endsWith('Z')).toBe(true);
  });

  it('draws a heavier line where the pen presses harder', () => {
    const light = strokeToPath({ points: line.points.map(([x, y, , t]) => [x, y, 0.1, t]) });
    const heavy = strokeToPath({ points: line.points.map(([x, y, , t]) => [x, y, 0.9, t]) });
    const spread = (d: string) => {
      const ys = nums(d.replace(/A[^A-Z]*?(?=[A-Z])/g, '')).filter((_, i) => i % 2 === 1);
      return Math.max(...ys) - Math.min(...ys);
    };
    expect(spread(heavy)).toBeGreaterThan(spread(light) * 2);
  });

  it('is deterministic, one sub-path per stroke, and independent of the time stamps', () => {
    const two = [
      line,
      {
        points: [
          [10, 10, 0.5, 100],
          [20, 30, 0.5, 120],
        ],
      },
    ] as Stroke[];
    expect(strokesToPath(two)).toBe(strokesToPath(two));
    expect(strokesToPath(two).match(/M/g)?.length).toBe(2);
    const shifted = two.map((s) => ({ points: s.points.map(([x, y, p, t]) => [x, y, p, t + 5000]) })) as Stroke[];
    expect(strokesToPath(shifted)).toBe(strokesToPath(two));
  });

  it('drops repeated points instead of producing NaN normals', () => {
    const d = strokeToPath({
      points: [
        [100, 100, 0.5, 0],
        [100, 100, 0.5, 5],
        [150, 120, 0.5, 10],
      ],
    });
    expect(d).not.toMatch(/NaN|Infinity/);
    expect(
      strokeToPath({
        points: [
          [5, 5, 0.5, 0],
          [5, 5, 0.5, 9],
        ],
      }),
    ).toMatch(/A.*A/); // collapses to a dot
  });

  it('sanitises untrusted strokes: drops junk, clamps into the pad and pressure into [0,1]', () => {
    const s = sanitizeStrokes([{ points: [[-5, 9999, 3, -2], ['x', 1], [1, 2], null, [Number.NaN, 1, 0.5, 0]] }, { nope: true }, 'junk']);
    expect(s).toEqual([
      {
        points: [
          [0, PAD_HEIGHT, 1, 0],
          [1, 2, 0.5, 0],
        ],
      },
    ]);
    expect(sanitizeStrokes({ strokes: [{ points: [[PAD_WIDTH + 1, 1, 0.2, 7]] }] })).toEqual([{ points: [[PAD_WIDTH, 1, 0.2, 7]] }]);
    expect(sanitizeStrokes(null)).toEqual([]);
    expect(inkPoints(s)).toBe(2);
  });

  it('keeps path numbers short (two decimals at most)', () => {
    const d = strokeToPath({
      points: [
        [1 / 3, 2 / 3, 0.333333, 0],
        [100 / 7, 50 / 7, 0.5, 1],
      ],
    });
    for (const x of d.match(/\d+\.\d+/g) ?? []) expect(x.split('.')[1].length).toBeLessThanOrEqual(2);
  });
});
