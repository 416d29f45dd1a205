import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlClient } from '../../projections/engine/types';
import { openReadStore } from '../../projections/sql/open';
import { freshPgReadStore, pgUrlOrSkip } from './pg-read-store';

const dir = mkdtempSync(join(tmpdir(), 'oa-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pgUrl = pgUrlOrSkip('SqlClient suite');

interface Fresh {
  db: SqlClient;
  url: string;
  cleanup: () => Promise<void>;
}

const targets: Array<{ label: string; open: (() => Promise<Fresh>) | null }> = [
  {
    label: 'SQLite',
    open: async () => {
      const url = `sqlite:${join(dir, 'nested', String(Math.random()).slice(2), 'read.db')}`;
      const db = await openReadStore(url);
      return { db, url, cleanup: () => db.close() };
    },
  },
  { label: 'PostgreSQL', open: pgUrl ? () => freshPgReadStore(pgUrl) : null },
];

for (const target of targets) {
  describe.skipIf(target.open === null)(`SqlClient on ${target.label}`, () => {
    let db: SqlClient;
    let url: string;
    let cleanup: () => Promise<void>;
    const others: SqlClient[] = [];

    beforeEach(async () => {
      ({ db, url, cleanup } = await target.open!());
      await db.run(`CREATE TABLE items (id TEXT PRIMARY KEY, qty BIGINT NOT NULL, flag INTEGER, note TEXT);
                    CREATE INDEX items_by_qty ON items (qty)`);
    });
    afterEach(async () => {
      for (const o of others.splice(0)) await o.close();
      await cleanup();
    });

    it('binds ? parameters and returns numbers for BIGINT, COUNT and SUM', async () => {
      const big = 2 ** 40 + 7;
      expect(await db.run('INSERT INTO items (id, qty, flag, note) VALUES (?, ?, ?, ?)', ['a', big, true, '办文 ?'])).toEqual({
        changes: 1,
      });
      await db.run('INSERT INTO items (id, qty, flag, note) VALUES (?, ?, ?, ?)', ['b', 5, false, undefined]);
      expect(await db.get('SELECT id, qty, flag, note FROM items WHERE id = ?', ['a'])).toEqual({
        id: 'a',
        qty: big,
        flag: 1,
        note: '办文 ?',
      });
      expect(await db.get('SELECT flag, note FROM items WHERE id = ?', ['b'])).toEqual({ flag: 0, note: null });
      expect(await db.get(`SELECT COUNT(*) AS c, SUM(qty) AS s FROM items WHERE note IS NULL OR note <> '?'`)).toEqual({
        c: 2,
        s: big + 5,
      });
      expect(await db.all('SELECT id FROM items ORDER BY id')).toEqual([{ id: 'a' }, { id: 'b' }]);
      expect(await db.get('SELECT id FROM items WHERE id = ?', ['zz'])).toBeUndefined();
      expect(await db.run('UPDATE items SET qty = qty + 1 WHERE qty < ?', [100])).toEqual({ changes: 1 });
    });

    it('commits a transaction, rolls it back on a throw, and joins nested calls to the outer one', async () => {
      await db.transaction(async (tx) => {
        await tx.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['kept', 1]);
      });
      await expect(
        db.transaction(async (tx) => {
          await tx.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['lost1', 1]);
          await tx.transaction(async (inner) => inner.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['lost2', 1]));
          throw new Error('业务错误');
        }),
      ).rejects.toThrow('业务错误');
      expect(await db.all('SELECT id FROM items ORDER BY id')).toEqual([{ id: 'kept' }]);
    });

    it('rolls back to a savepoint and keeps the rest of the transaction', async () => {
      await db.transaction(async (tx) => {
        await tx.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['x', 1]);
        await tx.run('SAVEPOINT sp');
        await expect(tx.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['x', 2])).rejects.toThrow();
        await tx.run('ROLLBACK TO SAVEPOINT sp');
        await tx.run('RELEASE SAVEPOINT sp');
        await tx.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['y', 3]);
      });
      expect(await db.all('SELECT id, qty FROM items ORDER BY id')).toEqual([
        { id: 'x', qty: 1 },
        { id: 'y', qty: 3 },
      ]);
    });

    it('keeps work outside a transaction out of it, even while it is open', async () => {
      let inside!: () => void;
      const entered = new Promise<void>((r) => (inside = r));
      let finish!: () => void;
      const gate = new Promise<void>((r) => (finish = r));
      const tx = db.transaction(async (t) => {
        await t.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['in-tx', 1]);
        inside();
        await gate;
        throw new Error('rollback');
      });
      await entered;
      const outside = db.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['outside', 2]);
      // The outside reader never sees the uncommitted row.
      const seen = db.all<{ id: string }>('SELECT id FROM items');
      setTimeout(finish, 30);
      await expect(tx).rejects.toThrow('rollback');
      await outside;
      expect((await seen).map((r) => r.id)).not.toContain('in-tx');
      expect(await db.all('SELECT id FROM items')).toEqual([{ id: 'outside' }]);
    });

    it('pipelines writes when asked: reads and COMMIT see them, a failure rolls everything back', async () => {
      await db.transaction(
        async (tx) => {
          for (let i = 0; i < 450; i++) await tx.run('INSERT INTO items (id, qty, note) VALUES (?, ?, ?)', [`p${i}`, i, `it's \\ ${i}`]);
          expect(await tx.get('SELECT COUNT(*) AS c FROM items')).toEqual({ c: 450 });
          const r = await tx.run('UPDATE items SET qty = qty + 1 WHERE id = ?', ['p1']);
          if (db.dialect === 'postgres') expect(() => r.changes).toThrow(/pipelined/);
          else expect(r.changes).toBe(1);
        },
        { pipelineWrites: true },
      );
      expect(await db.get('SELECT COUNT(*) AS c, SUM(qty) AS s FROM items')).toEqual({ c: 450, s: (449 * 450) / 2 + 1 });
      expect(await db.get('SELECT note FROM items WHERE id = ?', ['p7'])).toEqual({ note: `it's \\ 7` });
      await expect(
        db.transaction(
          async (tx) => {
            await tx.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['q1', 1]);
            await tx.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['p3', 1]); // duplicate key
            await tx.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['q2', 1]);
          },
          { pipelineWrites: true },
        ),
      ).rejects.toThrow();
      expect(await db.get('SELECT COUNT(*) AS c FROM items')).toEqual({ c: 450 });
    });

    it('gives an exclusive lock to one holder at a time', async () => {
      const other = await openReadStore(url);
      others.push(other);
      const lock = await db.tryLock!('oa.projection:inbox');
      expect(lock).not.toBeNull();
      expect(await db.tryLock!('oa.projection:inbox')).toBeNull();
      if (db.dialect === 'postgres') expect(await other.tryLock!('oa.projection:inbox')).toBeNull();
      expect(await db.tryLock!('oa.projection:other')).not.toBeNull();
      await lock!.release();
      const again = db.dialect === 'postgres' ? await other.tryLock!('oa.projection:inbox') : await db.tryLock!('oa.projection:inbox');
      expect(again).not.toBeNull();
    });

    it('still answers a cached query after its table is replaced with other columns', async () => {
      await db.run('INSERT INTO items (id, qty) VALUES (?, ?)', ['a', 1]);
      for (let i = 0; i < 3; i++) expect(await db.get('SELECT * FROM items WHERE id = ?', ['a'])).toMatchObject({ id: 'a', qty: 1 });
      await db.transaction(async (tx) => {
        await tx.run('DROP TABLE items');
        await tx.run('CREATE TABLE items_new (id TEXT PRIMARY KEY, qty BIGINT NOT NULL, extra TEXT)');
        await tx.run('ALTER TABLE items_new RENAME TO items');
        await tx.run('INSERT INTO items (id, qty, extra) VALUES (?, ?, ?)', ['a', 2, 'e']);
      });
      for (let i = 0; i < 3; i++) expect(await db.get('SELECT * FROM items WHERE id = ?', ['a'])).toEqual({ id: 'a', qty: 2, extra: 'e' });
    });
  });
}

describe('openReadStore', () => {
  it('creates the folder of a sqlite: file and refuses unknown schemes', async () => {
    const file = join(dir, 'deep', 'er', 'read.db');
    const db = await openReadStore(`sqlite:${file}`);
    expect(db.dialect).toBe('sqlite');
    await db.close();
    expect(existsSync(file)).toBe(true);
    const mem = await openReadStore('sqlite::memory:');
    expect(await mem.get('SELECT 1 AS one')).toEqual({ one: 1 });
    await mem.close();
    await expect(openReadStore('mysql://u:secret@h/db')).rejects.toThrow(/unsupported read store URL "mysql:\/\/\*\*\*@h\/db"/);
  });
});
