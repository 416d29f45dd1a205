/**
 * `npm run bench:store` — the event store and projection catch-up, ours vs the raw driver vs Emmett,
 * on SQLite and PostgreSQL (issue 2, Benchmark). BENCH_QUICK=1 for a smoke run. PostgreSQL rows need
 * PG_URL (`source .services/env`); without it they are skipped with a message.
 * Prints the table and writes it to bench/results/store-latest.md.
 *
 * Env: BENCH_QUICK=1 (1 run, 5k/20k events, < 2 min); BENCH_ONLY=sqlite|postgres;
 * BENCH_SUBJECTS=ours,raw,emmett (any subset); BENCH_WORKLOADS=append,read (append rows / readAll+projection rows); BENCH_OURS_UNCAPPED=1 (ours' catch-up through
 * projections/engine/bench-support.ts measureCatchUp itself, which has no time cap).
 * First run: installs Emmett into bench/emmett/node_modules (npm, --legacy-peer-deps).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchConfig, type BenchConfig } from './lib/config';
import { emmettPostgres, emmettSqlite, ensureEmmettInstalled } from './lib/emmett';
import { BENCH_DIR, dropStaleBenchDatabases, freshPostgres, freshSqlite, type Location } from './lib/env';
import { measureIntegrityCost, rawWithIntegrity, type IntegrityCost } from './lib/integrity-cost';
import { appendRate, catchUpRate, loadEvents, median, readAllRate, type RateResult } from './lib/measure';
import { oursFactory } from './lib/ours';
import { rawPostgres } from './lib/raw-postgres';
import { rawSqlite } from './lib/raw-sqlite';
import type { Subject, SubjectFactory, SubjectName } from './lib/subject';
import { fmtRate, renderText, tableLines, type Cell, type Row, type WorkloadKey } from './lib/table';

type Backend = 'sqlite' | 'postgres';

const cfg: BenchConfig = benchConfig();
const PG_URL = process.env.PG_URL;
const started = performance.now();
const log = (msg: string): void => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s] ${msg}`);
const short = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

const factories: Record<Backend, Partial<Record<SubjectName, SubjectFactory>>> = {
  sqlite: {
    ours: (loc, o) => oursFactory(loc, o),
    raw: (loc) => rawSqlite(loc as Extract<Location, { backend: 'sqlite' }>),
    emmett: (loc) => emmettSqlite(loc as Extract<Location, { backend: 'sqlite' }>),
    rawChain: (loc) => rawSqlite(loc as Extract<Location, { backend: 'sqlite' }>, { chain: true }),
  },
  postgres: {
    ours: (loc, o) => oursFactory(loc, o),
    raw: (loc, o) => rawPostgres(loc as Extract<Location, { backend: 'postgres' }>, o),
    emmett: (loc) => emmettPostgres(loc as Extract<Location, { backend: 'postgres' }>),
  },
};

function factory(backend: Backend, name: SubjectName): SubjectFactory {
  const f = factories[backend][name];
  if (!f) throw new Error(`no ${name} subject on ${backend}`);
  return f;
}

const rows: Row[] = [];
function row(backend: Backend, key: WorkloadKey, workload: string): Row {
  let r = rows.find((x) => x.backend === backend && x.key === key);
  if (!r) rows.push((r = { backend, key, workload, cells: {} }));
  return r;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);

async function fresh(backend: Backend, tag: string): Promise<Location> {
  return backend === 'sqlite' ? freshSqlite(tag) : freshPostgres(PG_URL!, tag);
}

function cellOf(results: readonly RateResult[]): Cell {
  return { rate: median(results.map((r) => r.rate)), capped: results.some((r) => r.capped), runs: results.map((r) => r.rate) };
}

/**
 * The append rows. The subjects of one row run in turns — run 1 of each, then run 2 of each, in a
 * rotating order — each on its own fresh database opened for the whole row, so that a change in the
 * machine's speed during the row (other tenants of the host, the disk's fsync time) falls on all of
 * them alike instead of on whichever ran in that minute.
 */
