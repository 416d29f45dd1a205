import PDFDocument from 'pdfkit';
import type { Strokes } from '../../domain/documents/incoming.events';
import { parsedFace } from './fonts';
import { MM, PAGE_H, PAGE_W } from './layout';

/**
 * 办文单 (processing slip) PDF: the document's identity and every opinion in order — 环节, 意见,
 * 办理人 (with “代 …” when delegated), time — and each handwritten signature (原笔迹) redrawn as
 * vector paths from its strokes ({points:[[x, y, pressure, t]…]}), line width following the pressure.
 */
export interface SlipEntry {
  /** 环节: 拟稿 / 部门核稿 / 会签 / 签发 / 拟办 / 批示 / 传阅 … */
  stage: string;
  actorName: string;
  /** The person acted for (外出授权), or null. */
  onBehalfOf: string | null;
  opinion: string;
  /** ISO time */
  at: string;
  strokes: Strokes | null;
}

export interface SlipHeader {
  direction: 'outgoing' | 'incoming';
  unitName: string;
  title: string;
  docNumber: string | null;
  kind: string | null;
  classification: string;
  urgency: string;
  /** 来文单位 / 主办部门 etc. as label → value. */
  extra?: [string, string][];
}

const shanghai = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
};

/** Draws strokes fitted into the box (x, y, w, h) (pdfkit coordinates). */
export function drawStrokes(doc: PDFKit.PDFDocument, s: Strokes, x: number, y: number, w: number, h: number): void {
  const pts = s.strokes.flatMap((k) => k.points);
  if (!pts.length) return;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const minX = Math.min(...xs),
    maxX = Math.max(...xs),
    minY = Math.min(...ys),
    maxY = Math.max(...ys);
  const k = Math.min(w / Math.max(1, maxX - minX), h / Math.max(1, maxY - minY));
  const ox = x + (w - (maxX - minX) * k) / 2;
  const oy = y + (h - (maxY - minY) * k) / 2;
  doc.save().strokeColor('#1a1a1a').lineCap('round').lineJoin('round');
  for (const stroke of s.strokes) {
    const p = stroke.points;
    if (p.length === 1) {
      doc.circle(ox + (p[0][0] - minX) * k, oy + (p[0][1] - minY) * k, 0.4 + 0.8 * (p[0][2] || 0.5)).fill('#1a1a1a');
      continue;
    }
    for (let i = 1; i < p.length; i++) {
      const pressure = ((p[i - 1][2] || 0.5) + (p[i][2] || 0.5)) / 2;
      doc
        .lineWidth(0.5 + 2 * pressure)
        .moveTo(ox + (p[i - 1][0] - minX) * k, oy + (p[i - 1][1] - minY) * k)
        .lineTo(ox + (p[i][0] - minX) * k, oy + (p[i][1] - minY) * k)
        .stroke();
    }
  }
  doc.restore();
}

/** One slip of a (batch) print: its header, its opinions in order, and the form's name over it. */
export interface SlipItem {
  head: SlipHeader;
  entries: SlipEntry[];
  /** Printed in red over the form; default “<单位>发文办理单 / 收文处理单” (the archive package's). */
  formTitle?: string;
}

/** The 办文单 of the archive package (one document). */
export async function renderProcessingSlip(head: SlipHeader, entries: SlipEntry[]): Promise<{ pdf: Buffer; pages: number }> {
  return renderSlips([{ head, entries }]);
}

/**
 * Several slips in one PDF, each from a new page (batch print: 发文稿纸 / 收文处理笺 / 审批单).
 * Deterministic: the PDF's CreationDate is the last opinion's time.
 */
