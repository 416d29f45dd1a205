import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The mount's filesystem type of a path (longest matching mount point in /proc/mounts). */
function fsTypeOf(path: string): string | undefined {
  try {
    let best = '';
    let type: string | undefined;
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [, mnt, fstype] = line.split(' ');
      if (!mnt || !fstype) continue;
      if ((path === mnt || path.startsWith(mnt.endsWith('/') ? mnt : `${mnt}/`)) && mnt.length > best.length) {
        best = mnt;
        type = fstype;
      }
    }
    return type;
  } catch {
    return undefined;
  }
}

/** A folder on a real disk: durability (fsync) numbers on tmpfs would be meaningless. */
export function diskTempRoot(): string {
  const t = tmpdir();
  const type = fsTypeOf(t);
  if (type !== 'tmpfs' && type !== 'ramfs') return t;
  const alt = join(BENCH_DIR, '.tmp');
  mkdirSync(alt, { recursive: true });
  return alt;
}

export interface SqliteLocation {
  backend: 'sqlite';
  /** The event-store file, in a fresh temp folder. */
  file: string;
  drop(): Promise<void>;
}

export interface PostgresLocation {
  backend: 'postgres';
  /** URL of a fresh, empty database. */
  url: string;
  drop(): Promise<void>;
}

export type Location = SqliteLocation | PostgresLocation;

export function freshSqlite(tag: string): SqliteLocation {
  const dir = mkdtempSync(join(diskTempRoot(), `oa-bench-${tag}-`));
  return {
    backend: 'sqlite',
    file: join(dir, 'store.db'),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

let dbCounter = 0;

/** Creates an empty database next to PG_URL's (its user must have CREATEDB) and drops it afterwards. */
export async function freshPostgres(baseUrl: string, tag: string): Promise<PostgresLocation> {
  const name = `oa_bench_${process.pid}_${++dbCounter}_${tag.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    backend: 'postgres',
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Drops databases left behind by an earlier bench that was killed (names carry a dead pid). */
export async function dropStaleBenchDatabases(baseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'oa\\_bench\\_%'");
    for (const { datname } of rows) {
      const pid = Number(datname.split('_')[2]);
      if (pid === process.pid || !Number.isInteger(pid)) continue;
      let alive = true;
      try {
        process.kill(pid, 0);
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code !== 'ESRCH';
      }
      if (!alive) await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  } finally {
    await c.end();
  }
}
