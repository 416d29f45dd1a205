import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../api/config';
import { parseSqliteUrl } from '../commands/store/sqlite-event-store';
import { createEventStore } from '../commands/store/factory';

/**
 * `npm run restore -- <backup dir>`: puts a backup (deploy/backup.ts) into an EMPTY data dir / store
 * (refuses otherwise), then checks the restored store's head position against the manifest. The read
 * models and the warehouse are rebuilt from the log by the next `npm start`; `npm run audit:verify`
 * checks every hash chain and seal of the restored log.
 */
export async function restore(fromDir: string, env: NodeJS.ProcessEnv = process.env): Promise<{ headPosition: number }> {
  const config = loadConfig(env);
  const dir = resolve(fromDir);
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${dir} is not a complete backup (no manifest.json)`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { headPosition: number; files: string[] };
  if (existsSync(config.dataDir) && readdirSync(config.dataDir).length > 0)
    throw new Error(`DATA_DIR ${config.dataDir} is not empty: restore goes into an empty one`);
  mkdirSync(config.dataDir, { recursive: true });
  const url = config.eventStoreUrl;
  if (url.startsWith('sqlite:')) {
    const { filename } = parseSqliteUrl(url);
    if (existsSync(filename)) throw new Error(`${filename} exists: restore goes into an empty store`);
    mkdirSync(dirname(filename), { recursive: true });
    copyFileSync(join(dir, 'events.sqlite'), filename);
  } else if (/^postgres(ql)?:/.test(url)) {
    const store = await createEventStore(url);
    try {
      if ((await store.headPosition()) > 0) throw new Error('the PostgreSQL event store is not empty: restore goes into an empty schema');
    } finally {
      await store.close();
    }
    const u = new URL(url);
    const schema = u.searchParams.get('schema') ?? 'public';
    u.search = '';
    // the empty schema the store just created is replaced by the dump's
    const drop = spawnSync(
      'psql',
      [u.toString(), '-v', 'ON_ERROR_STOP=1', '-c', `DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`],
      { encoding: 'utf8' },
    );
    if (drop.status !== 0) throw new Error(`psql failed: ${drop.stderr || drop.error}`);
    const r = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${u.toString()}`, join(dir, 'events.pgdump')], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`pg_restore failed: ${r.stderr || r.error}`);
  } else {
    throw new Error('restore: unsupported event store');
  }
  for (const f of manifest.files) cpSync(join(dir, 'data', f), join(config.dataDir, f), { recursive: true, preserveTimestamps: true });
  const store = await createEventStore(url);
  try {
    const head = await store.headPosition();
    if (head < manifest.headPosition) throw new Error(`restored head position ${head} < the backup's ${manifest.headPosition}`);
    return { headPosition: head };
  } finally {
    await store.close();
  }
}

if (process.argv[1] && /deploy\/restore\.ts$/.test(process.argv[1])) {
  const from = process.argv[2];
  if (!from) {
    console.error('用法：npm run restore -- <备份目录>（DATA_DIR / EVENT_STORE 指向空的目标）');
    process.exit(2);
  }
  restore(from).then(
    (r) =>
      console.log(
        `恢复完成：事件位置 ${r.headPosition}。启动服务（npm start）时读模型与数据仓库将由事件日志重建；可运行 npm run audit:verify 校验完整性。`,
      ),
    (err) => {
      console.error('恢复失败：', err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