export async function renderSlips(items: SlipItem[]): Promise<{ pdf: Buffer; pages: number }> {
  const lastAt =
    items
      .flatMap((i) => i.entries.map((e) => e.at))
      .sort()
      .at(-1) ?? '1970-01-01T00:00:00Z';
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: {
      Title: items.length === 1 ? `${items[0]!.head.title} ${items[0]!.formTitle ?? '办文单'}` : `办文单（${items.length} 件）`,
      Creator: '政务协同办公平台',
      CreationDate: new Date(lastAt),
    },
  });
  doc.registerFont('serif', parsedFace('serif') as unknown as Buffer);
  doc.registerFont('bold', parsedFace('serifBold') as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    doc.on('end', () => res());
    doc.on('error', rej);
  });
  const L = 20 * MM,
    R = PAGE_W - 20 * MM,
    W = R - L,
    TOP = 20 * MM,
    BOTTOM = PAGE_H - 20 * MM;
  const labelW = 70;
  let pages = 0;
  let y = TOP;
  let head = items[0]?.head as SlipHeader;
  let formTitle: string | undefined;
  const newPage = () => {
    doc.addPage({ size: 'A4', margin: 0 });
    pages++;
    y = TOP;
    doc.font('bold').fontSize(20).fillColor('#c00000');
    const title = formTitle ?? `${head.unitName}${head.direction === 'outgoing' ? '发文办理单' : '收文处理单'}`;
    doc.text(title, L, y, { width: W, align: 'center' });
    y += 36;
    doc.fillColor('#000000');
  };
  type Cell = (x: number, y: number, w: number, dry: boolean) => number;
  const row = (label: string, draw: Cell, minH = 24): void => {
    const h = Math.max(minH, draw(L + labelW + 6, y + 6, W - labelW - 12, true) + 12);
    if (y + h > BOTTOM && y > TOP + 40) {
      newPage();
      return row(label, draw, minH);
    }
    draw(L + labelW + 6, y + 6, W - labelW - 12, false);
    doc
      .lineWidth(0.6)
      .strokeColor('#c00000')
      .rect(L, y, W, h)
      .stroke()
      .moveTo(L + labelW, y)
      .lineTo(L + labelW, y + h)
      .stroke();
    doc
      .font('bold')
      .fontSize(11)
      .fillColor('#000000')
      .text(label, L + 4, y + 6, { width: labelW - 8, align: 'center' });
    y += h;
  };
  const textCell =
    (text: string, size = 11): Cell =>
    (x, yy, w, dry) => {
      doc.font('serif').fontSize(size).fillColor('#000000');
      const h = doc.heightOfString(text || ' ', { width: w });
      if (!dry) doc.text(text || ' ', x, yy, { width: w });
      return h;
    };
  for (const item of items) {
    head = item.head;
    formTitle = item.formTitle;
    newPage();
    drawOne(item.entries);
  }
  doc.end();
  await done;
  return { pdf: Buffer.concat(chunks), pages };

  function drawOne(entries: SlipEntry[]): void {
    row('标题', textCell(head.title, 12));
    row('文号', textCell(head.docNumber ?? '（无）'));
    row('文种', textCell(`${head.kind ?? '—'}　　密级：${head.classification}　　紧急程度：${head.urgency}`));
    for (const [k, v] of head.extra ?? []) row(k, textCell(v));
    for (const e of entries) {
      row(
        e.stage,
        (x, yy, w, dry) => {
          doc.font('serif').fontSize(11).fillColor('#000000');
          const opinion = e.opinion?.trim() || '（无文字意见）';
          const hText = doc.heightOfString(opinion, { width: w });
          if (!dry) doc.text(opinion, x, yy, { width: w });
          let h = hText + 4;
          if (e.strokes && e.strokes.strokes.length) {
            if (!dry) drawStrokes(doc, e.strokes, x + w - 170, yy + h, 160, 50);
            h += 54;
          }
          const sig = `${e.actorName}${e.onBehalfOf ? `（代${e.onBehalfOf}）` : ''}　${shanghai(e.at)}`;
          if (!dry)
            doc
              .font('serif')
              .fontSize(10)
              .fillColor('#333333')
              .text(sig, x, yy + h, { width: w, align: 'right' });
          return h + 14;
        },
        40,
      );
    }
  }
}
