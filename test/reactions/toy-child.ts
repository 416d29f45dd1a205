/**
 * The toy reactor in its own process, so that a spec can kill -9 it at a chosen point:
 * argv: <event store url> <read store url> <crash: none | before-dispatch | after-dispatch>
 * Starts the engine and the reactions, drains the outbox, prints 'drained', exits.
 */
import { CommandHandler } from '../../commands/pipeline/handler';
import { createEventStore } from '../../commands/store/factory';
import { openReadStore } from '../../projections/sql';
import { startToy, toyDispatch } from './toy';

const [storeUrl, readUrl, crash] = process.argv.slice(2);
const store = await createEventStore(storeUrl!);
const db = await openReadStore(readUrl!);
const die = () => process.kill(process.pid, 'SIGKILL');
const dispatch = toyDispatch(new CommandHandler(store), {
  before: crash === 'before-dispatch' ? die : undefined,
  after: crash === 'after-dispatch' ? die : undefined,
});
const { runtime, engine } = startToy(store, db, dispatch);
await engine.start();
await engine.waitForHead({ timeoutMs: 30_000 });
runtime.start(db);
await runtime.drain();
await runtime.stop();
await engine.stop();
await db.close();
await store.close();
console.log('drained');
