/**
 * A writer process for the SQLite durability spec: `node --import tsx test/contract/sqlite-burst-writer.ts <file> <count>`
 * starts <count> concurrent single-event appends (one group commit), prints `resolved <positions>` once all of
 * them resolved, then waits to be killed (it never closes the store).
 */
import { createSqliteEventStore } from '../../commands/store/sqlite-event-store';

const [file, countText] = process.argv.slice(2);
const store = await createSqliteEventStore({ filename: file! });
const metadata = { actorId: 'w', correlationId: 'burst', occurredAt: new Date().toISOString() };
const results = await Promise.all(
  Array.from({ length: Number(countText) }, (_, i) => store.append(`burst-${i}`, [{ type: 'Written', data: { i }, metadata }])),
);
process.stdout.write(`resolved ${results.map((r) => r.position).join(',')}\n`);
setInterval(() => undefined, 1000); // stay alive until killed
