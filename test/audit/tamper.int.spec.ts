import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { EventStore } from '../../domain/eventstore/port';
import { createEventStore } from '../../commands/store/factory';
import { Sealer } from '../../commands/integrity/sealer';
import { loadOrCreateSealKey } from '../../commands/integrity/keystore';
import { seed as seedHistory, meta as businessMeta } from './history';

/**
 * The attacker has the database: rows are edited, removed and reordered with raw SQL, and the offline
 * verifier (spawned as the real CLI, as an auditor would run it) must exit 1 naming the first broken
 * event — and exit 0 on the untouched store. SQLite always; PostgreSQL when PG_URL is set.
 */

const repo = join(import.meta.dirname, '..', '..');

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'reports/audit/verify-cli.ts', ...args], { cwd: repo, env: { ...process.env, EVENT_STORE: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * PostgreSQL readers see a position only once every older transaction of the cluster has ended (H1's
 * xmin watermark), and other sessions share the server: wait until what we wrote is readable.
 */
async function visible(store: EventStore, position: number): Promise<void> {
  const until = Date.now() + 60_000;
  while ((await store.headPosition()) < position) {
    if (Date.now() > until) throw new Error(`position ${position} not readable after 60 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Positions 1..9: 请假 leave-1 (revisions 0..3), leave-2 (0..2), 资产 asset-9 (0..1), interleaved;
 * seal #0 over 1..9 at 10; five more events 11..15; seal #1 over 10..15 at 16; one unsealed event at 17.
 */
async function seed(store: EventStore, dataDir: string): Promise<Map<string, number>> {
  const key = loadOrCreateSealKey({ dataDir, passphrase: 'tamper-test' });
  const sealer = new Sealer(store, { key, everyEvents: 1 });
  await seedHistory(store); // the nine events of test/audit/history.ts
  await visible(store, await store.headPosition());
  expect((await sealer.sealDue()).map((s) => [s.fromPosition, s.toPosition])).toEqual([[1, 9]]);
  for (let i = 0; i < 5; i++) await store.append('meeting-3', [{ type: 'MeetingNoted', data: { i }, metadata: businessMeta() }]);
  await visible(store, 15);
  expect((await sealer.sealDue()).map((s) => [s.fromPosition, s.toPosition])).toEqual([[10, 15]]);
  await visible(store, (await store.append('meeting-3', [{ type: 'MeetingClosed', data: {}, metadata: businessMeta() }])).position);
  const positions = new Map<string, number>();
  for (const e of await store.readAll({ limit: 100 })) positions.set(`${e.streamId}@${e.revision}`, e.position);
  expect(positions.size).toBe(17);
  return positions;
}

interface Backend {
  /** A fresh, empty store URL. */
  freshUrl(): string;
  /** Raw SQL on the store's events table, `$T` standing for its (quoted) name; `?` placeholders. */
  tamper(url: string, sql: string, params: unknown[]): Promise<void>;
  /** Swap the positions of two events, as someone with write access to the database would. */
  swapPositions(url: string, a: number, b: number): Promise<void>;
  cleanup(): Promise<void>;
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'oa-tamper-'));
  let n = 0;
  return {
    freshUrl: () => `sqlite:${join(dir, `s${n++}.db`)}`,
    async tamper(url, sql, params) {
      const db = new Database(url.slice('sqlite:'.length));
      try {
        db.prepare(sql.replaceAll('$T', 'events')).run(...params);
      } finally {
        db.close();
      }
    },
    async swapPositions(url, a, b) {
      for (const [to, from] of [
        [-100, a],
        [a, b],
        [b, -100],
      ])
        await this.tamper(url, `UPDATE $T SET position = ? WHERE position = ?`, [to, from]);
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBackend(pgUrl: string): Backend {
  const schemas: string[] = [];
  const withClient = async <T>(f: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      return await f(c);
    } finally {
      await c.end();
    }
  };
  return {
    freshUrl() {
      const schema = `audit_tamper_${process.pid}_${Date.now().toString(36)}_${schemas.length}`;
      schemas.push(schema);
      const u = new URL(pgUrl);
      u.searchParams.set('schema', schema);
      return u.toString();
    },
    async tamper(url, sql, params) {
      const schema = new URL(url).searchParams.get('schema') as string;
      let i = 0;
      const text = sql.replaceAll('$T', `"${schema}".es_events`).replace(/\?/g, () => `$${++i}`);
      await withClient((c) => c.query(text, params));
    },
    async swapPositions(url, a, b) {
      // position is GENERATED ALWAYS AS IDENTITY: a tamperer with the owner's rights drops the identity, swaps,
      const schema = new URL(url).searchParams.get('schema') as string;
      const t = `"${schema}".es_events`;
      await withClient(async (c) => {
        await c.query(`ALTER TABLE ${t} ALTER COLUMN position DROP IDENTITY`);
        await c.query(`UPDATE ${t} SET position = -100 WHERE position = $1`, [a]);
        await c.query(`UPDATE ${t} SET position = $1 WHERE position = $2`, [a, b]);
        await c.query(`UPDATE ${t} SET position = $1 WHERE position = -100`, [b]);
        // … and puts it back, so the store opens as before
        const next = Number((await c.query(`SELECT max(position) + 1 AS n FROM ${t}`)).rows[0].n);
        await c.query(`ALTER TABLE ${t} ALTER COLUMN position ADD GENERATED ALWAYS AS IDENTITY (START WITH ${next} CACHE 1)`);
      });
    },
    async cleanup() {
      await withClient(async (c) => {
        for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      });
    },
  };
}

function tamperSuite(name: string, makeBackend: () => Backend): void {
  describe(`audit:verify CLI against a tampered ${name} store`, () => {
    let backend: Backend;
    let dataDir: string;
    beforeAll(() => {
      backend = makeBackend();
      dataDir = mkdtempSync(join(tmpdir(), 'oa-tamper-key-'));
    });
    afterAll(async () => {
      await backend?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function prepared(): Promise<{ url: string; pos: Map<string, number> }> {
      const url = backend.freshUrl();
      const store = await createEventStore(url);
      try {
        return { url, pos: await seed(store, dataDir) };
      } finally {
        await store.close();
      }
    }
    const verify = (url: string) => runCli(['--store', url, '--data-dir', dataDir]);
    const firstBroken = (stdout: string) => /^FIRST BROKEN: (.*)$/m.exec(stdout)?.[1] ?? `(no FIRST BROKEN line in: ${stdout})`;

    it('exits 0 with a summary when nothing was touched', async () => {
      const { url } = await prepared();
      const r = await verify(url);
      expect(r.stderr).not.toMatch(/audit:verify:/);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/integrity intact/);
      expect(r.stdout).toMatch(/events=17 streams=5 seals=2 lastSealedPosition=15 unsealedEvents=2 headPosition=17/);
      expect(r.stdout).toMatch(/pinned: /);
    });

    it('(a) an edited event: exit 1 naming it', async () => {
      const { url, pos } = await prepared();
      await backend.tamper(url, `UPDATE $T SET data = ? WHERE stream_id = ? AND revision = ?`, ['{"by":"张三"}', 'leave-2', 1]);
      const r = await verify(url);
      expect(r.code).toBe(1);
      expect(firstBroken(r.stdout)).toMatch(
        new RegExp(`^stream=leave-2 revision=1 position=${pos.get('leave-2@1')} eventId=\\S+ kind=hash$`),
      );
      expect(r.stdout).toMatch(/kind=seal-root/); // the seal over 1..9 sees it too
    });

    it('(b) a removed middle event: exit 1 naming the missing revision', async () => {
      const { url, pos } = await prepared();
      await backend.tamper(url, `DELETE FROM $T WHERE stream_id = ? AND revision = ?`, ['leave-1', 1]);
      const r = await verify(url);
      expect(r.code).toBe(1);
      // detected where revision 2 follows revision 0
      expect(firstBroken(r.stdout)).toMatch(new RegExp(`^stream=leave-1 revision=1 position=${pos.get('leave-1@2')} .*kind=revision-gap$`));
      expect(r.stdout).toMatch(/kind=seal-count/);
    });

    it('(c) two events with swapped revisions: exit 1 naming the first out of place', async () => {
      const { url, pos } = await prepared();
      // three steps around the UNIQUE (stream_id, revision) index, as someone editing by hand would
      await backend.tamper(url, `UPDATE $T SET revision = ? WHERE stream_id = ? AND revision = ?`, [-100, 'leave-1', 1]);
      await backend.tamper(url, `UPDATE $T SET revision = ? WHERE stream_id = ? AND revision = ?`, [1, 'leave-1', 2]);
      await backend.tamper(url, `UPDATE $T SET revision = ? WHERE stream_id = ? AND revision = ?`, [2, 'leave-1', -100]);
      const r = await verify(url);
      expect(r.code).toBe(1);
      expect(firstBroken(r.stdout)).toMatch(new RegExp(`^stream=leave-1 revision=1 position=${pos.get('leave-1@1')} .*kind=reordered$`));
    });

    it("(c') two events moved to each other's positions: exit 1 naming the first out of place", async () => {
      const { url, pos } = await prepared();
      const p1 = pos.get('leave-1@1') as number;
      const p2 = pos.get('leave-1@2') as number;
      await backend.swapPositions(url, p1, p2);
      const r = await verify(url);
      expect(r.code).toBe(1);
      expect(firstBroken(r.stdout)).toMatch(new RegExp(`^stream=leave-1 revision=1 position=${p1} .*kind=reordered$`));
    });

    it('(d) a removed LAST event of a stream is caught by the seal, naming its position', async () => {
      const { url, pos } = await prepared();
      await backend.tamper(url, `DELETE FROM $T WHERE stream_id = ? AND revision = ?`, ['asset-9', 1]);
      const r = await verify(url);
      expect(r.code).toBe(1);
      expect(firstBroken(r.stdout)).toMatch(
        new RegExp(`^stream=\\$system-seals revision=0 position=${pos.get('asset-9@1')} seal=#0\\[1\\.\\.9\\] kind=seal-count$`),
      );
      expect(r.stdout).toMatch(new RegExp(`首个缺失位置 ${pos.get('asset-9@1')}`));
    });

    it('seals signed by a key other than the pinned install key fail (a forger re-signing cannot pass)', async () => {
      const { url } = await prepared();
      const other = mkdtempSync(join(tmpdir(), 'oa-tamper-otherkey-'));
      try {
        loadOrCreateSealKey({ dataDir: other, passphrase: 'x' });
        const r = await runCli(['--store', url, '--data-dir', other]);
        expect(r.code).toBe(1);
        expect(firstBroken(r.stdout)).toMatch(/kind=seal-key$/);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });
  });
}

tamperSuite('SQLite', sqliteBackend);

const pgUrl = process.env.PG_URL;
if (pgUrl) {
  tamperSuite('PostgreSQL', () => postgresBackend(pgUrl));
} else if (process.env.REQUIRE_SERVICES === '1') {
  it('PostgreSQL tamper suite needs PG_URL (REQUIRE_SERVICES=1)', () => {
    expect.fail('PG_URL is not set: run `bash deploy/services.sh start && source .services/env`');
  });
} else {
  console.warn('SKIPPED: PostgreSQL tamper suite (set PG_URL, e.g. `source .services/env`, to run it)');
}

describe('audit:verify CLI usage', () => {
  it('refuses to verify (and create) a SQLite file that does not exist', async () => {
    const r = await runCli(['--store', `sqlite:${join(tmpdir(), `missing-${uuidv7()}.db`)}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such SQLite file/);
  });
});
