import type { SqlClient } from './types';

/**
 * The engine's own tables, in the read store beside the read models:
 * - projection_checkpoints: per projection, the position its canonical tables reflect (written in the
 *   same transaction as every read-model change), the version and rebuild generation that built them,
 *   and the physical tables they are (so a later version can drop tables it no longer has);
 * - projection_rebuilds: a rebuild in progress (new tables `<table>__r<generation>`, their position);
 * - projection_parked: events that kept failing, with the error; the projection went on without them.
 */
export const SYSTEM_TABLES_DDL = [
  `CREATE TABLE IF NOT EXISTS projection_checkpoints (
     name TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     position BIGINT NOT NULL,
     generation INTEGER NOT NULL DEFAULT 0,
     tables TEXT NOT NULL,
     updated_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS projection_rebuilds (
     name TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     generation INTEGER NOT NULL,
     position BIGINT NOT NULL,
     tables TEXT NOT NULL,
     started_at TEXT NOT NULL,
     updated_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS projection_parked (
     name TEXT NOT NULL,
     version INTEGER NOT NULL,
     generation INTEGER NOT NULL,
     position BIGINT NOT NULL,
     event_id TEXT NOT NULL,
     type TEXT NOT NULL,
     error TEXT NOT NULL,
     parked_at TEXT NOT NULL,
     PRIMARY KEY (name, generation, position))`,
];

export async function ensureSystemTables(db: SqlClient): Promise<void> {
  await db.transaction(async (tx) => {
    // Several processes starting at once on PostgreSQL: CREATE TABLE IF NOT EXISTS is not race-free.
    if (tx.dialect === 'postgres') await tx.run(`SELECT pg_advisory_xact_lock(hashtextextended('oa.projection-engine.ddl', 0))`);
    for (const ddl of SYSTEM_TABLES_DDL) await tx.run(ddl);
  });
}

export interface CheckpointRow {
  name: string;
  version: number;
  position: number;
  generation: number;
  tables: string;
  updated_at: string;
}

export interface RebuildRow {
  name: string;
  version: number;
  generation: number;
  position: number;
  tables: string;
  started_at: string;
  updated_at: string;
}

export interface ParkedRow {
  name: string;
  version: number;
  generation: number;
  position: number;
  event_id: string;
  type: string;
  error: string;
  parked_at: string;
}
