import { spawn } from 'node:child_process';
import { createClient } from '@clickhouse/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '../../commands/store/sqlite-event-store';
import type { EventStore } from '../../domain/eventstore/port';
import { openReadStore } from '../../projections/sql';
import { FACT_HEADCOUNT, FACT_TABLES } from '../../projections/warehouse/facts';
import { headcountFacts } from '../../projections/warehouse/org-facts';
import { WarehouseSink } from '../../projections/warehouse/sink';
import { openWarehouse, type Warehouse } from '../../projections/warehouse/warehouse';
import { REPORTS, findReport } from '../../reports/warehouse/definitions';
import { runReport } from '../../reports/warehouse/run-report';
import { serviceUrl } from '../support/services';
import { appendOrgHistory, headcountFromRows, type OrgHistory } from './org-history';

const ALL = { kind: 'all' } as const;
const PARAMS = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', grain: 'month' as const };

const dir = mkdtempSync(join(tmpdir(), 'oa-wh-'));
const clickhouse = serviceUrl('CLICKHOUSE_URL');
const runId = Math.random().toString(36).slice(2, 8);
const targets: Array<{ name: string; url: (tag: string) => string }> = [
  { name: 'duckdb', url: (tag) => `duckdb:${join(dir, `${tag}.duckdb`)}` },
];
if (clickhouse) targets.push({ name: 'clickhouse', url: (tag) => `${clickhouse}/oa_wh_${runId}_${tag}` });

let store: EventStore;
let history: OrgHistory;
const storeUrl = `sqlite:${join(dir, 'events.db')}`;

