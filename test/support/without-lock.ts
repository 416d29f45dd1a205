import type { SqlClient } from '../../projections/engine/types';

/** The read store as a second process sees it: the same data, but no shared lock (the worst case for "once"). */
export function withoutLock(db: SqlClient): SqlClient {
  return {
    dialect: db.dialect,
    run: (s, p) => db.run(s, p),
    all: (s, p) => db.all(s, p),
    get: (s, p) => db.get(s, p),
    transaction: (fn, o) => db.transaction(fn, o),
    close: async () => undefined,
  };
}
