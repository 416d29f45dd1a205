/** Asia/Shanghai (UTC+8, no DST) helpers for the 会议/日程 pages: times travel as UTC ISO-8601. */
const OFFSET = 8 * 3600_000;
export const shDate = (iso: string) => new Date(Date.parse(iso) + OFFSET).toISOString().slice(0, 10);
export const shTime = (iso: string) => new Date(Date.parse(iso) + OFFSET).toISOString().slice(11, 16);
export const instant = (date: string, hhmm: string) => new Date(Date.parse(`${date}T${hhmm}:00.000Z`) - OFFSET).toISOString();
export const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + n * 86400_000).toISOString().slice(0, 10);
export const todaySh = () => shDate(new Date().toISOString());
export const weekday = (date: string) => new Date(`${date}T00:00:00.000Z`).getUTCDay();
export const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
export const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
export const mondayOf = (date: string) => addDays(date, -((weekday(date) + 6) % 7));
export const span = (start: string, end: string) => `${shDate(start)} ${shTime(start)}–${shTime(end)}`;
