import { describe, expect, it } from 'vitest';
import { createEventStore } from './factory';
import { parsePostgresUrl } from './postgres-event-store';

describe('createEventStore', () => {
  it('opens the embedded SQLite store from a sqlite: URL', async () => {
    const store = await createEventStore('sqlite::memory:');
    expect(store.kind).toBe('sqlite');
    const r = await store.append('doc-1', [
      { type: 'Drafted', data: {}, metadata: { actorId: 'u', correlationId: 'c', occurredAt: '2024-01-01T00:00:00Z' } },
    ]);
    expect(r).toEqual({ nextRevision: 0, position: 1 });
    await store.close();
  });

  it('refuses an unknown scheme, naming the accepted ones', async () => {
    await expect(createEventStore('mysql://x')).rejects.toThrow(/sqlite:, postgres:\/\/ or esdb:\/\//);
    await expect(createEventStore('./data/oa.db')).rejects.toThrow(/unsupported/);
  });
});

describe('parsePostgresUrl', () => {
  it('takes schema and pool out of the URL and leaves the rest to pg', () => {
    expect(parsePostgresUrl('postgres://oa:pw@127.0.0.1:55432/oa?schema=events&pool=20&sslmode=disable')).toEqual({
      connectionString: 'postgres://oa:pw@127.0.0.1:55432/oa?sslmode=disable',
      schema: 'events',
      poolSize: 20,
    });
    expect(parsePostgresUrl('postgresql://h/db')).toEqual({
      connectionString: 'postgresql://h/db',
      schema: undefined,
      poolSize: undefined,
    });
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => parsePostgresUrl('postgres://h/db?schema=a"b')).toThrow(/schema/);
    expect(() => parsePostgresUrl('postgres://h/db?schema=x;drop')).toThrow(/schema/);
  });
});
