import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GbT9704Renderer } from '../../reports/documents/renderer';
import { FileStore, sha256Hex } from '../../reports/documents/storage';
import { RedHeaderTemplateStore, TemplateValidationError, defaultTemplate } from '../../reports/documents/templates';
import { sampleDocument } from './fixtures';
import { countMm, fullRows, isDark, isInk, isRed, pdfFonts, rasterize, toolsMissing } from './raster';

const DPI = 50;
const dir = mkdtempSync(join(tmpdir(), 'oa-redhead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const files = new FileStore(dir);
const templates = new RedHeaderTemplateStore(dir);
const renderer = new GbT9704Renderer(templates, files);
const skip = toolsMissing();
const keep = process.env.KEEP_PNG ? join(process.env.KEEP_PNG, 'redhead') : undefined;

describe.skipIf(skip)('套红 (GB/T 9704 red header) rendered to PDF, checked on pixels', () => {
  it('renders a multi-page 红头文件: red 发文机关标志 and separator on page 1, 版记 rules at the foot of the last page, page count', async () => {
    const doc = sampleDocument({}, 14);
    const out = await renderer.render({ document: doc, templateId: null });
    expect(out.templateId).toBe('default:unit-czj');
    const pdf = files.get(out.storageKey);
    expect(sha256Hex(pdf)).toBe(out.pdfSha256);
    expect(out.bytes).toBe(pdf.length);
    const pages = rasterize(pdf, DPI, keep);
    expect(out.pages).toBeGreaterThanOrEqual(3);
    expect(pages).toHaveLength(out.pages);
    const [first] = pages;
    expect(Math.abs(first.width - (210 / 25.4) * DPI)).toBeLessThan(1.5); // A4 portrait
    expect(Math.abs(first.height - (297 / 25.4) * DPI)).toBeLessThan(1.5);
    // 发文机关标志: 版心 top (37 mm) + 35 mm … + ~20 mm, across the 版心 (28 … 184 mm)
    const markRed = countMm(first, DPI, { x0: 28, y0: 70, x1: 184, y1: 92 }, isRed);
    expect(markRed).toBeGreaterThan(800);
    // the red separator: a row of red pixels ≥ 95 % of the 版心 width, below the mark
    const redRows = fullRows(first, DPI, 28.5, 183.5, 0.95, isRed).map((y) => (y / DPI) * 25.4);
    expect(redRows.length).toBeGreaterThan(0);
    expect(redRows[0]).toBeGreaterThan(100);
    expect(redRows[0]).toBeLessThan(130);
    // nothing red above the mark but the small top-left elements are black (份号/内部/加急)
    expect(countMm(first, DPI, { x0: 0, y0: 0, x1: 210, y1: 70 }, isRed)).toBe(0);
    expect(countMm(first, DPI, { x0: 28, y0: 37, x1: 60, y1: 68 }, isDark)).toBeGreaterThan(50);
    // later pages carry no red header
    for (const p of pages.slice(1)) expect(countMm(p, DPI, { x0: 0, y0: 0, x1: 210, y1: 297 }, isRed)).toBe(0);
    // 版记: black rules spanning the 版心 near the 版心 bottom edge (37 + 225 = 262 mm) on the last page only
    const last = pages[pages.length - 1];
    const blackRows = fullRows(last, DPI, 28.5, 183.5, 0.95, isDark).map((y) => (y / DPI) * 25.4);
    expect(blackRows.some((y) => Math.abs(y - 262) < 1.5)).toBe(true);
    expect(blackRows.filter((y) => y > 220).length).toBeGreaterThanOrEqual(3);
    expect(fullRows(first, DPI, 28.5, 183.5, 0.95, isDark)).toHaveLength(0);
    // page numbers under the 版心: odd pages on the right, even on the left
    expect(countMm(first, DPI, { x0: 150, y0: 263, x1: 184, y1: 275 }, isInk)).toBeGreaterThan(8);
    expect(countMm(first, DPI, { x0: 28, y0: 263, x1: 60, y1: 275 }, isInk)).toBe(0);
    expect(countMm(pages[1], DPI, { x0: 28, y0: 263, x1: 60, y1: 275 }, isInk)).toBeGreaterThan(8);
    expect(countMm(pages[1], DPI, { x0: 150, y0: 263, x1: 184, y1: 275 }, isInk)).toBe(0);
    // CJK fonts embedded (subset)
    const fonts = pdfFonts(pdf);
    expect(fonts).toMatch(/\+NotoSerifCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes/);
    expect(fonts).toMatch(/\+NotoSerifCJKsc-Bold/);
  });

  it('is deterministic (same version + template → same bytes, same key) and longer bodies make more pages', async () => {
    const a = await renderer.render({ document: sampleDocument({}, 4), templateId: null });
    const b = await renderer.render({ document: sampleDocument({}, 4), templateId: null });
    const c = await renderer.render({ document: sampleDocument({}, 30), templateId: null });
    expect(b.storageKey).toBe(a.storageKey);
    expect(c.pages).toBeGreaterThan(a.pages);
  });

  it('stacks the issuers of a 联合行文 (taller red mark) and prints the 签发人 for a 请示', async () => {
    const single = rasterize(files.get((await renderer.render({ document: sampleDocument({}, 2), templateId: null })).storageKey), DPI)[0];
    const joint = await renderer.render({
      document: sampleDocument(
        {
          kind: '请示',
          signers: ['李四'],
          mainRecipients: ['某区人民政府'],
          issuers: [
            { unitId: 'unit-czj', name: '某区财政局' },
            { unitId: 'unit-fgw', name: '某区发展和改革委员会' },
          ],
          signatureNames: ['某区财政局', '某区发展和改革委员会'],
        },
        2,
      ),
      templateId: null,
    });
    const p = rasterize(files.get(joint.storageKey), DPI, keep && `${keep}-joint`)[0];
    const redRowsIn = (png: typeof p) => {
      const rows = new Set<number>();
      for (let y = Math.round((70 / 25.4) * DPI); y < Math.round((110 / 25.4) * DPI); y++)
        if (countMm(png, DPI, { x0: 28, y0: (y / DPI) * 25.4, x1: 184, y1: ((y + 1) / DPI) * 25.4 }, isRed) > 3) rows.add(y);
      return rows.size;
    };
    expect(redRowsIn(p)).toBeGreaterThan(redRowsIn(single) * 1.4);
    // 签发人 at the right on the 发文字号 line (black text right of the centre, just above the separator)
    const sep = fullRows(p, DPI, 28.5, 183.5, 0.95, isRed).map((y) => (y / DPI) * 25.4)[0];
    expect(countMm(p, DPI, { x0: 130, y0: sep - 9, x1: 184, y1: sep - 1 }, isDark)).toBeGreaterThan(20);
  });

  it("uses the office admin template (double separator, other red) and refuses a non-red colour or another unit's template", async () => {
    templates.save(
      { ...defaultTemplate('unit-czj'), id: 'czj-double', name: '双线红头', color: '#CC0000', separator: 'double' },
      'admin',
      '2026-03-01T00:00:00Z',
    );
    expect(templates.list('unit-czj').map((t) => t.id)).toEqual(['default:unit-czj', 'czj-double']);
    const out = await renderer.render({ document: sampleDocument({}, 2), templateId: 'czj-double' });
    expect(out.templateId).toBe('czj-double');
    const p = rasterize(files.get(out.storageKey), DPI)[0];
    const rows = fullRows(p, DPI, 28.5, 183.5, 0.95, (r, g, b) => r > 150 && g < 110 && b < 110);
    const groups = rows.filter((y, i) => i === 0 || y - rows[i - 1] > 0);
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(() => templates.save({ ...defaultTemplate('unit-czj'), id: 'blue', color: '#0000FF' }, 'admin', '2026-03-01T00:00:00Z')).toThrow(
      TemplateValidationError,
    );
    await expect(renderer.render({ document: sampleDocument({ unitId: 'unit-other' }, 1), templateId: 'czj-double' })).rejects.toThrow(
      /不存在或不属于本单位/,
    );
  });
});