async function appendWorkloads(backend: Backend, names: readonly SubjectName[]): Promise<void> {
  const specs: Array<{ key: WorkloadKey; label: string; writers: number; batch: number }> = [
    { key: 'single1', label: 'append 1 event, 1 writer', writers: 1, batch: 1 },
    ...(backend === 'postgres'
      ? [{ key: 'single8' as const, label: `append 1 event, ${cfg.writers} writers`, writers: cfg.writers, batch: 1 }]
      : []),
    { key: 'batch', label: `append ${cfg.batchSize} events, 1 writer`, writers: 1, batch: cfg.batchSize },
  ];
  for (const spec of specs) {
    const r = row(backend, spec.key, spec.label);
    // The SQLite batched row also runs raw plus the integrity chain: where the chain alone puts the limit.
    const subjects: SubjectName[] =
      backend === 'sqlite' && spec.key === 'batch' && names.includes('raw') ? [...names, 'rawChain'] : [...names];
    const open = new Map<SubjectName, { subject: Subject; loc: Location; rates: number[] }>();
    const fail = (name: SubjectName, e: unknown): void => {
      r.cells[name] = { error: errorText(e) };
      log(`${backend} ${name} ${spec.label}: FAILED ${e instanceof Error ? e.stack : String(e)}`);
    };
    try {
      for (const name of subjects) {
        const loc = await fresh(backend, `${name}_${spec.key}`);
        try {
          const subject = await factory(backend, name)(loc, { writers: cfg.writers });
          open.set(name, { subject, loc, rates: [] });
          await appendRate(subject, { writers: spec.writers, batch: spec.batch, seconds: cfg.warmupSeconds, prefix: 'warm' });
        } catch (e) {
          fail(name, e);
          if (!open.has(name)) await loc.drop();
        }
      }
      for (let i = 0; i < cfg.runs; i++) {
        const order = [...subjects.slice(i % subjects.length), ...subjects.slice(0, i % subjects.length)];
        for (const name of order) {
          const o = open.get(name);
          if (!o || r.cells[name]?.error) continue;
          try {
            o.rates.push(
              await appendRate(o.subject, { writers: spec.writers, batch: spec.batch, seconds: cfg.appendSeconds, prefix: `doc-r${i}` }),
            );
          } catch (e) {
            fail(name, e);
          }
        }
      }
      for (const [name, o] of open) {
        if (r.cells[name]?.error || o.rates.length === 0) continue;
        r.cells[name] = { rate: median(o.rates), capped: false, runs: o.rates };
        log(`${backend} ${name} ${spec.label}: ${Math.round(r.cells[name]!.rate!)} ev/s  runs ${fmtRuns(r.cells[name]!)}`);
      }
    } finally {
      for (const o of open.values()) {
        try {
          await o.subject.close();
        } finally {
          await o.loc.drop();
        }
      }
    }
  }
}

const fmtRuns = (c: Cell): string => (c.runs ?? []).map((x) => Math.round(x)).join(' / ');

/**
 * readAll with `small` and with `large` events stored, and projection catch-up over the small log.
 * Every subject's two stores (one per size) are loaded first and stay open together; then the runs go
 * in turns — catch-up run i of each subject, in a rotating order, then readAll run i of each subject
 * (small, large) — as the append rows do: a change in the machine's speed during the rows (other
 * tenants of the host) falls on all subjects alike, and the "no slower at 1M than at 100k" comparison
 * sees the same minutes of the machine.
 */
