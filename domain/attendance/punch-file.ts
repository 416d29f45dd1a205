/**
 * 考勤机打卡记录 (the attendance machines' export): rows of 工号, 打卡时间, 设备, checked row by row. Pure:
 * the command side turns a CSV or Excel file into rows of strings and resolves 工号 → person.
 *
 * Rules
 *   F1 The first row is the header (工号, 时间 / 打卡时间, 设备 / 考勤机); columns are found by name.
 *   F2 Each row: a known 工号 of the unit, a time 'YYYY-MM-DD HH:MM[:SS]' (or with '/') in Beijing time, a
 *      device name (≤ 50); empty rows are skipped; a bad row is reported as 第 N 行 (N counted in the file,
 *      the header being row 1) and the file is refused as a whole.
 */
import type { Punch } from './month.events';

export interface RowError {
  field: string;
  message: string;
}

const TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

export function parsePunchRows(
  rows: readonly (readonly string[])[],
  personOf: (employeeNo: string) => string | null,
): { punches: Punch[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const punches: Punch[] = [];
  if (rows.length === 0) return { punches, errors: [{ field: 'file', message: '文件为空' }] };
  const header = rows[0].map((h) => h.trim());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const no = col('工号', '员工号', '人员编号');
  const time = col('时间', '打卡时间', '刷卡时间');
  const device = col('设备', '考勤机', '设备名称');
  if (no < 0 || time < 0 || device < 0) return { punches, errors: [{ field: 'file', message: '表头应包含“工号”“时间”“设备”三列' }] };
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i];
    if (r.every((c) => !c.trim())) continue;
    const line = i + 1;
    const who = (r[no] ?? '').trim();
    const t = (r[time] ?? '').trim();
    const dev = (r[device] ?? '').trim();
    const personId = who ? personOf(who) : null;
    if (!personId) {
      errors.push({ field: `rows[${line}].工号`, message: `第 ${line} 行：工号“${who}”不是本单位人员` });
      continue;
    }
    const m = TIME.exec(t);
    const at = m ? instant(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] === undefined ? 0 : +m[6]) : null;
    if (at === null) {
      errors.push({ field: `rows[${line}].时间`, message: `第 ${line} 行：时间“${t}”格式应为 YYYY-MM-DD HH:MM` });
      continue;
    }
    if (!dev || dev.length > 50) {
      errors.push({ field: `rows[${line}].设备`, message: `第 ${line} 行：设备不能为空且不超过 50 个字` });
      continue;
    }
    punches.push({ personId, at, device: dev });
  }
  if (!errors.length && !punches.length) errors.push({ field: 'file', message: '文件中没有打卡记录' });
  return { punches, errors };
}

/** Beijing wall-clock time → ISO-8601 UTC, or null when it is not a real date and time. */
function instant(y: number, mo: number, d: number, h: number, mi: number, sec: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec);
  const check = new Date(ms);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return new Date(ms - 8 * 3600_000).toISOString();
}

/** Splits CSV text (RFC 4180 quotes, comma or tab) into rows of cells. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\t') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
