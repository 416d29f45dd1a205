import PDFDocument from 'pdfkit';
import { checkRecord } from '../../domain/documents/outgoing.decide';
import type { RenderableDocument } from '../../domain/documents/ports';
import { parsedFace, type FontRole } from './fonts';
import { markSuffix, type RedHeaderTemplate } from './templates';

/**
 * 套红排版 per GB/T 9704-2012 (党政机关公文格式), drawn with pdfkit, CJK fonts embedded as subsets.
 *
 * Geometry (§5): A4 210×297 mm; 天头 37 mm, 订口 28 mm; 版心 156×225 mm; 22 lines × 28 characters of
 * 3号 (16 pt) text: line pitch 225/22 mm, character pitch 156/28 mm (the brief's "28×28" is not the
 * standard's figure: §5.2.2 says 每面排22行，每行排28个字).
 *  - 版头: 份号 / 密级★保密期限 / 紧急程度 top-left (黑体); 发文机关标志 red, centred, top edge 35 mm
 *    below the 版心 top (§7.2.3), 联合行文: names stacked, the suffix ('文件') to their right,
 *    vertically centred; 发文字号 two lines below, centred (上行文: 发文字号 left + 签发人 right,
 *    each 空一字, §7.2.6); the red separator 4 mm under the 发文字号, as wide as the 版心 (§7.2.7).
 *  - 主体: 标题 (2号 bold serif ≈ 小标宋) two lines below the separator, centred, wrapped into balanced
 *    lines; 主送机关 one line below, 顶格; 正文 paragraphs 首行缩进二字 (一、 headings in 黑体);
 *    附件说明 one line below (左空二字, hanging under the names); 署名 and 成文日期 (right 空四字,
 *    署名 centred on the date) with room for the 印章 (42 mm) whose top is within one line of the text
 *    (§7.3.5.1); 联合行文 signatures side by side (≤3 per row), one seal each. The signature block never
 *    starts a page alone: the last two body lines move with it (§7.3.5.4 "不得采取标注‘此页无正文’").
 *    附注 under the date, (…) 左空二字.
 *  - 版记 (§7.4) at the foot of the last page: thick rule, 抄送 (4号, hanging), thin rule, 印发机关 (左空
 *    一字) and 印发日期 (右空一字, “…印发”), thick rule — the last rule on the 版心 bottom edge.
 *    The 版记 page is always even (双面印刷: the back of the last sheet): a body ending on an odd page
 *    puts the 版记 alone on the next page; a body ending on an even page without room for it gets a
 *    blank page and then the 版记 page, neither numbered (§7.5 “版记页前有空白页的，空白页和版记页均不
 *    编排页码”).
 *  - 页码 (§7.5): “— n —” 4号 half-width, 7 mm below the 版心; odd pages right (空一字), even left.
 *  - 信函格式 (§10.1), used for 函: the 发文机关标志 (name alone, the 主办机关's for 联合行文) red and
 *    centred 30 mm below the page top; a red double line (上粗下细) 4 mm under it and one (上细下粗)
 *    20 mm above the bottom edge, both 170 mm long; 份号/密级/紧急程度 顶格 left and the 发文字号 right
 *    under the first line; the 标题 two lines lower; no page number on the first page; the 版记 is the
 *    抄送 alone (no 印发机关/印发日期, no rules), still on an even last page.
 *
 * The seal anchors (centre and radius of each issuer's 印章, page, unit) are written into the PDF's
 * Info dictionary as `OASealAnchors` (base64 JSON) so that 用印 can stamp the rendered file later
 * without re-rendering it. Rendering is deterministic: the same input gives the same bytes
 * (CreationDate = 成文日期 00:00 Asia/Shanghai).
 */

export const MM = 72 / 25.4;
export const PAGE_W = 595.28;
export const PAGE_H = 841.89;
export const TOP = 37 * MM;
export const LEFT = 28 * MM;
export const TEXT_W = 156 * MM;
export const TEXT_H = 225 * MM;
export const BOTTOM = TOP + TEXT_H;
export const RIGHT = LEFT + TEXT_W;
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
export const PITCH = TEXT_H / LINES_PER_PAGE;
export const CHAR = TEXT_W / CHARS_PER_LINE;
const BODY_PT = 16; // 3号
const TITLE_PT = 22; // 2号
const SMALL_PT = 14; // 4号
export const SEAL_DIAMETER_MM = 42;
const SEAL_R = (SEAL_DIAMETER_MM / 2) * MM;

