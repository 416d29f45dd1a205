import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { parsedFace } from '../documents/fonts';

/** 参会人员名单 and 签到表: Excel export and a printable PDF (A4, CJK font from fonts-noto-cjk). */
export interface AttendeeLine {
  unitName: string;
  name: string;
  position: string;
  phone: string;
  /** 回执 / 个人确认 / 代参会 */
  source: string;
  /** 签到时间 (Asia/Shanghai, '' when not checked in) */
  checkedIn: string;
}

export interface AttendeeSheet {
  title: string;
  when: string;
  location: string;
  lines: AttendeeLine[];
}

const COLUMNS = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '单位', key: 'unitName', width: 24 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '职务', key: 'position', width: 16 },
  { header: '联系电话', key: 'phone', width: 16 },
  { header: '来源', key: 'source', width: 10 },
  { header: '签到', key: 'checkedIn', width: 18 },
];

export async function attendeesWorkbook(s: AttendeeSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政务协同办公平台';
  const ws = wb.addWorksheet('参会人员');
  ws.addRow([`${s.title}  参会人员名单`]).font = { bold: true, size: 14 };
  ws.addRow([`时间：${s.when}    地点：${s.location}`]);
  ws.addRow(COLUMNS.map((c) => c.header)).font = { bold: true };
  ws.columns.forEach((col, i) => (col.width = COLUMNS[i]?.width ?? 10));
  s.lines.forEach((l, i) => ws.addRow([i + 1, l.unitName, l.name, l.position, l.phone, l.source, l.checkedIn]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function attendeesPdf(s: AttendeeSheet): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: { Title: `${s.title} 参会人员名单`, Creator: '政务协同办公平台', CreationDate: new Date(0) },
  });
  doc.registerFont('sans', parsedFace('sans') as unknown as Buffer);
  doc.registerFont('bold', parsedFace('sansBold') as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    doc.on('end', () => res());
    doc.on('error', rej);
  });
  const widths = [30, 130, 60, 90, 85, 50, 70];
  const header = ['序号', '单位', '姓名', '职务', '联系电话', '来源', '签到'];
  const row = (cells: string[], y: number, font: string) => {
    let x = 40;
    doc.font(font).fontSize(9);
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y + 4, { width: widths[i]! - 4, height: 14, ellipsis: true, lineBreak: false });
      doc.rect(x, y, widths[i]!, 20).stroke('#888888');
      x += widths[i]!;
    });
  };
  doc.font('bold').fontSize(16).text(`${s.title}`, { align: 'center' });
  doc.font('sans').fontSize(11).text('参会人员名单', { align: 'center' });
  doc.moveDown(0.5);
  doc.fontSize(9).text(`时间：${s.when}    地点：${s.location}    共 ${s.lines.length} 人`, { align: 'left' });
  let y = doc.y + 8;
  row(header, y, 'bold');
  y += 20;
  s.lines.forEach((l, i) => {
    if (y > 780) {
      doc.addPage();
      y = 40;
      row(header, y, 'bold');
      y += 20;
    }
    row([String(i + 1), l.unitName, l.name, l.position, l.phone, l.source, l.checkedIn], y, 'sans');
    y += 20;
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
