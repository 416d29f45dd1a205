/** Times travel as UTC ISO-8601 and are shown in Asia/Shanghai. */
const full = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dayOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

function parts(f: Intl.DateTimeFormat, d: Date): Record<string, string> {
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
}

/** '2026-11-25 21:32' in Beijing time; '' for empty or unparsable input. */
export function formatTime(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = parts(full, d);
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour'] === '24' ? '00' : p['hour']}:${p['minute']}`;
}

/** The Beijing calendar date of an instant, 'YYYY-MM-DD'. A plain date string is returned as is. */
export function formatDate(iso: string): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = parts(dayOnly, d);
  return `${p['year']}-${p['month']}-${p['day']}`;
}
