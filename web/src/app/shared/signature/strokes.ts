/**
 * 原笔迹签批: handwritten strokes as vectors, and the pure function that turns them into SVG path
 * data. A point is [x, y, pressure 0..1, ms since the signature began], in pad units (a fixed
 * PAD_WIDTH × PAD_HEIGHT box), so the same strokes render identically at any size or zoom and
 * however many nodes the document passes: the stored strokes are the signature, pixels never are.
 */
export type StrokePoint = [x: number, y: number, pressure: number, tMs: number];
export interface Stroke {
  points: StrokePoint[];
}

export const PAD_WIDTH = 1000;
export const PAD_HEIGHT = 400;
/** Nominal pen width in pad units at pressure 0.5. */
export const BASE_WIDTH = 7;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const fmt = (v: number) => String(Math.round(v * 100) / 100 + 0); // '+ 0' folds -0 into 0

/** Width of the line at a given pressure: thinner with a light touch, never vanishing. */
export function widthAt(pressure: number, base = BASE_WIDTH): number {
  const p = Number.isFinite(pressure) ? clamp(pressure, 0, 1) : 0.5;
  return base * (0.4 + 1.2 * p);
}

/**
 * Strokes from untrusted input (an event's payload, an API answer): keeps only well-formed points,
 * clamps them into the pad and pressure into [0, 1]. Never throws.
 */
export function sanitizeStrokes(x: unknown): Stroke[] {
  const list = Array.isArray(x)
    ? x
    : x && typeof x === 'object' && Array.isArray((x as { strokes?: unknown }).strokes)
      ? (x as { strokes: unknown[] }).strokes
      : [];
  const out: Stroke[] = [];
  for (const s of list) {
    const pts = s && typeof s === 'object' ? (s as { points?: unknown }).points : undefined;
    if (!Array.isArray(pts)) continue;
    const points: StrokePoint[] = [];
    for (const p of pts) {
      if (!Array.isArray(p) || p.length < 2) continue;
      const [x0, y0, pr, t] = p as unknown[];
      if (typeof x0 !== 'number' || typeof y0 !== 'number' || !Number.isFinite(x0) || !Number.isFinite(y0)) continue;
      points.push([
        clamp(x0, 0, PAD_WIDTH),
        clamp(y0, 0, PAD_HEIGHT),
        typeof pr === 'number' && Number.isFinite(pr) ? clamp(pr, 0, 1) : 0.5,
        typeof t === 'number' && Number.isFinite(t) ? Math.max(0, Math.round(t)) : 0,
      ]);
    }
    if (points.length) out.push({ points });
  }
  return out;
}

/** A filled disc: the mark a single tap leaves. */
function dot(x: number, y: number, r: number): string {
  return `M${fmt(x - r)} ${fmt(y)}A${fmt(r)} ${fmt(r)} 0 1 0 ${fmt(x + r)} ${fmt(y)}A${fmt(r)} ${fmt(r)} 0 1 0 ${fmt(x - r)} ${fmt(y)}Z`;
}

/** Smooth polyline through pts: quadratic curves through the midpoints (pts.length ≥ 2). */
function smooth(pts: [number, number][], start: 'M' | 'L'): string {
  let d = `${start}${fmt(pts[0][0])} ${fmt(pts[0][1])}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const [x, y] = pts[i];
    const [nx, ny] = pts[i + 1];
    d += `Q${fmt(x)} ${fmt(y)} ${fmt((x + nx) / 2)} ${fmt((y + ny) / 2)}`;
  }
  const last = pts[pts.length - 1];
  return d + `L${fmt(last[0])} ${fmt(last[1])}`;
}

/**
 * One stroke → the outline of a variable-width line (pressure-dependent), with round caps, as a
 * closed path to be filled. Consecutive duplicate points are dropped; one point gives a dot.
 */
export function strokeToPath(stroke: Stroke, base = BASE_WIDTH): string {
  const pts: StrokePoint[] = [];
  for (const p of stroke.points) {
    const prev = pts[pts.length - 1];
    if (!prev || Math.hypot(p[0] - prev[0], p[1] - prev[1]) > 0.01) pts.push(p);
  }
  if (pts.length === 0) return '';
  if (pts.length === 1) return dot(pts[0][0], pts[0][1], widthAt(pts[0][2], base) / 2);
  const left: [number, number][] = [];
  const right: [number, number][] = [];
  for (let i = 0; i < pts.length; i++) {
    const a = pts[Math.max(0, i - 1)];
    const b = pts[Math.min(pts.length - 1, i + 1)];
    let tx = b[0] - a[0];
    let ty = b[1] - a[1];
    const len = Math.hypot(tx, ty) || 1;
    tx /= len;
    ty /= len;
    const w = widthAt(pts[i][2], base) / 2;
    left.push([pts[i][0] - ty * w, pts[i][1] + tx * w]);
    right.push([pts[i][0] + ty * w, pts[i][1] - tx * w]);
  }
  const wEnd = widthAt(pts[pts.length - 1][2], base) / 2;
  const wStart = widthAt(pts[0][2], base) / 2;
  const r = right.slice().reverse();
  const capEnd = `A${fmt(wEnd)} ${fmt(wEnd)} 0 0 1 ${fmt(r[0][0])} ${fmt(r[0][1])}`;
  const capStart = `A${fmt(wStart)} ${fmt(wStart)} 0 0 1 ${fmt(left[0][0])} ${fmt(left[0][1])}`;
  return smooth(left, 'M') + capEnd + smooth(r, 'L') + capStart + 'Z';
}

/** All strokes → one path's data (fill it with `fill-rule: nonzero`). Pure and deterministic. */
export function strokesToPath(strokes: readonly Stroke[], base = BASE_WIDTH): string {
  return strokes
    .map((s) => strokeToPath(s, base))
    .filter(Boolean)
    .join('');
}

/** Total ink: number of points (a signature with no ink must not be sent). */
export function inkPoints(strokes: readonly Stroke[]): number {
  return strokes.reduce((n, s) => n + s.points.length, 0);
}
