import type { SubjectName } from './subject';

export interface Cell {
  /** Median events per second over the runs. */
  rate?: number;
  /** At least one run hit its time cap (the rate covers the part it did). */
  capped?: boolean;
  /** Why there is no number. */
  error?: string;
  runs?: number[];
}

export type WorkloadKey = 'single1' | 'single8' | 'batch' | 'readSmall' | 'readLarge' | 'projection';

export interface Row {
  backend: 'sqlite' | 'postgres';
  key: WorkloadKey;
  workload: string;
  cells: Partial<Record<SubjectName, Cell>>;
}

export const fmtRate = (c: Cell | undefined): string => {
  if (!c) return '—';
  if (c.rate === undefined) return c.error ? 'error!' : '—';
  const r = c.rate;
  const s =
    r >= 1e6 ? `${(r / 1e6).toFixed(2)}M` : r >= 1e4 ? `${(r / 1e3).toFixed(0)}k` : r >= 1e3 ? `${(r / 1e3).toFixed(1)}k` : r.toFixed(0);
  return c.capped ? `${s}*` : s;
};

const ratio = (a: Cell | undefined, b: Cell | undefined): number | undefined =>
  a?.rate !== undefined && b?.rate !== undefined && b.rate > 0 ? a.rate / b.rate : undefined;

const verdict = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? ' PASS' : ' FAIL');

export interface Verdicts {
  lines: string[][];
  failures: number;
  missing: number;
}

const isAppend = (k: WorkloadKey): boolean => k === 'single1' || k === 'single8' || k === 'batch';

/** The table's text rows: measurements, the two ratios and each target's verdict next to it. */
export function tableLines(rows: readonly Row[]): Verdicts {
  const header = ['backend', 'workload (events/s)', 'ours', 'raw', 'Emmett', 'ours/raw', 'ours/Emmett', 'absolute target'];
  const lines: string[][] = [header];
  let failures = 0;
  let missing = 0;
  const count = (ok: boolean | undefined): void => {
    if (ok === false) failures++;
    if (ok === undefined) missing++;
  };
  for (const row of rows) {
    const { ours, raw, emmett } = row.cells;
    const rRaw = ratio(ours, raw);
    const rEm = ratio(ours, emmett);
    let rawText = rRaw === undefined ? '—' : rRaw.toFixed(2);
    if (isAppend(row.key)) {
      const ok = rRaw === undefined ? undefined : rRaw >= 0.7;
      count(ok);
      rawText += verdict(ok) + ' (≥0.7)';
    }
    const okEm = rEm === undefined ? undefined : rEm >= 1.5;
    count(okEm);
    const emText = (rEm === undefined ? '—' : rEm.toFixed(2)) + verdict(okEm) + ' (≥1.5)';
    let abs = '';
    if (row.key === 'readSmall' || row.key === 'readLarge') {
      const floor = row.backend === 'sqlite' ? 200_000 : 100_000;
      const ok = ours?.rate === undefined ? undefined : ours.rate >= floor;
      count(ok);
      abs = `≥${floor / 1000}k${verdict(ok)}`;
      if (row.key === 'readLarge') {
        const small = rows.find((r) => r.backend === row.backend && r.key === 'readSmall')?.cells.ours;
        const ok2 = ours?.rate === undefined || small?.rate === undefined ? undefined : ours.rate >= 0.9 * small.rate;
        count(ok2);
        abs += `; ≥0.9× small${verdict(ok2)}`;
      }
    } else if (row.key === 'projection') {
      const ok = ours?.rate === undefined ? undefined : ours.rate >= 50_000;
      count(ok);
      abs = `≥50k${verdict(ok)}`;
    }
    lines.push([
      row.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL',
      row.workload,
      fmtRate(ours),
      fmtRate(raw),
      fmtRate(emmett),
      rawText,
      emText,
      abs,
    ]);
  }
  return { lines, failures, missing };
}

/** Plain aligned text (also valid inside a Markdown code block). */
export function renderText(lines: readonly string[][]): string {
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => [...(l[i] ?? '')].length)));
  const fmt = (l: readonly string[]): string =>
    l
      .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
      .join('  ')
      .trimEnd();
  return [fmt(lines[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(fmt)].join('\n');
}
