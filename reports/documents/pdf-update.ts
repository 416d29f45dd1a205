import { deflateSync } from 'node:zlib';

/**
 * A small reader/writer for PDF incremental updates (ISO 32000-1 §7.5.6), enough to stamp a seal on a
 * page of a PDF we produced (classic xref tables, as pdfkit writes them; earlier updates are followed
 * through /Prev). The original bytes are kept untouched as a prefix: the stamped file = rendered file
 * ‖ new objects ‖ new xref section ‖ trailer with /Prev.
 */
export interface PdfIndex {
  /** object number → byte offset (newest section wins) */
  offsets: Map<number, number>;
  /** The newest trailer dictionary text. */
  trailer: string;
  startxref: number;
  size: number;
}

const latin1 = (b: Buffer, from = 0, to = b.length) => b.toString('latin1', from, to);

/** Index just past the dictionary that opens at `start` ('<<'); handles nesting, strings, hex strings. */
export function dictEnd(s: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '<' && s[i + 1] === '<') {
      depth++;
      i += 2;
      continue;
    }
    if (c === '>' && s[i + 1] === '>') {
      depth--;
      i += 2;
      if (depth === 0) return i;
      continue;
    }
    if (c === '<') {
      i = s.indexOf('>', i) + 1;
      continue;
    }
    if (c === '(') {
      let level = 0;
      for (; i < s.length; i++) {
        if (s[i] === '\\') {
          i++;
          continue;
        }
        if (s[i] === '(') level++;
        else if (s[i] === ')' && --level === 0) break;
      }
      i++;
      continue;
    }
    i++;
  }
  throw new Error('PDF: unterminated dictionary');
}

function parseXrefSection(b: Buffer, at: number, offsets: Map<number, number>): string {
  const s = latin1(b, at, Math.min(b.length, at + 64 + 1_000_000));
  if (!s.startsWith('xref')) throw new Error('PDF: cross-reference streams are not supported (expected a classic xref table)');
  const lines = s.slice(4).split(/\r\n|\r|\n/);
  let li = 0;
  while (li < lines.length) {
    const line = lines[li].trim();
    if (line === '') {
      li++;
      continue;
    }
    if (line.startsWith('trailer')) break;
    const m = /^(\d+)\s+(\d+)$/.exec(line);
    if (!m) throw new Error(`PDF: bad xref subsection header "${line}"`);
    const first = Number(m[1]);
    const count = Number(m[2]);
    for (let k = 0; k < count; k++) {
      const e = /^(\d{10})\s+(\d{5})\s+([nf])/.exec(lines[li + 1 + k].trim());
      if (!e) throw new Error('PDF: bad xref entry');
      if (e[3] === 'n' && !offsets.has(first + k)) offsets.set(first + k, Number(e[1]));
    }
    li += 1 + count;
  }
  const t = s.indexOf('trailer');
  const open = s.indexOf('<<', t);
  return s.slice(open, dictEnd(s, open));
}

export function indexPdf(b: Buffer): PdfIndex {
  const tail = latin1(b, Math.max(0, b.length - 1024));
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) throw new Error('PDF: no startxref at the end of the file');
  const startxref = Number(m[1]);
  const offsets = new Map<number, number>();
  let trailer = '';
  let at: number | null = startxref;
  const seen = new Set<number>();
  while (at !== null) {
    if (seen.has(at)) throw new Error('PDF: /Prev loop');
    seen.add(at);
    const t = parseXrefSection(b, at, offsets);
    if (!trailer) trailer = t;
    const prev = /\/Prev\s+(\d+)/.exec(t);
    at = prev ? Number(prev[1]) : null;
  }
  const size = Number(/\/Size\s+(\d+)/.exec(trailer)?.[1] ?? NaN);
  if (!Number.isInteger(size)) throw new Error('PDF: trailer without /Size');
  return { offsets, trailer, startxref, size };
}

/** The dictionary text of object `num` (objects whose body is a dictionary; streams keep only their dictionary). */
export function objectDict(b: Buffer, idx: PdfIndex, num: number): string {
  const off = idx.offsets.get(num);
  if (off === undefined) throw new Error(`PDF: object ${num} not found`);
  const s = latin1(b, off, Math.min(b.length, off + 200_000));
  const head = new RegExp(`^${num}\\s+\\d+\\s+obj\\s*`).exec(s);
  if (!head) throw new Error(`PDF: object ${num} is not at its xref offset`);
  const open = s.indexOf('<<', head[0].length - 1);
  return s.slice(open, dictEnd(s, open));
}

export const refOf = (dict: string, key: string): number | null => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dict);
  return m ? Number(m[1]) : null;
};

