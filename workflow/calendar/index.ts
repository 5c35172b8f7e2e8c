/** calendar: working days on China's official calendar, plus admin-loaded years. */
export * from './work-calendar.js';
export * from './load-calendar-days.js';
