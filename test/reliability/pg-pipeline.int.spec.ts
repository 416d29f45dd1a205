import { describe, expect, it } from 'vitest';
import { PostgresClient } from '../../projections/sql/postgres-client';
import { serviceUrl } from '../support/services';

/**
 * Pipelined write-behind on PostgreSQL sends prepared statements with bound parameters (pg's pipeline
 * mode) — no hand-built SQL literals: hostile texts round-trip exactly, a failing write fails the
 * transaction and nothing of it stays.
 */
const PG = serviceUrl('PG_URL');
describe.skipIf(!PG)('PostgreSQL pipelined writes use bound parameters', () => {
  const HOSTILE = ["x'); DROP TABLE rel_pipe; --", 'a\\b', "E'\\x00'", '$1', '?', "''", "反斜杠\\'引号", '🙂'];
  it('hostile texts round-trip exactly; a failing statement rolls the whole batch back', async () => {
    const schema = `rel_pipe_${Date.now().toString(36)}`;
    const db = await PostgresClient.open({ connectionString: PG!, schema });
    try {
      await db.run('CREATE TABLE rel_pipe (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
      await db.transaction(
        async (tx) => {
          for (let i = 0; i < 450; i++) await tx.run('INSERT INTO rel_pipe (id, v) VALUES (?, ?)', [i, HOSTILE[i % HOSTILE.length]]);
        },
        { pipelineWrites: true },
      );
      const rows = await db.all<{ id: number; v: string }>('SELECT id, v FROM rel_pipe ORDER BY id');
      expect(rows.map((r) => r.v)).toEqual(Array.from({ length: 450 }, (_, i) => HOSTILE[i % HOSTILE.length]));
      await expect(
        db.transaction(
          async (tx) => {
            await tx.run('INSERT INTO rel_pipe (id, v) VALUES (?, ?)', [1000, 'kept?']);
            await tx.run('INSERT INTO rel_pipe (id, v) VALUES (?, ?)', [0, 'duplicate key']);
            await tx.run('INSERT INTO rel_pipe (id, v) VALUES (?, ?)', [1001, 'after']);
          },
          { pipelineWrites: true },
        ),
      ).rejects.toThrow(/duplicate key|unique/);
      expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM rel_pipe'))!.n).toBe(450);
    } finally {
      await db.run(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
      await db.close();
    }
  });
});
