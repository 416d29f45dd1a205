import { openReadStore } from '../../projections/sql/open';
import type { SqlClient } from '../../projections/engine/types';
import { engineContract } from './engine-contract';
import { freshPgEventStore, freshPgReadStore, pgUrlOrSkip } from './pg-read-store';

// The engine suite (catch-up, filters, parking, lag, rebuild + swap with indexes, single owner via
// pg_try_advisory_lock) on real PostgreSQL: the event store and the read store, each in a fresh schema.
// The engine behind a position still in flight is in engine-inflight-pg.int.spec.ts.
const pgUrl = pgUrlOrSkip('projection engine suite');

engineContract(
  'PostgreSQL',
  pgUrl === null
    ? null
    : {
        events: { open: (clock) => freshPgEventStore(pgUrl, clock) },
        read: {
          async open() {
            const { url, db, cleanup } = await freshPgReadStore(pgUrl);
            return { db, reopen: (): Promise<SqlClient> => openReadStore(url), cleanup };
          },
        },
      },
);
