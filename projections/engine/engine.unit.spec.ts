import { createSqliteEventStore } from '../../commands/store/sqlite-event-store';
import { SqliteClient } from '../sql/sqlite-client';
import { engineContract } from '../../test/projections/engine-contract';

// The engine's behaviour on the real SQLite event store and an SQLite read store, both in memory (the
// same suite runs on PostgreSQL in test/projections/engine-pg.int.spec.ts).
engineContract('SQLite (in memory)', {
  events: {
    async open(clock) {
      const store = await createSqliteEventStore({ filename: ':memory:', clock });
      return { store, cleanup: () => store.close() };
    },
  },
  read: {
    async open() {
      const db = new SqliteClient(':memory:');
      return { db, reopen: async () => db, cleanup: () => db.close() };
    },
  },
});
