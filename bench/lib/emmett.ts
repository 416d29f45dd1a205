import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { NewEvent } from '../../domain/eventstore/envelope';
import { BENCH_DIR, type PostgresLocation, type SqliteLocation } from './env';
import { projectionTableSql, projectionUpsertSql, toDollarParams, type Subject } from './subject';

/**
 * Emmett, the peer (`@event-driven-io/emmett-sqlite`, `-postgresql`). Its published versions
 * disagree about their peers, so it lives in bench/emmett/ with its own package.json (exact pins)
 * and is installed there with --legacy-peer-deps on the first run: the project's `npm ci` never
 * sees it. Loaded with createRequire from that folder (CommonJS builds), so it uses its own
 * sqlite3 and pg.
 */
const EMMETT_DIR = join(BENCH_DIR, 'emmett');

export function ensureEmmettInstalled(): void {
  if (existsSync(join(EMMETT_DIR, 'node_modules', '@event-driven-io', 'emmett-postgresql'))) return;
  console.log('Installing Emmett into bench/emmett (first run; sqlite3 may compile from source, ~2–3 min)…');
  const r = spawnSync('npm', ['install', '--prefix', EMMETT_DIR, '--legacy-peer-deps', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`npm install in bench/emmett failed (exit ${r.status})`);
}

// Emmett's API as far as the bench uses it (its own types live in bench/emmett/node_modules).
/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;
const load = (name: string): Any => createRequire(join(EMMETT_DIR, 'package.json'))(name);

const toEmmett = (events: readonly NewEvent[]): Any[] => events.map((e) => ({ type: e.type, data: e.data, metadata: { ...e.metadata } }));

/** Emmett on SQLite with one shared connection (its fastest setup), WAL + synchronous=FULL. */
export async function emmettSqlite(loc: SqliteLocation): Promise<Subject> {
  const m = load('@event-driven-io/emmett-sqlite');
  const connection = m.sqliteConnection({ fileName: loc.file });
  await connection.command('PRAGMA journal_mode = WAL');
  await connection.command('PRAGMA synchronous = FULL');
  const sync = await connection.querySingle('PRAGMA synchronous');
  const journal = await connection.querySingle('PRAGMA journal_mode');
  if (sync?.synchronous !== 2 || journal?.journal_mode !== 'wal') {
    throw new Error(`Emmett SQLite connection is not durable: ${JSON.stringify({ sync, journal })}`);
  }
  const store = m.getSQLiteEventStore({
    fileName: loc.file,
    connectionOptions: { singleton: true, connection },
  });
  await store.schema.migrate();

  return {
    async append(streamId, events) {
      await store.appendToStream(streamId, toEmmett(events));
    },
    async readAll(limit, expected, deadline) {
      let after = 0n;
      let read = 0;
      while (read < expected && performance.now() < deadline) {
        const r = await m.readMessagesBatch(connection, { after, batchSize: limit });
        read += r.messages.length;
        if (r.messages.length === 0) break;
        after = r.currentGlobalPosition;
      }
      return read;
    },
    async catchUp(upTo, deadline, run) {
      const table = `emmett_doc_${run}`;
      await connection.command(projectionTableSql(table));
      const upsert = projectionUpsertSql(table);
      let applied = 0;
      const consumer = store.consumer({ pulling: { batchSize: 1000, pullingFrequencyInMs: 0 } });
      consumer.processor({
        processorId: `bench-projection-${run}`,
        startFrom: 'BEGINNING',
        eachMessage: async (event: Any, ctx: Any) => {
          await ctx.connection.command(upsert, [event.metadata.streamName, Number(event.metadata.globalPosition)]);
          applied++;
        },
        stopAfter: () => applied >= upTo || performance.now() > deadline,
      });
      await consumer.start();
      await consumer.stop();
      return applied;
    },
    async close() {
      connection.close();
    },
  };
}

/** Emmett on PostgreSQL with its default pooled connection (dumbo over pg.Pool). */
export async function emmettPostgres(loc: PostgresLocation): Promise<Subject> {
  const m = load('@event-driven-io/emmett-postgresql');
  const { dumbo, rawSql } = load('@event-driven-io/dumbo');
  const store = m.getPostgreSQLEventStore(loc.url);
  await store.schema.migrate();
  const reader = dumbo({ connectionString: loc.url });

  return {
    async append(streamId, events) {
      await store.appendToStream(streamId, toEmmett(events));
    },
    async readAll(limit, expected, deadline) {
      let after = 0n;
      let read = 0;
      while (read < expected && performance.now() < deadline) {
        const r = await m.readMessagesBatch(reader.execute, { after, batchSize: limit });
        read += r.messages.length;
        if (r.messages.length > 0) after = r.currentGlobalPosition;
        else await new Promise((res) => setTimeout(res, 1));
      }
      return read;
    },
    async catchUp(upTo, deadline, run) {
      const table = `emmett_doc_${run}`;
      await reader.execute.command(rawSql(projectionTableSql(table)));
      const upsert = toDollarParams(projectionUpsertSql(table));
      let applied = 0;
      const consumer = store.consumer({ pulling: { batchSize: 1000, pullingFrequencyInMs: 0 } });
      consumer.reactor({
        processorId: `bench-projection-${run}`,
        startFrom: 'BEGINNING',
        eachMessage: async (event: Any, ctx: Any) => {
          await ctx.connection.client.query(upsert, [event.metadata.streamName, String(event.metadata.globalPosition)]);
          applied++;
        },
        stopAfter: () => applied >= upTo || performance.now() > deadline,
      });
      await consumer.start();
      await consumer.stop();
      return applied;
    },
    async close() {
      await reader.close();
      await store.close();
    },
  };
}