beforeAll(async () => {
  store = await createSqliteEventStore(storeUrl);
  history = await appendOrgHistory(store, 3000);
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function headcount(wh: Warehouse) {
  return headcountFromRows((await runReport(wh, findReport('headcount')!, PARAMS, ALL)).rows);
}

function runChild(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'sink-child.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited };
}

for (const t of targets) {
  describe(`warehouse sink → ${t.name}`, () => {
    it('turns the org history into head-count facts that add up exactly', async () => {
      const wh = await openWarehouse(t.url('exact'));
      const db = await openReadStore(`sqlite:${join(dir, `${t.name}-exact-read.db`)}`);
      const sink = new WarehouseSink(store, db, wh, FACT_TABLES, [headcountFacts], { batchSize: 500 });
      await sink.setup();
      await sink.ensureWarehouseSchema();
      await sink.drain();
      expect((await sink.status()).lagEvents).toBe(0);
      expect(await headcount(wh)).toEqual(history.expected);

      // The whole history delivered a second time (a fresh read store replays from position 0):
      // every fact carries the same event id, so nothing counts twice.
      const db2 = await openReadStore(`sqlite:${join(dir, `${t.name}-exact-read2.db`)}`);
      const again = new WarehouseSink(store, db2, wh, FACT_TABLES, [headcountFacts], { batchSize: 700 });
      await again.setup();
      await again.drain();
      expect(await headcount(wh)).toEqual(history.expected);
      await db.close();
      await db2.close();
      await wh.dropAll(FACT_TABLES);
      await wh.close();
    });

    it('a batch inserted twice counts once', async () => {
      const wh = await openWarehouse(t.url('twice'));
      await wh.ensureSchema(FACT_TABLES);
      const rows = [1, 2, 3].map((i) => ({
        event_id: `e-${i}`,
        user_id: `u-${i}`,
        unit_id: 'u-x',
        unit_name: '测试单位',
        dept_id: 'd',
        dept_name: '科',
        rank: '科员',
        delta: 1,
        occurred_at: '2025-05-01 00:00:00',
      }));
      await wh.insert(FACT_HEADCOUNT, rows);
      await wh.insert(FACT_HEADCOUNT, rows);
      await wh.insert(FACT_HEADCOUNT, rows.slice(1));
      const hc = await headcount(wh);
      expect(hc.get('u-x')?.get('科员')).toBe(3);
      // a batch overlapping what is stored, with an id repeated inside it: only the new ids count, once
      const more = [0, 2, 4, 4, 5].map((i) => ({ ...rows[0], event_id: `e-${i}`, user_id: `u-${i}` }));
      await wh.insert(FACT_HEADCOUNT, more);
      expect((await headcount(wh)).get('u-x')?.get('科员')).toBe(6);
      const ids = await wh.query<{ event_id: string }>("SELECT event_id FROM fact_headcount WHERE unit_id = 'u-x' ORDER BY event_id");
      expect(ids.map((r) => r.event_id)).toEqual(['e-0', 'e-1', 'e-2', 'e-3', 'e-4', 'e-5']);
      // values with the insert format's special characters survive as they are
      const tricky = "制表\t换行\n回车\r反斜杠\\ 引号' \\t";
      await wh.insert(FACT_HEADCOUNT, [{ ...rows[0], event_id: 'e-tricky', unit_id: 'u-y', unit_name: tricky }]);
      const back = await wh.query<{ unit_name: string }>("SELECT unit_name FROM fact_headcount WHERE event_id = 'e-tricky'");
      expect(back).toEqual([{ unit_name: tricky }]);
      // the unit separator (DuckDB's packed rows split on it) and an empty text survive too
      const separator = '单位\u001f分隔\u001f';
      await wh.insert(FACT_HEADCOUNT, [{ ...rows[0], event_id: 'e-sep', unit_id: 'u-z', unit_name: separator, dept_name: '' }]);
      const sep = await wh.query<{ unit_name: string; dept_name: string }>(
        "SELECT unit_name, dept_name FROM fact_headcount WHERE event_id = 'e-sep'",
      );
      expect(sep).toEqual([{ unit_name: separator, dept_name: '' }]);
      if (wh.dialect === 'duckdb') {
        // a missing value stays NULL, whichever way the batch travels (DuckDB packs texts when it can)
        const noDelta = { ...rows[0], event_id: 'e-gap-n', unit_id: 'u-gap', delta: undefined as unknown as number };
        const noRank = { ...rows[0], event_id: 'e-gap-t', unit_id: 'u-gap', rank: undefined as unknown as string };
        await wh.insert(FACT_HEADCOUNT, [noDelta]);
        await wh.insert(FACT_HEADCOUNT, [noRank]);
        const back = await wh.query<{ event_id: string; rank: string | null; delta: number | null }>(
          "SELECT event_id, rank, delta FROM fact_headcount WHERE unit_id = 'u-gap' ORDER BY event_id",
        );
        // (BIGINT comes back as text)
        expect(back.map((r) => [r.event_id, r.rank, r.delta === null ? null : Number(r.delta)])).toEqual([
          ['e-gap-n', '科员', null],
          ['e-gap-t', null, 1],
        ]);
      }
      await wh.dropAll(FACT_TABLES);
      await wh.close();
    });

    it('killing the sink (kill -9) mid-batch and restarting gives exact totals', async () => {
      const readUrl = `sqlite:${join(dir, `${t.name}-kill-read.db`)}`;
      const whUrl = t.url('kill');
      const { child, exited } = runChild([storeUrl, readUrl, whUrl, '40']);
      let childErr = '';
      child.stderr.on('data', (b) => (childErr += String(b)));
      // wait until the sink has committed some batches but not all, then kill it without warning
      const probe = await openReadStore(readUrl);
      const head = await store.headPosition();
      let killedAt = -1;
      let done = false;
      void exited.then(() => (done = true));
      for (let i = 0; i < 600 && killedAt < 0 && !done; i++) {
        await new Promise((r) => setTimeout(r, 25));
        const cp = await probe
          .get<{ position: number }>('SELECT position FROM warehouse_checkpoints WHERE name = ?', ['warehouse'])
          .catch(() => undefined);
        if (cp && Number(cp.position) > 0 && Number(cp.position) < head) {
          child.kill('SIGKILL');
          killedAt = Number(cp.position);
        }
      }
      await exited;
      expect(childErr).toBe('');
      expect(killedAt).toBeGreaterThan(0);
      expect(killedAt).toBeLessThan(head);
      await probe.close();

      const { child: restart, exited: restartExited } = runChild([storeUrl, readUrl, whUrl, '40']);
      let out = '';
      restart.stdout.on('data', (b) => (out += String(b)));
      let err = '';
      restart.stderr.on('data', (b) => (err += String(b)));
      const code = await restartExited;
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toContain('drained');

      const wh = await openWarehouse(whUrl);
      expect(await headcount(wh)).toEqual(history.expected);
      await wh.dropAll(FACT_TABLES);
      await wh.close();
    });
  });
}

describe.skipIf(!clickhouse)('the same events give the same report rows on ClickHouse and DuckDB', () => {
  it('every declared report', async () => {
    const whs = await Promise.all(targets.map((t) => openWarehouse(t.url('same'))));
    for (const [i, wh] of whs.entries()) {
      const db = await openReadStore(`sqlite:${join(dir, `same-${i}.db`)}`);
      const sink = new WarehouseSink(store, db, wh, FACT_TABLES, [headcountFacts]);
      await sink.setup();
      await sink.ensureWarehouseSchema();
      await sink.drain();
      await db.close();
    }
    let nonEmpty = 0;
    for (const def of REPORTS) {
      for (const grain of ['month', 'quarter', 'week'] as const) {
        const [a, b] = await Promise.all(whs.map((wh) => runReport(wh, def, { ...PARAMS, grain }, ALL)));
        expect(b.rows).toEqual(a.rows);
        if (a.rows.length) nonEmpty++;
      }
      const drill = await Promise.all(whs.map((wh) => runReport(wh, def, { ...PARAMS, unit: 'u-hr' }, ALL)));
      expect(drill[1].rows).toEqual(drill[0].rows);
      const scoped = await Promise.all(whs.map((wh) => runReport(wh, def, PARAMS, { kind: 'units', unitIds: ['u-finance'] })));
      expect(scoped[1].rows).toEqual(scoped[0].rows);
    }
    expect(nonEmpty).toBeGreaterThan(0);
    for (const wh of whs) {
      await wh.dropAll(FACT_TABLES);
      await wh.close();
    }
  });
});

describe.skipIf(!clickhouse)('a ClickHouse warehouse of an older schema', () => {
  it('is dropped and rebuilt, and the sink replays from position 0 to exact totals', async () => {
    const database = `oa_wh_${runId}_schema`;
    const wh = await openWarehouse(`${clickhouse}/${database}`);
    // as the first warehouse version left it: ORDER BY event_id, no id table, no schema version, and
    // a row the rebuilt warehouse must not keep
    const raw = createClient({ url: clickhouse, database });
    await raw.command({
      query:
        "CREATE TABLE fact_headcount (event_id String, user_id String, unit_id String, unit_name String, dept_id String, dept_name String, rank String, delta Int64, occurred_at DateTime('UTC')) " +
        'ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(occurred_at) ORDER BY event_id',
    });
    await raw.command({
      query: "INSERT INTO fact_headcount VALUES ('stale', 'x', 'u-office', 'x', 'd', 'd', '科员', 1000, '2025-02-01 00:00:00')",
    });
    await raw.close();
    const head = await store.headPosition();
    const db = await openReadStore(`sqlite:${join(dir, 'schema-read.db')}`);
    const sink = new WarehouseSink(store, db, wh, FACT_TABLES, [headcountFacts], { batchSize: 500 });
    await sink.setup();
    // the old sink had consumed every event
    await db.run("INSERT INTO warehouse_checkpoints (name, position, updated_at) VALUES ('warehouse', ?, '2025-01-01T00:00:00Z')", [head]);
    await sink.setup();
    expect((await sink.status()).position).toBe(head);

    await sink.ensureWarehouseSchema();
    expect((await sink.status()).position).toBe(0);
    await sink.drain();
    expect(await headcount(wh)).toEqual(history.expected);
    const ids = await wh.query<{ n: string }>('SELECT count() AS n FROM fact_headcount__ids');
    expect(Number(ids[0].n)).toBeGreaterThan(0);

    // the current version is kept as it is
    const again = new WarehouseSink(store, db, wh, FACT_TABLES, [headcountFacts], { batchSize: 500 });
    await again.setup();
    await again.ensureWarehouseSchema();
    expect((await again.status()).position).toBe(head);
    expect(await headcount(wh)).toEqual(history.expected);
    await db.close();
    await wh.dropAll(FACT_TABLES);
    await wh.close();
  });
});
