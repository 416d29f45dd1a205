/**
 * Child process of crash-restart.int.spec.ts: catches the crash projection up to the head, prints
 * `CAUGHT_UP <position>`, exits 0. The test kills it with SIGKILL in the middle and runs it again.
 * Usage: tsx test/projections/crash-child.ts <event-store-url> <read-store-url>
 */
import { createEventStore } from '../../commands/store/factory';
import { ProjectionEngine } from '../../projections/engine/engine';
import { openReadStore } from '../../projections/sql/open';
import { crashProjection } from './crash-projection';

const [eventStoreUrl, readStoreUrl] = process.argv.slice(2);
if (!eventStoreUrl || !readStoreUrl) {
  console.error('usage: crash-child.ts <event-store-url> <read-store-url>');
  process.exit(2);
}

const store = await createEventStore(eventStoreUrl);
const db = await openReadStore(readStoreUrl);
const engine = new ProjectionEngine({ store, db, projections: [crashProjection({ pauseEvery: 700 })], batchSize: 1000 });
await engine.start();
console.log('STARTED');
if (!(await engine.waitForHead({ timeoutMs: 300_000 }))) {
  console.error('did not catch up');
  process.exit(1);
}
const [status] = await engine.status();
console.log(`CAUGHT_UP ${status!.position} parked=${status!.parked}`);
await engine.stop();
await db.close();
await store.close();
