/**
 * npm run bench:meetings — 会议 speed targets (issue 18):
 *  1. 综合安排 week grid p99 < 50 ms over 500 rooms × a year of bookings: the grid route's two queries
 *     (listRooms: one page of rooms; bookingsOf: their holding bookings over 7 days) on the embedded
 *     read store (SQLite), tables made by the meetings projection's own setup, ~4 bookings per room per
 *     working day (≈ 500,000 rows). Random weeks of the year and random room pages.
 *  2. A booking command p99 < 30 ms under 8 concurrent writers: RoomCommands.book through the command
 *     pipeline on the SQLite event store (load the room and the room day, decide, append with the
 *     expected revision), 8 writers booking random free-or-taken slots in random rooms and days of a
 *     store that already holds the 500 rooms and BENCH_PREFILL bookings.
 * BENCH_QUICK=1: 100 rooms, fewer queries and commands. BENCH_ROOMS / BENCH_PREFILL / BENCH_COMMANDS override;
 * BENCH_SYNC=NORMAL: the event store with synchronous=NORMAL instead of the default FULL;
 * BENCH_STORE=postgres: the booking commands on PostgreSQL (PG_URL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../commands/pipeline/clock';
import { CommandHandler } from '../commands/pipeline/handler';
import { createEventStore } from '../commands/store/factory';
import { runCommand, type ActorContext, type MeetingOrg } from '../commands/meetings/kit';
import { RoomCommands } from '../commands/meetings/room-commands';
import { roomDecider } from '../domain/meetings/room.decide';
import { roomStreamId } from '../domain/meetings/room.events';
import { addDays, shanghaiInstant, weekdayOf } from '../domain/meetings/time';
import { DomainError } from '../domain/shared/errors';
import { WrongExpectedRevision } from '../domain/eventstore/port';
import { meetingsProjection } from '../projections/meetings/projection';
import { bookingsOf, listRooms } from '../projections/meetings/queries';
import { SqliteClient } from '../projections/sql/sqlite-client';

const QUICK = process.env.BENCH_QUICK === '1';
const ROOMS = Number(process.env.BENCH_ROOMS ?? (QUICK ? 100 : 500));
const GRID_RUNS = QUICK ? 100 : 400;
const PREFILL = Number(process.env.BENCH_PREFILL ?? (QUICK ? 2_000 : 5_000));
/** The event store's durability: FULL (the default of `npm start`: fsync per commit) or NORMAL (WAL, fsync at checkpoints). */
const SYNC = process.env.BENCH_SYNC === 'NORMAL' ? 'NORMAL' : 'FULL';
/** BENCH_STORE=postgres: the booking commands on the PostgreSQL event store (PG_URL, a fresh schema dropped afterwards). */
const PG = process.env.BENCH_STORE === 'postgres';
const pgSchema = `bench_meetings_${Date.now().toString(36)}`;
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? (QUICK ? 400 : 2_000));
const WRITERS = 8;
const YEAR_START = '2027-01-04';
const SLOTS = ['08:30', '10:00', '14:00', '16:00'];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const rnd = (n: number) => Math.floor(Math.random() * n);
const workdays = (() => {
  const out: string[] = [];
  for (let d = YEAR_START; out.length < 250; d = addDays(d, 1)) if (weekdayOf(d) !== 0 && weekdayOf(d) !== 6) out.push(d);
  return out;
})();
const unitOf = (i: number) => `unit-${i % 25}`;

async function grid(dir: string): Promise<{ rows: number; p50: number; p99: number; fill: number }> {
  const db = new SqliteClient(join(dir, 'read.db'));
  const p = meetingsProjection();
  await p.setup(db, (x) => x);
  const t0 = performance.now();
  await db.transaction(async (tx) => {
    for (let r = 0; r < ROOMS; r++)
      await tx.run(
        `INSERT INTO mt_rooms (room_id, unit_id, unit_name, name, capacity, equipment, location, photo, bookable_by, needs_approval, opens_at, closes_at, admin_ids, status, created_at)
         VALUES (?, ?, ?, ?, 20, '[]', '', '', ?, 0, '08:00', '21:00', '[]', 'open', ?)`,
        [`room-${r}`, unitOf(r), `单位${r % 25}`, `会议室${r}`, r % 10 === 0 ? 'all' : 'unit', YEAR_START],
      );
  });
  let rows = 0;
  for (let r = 0; r < ROOMS; r++) {
    await db.transaction(async (tx) => {
      for (const d of workdays)
        for (const [k, s] of SLOTS.entries()) {
          const start = shanghaiInstant(d, s);
          await tx.run(
            `INSERT INTO mt_bookings (booking_id, room_id, date, start_at, end_at, title, unit_id, booked_by, booked_by_name, meeting_id, series_id, status, approver_ids, attendee_ids, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'u', '用户', NULL, NULL, ?, '[]', '[]', ?)`,
            [
              `b-${r}-${d}-${k}`,
              `room-${r}`,
              d,
              start,
              new Date(Date.parse(start) + 3600_000).toISOString(),
              '例会',
              unitOf(r),
              k === 3 && r % 7 === 0 ? 'cancelled' : 'confirmed',
              start,
            ],
          );
          rows++;
        }
    });
  }
  const fill = (performance.now() - t0) / 1000;
  const times: number[] = [];
  for (let i = -20; i < GRID_RUNS; i++) {
    const monday = workdays[rnd(50) * 5]!;
    const unit = unitOf(rnd(25));
    const t = performance.now();
    const page = await listRooms(db, { unitId: unit, limit: 10, offset: 0 });
    const list = await bookingsOf(
      db,
      page.items.map((x) => x.roomId),
      monday,
      addDays(monday, 6),
    );
    if (i >= 0) times.push(performance.now() - t); // the first 20 warm the page cache
    if (list.length === 0) throw new Error('the grid found no bookings: the bench is wrong');
  }
  await db.close();
  return { rows, p50: pct(times, 50), p99: pct(times, 99), fill };
}

