import { describe, expect, it } from 'vitest';
import { seriesConflicts, seriesOccurrences } from './booking-series';
import { expandDates } from './recurrence';
import { initialRoomDayState, evolveRoomDay, type RoomDayState } from './room-day.events';
import type { RoomFacts } from './room-day.decide';
import { shanghaiInstant } from './time';

const room: RoomFacts = {
  status: 'open',
  name: '第一会议室',
  opensAt: '08:00',
  closesAt: '20:00',
  needsApproval: false,
  adminIds: [],
  mayBook: true,
};
const NOW = '2026-03-01T00:00:00.000Z';

describe('周期预约: checked occurrence by occurrence', () => {
  it('weekly on Mondays for 4 weeks, one exception left out', () => {
    expect(expandDates({ freq: 'weekly', count: 4 }, '2026-03-02')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23']);
    expect(expandDates({ freq: 'weekly', count: 4, exceptions: ['2026-03-09'] }, '2026-03-02')).toEqual([
      '2026-03-02',
      '2026-03-16',
      '2026-03-23',
    ]);
    expect(expandDates({ freq: 'weekly', weekdays: [1, 3], until: '2026-03-11' }, '2026-03-02')).toEqual([
      '2026-03-02',
      '2026-03-04',
      '2026-03-09',
      '2026-03-11',
    ]);
  });

  it('monthly on the 31st skips the months without one', () => {
    expect(expandDates({ freq: 'monthly', until: '2026-06-30' }, '2026-01-31')).toEqual(['2026-01-31', '2026-03-31', '2026-05-31']);
  });

  it('a series with one conflicting occurrence: the answer lists exactly that occurrence', () => {
    const occ = seriesOccurrences('2026-03-02', '09:00', '10:00', { freq: 'weekly', count: 4 });
    const busyDay = evolveRoomDay(initialRoomDayState(), {
      type: 'RoomBooked',
      data: {
        bookingId: 'x',
        roomId: 'r1',
        date: '2026-03-16',
        start: shanghaiInstant('2026-03-16', '09:30'),
        end: shanghaiInstant('2026-03-16', '10:30'),
        title: '局务会',
        unitId: 'czj',
        bookedBy: 'u',
        bookedByName: 'u',
        onBehalfOf: null,
        meetingId: null,
        seriesId: null,
        attendeeIds: [],
        status: 'confirmed',
        approverIds: [],
        at: NOW,
      },
    });
    const days: Record<string, RoomDayState> = { '2026-03-16': busyDay };
    const conflicts = seriesConflicts(occ, (d) => days[d] ?? initialRoomDayState(), room, NOW);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ date: '2026-03-16', withTitle: '局务会' });
    // with that date as an exception the series is free
    const free = seriesOccurrences('2026-03-02', '09:00', '10:00', { freq: 'weekly', count: 4, exceptions: ['2026-03-16'] });
    expect(seriesConflicts(free, (d) => days[d] ?? initialRoomDayState(), room, NOW)).toEqual([]);
  });
});
