/**
 * Working hours between two moments, as the dashboards count handling time: Monday to Friday,
 * 09:00–12:00 and 13:30–17:30 Asia/Shanghai (UTC+8, no daylight saving). Public holidays are not
 * subtracted here (the workflow calendar owns them); weekends are.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const WINDOWS: ReadonlyArray<[number, number]> = [
  [9 * 60, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];
const DAY_MS = 86_400_000;

export function workingHoursBetween(startIso: string, endIso: string): number {
  const start = Date.parse(startIso);
  const end = Date.parse(endIso);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return 0;
  let total = 0;
  // Walk local (Shanghai) days from the start's day to the end's day.
  const localStart = start + SHANGHAI_OFFSET_MS;
  const localEnd = end + SHANGHAI_OFFSET_MS;
  let dayStart = Math.floor(localStart / DAY_MS) * DAY_MS;
  for (; dayStart < localEnd; dayStart += DAY_MS) {
    const weekday = new Date(dayStart).getUTCDay(); // local weekday since we shifted by +8h
    if (weekday === 0 || weekday === 6) continue;
    for (const [a, b] of WINDOWS) {
      const ws = dayStart + a * 60_000;
      const we = dayStart + b * 60_000;
      const s = Math.max(ws, localStart);
      const e = Math.min(we, localEnd);
      if (e > s) total += e - s;
    }
  }
  return Math.round((total / 3600_000) * 100) / 100;
}
