/**
 * A separate writer process for the SQLite tests: `node --import tsx test/contract/sqlite-writer.ts <file> <streamPrefix> <count>`
 * appends <count> single-event appends to the database file, then prints `done <lastPosition>`.
 */
import { createSqliteEventStore } from '../../commands/store/sqlite-event-store';

const [file, prefix, countText] = process.argv.slice(2);
const count = Number(countText);
const store = await createSqliteEventStore({ filename: file });
let last = 0;
for (let i = 0; i < count; i++) {
  const r = await store.append(`${prefix}${i % 7}`, [
    { type: 'Written', data: { prefix, seq: i }, metadata: { actorId: 'w', correlationId: prefix, occurredAt: new Date().toISOString() } },
  ]);
  last = r.position;
}
await store.close();
process.stdout.write(`done ${last}\n`);
