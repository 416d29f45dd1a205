import { openReadStore } from '../../projections/sql/open';
import type { SqlClient } from '../../projections/engine/types';
import { engineContract } from './engine-contract';
import { freshPgReadStore, pgUrlOrSkip } from './pg-read-store';

// The engine suite (catch-up, filters, parking, lag, rebuild + swap with indexes, single owner via
// pg_try_advisory_lock) with its read models and checkpoints on real PostgreSQL.
const pgUrl = pgUrlOrSkip('projection engine suite');

engineContract(
  'PostgreSQL',
  pgUrl === null
    ? null
    : {
        async open() {
          const { url, db, cleanup } = await freshPgReadStore(pgUrl);
          return { db, reopen: (): Promise<SqlClient> => openReadStore(url), cleanup };
        },
      },
);
