import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { EventStore } from '../../../domain/eventstore/port';
import { createEventStore } from '../../store/factory';
import { serviceUrl } from '../../../test/support/services';

/**
 * Real event stores for the int tests of the pipeline and commands/org: SQLite always (a temp file;
 * `open()` gives another connection to the same file, like a second process), PostgreSQL when PG_URL
 * is set (a fresh schema, dropped by cleanup).
 */
export interface RealStoreFixture {
  store: EventStore;
  /** Another connection to the same store. */
  open(): Promise<EventStore>;
  cleanup(): Promise<void>;
}

export interface RealStoreBackend {
  name: string;
  create(): Promise<RealStoreFixture>;
}

/** Opens `url`, keeps every connection it hands out, and closes them all before `dispose`. */
async function trackedFixture(url: string, dispose: () => Promise<void> | void): Promise<RealStoreFixture> {
  const opened: EventStore[] = [];
  const open = async () => {
    const s = await createEventStore(url);
    opened.push(s);
    return s;
  };
  const store = await open();
  return {
    store,
    open,
    cleanup: async () => {
      for (const s of opened) await s.close();
      await dispose();
    },
  };
}

export function realStoreBackends(): RealStoreBackend[] {
  const backends: RealStoreBackend[] = [
    {
      name: 'sqlite',
      async create() {
        const dir = mkdtempSync(join(tmpdir(), 'oa-h5-'));
        return trackedFixture(`sqlite:${join(dir, 'events.db')}`, () => rmSync(dir, { recursive: true, force: true }));
      },
    },
  ];
  const base = serviceUrl('PG_URL');
  if (base) {
    backends.push({
      name: 'postgres',
      async create() {
        const schema = `h5_test_${randomBytes(6).toString('hex')}`;
        return trackedFixture(`${base}${base.includes('?') ? '&' : '?'}schema=${schema}`, async () => {
          const client = new pg.Client({ connectionString: base });
          await client.connect();
          try {
            await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          } finally {
            await client.end();
          }
        });
      },
    });
  }
  return backends;
}
