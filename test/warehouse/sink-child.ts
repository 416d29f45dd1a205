/**
 * A warehouse sink in its own process, so that a test can kill -9 it in the middle of a batch.
 * argv: <event store url> <read store url> <warehouse url> <batch size>
 */
import { createSqliteEventStore } from '../../commands/store/sqlite-event-store';
import { openReadStore } from '../../projections/sql';
import { FACT_TABLES } from '../../projections/warehouse/facts';
import { headcountFacts } from '../../projections/warehouse/org-facts';
import { WarehouseSink } from '../../projections/warehouse/sink';
import { openWarehouse } from '../../projections/warehouse/warehouse';

const [storeUrl, readUrl, whUrl, batch] = process.argv.slice(2);
const store = await createSqliteEventStore(storeUrl);
const db = await openReadStore(readUrl);
const wh = await openWarehouse(whUrl);
const sink = new WarehouseSink(store, db, wh, FACT_TABLES, [headcountFacts], { batchSize: Number(batch) });
await sink.setup();
await sink.ensureWarehouseSchema();
await sink.drain();
await wh.close();
await db.close();
await store.close();
console.log('drained');
