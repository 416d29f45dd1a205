import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPostgresEventStore, parsePostgresUrl, type PostgresEventStore } from '../../commands/store/postgres-event-store';
import { openReadStore } from '../../projections/sql/open';
import type { SqlClient } from '../../projections/engine/types';
import { PostgresClient } from '../../projections/sql/postgres-client';

/** PG_URL, or null after a loud warning (a failure under REQUIRE_SERVICES=1). */
export function pgUrlOrSkip(what: string): string | null {
  const url = process.env.PG_URL;
  if (url) return url;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`PG_URL is not set but REQUIRE_SERVICES=1 (${what})`);
  console.warn(`\n*** SKIPPED: ${what} on PostgreSQL — PG_URL is not set (source .services/env) ***\n`);
  return null;
}

/** A read store in a fresh schema of its own; cleanup drops the schema. */
export async function freshPgReadStore(pgUrl: string): Promise<{ url: string; db: SqlClient; cleanup: () => Promise<void> }> {
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}schema=${schema}`;
  const db = await openReadStore(url);
  return {
    url,
    db,
    cleanup: async () => {
      await db.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    },
  };
}

/** An event store in a fresh schema of its own, recording with `clock`; cleanup closes it and drops the schema. */
export async function freshPgEventStore(
  pgUrl: string,
  clock?: () => Date,
): Promise<{ store: PostgresEventStore; schema: string; cleanup: () => Promise<void> }> {
  const schema = `e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}schema=${schema}`;
  const store = await createPostgresEventStore({ ...parsePostgresUrl(url), clock, pollIntervalMs: 100 });
  return {
    store,
    schema,
    cleanup: async () => {
      await store.close();
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}

let ownSchemas = 0;
/** A PostgreSQL read-store client in a schema of its own (`<prefix>_<pid>_…`); its close() drops the schema. */
export async function pgClientInOwnSchema(pgUrl: string, prefix: string): Promise<PostgresClient> {
  const schema = `${prefix}_${process.pid}_${Date.now() % 100000}_${ownSchemas++}`;
  const db = await PostgresClient.open({ connectionString: pgUrl, schema });
  const close = db.close.bind(db);
  db.close = async () => {
    await db.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await close();
  };
  return db;
}
