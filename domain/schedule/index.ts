/** 日程 context's public surface: the personal/leader calendar, its reminders, and the absences read from 考勤. */
export * from './absences';
export * from './calendar.decide';
export * from './calendar.events';
export * from './occurrences';
export * from './reminders.job';
