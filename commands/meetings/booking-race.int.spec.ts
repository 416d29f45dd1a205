import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WrongExpectedRevision } from '../../domain/eventstore/port';
import { roomDecider } from '../../domain/meetings/room.decide';
import { roomStreamId } from '../../domain/meetings/room.events';
import { roomDayStreamId } from '../../domain/meetings/room-day.events';
import { shanghaiInstant } from '../../domain/meetings/time';
import { DomainError } from '../../domain/shared/errors';
import { fixedClock } from '../pipeline/clock';
import { CommandHandler } from '../pipeline/handler';
import { type RealStoreFixture, realStoreBackends } from '../pipeline/testing/real-stores';
import { runCommand, type ActorContext, type MeetingOrg } from './kit';
import { RoomCommands, SeriesConflictError } from './room-commands';

/** The org port is not used by booking (the room's unit comes from its own stream). */
const noOrg: MeetingOrg = {
  unit: async () => null,
  user: async () => null,
  unitMembers: async () => [],
};
const clock = fixedClock('2026-03-01T00:00:00.000Z');
const ctx = (i: number): ActorContext => ({
  actorId: `user-${i}`,
  actorName: `用户${i}`,
  unitId: 'qzfb',
  departmentId: 'qzfb-zhk',
  correlationId: `c-${i}`,
  commandId: `book-${i}`,
});
const D = '2026-03-02';

for (const backend of realStoreBackends()) {
  describe(`会议室预约 on the real ${backend.name} store`, () => {
    let fx: RealStoreFixture;
    let rooms: RoomCommands[];
    beforeEach(async () => {
      fx = await backend.create();
      const stores = [fx.store, await fx.open(), await fx.open(), await fx.open()];
      rooms = stores.map((s) => new RoomCommands(new CommandHandler(s, { clock }), noOrg));
      await runCommand(
        rooms[0]!.handler,
        roomStreamId('r1'),
        roomDecider,
        {
          type: 'RegisterRoom',
          data: {
            roomId: 'r1',
            unitId: 'qzfb',
            unitName: '区政府办公室',
            profile: {
              name: '第一会议室',
              capacity: 30,
              equipment: [],
              location: '三楼',
              photo: '',
              bookableBy: 'unit',
              needsApproval: false,
              opensAt: '08:00',
              closesAt: '20:00',
              adminIds: ['admin'],
            },
          },
        },
        { ...ctx(0), commandId: null },
      );
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('100 parallel booking requests for one slot (4 connections): exactly one succeeds, the rest are refused', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) =>
          rooms[i % rooms.length]!.book(
            { roomId: 'r1', start: shanghaiInstant(D, '10:00'), end: shanghaiInstant(D, '11:00'), title: `会议${i}` },
            ctx(i),
          ),
        ),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      expect(ok).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') {
          const e = r.reason as Error;
          const refused = (e instanceof DomainError && e.code === 'booking.conflict') || e instanceof WrongExpectedRevision;
          expect(refused, String(e)).toBe(true);
        }
      }
      const events = await fx.store.readStream(roomDayStreamId('r1', D));
      expect(events.map((e) => e.type)).toEqual(['RoomBooked']);
      // back-to-back still books; the overlap across the edge does not
      await rooms[1]!.book(
        { roomId: 'r1', start: shanghaiInstant(D, '11:00'), end: shanghaiInstant(D, '12:00'), title: '接着开' },
        ctx(200),
      );
      await expect(
        rooms[2]!.book({ roomId: 'r1', start: shanghaiInstant(D, '10:55'), end: shanghaiInstant(D, '11:30'), title: '冲突' }, ctx(201)),
      ).rejects.toMatchObject({ code: 'booking.conflict' });
    });

    it('a weekly series with one conflicting occurrence is refused naming that occurrence; nothing is booked', async () => {
      await rooms[0]!.book(
        { roomId: 'r1', start: shanghaiInstant('2026-03-16', '09:30'), end: shanghaiInstant('2026-03-16', '10:30'), title: '局务会' },
        ctx(1),
      );
      const err = await rooms[0]!
        .book(
          {
            roomId: 'r1',
            start: shanghaiInstant(D, '09:00'),
            end: shanghaiInstant(D, '10:00'),
            title: '周例会',
            repeat: { freq: 'weekly', count: 4 },
          },
          ctx(2),
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SeriesConflictError);
      expect((err as SeriesConflictError).conflicts.map((c) => c.date)).toEqual(['2026-03-16']);
      expect(await fx.store.readStream(roomDayStreamId('r1', D))).toEqual([]);
      const ok = await rooms[0]!.book(
        {
          roomId: 'r1',
          start: shanghaiInstant(D, '09:00'),
          end: shanghaiInstant(D, '10:00'),
          title: '周例会',
          repeat: { freq: 'weekly', count: 4, exceptions: ['2026-03-16'] },
        },
        ctx(3),
      );
      expect(ok.bookingIds).toHaveLength(3);
    });
  });
}