async function booking(dir: string): Promise<{ p50: number; p99: number; ok: number; refused: number; prefill: number; rate: number }> {
  const pgUrl = process.env.PG_URL ?? '';
  if (PG && !pgUrl) throw new Error('BENCH_STORE=postgres needs PG_URL (source .services/env)');
  const store = await createEventStore(
    PG
      ? `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}schema=${pgSchema}`
      : `sqlite:${join(dir, 'events.db')}${SYNC === 'NORMAL' ? '?synchronous=NORMAL' : ''}`,
  );
  const clock = fixedClock('2026-12-01T00:00:00.000Z');
  const handler = new CommandHandler(store, { clock });
  const noOrg: MeetingOrg = { unit: async () => null, user: async () => null, unitMembers: async () => [] };
  const rooms = new RoomCommands(handler, noOrg);
  const ctx = (i: number, unit: string): ActorContext => ({
    actorId: `user-${i}`,
    actorName: `用户${i}`,
    unitId: unit,
    departmentId: null,
    correlationId: `bench-${i}`,
  });
  for (let r = 0; r < ROOMS; r++)
    await runCommand(
      handler,
      roomStreamId(`room-${r}`),
      roomDecider,
      {
        type: 'RegisterRoom',
        data: {
          roomId: `room-${r}`,
          unitId: unitOf(r),
          unitName: `单位${r % 25}`,
          profile: {
            name: `会议室${r}`,
            capacity: 20,
            equipment: [],
            location: '',
            photo: '',
            bookableBy: 'unit',
            needsApproval: false,
            opensAt: '08:00',
            closesAt: '21:00',
            adminIds: [],
          },
        },
      },
      ctx(0, unitOf(r)),
    );
  const t0 = performance.now();
  const attempt = async (i: number) => {
    const r = rnd(ROOMS);
    const d = workdays[rnd(workdays.length)]!;
    const s = SLOTS[rnd(SLOTS.length)]!;
    const start = shanghaiInstant(d, s);
    return rooms.book(
      { roomId: `room-${r}`, start, end: new Date(Date.parse(start) + 3600_000).toISOString(), title: `会议${i}` },
      ctx(i, unitOf(r)),
    );
  };
  for (let i = 0; i < PREFILL; i++) await attempt(i).catch(() => undefined);
  const prefill = (performance.now() - t0) / 1000;
  const times: number[] = [];
  let ok = 0;
  let refused = 0;
  let next = 0;
  const w0 = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < COMMANDS) {
        const i = PREFILL + next++;
        const t = performance.now();
        try {
          await attempt(i);
          ok++;
        } catch (e) {
          if (!(e instanceof DomainError) && !(e instanceof WrongExpectedRevision)) throw e;
          refused++;
        }
        times.push(performance.now() - t);
      }
    }),
  );
  const rate = COMMANDS / ((performance.now() - w0) / 1000);
  await store.close();
  if (PG) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
    await c.end();
  }
  return { p50: pct(times, 50), p99: pct(times, 99), ok, refused, prefill, rate };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-meetings-'));
  try {
    const g = await grid(dir);
    const b = await booking(dir);
    console.log(
      `\n## bench:meetings (${ROOMS} rooms${QUICK ? ', quick' : ''}; SQLite read store; SQLite event store, synchronous=${SYNC})\n`,
    );
    console.log('| measure | setup | p50 | p99 | target | result |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    console.log(
      `| 综合安排 week grid (10 rooms × 7 days) | ${ROOMS} rooms, ${g.rows.toLocaleString()} bookings (a year), filled in ${g.fill.toFixed(0)} s | ${ms(g.p50)} | ${ms(g.p99)} | p99 < 50 ms | ${g.p99 < 50 ? 'met' : 'NOT met'} |`,
    );
    console.log(
      `| booking command, ${WRITERS} concurrent writers | ${ROOMS} rooms + ${PREFILL.toLocaleString()} bookings in the store (${b.prefill.toFixed(0)} s); ${COMMANDS} commands: ${b.ok} booked, ${b.refused} refused (slot taken); ${b.rate.toFixed(0)}/s | ${ms(b.p50)} | ${ms(b.p99)} | p99 < 30 ms | ${b.p99 < 30 ? 'met' : 'NOT met'} |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
