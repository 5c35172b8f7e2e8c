/** calendar: working days on China's official calendar, plus admin-loaded years. */
export * from './work-calendar.js';
export * from './load-calendar-days.js';
export { recomputeDueDates, replayDueDate, type DueDateRecount, type RecomputedDueDate, type UnreplayedDueDate, type DueDateHistory, type DueDateStep } from './recompute-due-dates.js';
