import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layoutDocument } from '../../reports/documents/layout';
import { defaultTemplate } from '../../reports/documents/templates';
import { sampleDocument } from './fixtures';
import { countMm, fullRows, isDark, isInk, isRed, rasterize, toolsMissing } from './raster';

/**
 * GB/T 9704-2012 §10.1 信函格式 (函) and §7.4/§7.5: the 版记 on an even last page, blank page and 版记 page
 * unnumbered. Checked on the rendered PDF only: pixels (pdftoppm), text per page (pdftotext), page count (pdfinfo).
 */
const DPI = 100;
const skip = toolsMissing();
const dir = mkdtempSync(join(tmpdir(), 'oa-letter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const template = defaultTemplate('unit-czj');
const keep = process.env.KEEP_PNG ? join(process.env.KEEP_PNG, 'letter') : undefined;

let n = 0;
function pdfPages(pdf: Buffer): { count: number; text: (page: number) => string } {
  const file = join(dir, `d${++n}.pdf`);
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file]).toString();
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
  return { count, text: (page) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', file, '-']).toString() };
}

/** Groups of consecutive pixel rows → [first mm, last mm, thickness px]. */
function groups(rows: number[]): { from: number; to: number; px: number }[] {
  const out: { from: number; to: number; px: number }[] = [];
  for (const y of rows) {
    const g = out[out.length - 1];
    if (g && y - g.to <= 1) {
      g.to = y;
      g.px++;
    } else out.push({ from: y, to: y, px: 1 });
  }
  return out.map((g) => ({ from: (g.from / DPI) * 25.4, to: (g.to / DPI) * 25.4, px: g.px }));
}

const letter = (over: Parameters<typeof sampleDocument>[0] = {}, paragraphs = 3) =>
  sampleDocument(
    {
      kind: '函',
      title: '某区财政局关于商请提供2026年度预算执行数据的函',
      mainRecipients: ['某区统计局'],
      ...over,
    },
    paragraphs,
  );

describe.skipIf(skip)('信函格式 (GB/T 9704 §10.1) for 函', () => {
  it('red mark 30 mm from the top, red double lines (上粗下细 under the mark, 上细下粗 20 mm above the foot), 发文字号 right, no page number on page 1', async () => {
    const out = await layoutDocument(letter(), template);
    expect(out.format).toBe('letter');
    const pages = rasterize(out.pdf, DPI, keep);
    const p1 = pages[0];
    // nothing above 29 mm; the red mark starts at 30 mm, centred
    expect(countMm(p1, DPI, { x0: 0, y0: 0, x1: 210, y1: 29.5 }, isRed)).toBe(0);
    expect(countMm(p1, DPI, { x0: 60, y0: 30, x1: 150, y1: 44 }, isRed)).toBeGreaterThan(800);
    expect(countMm(p1, DPI, { x0: 0, y0: 30, x1: 55, y1: 44 }, isRed)).toBe(0); // centred: nothing at the far left
    // red rules spanning 170 mm (20 … 190 mm), not wider
    const redRows = groups(fullRows(p1, DPI, 20.5, 189.5, 0.97, isRed));
    expect(redRows).toHaveLength(4);
    for (const g of redRows) {
      const y = (Math.round(((g.from + g.to) / 2 / 25.4) * DPI) / DPI) * 25.4;
      expect(countMm(p1, DPI, { x0: 10, y0: y - 0.1, x1: 19, y1: y + 0.2 }, isRed)).toBe(0);
      expect(countMm(p1, DPI, { x0: 191, y0: y - 0.1, x1: 200, y1: y + 0.2 }, isRed)).toBe(0);
    }
    const [top1, top2, foot1, foot2] = redRows;
    // first double line 4 mm under the mark (mark ≈ 30 … 43 mm): thick above thin
    expect(top1.from).toBeGreaterThan(45);
    expect(top1.from).toBeLessThan(52);
    expect(top1.px).toBeGreaterThan(top2.px);
    expect(top2.from - top1.to).toBeLessThan(2);
    // second double line: 20 mm above the bottom edge (297 − 20 = 277 mm), thin above thick
    expect(Math.abs(foot2.to - 277)).toBeLessThan(0.8);
    expect(foot2.px).toBeGreaterThan(foot1.px);
    // 份号/密级/紧急程度 at the left and 发文字号 at the right, just under the first double line
    const under = top2.to;
    expect(countMm(p1, DPI, { x0: 28, y0: under + 1, x1: 50, y1: under + 9 }, isDark)).toBeGreaterThan(40);
    expect(countMm(p1, DPI, { x0: 140, y0: under + 1, x1: 184, y1: under + 9 }, isDark)).toBeGreaterThan(80);
    expect(countMm(p1, DPI, { x0: 80, y0: under + 1, x1: 130, y1: under + 9 }, isDark)).toBe(0);
    // 首页不显示页码; page 2 has its number on the left
    expect(countMm(p1, DPI, { x0: 28, y0: 263, x1: 184, y1: 274 }, isInk)).toBe(0);
    expect(countMm(pages[1], DPI, { x0: 28, y0: 263, x1: 60, y1: 274 }, isInk)).toBeGreaterThan(20);
    // later pages: no red at all
    for (const p of pages.slice(1)) expect(countMm(p, DPI, { x0: 0, y0: 0, x1: 210, y1: 297 }, isRed)).toBe(0);
    // text: the name alone (no 文件), 发文字号 on page 1; 版记 = 抄送 only, no 印发, no black rules
    const t = pdfPages(out.pdf);
    expect(t.count).toBe(out.pages);
    const first = t.text(1);
    expect(first).toContain('某区财政局');
    expect(first).not.toContain('文件');
    expect(first).toMatch(/000012\s+区财预〔2026〕3号/);
    // the 标题 in balanced lines, the year not split across them
    expect(first.replace(/\s+/g, '')).toContain('某区财政局关于商请提供2026年度预算执行数据的函');
    expect(first).not.toMatch(/\d[ \t]*\n\s*\d/);
    const last = t.text(t.count);
    expect(last).toContain('抄送：区委办公室');
    expect(last).not.toContain('印发');
    expect(fullRows(pages[pages.length - 1], DPI, 28.5, 183.5, 0.95, isDark)).toHaveLength(0);
  });

  it('a 联合行文 函 shows the 主办机关 only; the same document as 通知 keeps the 文件格式', async () => {
    const issuers = [
      { unitId: 'unit-czj', name: '某区财政局' },
      { unitId: 'unit-fgw', name: '某区发展和改革委员会' },
    ];
    const joint = await layoutDocument(letter({ issuers, signatureNames: issuers.map((i) => i.name) }), template);
    const first = pdfPages(joint.pdf).text(1);
    expect(first).toContain('某区财政局');
    expect(first.split('\n').slice(0, 8).join('\n')).not.toContain('某区发展和改革委员会');
    const notice = await layoutDocument(sampleDocument({}, 3), template);
    expect(notice.format).toBe('document');
    const nt = pdfPages(notice.pdf);
    expect(nt.text(1)).toContain('某区财政局文件');
    expect(nt.text(nt.count)).toContain('印发');
    // 文件格式: the red mark starts 72 mm down (版心 37 mm + 35 mm): nothing red near 30 mm
    const p = rasterize(notice.pdf, 50)[0];
    expect(countMm(p, 50, { x0: 0, y0: 25, x1: 210, y1: 60 }, isRed)).toBe(0);
  });
});

describe.skipIf(skip)('版记 on an even last page (双面印刷; §7.5 blank page and 版记 page unnumbered)', () => {
  it('bodies ending on odd and even pages: the 版记 is always on the last page, which is even', async () => {
    const seen = new Set<string>();
    for (const k of [1, 12, 24, 25, 26, 27, 30]) {
      const body = Array.from({ length: k }, (_, i) => `第${i + 1}条，按照规定认真执行。`).join('\n');
      const out = await layoutDocument(sampleDocument({ body, attachments: [], note: null }, 1), template);
      const t = pdfPages(out.pdf);
      const texts = Array.from({ length: t.count }, (_, i) => t.text(i + 1));
      const ctx = `k=${k}, pages=${t.count}`;
      expect(t.count % 2, ctx).toBe(0);
      // the 版记 (印发机关 … 印发) on the last page and on no other
      expect(texts[t.count - 1], ctx).toMatch(/某区财政局办公室\s+2026年3月6日印发/);
      expect(
        texts.slice(0, -1).some((x) => x.includes('印发')),
        ctx,
      ).toBe(false);
      // the body ends where the 成文日期 is
      const end = texts.findIndex((x) => x.includes('2026年3月5日')) + 1;
      expect(end, ctx).toBeGreaterThan(0);
      expect(texts[end - 1], ctx).toContain(`第${k}条`);
      const number = (i: number) => new RegExp(`—\\s*${i}\\s*—`);
      if (end % 2 === 1) {
        // odd: the 版记 takes the next (even) page, alone, numbered
        expect(t.count, ctx).toBe(end + 1);
        expect(texts[end], ctx).not.toMatch(/第\d+条/);
        expect(texts[end], ctx).toMatch(number(end + 1));
        seen.add('odd');
      } else if (t.count === end) {
        expect(texts[end - 1], ctx).toMatch(number(end));
        seen.add('even-same-page');
      } else {
        // even without room: a blank page, then the 版记 page — neither numbered
        expect(t.count, ctx).toBe(end + 2);
        expect(texts[end].trim(), ctx).toBe('');
        expect(texts[end + 1], ctx).not.toMatch(/—\s*\d+\s*—/);
        expect(out.pageUse.blank, ctx).toEqual([end]);
        seen.add('even-blank');
      }
      for (let i = 1; i <= end; i++) expect(texts[i - 1], `${ctx} page ${i}`).toMatch(number(i));
    }
    expect([...seen].sort()).toEqual(['even-blank', 'even-same-page', 'odd']);
  });

  it('a 函 without 抄送 has no 版记 and needs no even page; with 抄送 the 抄送 line follows the same even-page rule', async () => {
    const without = await layoutDocument(letter({ copyTo: [], attachments: [], note: null, body: '请于3月底前提供有关数据。' }), template);
    expect(without.pageUse.record).toBeNull();
    expect(pdfPages(without.pdf).count).toBe(1);
    const withCc = await layoutDocument(letter({ attachments: [], note: null, body: '请于3月底前提供有关数据。' }), template);
    const t = pdfPages(withCc.pdf);
    expect(t.count).toBe(2);
    expect(t.text(1)).not.toContain('抄送');
    expect(t.text(2)).toContain('抄送：区委办公室');
  });
});
