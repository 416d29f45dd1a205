import { afterAll, describe, expect, it } from 'vitest';
import { serviceUrl } from '../../test/support/services';
import type { SqlClient } from '../engine/types';
import { cols, deleteRows, insertRows, pgArrayLiteral, selectByKeys, updateRows } from './bulk';
import { SqliteClient } from './sqlite-client';
import { pgClientInOwnSchema } from '../../test/projections/pg-read-store';

/** The set-based writes of batch projections, on both read stores: values survive exactly, whatever they hold. */
const NASTY = [
  '',
  'NULL',
  'null',
  'a,b',
  '{x}',
  '"q"',
  "it's",
  'back\\slash',
  '\\"',
  'line\nfeed',
  '收文〔2026〕1号',
  ' sp ',
  'tab\t',
  '😀',
];
const COLS = cols('k', 'v', 'n:bigint', 'x:real');

function suite(name: string, open: () => Promise<SqlClient | null>) {
  describe(`bulk writes on ${name}`, () => {
    let db: SqlClient | null = null;
    afterAll(async () => {
      await db?.close();
    });

    it('inserts, upserts, updates, selects and deletes many rows, text kept byte for byte', async (ctx) => {
      db = await open();
      if (!db) return ctx.skip();
      await db.run('CREATE TABLE bulk_t (k TEXT PRIMARY KEY, v TEXT, n BIGINT NOT NULL, x REAL)');
      const rows = Array.from({ length: 150 }, (_, i) => [
        `k${i}`,
        NASTY[i % NASTY.length]!,
        i * 1_000_000_007,
        i % 3 === 0 ? null : i / 4,
      ]);
      rows.push(['k-null', null, -1, null]);
      await db.transaction((tx) => insertRows(tx, 'bulk_t', COLS, rows), { pipelineWrites: true });
      const back = await db.all<{ k: string; v: string | null; n: number; x: number | null }>('SELECT k, v, n, x FROM bulk_t ORDER BY k');
      expect(back).toHaveLength(151);
      const byKey = new Map(back.map((r) => [r.k, r]));
      for (const r of rows) expect(byKey.get(r[0] as string)).toEqual({ k: r[0], v: r[1], n: r[2], x: r[3] });

      await insertRows(
        db,
        'bulk_t',
        COLS,
        [
          ['k1', 'new', 5, 1.5],
          ['k-new', 'x', 6, null],
        ],
        '(k) DO UPDATE SET n = bulk_t.n + excluded.n, v = excluded.v',
      );
      expect(await db.get('SELECT v, n FROM bulk_t WHERE k = ?', ['k1'])).toEqual({ v: 'new', n: 1_000_000_007 + 5 });
      await updateRows(db, 'bulk_t', cols('k'), cols('v', 'n:bigint'), [
        ['k2', 'upd"ated', 7],
        ['missing', 'z', 8],
      ]);
      expect(await db.get('SELECT v, n FROM bulk_t WHERE k = ?', ['k2'])).toEqual({ v: 'upd"ated', n: 7 });
      const some = await selectByKeys<{ k: string; v: string }>(db, 'bulk_t', 'k, v', 'k', ['k3', 'k4', 'k3', "k'5", 'nope']);
      expect(some.map((r) => r.k).sort()).toEqual(['k3', 'k4']);
      await deleteRows(db, 'bulk_t', cols('k'), [['k3'], ['k4'], ['nope']]);
      expect(Number((await db.get<{ c: number }>('SELECT COUNT(*) AS c FROM bulk_t'))!.c)).toBe(150);
    });
  });
}

describe('pgArrayLiteral', () => {
  it('quotes every text element and escapes quotes and backslashes; NULL unquoted; numbers bare', () => {
    expect(pgArrayLiteral(['a', 'NULL', null, 'x"y\\z', ''], 'text')).toBe('{"a","NULL",NULL,"x\\"y\\\\z",""}');
    expect(pgArrayLiteral([1, null, 2.5], 'bigint')).toBe('{1,NULL,2.5}');
    expect(() => pgArrayLiteral(['1); DROP TABLE x; --'], 'bigint')).toThrow(TypeError);
  });
});

suite('SQLite', async () => new SqliteClient(':memory:'));
const pgUrl = serviceUrl('PG_URL');
suite('PostgreSQL', async () => (pgUrl ? pgClientInOwnSchema(pgUrl, 'bulk_test') : null));
