import { SqliteClient } from '../sql/sqlite-client';
import { engineContract } from '../../test/projections/engine-contract';

// The engine's behaviour on an in-memory SQLite read store (the same suite runs on PostgreSQL in
// test/projections/engine-pg.int.spec.ts).
engineContract('SQLite (in memory)', {
  async open() {
    const db = new SqliteClient(':memory:');
    return { db, reopen: async () => db, cleanup: () => db.close() };
  },
});
