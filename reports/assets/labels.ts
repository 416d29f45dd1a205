import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { parsedFace } from '../documents/fonts';

/**
 * 资产标签 PDF: A4 label paper, 3 × 8 labels of 70 × 37 mm (a common A4 sheet, no margins between
 * labels, 4.5 mm top margin). Each label: a QR code of the asset page URL (opens the card on a phone),
 * the 资产编号, the name, the unit and the acquisition date.
 */
export interface LabelItem {
  assetNo: string;
  name: string;
  unitName: string;
  acquisitionDate: string;
  url: string;
}

const MM = 72 / 25.4;
const COLS = 3;
const ROWS = 8;
const W = 70 * MM;
const H = 37 * MM;
const TOP = 4.5 * MM;

export async function labelSheet(items: LabelItem[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: '资产标签', Creator: '政务协同办公平台' } });
  doc.registerFont('cjk', parsedFace('sans') as unknown as Buffer);
  doc.registerFont('cjkBold', parsedFace('sansBold') as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (let i = 0; i < items.length; i++) {
    if (i % (COLS * ROWS) === 0) doc.addPage({ size: 'A4', margin: 0 });
    const it = items[i]!;
    const k = i % (COLS * ROWS);
    const x = (k % COLS) * W;
    const y = TOP + Math.floor(k / COLS) * H;
    const png = await QRCode.toBuffer(it.url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
    const q = 31 * MM;
    doc.image(png, x + 3 * MM, y + 3 * MM, { width: q, height: q });
    const tx = x + 3 * MM + q + 2 * MM;
    const tw = W - (tx - x) - 3 * MM;
    doc
      .font('cjkBold')
      .fontSize(8)
      .fillColor('#000')
      .text('固定资产标签', tx, y + 4 * MM, { width: tw });
    doc
      .font('cjkBold')
      .fontSize(9)
      .text(it.assetNo, tx, y + 9 * MM, { width: tw });
    doc
      .font('cjk')
      .fontSize(8)
      .text(it.name, tx, y + 15 * MM, { width: tw, height: 9 * MM, ellipsis: true });
    doc.fontSize(7).text(it.unitName, tx, y + 25 * MM, { width: tw, height: 4 * MM, ellipsis: true });
    doc.text(`取得 ${it.acquisitionDate}`, tx, y + 29.5 * MM, { width: tw });
  }
  if (items.length === 0) doc.addPage({ size: 'A4', margin: 0 });
  doc.end();
  return done;
}
