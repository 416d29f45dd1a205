/**
 * vCard 3.0 (RFC 2426) of one person, as phones import it: FN/N, ORG (unit;department), TITLE,
 * TEL (work / cell), EMAIL, ADR-less. Text values escaped (\\ , ; newline); lines folded at 75 octets.
 * A field the viewer may not see (a hidden mobile) is simply absent.
 */
export interface VCardPerson {
  name: string;
  unitName: string | null;
  departmentName: string | null;
  title: string | null;
  officePhone: string | null;
  mobile: string | null;
  email: string | null;
  room: string | null;
}

const esc = (s: string) =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/([,;])/g, '\\$1');

function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const out: string[] = [];
  let cur = '';
  let len = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (len + n > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = '';
      len = 0;
    }
    cur += ch;
    len += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

export function vcardOf(p: VCardPerson): string {
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', `FN:${esc(p.name)}`, `N:${esc(p.name)};;;;`];
  if (p.unitName) lines.push(`ORG:${esc(p.unitName)}${p.departmentName ? `;${esc(p.departmentName)}` : ''}`);
  if (p.title) lines.push(`TITLE:${esc(p.title)}`);
  if (p.officePhone) lines.push(`TEL;TYPE=WORK,VOICE:${esc(p.officePhone)}`);
  if (p.mobile) lines.push(`TEL;TYPE=CELL:${esc(p.mobile)}`);
  if (p.email) lines.push(`EMAIL;TYPE=INTERNET:${esc(p.email)}`);
  if (p.room) lines.push(`NOTE:${esc(`办公室：${p.room}`)}`);
  lines.push('END:VCARD');
  return lines.map(fold).join('\r\n') + '\r\n';
}