async function readWorkloads(backend: Backend, names: readonly SubjectName[]): Promise<void> {
  const [small, large] = cfg.readSizes;
  const rSmall = row(backend, 'readSmall', `readAll from start, ${short(small)} stored`);
  const rProj = row(backend, 'projection', `projection catch-up, ${short(cfg.projectionEvents)} events`);
  const rLarge = row(backend, 'readLarge', `readAll from start, ${short(large)} stored`);
  const readOnce = (s: Subject, n: number): Promise<RateResult> => readAllRate(s, n, cfg.readPage, cfg.readCapSeconds);
  // Untimed, before a store's timed passes: the first passes of a read path run slower while the JIT
  // compiles it (seen: 159k, 172k, then 208–221k ev/s), which is not what the rows are about.
  const warm = (s: Subject, n: number): Promise<RateResult> => readOnce(s, Math.min(n, 20_000));
  const rotate = (i: number): SubjectName[] => [...names.slice(i % names.length), ...names.slice(0, i % names.length)];
  const fail = (name: SubjectName, r: Row, what: string, e: unknown): void => {
    if (!r.cells[name]?.error) r.cells[name] = { error: errorText(e) };
    log(`${backend} ${name} ${what}: FAILED ${e instanceof Error ? e.stack : String(e)}`);
  };

  interface Open {
    subject: Subject;
    loc: Location;
  }
  const opened: Open[] = [];
  const openLoaded = async (name: SubjectName, tag: string, n: number): Promise<Subject> => {
    const loc = await fresh(backend, `${name}_${tag}`);
    let subject: Subject | undefined;
    try {
      subject = await factory(backend, name)(loc, { writers: cfg.writers });
      opened.push({ subject, loc });
    } catch (e) {
      await loc.drop();
      throw e;
    }
    const t = performance.now();
    await loadEvents(subject, 0, n, cfg.loadBatch);
    log(`${backend} ${name}: loaded ${short(n)} in ${((performance.now() - t) / 1000).toFixed(1)}s`);
    await warm(subject, n);
    return subject;
  };

  const smallOf = new Map<SubjectName, Subject>();
  const largeOf = new Map<SubjectName, Subject>();
  try {
    for (const name of names) {
      try {
        smallOf.set(name, await openLoaded(name, 'read', small));
      } catch (e) {
        for (const r of [rSmall, rProj, rLarge]) fail(name, r, 'read workloads', e);
        continue;
      }
      try {
        largeOf.set(name, await openLoaded(name, 'readlarge', large));
      } catch (e) {
        fail(name, rLarge, `readAll ${short(large)}`, e);
      }
    }

    const proj = new Map<SubjectName, RateResult[]>();
    for (let i = 0; i < cfg.runs; i++) {
      for (const name of rotate(i)) {
        const s = smallOf.get(name);
        if (!s || rProj.cells[name]?.error) continue;
        try {
          const r = await catchUpRate(s, cfg.projectionEvents, cfg.projectionCapSeconds, i);
          proj.set(name, [...(proj.get(name) ?? []), r]);
        } catch (e) {
          fail(name, rProj, 'projection', e);
        }
      }
    }
    for (const [name, results] of proj) {
      if (rProj.cells[name]?.error) continue;
      rProj.cells[name] = cellOf(results);
      log(`${backend} ${name} projection: ${Math.round(rProj.cells[name]!.rate!)} ev/s  runs ${fmtRuns(rProj.cells[name]!)}`);
    }

    const smallRuns = new Map<SubjectName, RateResult[]>();
    const largeRuns = new Map<SubjectName, RateResult[]>();
    for (let i = 0; i < cfg.readRuns; i++) {
      for (const name of rotate(i)) {
        const s = smallOf.get(name);
        const big = largeOf.get(name);
        if (s && !rSmall.cells[name]?.error) {
          try {
            smallRuns.set(name, [...(smallRuns.get(name) ?? []), await readOnce(s, small)]);
          } catch (e) {
            fail(name, rSmall, `readAll ${short(small)}`, e);
          }
        }
        if (big && !rLarge.cells[name]?.error) {
          try {
            largeRuns.set(name, [...(largeRuns.get(name) ?? []), await readOnce(big, large)]);
          } catch (e) {
            fail(name, rLarge, `readAll ${short(large)}`, e);
          }
        }
      }
    }
    for (const [r, results, n] of [
      [rSmall, smallRuns, small],
      [rLarge, largeRuns, large],
    ] as const) {
      for (const [name, rs] of results) {
        if (r.cells[name]?.error) continue;
        r.cells[name] = cellOf(rs);
        log(`${backend} ${name} readAll ${short(n)}: ${Math.round(r.cells[name]!.rate!)} ev/s  runs ${fmtRuns(r.cells[name]!)}`);
      }
    }
  } finally {
    for (const o of opened.reverse()) {
      try {
        await o.subject.close();
      } catch (e) {
        log(`${backend}: closing a read store failed: ${errorText(e)}`);
      } finally {
        await o.loc.drop();
      }
    }
  }
}

