import { ProjectionEngine } from '../../projections/engine';
import type { SqlClient } from '../../projections/engine/types';
import type { EventStore } from '../../domain/eventstore/port';
import { MODULES, moduleProjections } from '../../api/modules';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Every read model of the platform (the modules' projections; the reactions' operational tables are not read models). */
export const readModelProjections = () => moduleProjections(MODULES);

/** Builds every read model from zero into `db` from `store`, up to the head. */
export async function rebuildInto(store: EventStore, db: SqlClient): Promise<void> {
  const engine = new ProjectionEngine({ store, db, projections: readModelProjections(), logger: quiet });
  await engine.start();
  try {
    if (!(await engine.waitForHead({ timeoutMs: 600_000 }))) throw new Error('rebuild did not reach the head');
  } finally {
    await engine.stop();
  }
}

const canonical = (row: Record<string, unknown>) =>
  JSON.stringify(
    Object.keys(row)
      .sort()
      .map((k) => [k, row[k] instanceof Date ? (row[k] as Date).toISOString() : row[k]]),
  );

/**
 * Compares the live read models with a rebuild from zero, table by table, as multisets of rows: a row
 * applied twice, lost, or different shows up as a difference.
 */
export async function readModelDiff(live: SqlClient, rebuilt: SqlClient): Promise<{ tables: number; rows: number; diffs: string[] }> {
  const checkpoints = async (db: SqlClient) =>
    new Map(
      (await db.all<{ name: string; tables: string; position: number }>('SELECT name, tables, position FROM projection_checkpoints')).map(
        (r) => [r.name, r],
      ),
    );
  const a = await checkpoints(live);
  const b = await checkpoints(rebuilt);
  const diffs: string[] = [];
  let tables = 0;
  let rows = 0;
  for (const p of readModelProjections()) {
    const la = a.get(p.name);
    const lb = b.get(p.name);
    if (!la || !lb) {
      diffs.push(`${p.name}: missing in ${la ? 'rebuild' : 'live'}`);
      continue;
    }
    const ta = JSON.parse(la.tables) as string[];
    const tb = JSON.parse(lb.tables) as string[];
    for (let i = 0; i < p.tables.length; i++) {
      tables++;
      // inbox_counts is kept by deltas per batch: a count that went 1 → 0 within one batch leaves no row, across two
      // batches a row with n = 0 — the same answer (InboxQueries.counts reads an absent box as 0), so n = 0 rows are left out
      const read = async (db: SqlClient, table: string) =>
        (await db.all<Record<string, unknown>>(`SELECT * FROM ${table}`))
          .filter((r) => !(p.tables[i] === 'inbox_counts' && Number(r.n) === 0))
          .map(canonical)
          .sort();
      const ra = await read(live, ta[i]);
      const rb = await read(rebuilt, tb[i]);
      rows += ra.length;
      if (ra.length !== rb.length || ra.some((r, j) => r !== rb[j])) {
        const onlyLive = ra.filter((r) => !rb.includes(r)).slice(0, 1);
        const onlyRebuilt = rb.filter((r) => !ra.includes(r)).slice(0, 1);
        diffs.push(
          `${p.name}.${p.tables[i]}: live ${ra.length} rows, rebuild ${rb.length}; e.g. live ${onlyLive[0]?.slice(0, 200) ?? '-'} / rebuild ${onlyRebuilt[0]?.slice(0, 200) ?? '-'}`,
        );
      }
    }
  }
  return { tables, rows, diffs };
}
