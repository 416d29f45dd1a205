import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../../commands/store/factory';
import { eventStoreContract } from './event-store.contract';

// The embedded default: a fresh database file per test; `reopen` opens a second connection on the file.
eventStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oa-es-'));
  // NORMAL: the contract is about semantics, and FULL's fsync per commit only makes it slower here.
  const url = `sqlite:${join(dir, 'events.db')}?synchronous=NORMAL`;
  const store = await createEventStore(url);
  return {
    store,
    reopen: () => createEventStore(url),
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
