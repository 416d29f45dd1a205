import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** pdftoppm (Debian poppler-utils, installed by deploy/services.sh) — null when missing. */
export function havePdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Renders every page to PNG (pdftoppm -png -r dpi) and decodes them. `keepAs` keeps copies (for looking at them). */
export function rasterize(pdf: Buffer, dpi = 50, keepAs?: string): PNG[] {
  const dir = mkdtempSync(join(tmpdir(), 'oa-raster-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), join(dir, 'in.pdf'), join(dir, 'p')]);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort((a, b) => Number(/(\d+)\.png$/.exec(a)![1]) - Number(/(\d+)\.png$/.exec(b)![1]));
    if (keepAs) files.forEach((f, i) => writeFileSync(`${keepAs}-${i + 1}.png`, readFileSync(join(dir, f))));
    return files.map((f) => PNG.sync.read(readFileSync(join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const isRed = (r: number, g: number, b: number) => r > 170 && g < 110 && b < 110;
export const isDark = (r: number, g: number, b: number) => r < 110 && g < 110 && b < 110;
/** Grey or darker (thin antialiased glyphs at 50 dpi). */
export const isInk = (r: number, g: number, b: number) => r < 170 && g < 170 && b < 170;

/** Pixels in [x0,x1)×[y0,y1) (in mm at the page's dpi) matching `pred`. */
export function countMm(
  png: PNG,
  dpi: number,
  box: { x0: number; y0: number; x1: number; y1: number },
  pred: (r: number, g: number, b: number) => boolean,
): number {
  const px = (mm: number) => Math.round((mm / 25.4) * dpi);
  let n = 0;
  for (let y = Math.max(0, px(box.y0)); y < Math.min(png.height, px(box.y1)); y++) {
    for (let x = Math.max(0, px(box.x0)); x < Math.min(png.width, px(box.x1)); x++) {
      const i = (png.width * y + x) * 4;
      if (pred(png.data[i], png.data[i + 1], png.data[i + 2])) n++;
    }
  }
  return n;
}

/** Rows (pixel y) where at least `fraction` of the pixels between x0 and x1 mm match `pred`. */
export function fullRows(
  png: PNG,
  dpi: number,
  x0: number,
  x1: number,
  fraction: number,
  pred: (r: number, g: number, b: number) => boolean,
): number[] {
  const px = (mm: number) => Math.round((mm / 25.4) * dpi);
  const out: number[] = [];
  for (let y = 0; y < png.height; y++) {
    let n = 0;
    for (let x = px(x0); x < px(x1); x++) {
      const i = (png.width * y + x) * 4;
      if (pred(png.data[i], png.data[i + 1], png.data[i + 2])) n++;
    }
    if (n >= fraction * (px(x1) - px(x0))) out.push(y);
  }
  return out;
}

export const pdfFonts = (pdf: Buffer): string => {
  const dir = mkdtempSync(join(tmpdir(), 'oa-fonts-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    return execFileSync('pdffonts', [join(dir, 'in.pdf')]).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export const toolsMissing = () => {
  if (havePdftoppm() && existsSync('/usr/bin/pdffonts')) return false;
  const msg =
    'pdftoppm/pdffonts (poppler-utils) not installed: run `bash deploy/services.sh start` (browser step) — PDF raster checks skipped';
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(msg);
  console.warn(`\n!!! ${msg}\n`);
  return true;
};

/** The text of a PDF laid out as printed (pdftotext -layout); `page` limits it to one page (1-based). */
export const pdfText = (pdf: Buffer, page?: number): string => {
  const dir = mkdtempSync(join(tmpdir(), 'oa-text-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const range = page ? ['-f', String(page), '-l', String(page)] : [];
    return execFileSync('pdftotext', ['-layout', ...range, join(dir, 'in.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