/** Page object numbers in page order (walks the page tree). */
export function pageObjects(b: Buffer, idx: PdfIndex): number[] {
  const root = refOf(idx.trailer, 'Root');
  if (root === null) throw new Error('PDF: trailer without /Root');
  const pagesRoot = refOf(objectDict(b, idx, root), 'Pages');
  if (pagesRoot === null) throw new Error('PDF: catalog without /Pages');
  const out: number[] = [];
  const walk = (num: number, depth: number) => {
    if (depth > 32) throw new Error('PDF: page tree too deep');
    const d = objectDict(b, idx, num);
    if (/\/Type\s*\/Pages\b/.test(d)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(d)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+)\s+\d+\s+R/g)) walk(Number(k[1]), depth + 1);
    } else out.push(num);
  };
  walk(pagesRoot, 0);
  return out;
}

/** A literal-string entry of the Info dictionary (ASCII values only), or null. */
export function infoString(b: Buffer, idx: PdfIndex, key: string): string | null {
  const info = refOf(idx.trailer, 'Info');
  if (info === null) return null;
  const d = objectDict(b, idx, info);
  const literal = (text: string) => {
    const m = /^\s*\(((?:\\.|[^\\)])*)\)/.exec(text);
    return m ? m[1].replace(/\\(.)/g, '$1') : null;
  };
  const at = new RegExp(`/${key}(?![A-Za-z0-9])\\s*`).exec(d);
  if (!at) return null;
  const rest = d.slice(at.index + at[0].length);
  const ref = /^(\d+)\s+\d+\s+R/.exec(rest);
  if (!ref) return literal(rest);
  // pdfkit writes each Info value as its own object: `N 0 obj (value) endobj`
  const num = Number(ref[1]);
  const off = idx.offsets.get(num);
  if (off === undefined) return null;
  const s = latin1(b, off, Math.min(b.length, off + 1_000_000));
  const head = new RegExp(`^${num}\\s+\\d+\\s+obj\\s*`).exec(s);
  return head ? literal(s.slice(head[0].length)) : null;
}

function streamObject(num: number, content: string): Buffer {
  const data = deflateSync(Buffer.from(content, 'latin1'));
  return Buffer.concat([
    Buffer.from(`${num} 0 obj\n<<\n/Length ${data.length}\n/Filter /FlateDecode\n>>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
}

/**
 * Appends `ops` (a content-stream fragment in default user space) to page `pageIndex` as an incremental
 * update. The page's existing content is wrapped in q … Q (pdfkit leaves its y-flip on the CTM).
 */
export function appendPageContent(b: Buffer, pageIndex: number, ops: string): Buffer {
  const idx = indexPdf(b);
  const pages = pageObjects(b, idx);
  const pageNum = pages[pageIndex];
  if (pageNum === undefined) throw new Error(`PDF: no page ${pageIndex + 1}`);
  const dict = objectDict(b, idx, pageNum);
  const qNum = idx.size;
  const sealNum = idx.size + 1;
  let contents: string;
  const arr = /\/Contents\s*\[([^\]]*)\]/.exec(dict);
  const one = /\/Contents\s+(\d+\s+\d+\s+R)/.exec(dict);
  if (arr) contents = dict.replace(arr[0], `/Contents [${qNum} 0 R ${arr[1].trim()} ${sealNum} 0 R]`);
  else if (one) contents = dict.replace(one[0], `/Contents [${qNum} 0 R ${one[1]} ${sealNum} 0 R]`);
  else contents = dict.replace(/>>\s*$/, `/Contents [${qNum} 0 R ${sealNum} 0 R]\n>>`);

  const parts: Buffer[] = [b];
  let offset = b.length;
  const sep = b[b.length - 1] === 0x0a ? '' : '\n';
  if (sep) {
    parts.push(Buffer.from(sep));
    offset += 1;
  }
  const entries: [number, number][] = [];
  const add = (num: number, buf: Buffer) => {
    entries.push([num, offset]);
    parts.push(buf);
    offset += buf.length;
  };
  add(qNum, streamObject(qNum, 'q\n'));
  add(sealNum, streamObject(sealNum, `Q\n${ops}\n`));
  add(pageNum, Buffer.from(`${pageNum} 0 obj\n${contents}\nendobj\n`, 'latin1'));
  entries.sort((x, y) => x[0] - y[0]);
  const xrefAt = offset;
  let xref = 'xref\n0 1\n0000000000 65535 f \n';
  for (const [num, off] of entries) xref += `${num} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
  const keep = (key: string) => (/\S/.test(key) ? key : '');
  const rootRef = /\/Root\s+\d+\s+\d+\s+R/.exec(idx.trailer)?.[0] ?? '';
  const infoRef = /\/Info\s+\d+\s+\d+\s+R/.exec(idx.trailer)?.[0] ?? '';
  const id = /\/ID\s*\[[^\]]*\]/.exec(idx.trailer)?.[0] ?? '';
  const trailer = `trailer\n<<\n/Size ${idx.size + 2}\n${keep(rootRef)}\n${keep(infoRef)}\n${keep(id)}\n/Prev ${idx.startxref}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  parts.push(Buffer.from(xref + trailer, 'latin1'));
  return Buffer.concat(parts);
}
