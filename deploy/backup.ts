import 'reflect-metadata';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../api/config';
import { parseSqliteUrl } from '../commands/store/sqlite-event-store';
import { createEventStore } from '../commands/store/factory';

/**
 * `npm run backup [-- <dir>]`: an online backup of what cannot be rebuilt, safe while the server runs.
 *   - the event store: SQLite through SQLite's online backup API (a consistent copy, WAL included);
 *     PostgreSQL with `pg_dump --format=custom` of the store's schema;
 *   - DATA_DIR's own files (JWT secret, seal key, 公文 files …) — not the read store or the warehouse,
 *     which are rebuilt from the log at the first start after a restore.
 * Writes <dir>/manifest.json (head position — exact for SQLite, a lower bound for PostgreSQL, whose dump
 * snapshot is taken a moment later — and store kind) last: a backup without it is incomplete.
 * Restore with `npm run restore -- <dir>` (deploy/restore.ts).
 */
export const DERIVED = /^(read\.db|warehouse\.duckdb|oa\.db)(-wal|-shm|\.wal)?$/;

export async function backup(
  outDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ dir: string; headPosition: number; kind: string }> {
  const config = loadConfig(env);
  const dir = resolve(outDir);
  if (existsSync(join(dir, 'manifest.json'))) throw new Error(`${dir} already holds a backup`);
  mkdirSync(dir, { recursive: true });
  const store = await createEventStore(config.eventStoreUrl);
  let headPosition: number;
  let kind: string;
  try {
    headPosition = await store.headPosition();
    kind = store.kind;
  } finally {
    await store.close();
  }
  const url = config.eventStoreUrl;
  if (url.startsWith('sqlite:')) {
    const { filename } = parseSqliteUrl(url);
    const db = new Database(filename, { readonly: true, fileMustExist: true });
    try {
      await db.backup(join(dir, 'events.sqlite'));
    } finally {
      db.close();
    }
    // the copy's own head (events appended during the backup are in it or not, consistently)
    const copy = await createEventStore(`sqlite:${join(dir, 'events.sqlite')}`);
    try {
      headPosition = await copy.headPosition();
    } finally {
      await copy.close();
    }
  } else if (/^postgres(ql)?:/.test(url)) {
    const u = new URL(url);
    const schema = u.searchParams.get('schema') ?? 'public';
    u.search = '';
    const r = spawnSync(
      'pg_dump',
      ['--format=custom', `--schema=${schema}`, '--no-owner', `--file=${join(dir, 'events.pgdump')}`, u.toString()],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr || r.error}`);
  } else {
    throw new Error(`backup: unsupported event store ${url.replace(/\/\/[^@/]*@/, '//***@')} (EventStoreDB has its own backup tools)`);
  }
  // DATA_DIR's own files (secrets, keys, documents), without the derived stores
  const files: string[] = [];
  if (existsSync(config.dataDir)) {
    for (const e of readdirSync(config.dataDir)) {
      if (DERIVED.test(e)) continue;
      cpSync(join(config.dataDir, e), join(dir, 'data', e), { recursive: true, preserveTimestamps: true });
      files.push(e);
    }
  }
  const manifest = { format: 1, createdAt: new Date().toISOString(), kind, headPosition, files };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return { dir, headPosition, kind };
}

if (process.argv[1] && /deploy\/backup\.ts$/.test(process.argv[1])) {
  const out = process.argv[2] ?? join('backups', `oa-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  backup(out).then(
    (r) => console.log(`备份完成：${r.dir}（${r.kind}，事件位置 ${r.headPosition}）`),
    (err) => {
      console.error('备份失败：', err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
