/** console-queries: the reads (and batch accept) the staff console needs, and console sessions. */
export * from './sessions.js';
export * from './suggestion.js';
export * from './review-queue.js';
export * from './units.js';
export * from './charts.js';
export * from './hot-issues.js';