function runDetails(): string {
  return rows
    .flatMap((r) =>
      (Object.entries(r.cells) as Array<[SubjectName, Cell]>)
        .filter(([, c]) => c.runs)
        .map(([name, c]) => `- ${r.backend} ${r.workload}, ${name}: ${fmtRuns(c)}${c.capped ? ' (capped)' : ''}`),
    )
    .join('\n');
}

/**
 * The append rows' raw driver does no hashing. These lines say what the mandated integrity chain costs
 * per event by itself and where that puts the limit for a store that keeps it.
 */
function integrityNotes(cost: IntegrityCost): string[] {
  const lines = [
    `integrity chain, measured alone on one core (bench payload, ${cost.hashInputBytes.toFixed(0)}-byte hash inputs): ` +
      `SM3 ${cost.sm3.toFixed(2)} µs/event + canonical JSON of data and metadata ${cost.canonical.toFixed(2)} µs/event ` +
      `(raw's JSON.stringify: ${cost.stringify.toFixed(2)})`,
  ];
  for (const r of rows) {
    const raw = r.cells.raw?.rate;
    const ours = r.cells.ours?.rate;
    if (r.key !== 'batch' || raw === undefined || ours === undefined) continue;
    const limit = rawWithIntegrity(raw, cost);
    const label = `${r.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${r.workload}`;
    lines.push(
      `${label}: raw plus that work alone would reach ` +
        `${fmtRate({ rate: limit })} ev/s = ${(limit / raw).toFixed(2)}× raw; ours is ${(ours / limit).toFixed(2)} of that`,
    );
    const chain = r.cells.rawChain;
    if (chain?.rate !== undefined) {
      lines.push(
        `${label}, measured: raw plus the chain (canonical JSON, SM3 chained per stream, hash columns; no revision ` +
          `read, no id index) ${fmtRate(chain)} ev/s = ${(chain.rate / raw).toFixed(2)}× raw ` +
          `(runs ${fmtRuns(chain)}); ours is ${(ours / chain.rate).toFixed(2)} of it`,
      );
    } else if (chain?.error) {
      lines.push(`${label}: raw plus the chain failed: ${chain.error}`);
    }
  }
  return lines;
}

