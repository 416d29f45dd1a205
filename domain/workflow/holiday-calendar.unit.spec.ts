import { describe, expect, it } from 'vitest';
import { NOW, meta, spec } from '../../test/support/gwt';
import {
  holidayCalendarDecider,
  initialHolidayCalendarState,
  mergeCalendar,
  type HolidayCalendarCommand,
  type HolidayCalendarEvent,
} from './holiday-calendar';

const notice = '国务院办公厅关于2027年部分节假日安排的通知';
const cmd = (data: Partial<HolidayCalendarCommand['data']>) =>
  ({
    type: 'EnterHolidayYear',
    data: { year: 2027, holidays: ['2027-01-01'], extraWorkdays: ['2027-02-06'], notice, ...data },
    metadata: meta('sysadmin'),
  }) as HolidayCalendarCommand;
const entered: HolidayCalendarEvent = {
  type: 'HolidayYearEntered',
  data: { year: 2027, holidays: ['2027-01-01'], extraWorkdays: ['2027-02-06'], notice, enteredBy: 'sysadmin', at: NOW },
};
const cal = spec(holidayCalendarDecider);

describe('Holiday calendar decider (节假日安排)', () => {
  it('enters a year (dates de-duplicated and sorted); the same again records nothing', () => {
    cal
      .given([])
      .when(cmd({ holidays: ['2027-01-01', ' 2027-01-01'] }))
      .then([entered]);
    cal.given([entered]).when(cmd({})).then([]);
  });
  it('refuses bad dates, dates of another year, a 调休 day on a weekday, a day that is both, a missing notice', () => {
    cal
      .given([])
      .when(cmd({ holidays: ['2027-02-30'] }))
      .thenThrows('holiday_calendar.bad_date');
    cal
      .given([])
      .when(cmd({ holidays: ['2026-10-01'] }))
      .thenThrows('holiday_calendar.other_year');
    cal
      .given([])
      .when(cmd({ extraWorkdays: ['2027-02-08'] }))
      .thenThrows('holiday_calendar.workday_not_weekend');
    cal
      .given([])
      .when(cmd({ holidays: ['2027-02-06'] }))
      .thenThrows('holiday_calendar.both');
    cal
      .given([])
      .when(cmd({ notice: ' ' }))
      .thenThrows('holiday_calendar.no_notice');
    cal
      .given([])
      .when(cmd({ year: 1999 }))
      .thenThrows('holiday_calendar.bad_year');
  });
  it('merges: an entered year replaces the built-in one, other years stay', () => {
    const s = holidayCalendarDecider.evolve(initialHolidayCalendarState(), entered);
    const m = mergeCalendar({ holidays: ['2026-10-01', '2027-05-01'], extraWorkdays: ['2027-01-03'] }, s);
    expect(m).toEqual({ holidays: ['2026-10-01', '2027-01-01'], extraWorkdays: ['2027-02-06'] });
  });
});