/** Where 用印 puts one issuer's seal (pdfkit coordinates: origin top-left, y down). */
export interface SealAnchor {
  unitId: string | null;
  name: string;
  /** 0-based page index. */
  page: number;
  cx: number;
  cy: number;
  r: number;
}

export interface LaidOutPdf {
  pdf: Buffer;
  pages: number;
  anchors: SealAnchor[];
  /** How the pages were used (0-based indexes): where the 正文/署名 ended, where the 版记 is (null: none), blank pages. */
  pageUse: { bodyEnd: number; record: number | null; blank: number[]; unnumbered: number[] };
  /** 'letter' = 信函格式 (GB/T 9704 §10.1, 函), else the 文件格式. */
  format: 'document' | 'letter';
}

/** 信函格式 (GB/T 9704 §10.1) is used for 函. */
export const isLetterKind = (kind: string) => kind === '函';
/** 信函格式: the red double lines are 170 mm long, centred on the page. */
export const LETTER_RULE_W = 170 * MM;
export const LETTER_MARK_TOP = 30 * MM;
export const LETTER_FOOT_RULE = PAGE_H - 20 * MM;

type Doc = PDFKit.PDFDocument;
interface Run {
  text: string;
  font: FontRole;
  size: number;
  color?: string;
  x: number;
  spacing?: number;
  hscale?: number;
}
interface PlacedLine {
  y: number;
  runs: Run[];
  body: boolean;
}
interface Page {
  lines: PlacedLine[];
  shapes: ((doc: Doc) => void)[];
  noNumber?: boolean;
}

const NO_START = new Set([...'，。、；：？！）》」』】〕〉…—’”,.;:?!)]%']);
const NO_END = new Set([...'（《「『【〔〈‘“([']);
const WORD = /^[0-9A-Za-z.%]$/;

export const chineseDate = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

class Measure {
  private readonly cache = new Map<string, number>();
  constructor(private readonly doc: Doc) {}
  width(text: string, font: FontRole, size: number): number {
    let w = 0;
    for (const ch of text) {
      const k = `${font}|${ch}`;
      let u = this.cache.get(k);
      if (u === undefined) {
        this.doc.font(font).fontSize(1000);
        u = this.doc.widthOfString(ch) / 1000;
        this.cache.set(k, u);
      }
      w += u * size;
    }
    return w;
  }
}

/**
 * Greedy line breaking on a character grid with 避头尾 (no closing punctuation at a line start, no
 * opening one at a line end) and numbers/Latin words kept whole. `width(i)` is the width available for line i.
 */
function breakLines(text: string, widthOf: (line: number) => number, charW: (ch: string) => number): string[] {
  const chars = [...text];
  const out: string[] = [];
  let cur: string[] = [];
  let w = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const cw = charW(ch);
    if (cur.length > 0 && w + cw > widthOf(out.length) + 0.01) {
      if (NO_START.has(ch)) {
        cur.push(ch); // hangs: squeezed into the line when drawn
        out.push(cur.join(''));
        cur = [];
        w = 0;
        continue;
      }
      const carry: string[] = [];
      while (cur.length > 1 && NO_END.has(cur[cur.length - 1])) carry.unshift(cur.pop()!);
      // a number or Latin word (2026, 12.5%, GB/T) is not split across lines: it moves down whole
      if (carry.length === 0 && WORD.test(ch)) {
        let k = cur.length;
        while (k > 0 && WORD.test(cur[k - 1])) k--;
        if (k > 0 && k < cur.length) carry.push(...cur.splice(k));
      }
      out.push(cur.join(''));
      cur = carry;
      w = carry.reduce((a, c) => a + charW(c), 0);
    }
    cur.push(ch);
    w += cw;
  }
  if (cur.length) out.push(cur.join(''));
  return out;
}

