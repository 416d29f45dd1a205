/** 会议 context's public surface: rooms, room-day bookings, meetings, their jobs and the time helpers. */
export * from './booking-series';
export * from './meeting-reminders.job';
export * from './meeting.decide';
export * from './meeting.events';
export * from './recipients';
export * from './recurrence';
export * from './room-day.decide';
export * from './room-day.events';
export * from './room.decide';
export * from './room.events';
export * from './time';