async function main(): Promise<void> {
  const subjects = cfg.subjects;
  if (subjects.includes('emmett')) ensureEmmettInstalled();
  const backends = cfg.backends.filter((b) => {
    if (b === 'postgres' && !PG_URL) {
      console.warn('PG_URL is not set (source .services/env): PostgreSQL rows SKIPPED');
      return false;
    }
    return true;
  });
  if (backends.includes('postgres')) await dropStaleBenchDatabases(PG_URL!);
  log(
    `mode ${cfg.quick ? 'QUICK (1 run, small sizes)' : `full (median of ${cfg.runs}; readAll rows ${cfg.readRuns})`}; backends ${backends.join(', ')}; subjects ${subjects.join(', ')}`,
  );
  for (const backend of backends) {
    // Fixed row order whatever subject fails first.
    row(backend, 'single1', 'append 1 event, 1 writer');
    if (backend === 'postgres') row(backend, 'single8', `append 1 event, ${cfg.writers} writers`);
    row(backend, 'batch', `append ${cfg.batchSize} events, 1 writer`);
    row(backend, 'readSmall', `readAll from start, ${short(cfg.readSizes[0])} stored`);
    row(backend, 'readLarge', `readAll from start, ${short(cfg.readSizes[1])} stored`);
    row(backend, 'projection', `projection catch-up, ${short(cfg.projectionEvents)} events`);
    if (cfg.workloads.includes('append')) await appendWorkloads(backend, subjects);
    if (cfg.workloads.includes('read')) await readWorkloads(backend, subjects);
  }

  // After the workloads, so that warming these functions up cannot change how the workloads run.
  const integrity = measureIntegrityCost(cfg.batchSize);
  log(
    `integrity work alone: SM3 ${integrity.sm3.toFixed(2)} µs/event, canonical JSON ${integrity.canonical.toFixed(2)} µs/event ` +
      `(JSON.stringify ${integrity.stringify.toFixed(2)})`,
  );
  const { lines, failures, missing } = tableLines(rows);
  const table = renderText(lines);
  const seconds = (performance.now() - started) / 1000;
  const notes = [
    `mode: ${cfg.quick ? 'QUICK smoke run (1 run each, small sizes): not the measurement of record' : `full, median of ${cfg.runs} runs (readAll rows: ${cfg.readRuns})`}; wall time ${seconds.toFixed(0)} s`,
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average at the end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (other work shares these cores)`,
    'durable everywhere: SQLite WAL + synchronous=FULL (ours, raw, Emmett); PostgreSQL synchronous_commit=on',
    'fresh database per subject and workload (SQLite files in a disk temp dir; PostgreSQL CREATE/DROP DATABASE)',
    'raw = the driver alone: no hashing, no expected-revision read, no watermark (the physical limit, not a store)',
    `Emmett: one shared SQLite connection; consumers pull ${1000} per batch with no pause and checkpoint every event`,
    `readAll: pages of ${cfg.readPage} from the first event, parsed; * = stopped at the ${cfg.readCapSeconds} s cap (rate over what it read)`,
    `projection: events counted per stream (projections/engine/bench-support.ts); ours folds each batch with applyBatch into one multi-row upsert, raw and Emmett upsert per event; checkpoint in the batch's transaction; * = ${cfg.projectionCapSeconds} s cap`,
    ...integrityNotes(integrity),
    `verdicts: ${failures} FAIL, ${missing} without a number`,
    ...rows.flatMap((r) =>
      (Object.entries(r.cells) as Array<[SubjectName, Cell]>)
        .filter(([, c]) => c.error)
        .map(([s, c]) => `error! ${r.backend} ${s} "${r.workload}": ${c.error}`),
    ),
  ];
  const out = `${table}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
  console.log(`\n${out}`);
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'store-latest.md'),
    `# bench:store — ${new Date().toISOString()}\n\n\`\`\`\n${table}\n\`\`\`\n\n${notes.map((n) => `- ${n}`).join('\n')}\n` +
      `\n## Each run (events/s)\n\n${runDetails()}\n`,
  );
  console.log(`written to bench/results/store-latest.md`);
}

// DROP DATABASE … WITH (FORCE) ends every session of a bench database, and a client that a peer
// library left idle in its pool then emits an 'error' nobody listens to. That one is expected here.
process.on('uncaughtException', (e: Error & { code?: string }) => {
  // The same when the PostgreSQL server itself is restarted under the bench (shared test services):
  // the running workload fails on its own query and its cell shows error!; the bench goes on.
  if (
    e.code === '57P01' ||
    e.code === 'ECONNRESET' ||
    /terminating connection due to administrator command|Connection terminated unexpectedly/.test(e.message)
  ) {
    console.warn(`(ignored on an idle pooled connection: ${e.message})`);
    return;
  }
  console.error(e);
  process.exit(1);
});

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