class Flow {
  pages: Page[] = [{ lines: [], shapes: [] }];
  y: number;
  constructor(startY: number) {
    this.y = startY;
  }
  get page() {
    return this.pages[this.pages.length - 1];
  }
  get pageIndex() {
    return this.pages.length - 1;
  }
  newPage() {
    this.pages.push({ lines: [], shapes: [] });
    this.y = TOP;
  }
  fits(lines: number) {
    return this.y + lines * PITCH <= BOTTOM + 0.5;
  }
  line(runs: Run[], body = false) {
    if (!this.fits(1)) this.newPage();
    this.page.lines.push({ y: this.y, runs, body });
    this.y += PITCH;
  }
  blank(n = 1) {
    if (this.y === TOP) return; // no blank lines at a page top
    this.y += n * PITCH;
    if (!this.fits(0)) this.newPage();
  }
  /** Reserve `lines` lines; when they do not fit, start a page and bring the last two body lines along. */
  reserve(lines: number): number {
    if (this.fits(lines)) return this.y;
    const prev = this.page;
    this.newPage();
    const bodyLines = prev.lines.filter((l) => l.body);
    const carry = bodyLines.length > 2 ? bodyLines.slice(-2) : [];
    if (carry.length && carry[carry.length - 1] === prev.lines[prev.lines.length - 1]) {
      prev.lines.splice(prev.lines.length - carry.length, carry.length);
      for (const l of carry) {
        this.page.lines.push({ ...l, y: this.y });
        this.y += PITCH;
      }
    }
    return this.y;
  }
}

function drawRun(doc: Doc, y: number, r: Run, size = r.size) {
  // vertically centre the em box in the line box: baseline = top + (pitch - size)/2 + 0.88·size
  const baseline = y + (PITCH - size) / 2 + 0.88 * size;
  doc
    .font(r.font)
    .fontSize(size)
    .fillColor(r.color ?? '#000000');
  const opts: PDFKit.Mixins.TextOptions & { horizontalScaling?: number } = {
    lineBreak: false,
    baseline: 'alphabetic',
    characterSpacing: r.spacing ?? 0,
  };
  if (r.hscale && r.hscale !== 100) opts.horizontalScaling = r.hscale;
  doc.text(r.text, r.x, baseline, opts);
}

export function seal5Star(cx: number, cy: number, outer: number): [number, number][] {
  const pts: [number, number][] = [];
  const inner = outer * 0.382;
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? outer : inner;
    pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  return pts;
}

