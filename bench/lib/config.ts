/**
 * Sizes and time limits of bench/store.ts. BENCH_QUICK=1: a smoke run (small sizes, one run each,
 * well under 2 minutes once Emmett is installed); otherwise the full run (median of 3, ~15–20 min on
 * 2 cores). BENCH_ONLY=sqlite|postgres restricts the backends; BENCH_SUBJECTS=ours,raw,emmett the rows.
 */
export interface BenchConfig {
  quick: boolean;
  /** Timed runs per (backend, workload, subject); the table shows their median. */
  runs: number;
  /**
   * Timed runs of the two readAll rows. More than `runs`: one readAll pass takes seconds, and the
   * "no slower at 1M than at 100k" target compares two medians that each move ±15% on this machine.
   */
  readRuns: number;
  /** Seconds of each timed append run (appends are time-bounded, not count-bounded). */
  appendSeconds: number;
  /** Untimed warm-up before the timed append runs. */
  warmupSeconds: number;
  /** Events per batched append. */
  batchSize: number;
  /** Concurrent writers for the PostgreSQL concurrency row. */
  writers: number;
  /** Stored events for the two readAll rows (small, large). */
  readSizes: [number, number];
  /** Page size of every readAll call (ours, raw and Emmett alike). */
  readPage: number;
  /** A readAll pass stops after this many seconds (Emmett on PostgreSQL slows down as the table grows). */
  readCapSeconds: number;
  /** Events a projection catches up on (the first readSizes[0] events of the log). */
  projectionEvents: number;
  /** A catch-up run stops after this many seconds and reports what it processed. */
  projectionCapSeconds: number;
  /** Events per append when loading the log (not timed). */
  loadBatch: number;
  backends: Array<'sqlite' | 'postgres'>;
  subjects: Array<'ours' | 'raw' | 'emmett'>;
  /** 'append': the append rows; 'read': readAll and projection catch-up. */
  workloads: Array<'append' | 'read'>;
}

function list<T extends string>(value: string | undefined, allowed: readonly T[]): T[] {
  if (!value) return [...allowed];
  const wanted = value.split(',').map((s) => s.trim());
  const bad = wanted.filter((w) => !allowed.includes(w as T));
  if (bad.length) throw new Error(`unknown value(s) ${bad.join(', ')}; allowed: ${allowed.join(', ')}`);
  return wanted as T[];
}

export function benchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const backends = list(env.BENCH_ONLY, ['sqlite', 'postgres'] as const);
  const subjects = list(env.BENCH_SUBJECTS, ['ours', 'raw', 'emmett'] as const);
  const workloads = list(env.BENCH_WORKLOADS, ['append', 'read'] as const);
  if (quick) {
    return {
      quick,
      runs: 1,
      readRuns: 1,
      appendSeconds: 0.5,
      warmupSeconds: 0.1,
      batchSize: 100,
      writers: 8,
      readSizes: [5_000, 20_000],
      readPage: 1000,
      readCapSeconds: 2,
      projectionEvents: 5_000,
      projectionCapSeconds: 2,
      loadBatch: 1000,
      backends,
      subjects,
      workloads,
    };
  }
  return {
    quick,
    runs: 3,
    readRuns: 5,
    appendSeconds: 2.5,
    warmupSeconds: 0.5,
    batchSize: 100,
    writers: 8,
    readSizes: [100_000, 1_000_000],
    readPage: 1000,
    readCapSeconds: 10,
    projectionEvents: 100_000,
    projectionCapSeconds: 10,
    loadBatch: 1000,
    backends,
    subjects,
    workloads,
  };
}
