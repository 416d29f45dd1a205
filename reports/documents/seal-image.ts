import type * as fontkit from 'fontkit';
import { seal5Star } from './layout';

/**
 * The 印章 image as PDF vector operators (no font, no bitmap): a red ring, a five-pointed star in the
 * centre and the unit's name along the upper arc, each character's outline taken from the CJK face
 * (fontkit glyph paths) and placed upright along the radius — the usual 公章 of a Chinese organ.
 * Coordinates are PDF user space (origin bottom-left, y up), in points. The result is a self-contained
 * content-stream fragment wrapped in q … Q.
 */
export interface SealGeometry {
  cx: number;
  cy: number;
  r: number;
}

export const SEAL_RGB: [number, number, number] = [0.902, 0, 0.071]; // #E60012

const n = (v: number) => (Math.abs(v) < 1e-6 ? '0' : v.toFixed(2));

function circle(cx: number, cy: number, r: number): string {
  const k = 0.5522847498 * r;
  return [
    `${n(cx + r)} ${n(cy)} m`,
    `${n(cx + r)} ${n(cy + k)} ${n(cx + k)} ${n(cy + r)} ${n(cx)} ${n(cy + r)} c`,
    `${n(cx - k)} ${n(cy + r)} ${n(cx - r)} ${n(cy + k)} ${n(cx - r)} ${n(cy)} c`,
    `${n(cx - r)} ${n(cy - k)} ${n(cx - k)} ${n(cy - r)} ${n(cx)} ${n(cy - r)} c`,
    `${n(cx + k)} ${n(cy - r)} ${n(cx + r)} ${n(cy - k)} ${n(cx + r)} ${n(cy)} c`,
    'h',
  ].join('\n');
}

type Pt = (x: number, y: number) => [number, number];

function glyphOps(font: fontkit.Font, ch: string, map: Pt): string {
  const run = font.layout(ch);
  const g = run.glyphs[0];
  if (!g) return '';
  const out: string[] = [];
  let last: [number, number] = [0, 0];
  for (const c of g.path.commands) {
    const a = c.args;
    switch (c.command) {
      case 'moveTo': {
        const p = map(a[0], a[1]);
        out.push(`${n(p[0])} ${n(p[1])} m`);
        last = [a[0], a[1]];
        break;
      }
      case 'lineTo': {
        const p = map(a[0], a[1]);
        out.push(`${n(p[0])} ${n(p[1])} l`);
        last = [a[0], a[1]];
        break;
      }
      case 'quadraticCurveTo': {
        // quadratic → cubic: c1 = p0 + 2/3 (q − p0), c2 = p + 2/3 (q − p)
        const [qx, qy, x, y] = a;
        const c1 = map(last[0] + (2 / 3) * (qx - last[0]), last[1] + (2 / 3) * (qy - last[1]));
        const c2 = map(x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y));
        const p = map(x, y);
        out.push(`${n(c1[0])} ${n(c1[1])} ${n(c2[0])} ${n(c2[1])} ${n(p[0])} ${n(p[1])} c`);
        last = [x, y];
        break;
      }
      case 'bezierCurveTo': {
        const c1 = map(a[0], a[1]);
        const c2 = map(a[2], a[3]);
        const p = map(a[4], a[5]);
        out.push(`${n(c1[0])} ${n(c1[1])} ${n(c2[0])} ${n(c2[1])} ${n(p[0])} ${n(p[1])} c`);
        last = [a[4], a[5]];
        break;
      }
      case 'closePath':
        out.push('h');
        break;
      default:
        break;
    }
  }
  return out.join('\n');
}

export function sealOperators(name: string, g: SealGeometry, font: fontkit.Font): string {
  const { cx, cy, r } = g;
  const [R, G, B] = SEAL_RGB;
  const ring = r * 0.055;
  const ops: string[] = ['q', `${R} ${G} ${B} rg`, `${R} ${G} ${B} RG`, `${n(ring)} w`];
  ops.push(circle(cx, cy, r - ring / 2), 'S');
  // star (the PDF y axis points up: mirror the top-down star)
  const star = seal5Star(cx, -cy, r * 0.3).map(([x, y]) => [x, -y] as [number, number]);
  ops.push(`${n(star[0][0])} ${n(star[0][1])} m`, ...star.slice(1).map(([x, y]) => `${n(x)} ${n(y)} l`), 'h', 'f');
  // the unit's name along the upper arc
  const chars = [...name.replace(/\s+/g, '')];
  if (chars.length) {
    const h = r * 0.27;
    const rb = r - ring - r * 0.06 - 0.88 * h;
    const span = Math.min((250 * Math.PI) / 180, Math.max((150 * Math.PI) / 180, chars.length * ((26 * Math.PI) / 180)));
    const pitch = span / chars.length;
    const hs = Math.min(1, (pitch * rb) / (h * 1.02));
    const s = h / font.unitsPerEm;
    chars.forEach((ch, i) => {
      const theta = Math.PI / 2 + span / 2 - (i + 0.5) * pitch;
      const phi = theta - Math.PI / 2;
      const cos = Math.cos(phi);
      const sin = Math.sin(phi);
      const ox = cx + rb * Math.cos(theta);
      const oy = cy + rb * Math.sin(theta);
      const adv = font.layout(ch).glyphs[0]?.advanceWidth ?? font.unitsPerEm;
      const map: Pt = (x, y) => {
        const lx = (x - adv / 2) * s * hs;
        const ly = y * s;
        return [ox + lx * cos - ly * sin, oy + lx * sin + ly * cos];
      };
      const gops = glyphOps(font, ch, map);
      if (gops) ops.push(gops, 'f');
    });
  }
  ops.push('Q');
  return ops.join('\n');
}