export async function layoutDocument(d: RenderableDocument, t: RedHeaderTemplate): Promise<LaidOutPdf> {
  // an incomplete 版记 (no 印发机关, no real 印发日期) is never printed: DomainError 422 with the field
  if (!isLetterKind(d.kind)) checkRecord(d.printingOrgan, d.printedDate, d.writtenDate || null);
  const creation = new Date(`${d.writtenDate}T00:00:00+08:00`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: {
      Title: d.title,
      Author: d.issuers.map((i) => i.name).join('、'),
      Subject: d.docNumber,
      Creator: '政务协同办公平台 套红',
      Producer: 'PDFKit',
      CreationDate: isNaN(creation.getTime()) ? new Date(0) : creation,
    },
  });
  for (const role of ['serif', 'serifBold', 'sans', 'sansBold'] as FontRole[]) {
    // pdfkit accepts a parsed fontkit face (anything with layout()); the typings only list bytes/paths
    doc.registerFont(role, parsedFace(role) as unknown as Buffer);
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    doc.on('end', () => res());
    doc.on('error', rej);
  });
  const m = new Measure(doc);
  const bodySpacing = CHAR - BODY_PT; // characters on the 28-per-line grid
  const bodyW = (s: string, font: FontRole = 'serif') => m.width(s, font, BODY_PT) + [...s].length * bodySpacing;
  const red = t.color;

  // ---------- 版头 ----------
  const headLines: Run[][] = [];
  if (d.copyNo) headLines.push([{ text: d.copyNo, font: 'serif', size: BODY_PT, x: LEFT }]);
  if (d.classification === '秘密' || d.classification === '机密' || d.classification === '绝密') {
    headLines.push([
      {
        text: `${d.classification}${d.secrecyPeriod ? `★${d.secrecyPeriod}` : ''}`,
        font: 'sans',
        size: BODY_PT,
        x: LEFT,
        spacing: bodySpacing,
      },
    ]);
  } else if (d.classification === '内部') {
    headLines.push([{ text: '内部', font: 'sans', size: BODY_PT, x: LEFT, spacing: bodySpacing }]);
  }
  if (d.urgency !== '平件') headLines.push([{ text: d.urgency, font: 'sans', size: BODY_PT, x: LEFT, spacing: bodySpacing }]);

  const flow = new Flow(TOP);
  const letter = isLetterKind(d.kind);

  /** 文件格式 版头 (§7.2): returns where the 标题 starts. */
  const documentHead = (): number => {
    headLines.forEach((runs, i) => flow.page.lines.push({ y: TOP + i * PITCH, runs, body: false }));

    // 发文机关标志
    const names = (t.issuerNames ?? d.issuers.map((i) => i.name)).filter((n) => n.trim());
    const suffix = markSuffix(t, d.kind);
    const markTop = TOP + 35 * MM;
    let markBottom: number;
    if (names.length <= 1) {
      const text = `${names[0] ?? ''}${suffix}`;
      let size = 44;
      let w = m.width(text, 'serifBold', size);
      let hscale = 100;
      if (w > TEXT_W) {
        hscale = Math.max(60, (TEXT_W / w) * 100);
        if ((w * hscale) / 100 > TEXT_W) size = (size * TEXT_W) / ((w * hscale) / 100);
        w = m.width(text, 'serifBold', size);
      }
      const drawnW = (w * hscale) / 100;
      const x = LEFT + (TEXT_W - drawnW) / 2;
      const baseline = markTop + 0.88 * size;
      flow.page.shapes.push((doc) => {
        doc.font('serifBold').fontSize(size).fillColor(red);
        doc.text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic', horizontalScaling: hscale } as PDFKit.Mixins.TextOptions);
      });
      markBottom = markTop + size;
    } else {
      let size = names.length <= 2 ? 36 : names.length <= 4 ? 28 : 22;
      const gap = 0.25 * size;
      const lineH = size * 1.25;
      let nameW = Math.max(...names.map((n) => m.width(n, 'serifBold', size)));
      let sufW = suffix ? m.width(suffix, 'serifBold', size * 1.3) : 0;
      let hscale = 100;
      const total = () => nameW + (suffix ? gap + sufW : 0);
      if (total() > TEXT_W) {
        hscale = Math.max(60, (TEXT_W / total()) * 100);
        if ((total() * hscale) / 100 > TEXT_W) {
          const k = TEXT_W / ((total() * hscale) / 100);
          size *= k;
          nameW *= k;
          sufW *= k;
        }
      }
      const drawnTotal = (total() * hscale) / 100;
      const x0 = LEFT + (TEXT_W - drawnTotal) / 2;
      const blockH = names.length * lineH;
      flow.page.shapes.push((doc) => {
        doc.font('serifBold').fillColor(red);
        names.forEach((n, i) => {
          const w = m.width(n, 'serifBold', size);
          // 发文机关名称 justified to the same width (整齐排列)
          const chars = [...n].length;
          const extra = chars > 1 ? (nameW - w) / (chars - 1) : 0;
          doc.fontSize(size).text(n, x0, markTop + i * lineH + 0.88 * size, {
            lineBreak: false,
            baseline: 'alphabetic',
            characterSpacing: extra,
            horizontalScaling: hscale,
          } as PDFKit.Mixins.TextOptions);
        });
        if (suffix) {
          const s = size * 1.3;
          const cy = markTop + blockH / 2 - (lineH - size) / 2;
          doc.fontSize(s).text(suffix, x0 + ((nameW + gap) * hscale) / 100, cy - s / 2 + 0.88 * s, {
            lineBreak: false,
            baseline: 'alphabetic',
            horizontalScaling: hscale,
          } as PDFKit.Mixins.TextOptions);
        }
      });
      markBottom = markTop + blockH - (lineH - size);
    }

    // 发文字号 (下空二行) and 签发人 for 上行文
    const numberTop = markBottom + 2 * PITCH;
    const upward = d.kind === '请示' || d.kind === '报告';
    const numberRuns: Run[] = [];
    if (upward && d.signers.length) {
      numberRuns.push({ text: d.docNumber, font: 'serif', size: BODY_PT, x: LEFT + CHAR });
      const label = '签发人：';
      const signers = d.signers.join('　');
      const sw = bodyW(label) + m.width(signers, 'serifBold', BODY_PT) + [...signers].length * bodySpacing;
      const sx = RIGHT - CHAR - sw;
      numberRuns.push({ text: label, font: 'serif', size: BODY_PT, x: sx, spacing: bodySpacing });
      numberRuns.push({ text: signers, font: 'serifBold', size: BODY_PT, x: sx + bodyW(label), spacing: bodySpacing });
    } else {
      const w = m.width(d.docNumber, 'serif', BODY_PT);
      numberRuns.push({ text: d.docNumber, font: 'serif', size: BODY_PT, x: LEFT + (TEXT_W - w) / 2 });
    }
    flow.page.lines.push({ y: numberTop, runs: numberRuns, body: false });

    // 红色分隔线: 4 mm under the 发文字号
    const numberBottom = numberTop + (PITCH - BODY_PT) / 2 + BODY_PT;
    const sepY = numberBottom + 4 * MM;
    const sepW = t.separatorMm * MM;
    flow.page.shapes.push((doc) => {
      doc.save().fillColor(red);
      if (t.separator === 'star') {
        const starR = 2.6 * MM;
        const gapHalf = starR * 1.6;
        doc.rect(LEFT, sepY - sepW / 2, TEXT_W / 2 - gapHalf, sepW).fill();
        doc.rect(LEFT + TEXT_W / 2 + gapHalf, sepY - sepW / 2, TEXT_W / 2 - gapHalf, sepW).fill();
        doc.polygon(...seal5Star(LEFT + TEXT_W / 2, sepY, starR)).fill();
      } else {
        doc.rect(LEFT, sepY - sepW / 2, TEXT_W, sepW).fill();
        if (t.separator === 'double') doc.rect(LEFT, sepY + sepW / 2 + 0.6 * MM, TEXT_W, 0.3 * MM).fill();
      }
      doc.restore();
    });

    return sepY + 2 * PITCH - PITCH / 2;
  };

  /**
   * 信函格式 版头 (§10.1): the 发文机关标志 (全称或规范化简称, no 文件; 联合行文: the 主办机关's) red and centred,
   * its top 30 mm below the page top; a red double line (上粗下细) 4 mm under it and another (上细下粗)
   * 20 mm above the bottom edge, both 170 mm long and centred; 份号/密级/紧急程度 顶格 at the left and the
   * 发文字号 at the right under the first double line (7/8 of a 3号 character below it); the 标题 two lines
   * under the last of them. Returns where the 标题 starts.
   */
  const letterHead = (): number => {
    const name = (t.issuerNames ?? d.issuers.map((i) => i.name)).filter((n) => n.trim())[0] ?? '';
    let size = 36;
    let w = m.width(name, 'serifBold', size);
    let hscale = 100;
    if (w > TEXT_W) {
      hscale = Math.max(60, (TEXT_W / w) * 100);
      if ((w * hscale) / 100 > TEXT_W) size = (size * TEXT_W) / ((w * hscale) / 100);
      w = m.width(name, 'serifBold', size);
    }
    const drawnW = (w * hscale) / 100;
    const x = (PAGE_W - drawnW) / 2;
    const markTop = LETTER_MARK_TOP;
    const markBottom = markTop + size;
    const thick = Math.max(t.separatorMm, 0.75) * MM;
    const thin = 0.3 * MM;
    const gap = 0.6 * MM;
    const rx = (PAGE_W - LETTER_RULE_W) / 2;
    const rule1 = markBottom + 4 * MM; // top of the thick line
    const rule1Bottom = rule1 + thick + gap + thin;
    const rule2Bottom = LETTER_FOOT_RULE; // bottom of the thick line of the lower double line
    flow.page.shapes.push((doc) => {
      doc.save();
      doc.font('serifBold').fontSize(size).fillColor(red);
      doc.text(name, x, markTop + 0.88 * size, {
        lineBreak: false,
        baseline: 'alphabetic',
        horizontalScaling: hscale,
      } as PDFKit.Mixins.TextOptions);
      doc.fillColor(red);
      doc.rect(rx, rule1, LETTER_RULE_W, thick).fill();
      doc.rect(rx, rule1 + thick + gap, LETTER_RULE_W, thin).fill();
      doc.rect(rx, rule2Bottom - thick - gap - thin, LETTER_RULE_W, thin).fill();
      doc.rect(rx, rule2Bottom - thick, LETTER_RULE_W, thick).fill();
      doc.restore();
    });
    // the glyph top sits 7/8 of a 3号 character under the line; drawRun centres the em box in the line box
    const firstY = rule1Bottom + (7 / 8) * BODY_PT - (PITCH - BODY_PT) / 2;
    headLines.forEach((runs, i) => flow.page.lines.push({ y: firstY + i * PITCH, runs, body: false }));
    if (d.docNumber) {
      const nw = m.width(d.docNumber, 'serif', BODY_PT);
      flow.page.lines.push({ y: firstY, runs: [{ text: d.docNumber, font: 'serif', size: BODY_PT, x: RIGHT - nw }], body: false });
    }
    const rows = Math.max(headLines.length, d.docNumber ? 1 : 0);
    return rows ? firstY + (rows - 1) * PITCH + 3 * PITCH : rule1Bottom + 2 * PITCH;
  };

  // ---------- 主体 ----------
  flow.y = letter ? letterHead() : documentHead();
  // 标题: balanced lines (梯形/菱形), centred
  {
    const tw = (s: string) => m.width(s, 'serifBold', TITLE_PT);
    const total = tw(d.title);
    const n = Math.max(1, Math.ceil(total / (TEXT_W - 2 * TITLE_PT)));
    const widest = TEXT_W - 2 * TITLE_PT;
    let target = Math.min(widest, total / n + TITLE_PT * 0.5);
    let lines = breakLines(
      d.title,
      () => target,
      (c) => tw(c),
    );
    // a number kept whole may push a character onto an extra line: widen until it fits in n lines
    while (lines.length > n && target < widest) {
      target = Math.min(widest, target + TITLE_PT / 2);
      lines = breakLines(
        d.title,
        () => target,
        (c) => tw(c),
      );
    }
    for (const line of lines) {
      const w = tw(line);
      flow.line([
        {
          text: line,
          font: 'serifBold',
          size: TITLE_PT,
          x: LEFT + (TEXT_W - Math.min(w, TEXT_W)) / 2,
          hscale: w > TEXT_W ? (TEXT_W / w) * 100 : 100,
        },
      ]);
    }
  }
  const bodyRuns = (text: string, firstIndent: number, restIndent: number, font: FontRole, markBody: boolean) => {
    const lines = breakLines(
      text,
      (i) => TEXT_W - (i === 0 ? firstIndent : restIndent),
      (c) => m.width(c, font, BODY_PT) + bodySpacing,
    );
    lines.forEach((line, i) => {
      const indent = i === 0 ? firstIndent : restIndent;
      const natural = bodyW(line, font);
      const avail = TEXT_W - indent;
      // squeeze a hanging punctuation line back into the 版心
      const spacing = natural > avail ? bodySpacing - (natural - avail) / [...line].length : bodySpacing;
      flow.line([{ text: line, font, size: BODY_PT, x: LEFT + indent, spacing }], markBody);
    });
  };
  // 主送机关 (标题下空一行, 顶格, 全角冒号)
  if (d.mainRecipients.length) {
    flow.blank();
    bodyRuns(`${d.mainRecipients.join('，')}：`, 0, 0, 'serif', false);
  } else {
    flow.blank();
  }
  // 正文
  const paragraphs = d.body
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of paragraphs) {
    const font: FontRole = /^[一二三四五六七八九十]+、/.test(p) ? 'sans' : 'serif';
    bodyRuns(p, 2 * CHAR, 0, font, true);
  }
  // 附件说明
  if (d.attachments.length) {
    flow.blank();
    const label = '附件：';
    const labelW = 2 * CHAR + bodyW(label);
    d.attachments.forEach((a, i) => {
      const num = d.attachments.length > 1 ? `${i + 1}.` : '';
      const name = a.name;
      const numW = num ? bodyW(num) : 0;
      const lines = breakLines(
        name,
        () => TEXT_W - labelW - numW,
        (c) => m.width(c, 'serif', BODY_PT) + bodySpacing,
      );
      lines.forEach((line, j) => {
        const runs: Run[] = [];
        if (i === 0 && j === 0) runs.push({ text: label, font: 'serif', size: BODY_PT, x: LEFT + 2 * CHAR, spacing: bodySpacing });
        if (j === 0 && num) runs.push({ text: num, font: 'serif', size: BODY_PT, x: LEFT + labelW, spacing: bodySpacing });
        runs.push({ text: line, font: 'serif', size: BODY_PT, x: LEFT + labelW + numW, spacing: bodySpacing });
        flow.line(runs, true);
      });
    });
  }

  // 署名 + 成文日期 + room for the 印章
  const anchors: SealAnchor[] = [];
  {
    const sigNames = d.signatureNames.length ? d.signatureNames : d.issuers.map((i) => i.name);
    const dateText = chineseDate(d.writtenDate);
    const dateW = bodyW(dateText);
    const dateX = RIGHT - 4 * CHAR - dateW;
    const dateCx = dateX + dateW / 2;
    const rows: string[][] = [];
    for (let i = 0; i < sigNames.length; i += 3) rows.push(sigNames.slice(i, i + 3));
    if (rows.length === 0) rows.push([]);
    const ROW_LINES = 4; // 42 mm seal ≈ 4.1 lines
    flow.reserve(rows.length * ROW_LINES);
    rows.forEach((row, ri) => {
      const top = flow.y; // the line right under the text: the seal's top is within one line of it
      const sigY = top + 2 * PITCH;
      const last = ri === rows.length - 1;
      const centres =
        row.length <= 1 ? [dateCx] : row.map((_, i) => (last && i === row.length - 1 ? dateCx : LEFT + (TEXT_W * (i + 0.5)) / row.length));
      row.forEach((name, i) => {
        const w = bodyW(name);
        const cx = Math.min(Math.max(centres[i], LEFT + w / 2), RIGHT - w / 2);
        flow.page.lines.push({
          y: sigY,
          runs: [{ text: name, font: 'serif', size: BODY_PT, x: cx - w / 2, spacing: bodySpacing }],
          body: false,
        });
        const issuer = d.issuers.find((x) => x.name === name) ?? d.issuers[ri * 3 + i] ?? null;
        anchors.push({
          unitId: issuer?.unitId ?? null,
          name: issuer?.name ?? name,
          page: flow.pageIndex,
          cx,
          cy: top + SEAL_R + 2,
          r: SEAL_R,
        });
      });
      if (last)
        flow.page.lines.push({
          y: sigY + PITCH,
          runs: [{ text: dateText, font: 'serif', size: BODY_PT, x: dateX, spacing: bodySpacing }],
          body: false,
        });
      flow.y = top + ROW_LINES * PITCH;
    });
    // 附注: under the date, 左空二字, in parentheses
    if (d.note) {
      bodyRuns(`（${d.note}）`, 2 * CHAR, 2 * CHAR, 'serif', false);
    }
  }

  // 版记 (§7.4) at the foot of the last page, which must be an even page (双面印刷: the 版记 is on the back
  // of the last sheet). Body ending on an odd page → the 版记 takes the next (even) page; body ending on an
  // even page without room for it → a blank page and the 版记 page after it, neither numbered (§7.5).
  // 信函格式 (§10.1): the 版记 is the 抄送 alone, without 印发机关/印发日期 and without rules.
  const bodyEnd = flow.pageIndex;
  let recordPage: number | null = null;
  const blankPages: number[] = [];
  {
    const smallSpacing = TEXT_W / 31 - SMALL_PT;
    const sw = (s: string) => m.width(s, 'serif', SMALL_PT) + [...s].length * smallSpacing;
    const ccLines = d.copyTo.length
      ? breakLines(
          `${d.copyTo.join('，')}。`,
          () => TEXT_W - 2 * SMALL_PT - sw('抄送：'),
          (c) => m.width(c, 'serif', SMALL_PT) + smallSpacing,
        )
      : [];
    const height = (ccLines.length + (letter ? 0 : 1)) * PITCH;
    if (height > 0) {
      const even = (flow.pageIndex + 1) % 2 === 0;
      if (!even) {
        flow.newPage();
      } else if (flow.y + height > BOTTOM + 0.5) {
        flow.newPage();
        blankPages.push(flow.pageIndex);
        flow.page.noNumber = true;
        flow.newPage();
        flow.page.noNumber = true;
      }
      recordPage = flow.pageIndex;
      const top = BOTTOM - height;
      const thick = 0.35 * MM;
      const thin = 0.25 * MM;
      const labelW = sw('抄送：');
      if (!letter) {
        flow.page.shapes.push((doc) => {
          doc.save().fillColor('#000000');
          doc.rect(LEFT, top - thick / 2, TEXT_W, thick).fill();
          if (ccLines.length) doc.rect(LEFT, top + ccLines.length * PITCH - thin / 2, TEXT_W, thin).fill();
          doc.rect(LEFT, BOTTOM - thick / 2, TEXT_W, thick).fill();
          doc.restore();
        });
      }
      ccLines.forEach((line, i) => {
        const runs: Run[] = [];
        if (i === 0) runs.push({ text: '抄送：', font: 'serif', size: SMALL_PT, x: LEFT + SMALL_PT, spacing: smallSpacing });
        runs.push({ text: line, font: 'serif', size: SMALL_PT, x: LEFT + SMALL_PT + labelW, spacing: smallSpacing });
        flow.page.lines.push({ y: top + i * PITCH, runs, body: false });
      });
      if (!letter) {
        const printed = `${chineseDate(d.printedDate)}印发`;
        flow.page.lines.push({
          y: top + ccLines.length * PITCH,
          runs: [
            { text: d.printingOrgan, font: 'serif', size: SMALL_PT, x: LEFT + SMALL_PT, spacing: smallSpacing },
            { text: printed, font: 'serif', size: SMALL_PT, x: RIGHT - SMALL_PT - sw(printed), spacing: smallSpacing },
          ],
          body: false,
        });
      }
    }
  }
  // 信函格式: 首页不显示页码
  if (letter) flow.pages[0].noNumber = true;

  // ---------- draw ----------
  const pageCount = flow.pages.length;
  flow.pages.forEach((p, i) => {
    doc.addPage({ size: 'A4', margin: 0 });
    for (const s of p.shapes) s(doc);
    for (const l of p.lines) for (const r of l.runs) drawRun(doc, l.y, r);
    if (p.noNumber) return;
    // 页码 — n —
    const label = `— ${i + 1} —`;
    doc.font('serif').fontSize(SMALL_PT).fillColor('#000000');
    const w = doc.widthOfString(label);
    const x = (i + 1) % 2 === 1 ? RIGHT - SMALL_PT - w : LEFT + SMALL_PT;
    doc.text(label, x, BOTTOM + 7 * MM + SMALL_PT * 0.88 - SMALL_PT / 2 + 0.5 * SMALL_PT, { lineBreak: false, baseline: 'alphabetic' });
  });
  (doc.info as unknown as Record<string, unknown>).OASealAnchors = Buffer.from(JSON.stringify(anchors)).toString('base64');
  (doc.info as unknown as Record<string, unknown>).OADocument = `${d.documentId}@${d.version}`;
  doc.end();
  await done;
  const unnumbered = flow.pages.flatMap((p, i) => (p.noNumber ? [i] : []));
  return {
    pdf: Buffer.concat(chunks),
    pages: pageCount,
    anchors,
    format: letter ? 'letter' : 'document',
    pageUse: { bodyEnd, record: recordPage, blank: blankPages, unnumbered },
  };
}
