/** supervision: 督查 records, deadline alerts and escalation (scanDeadlines), the periodic list. */
export * from './record-supervision.js';
export * from './scan-deadlines.js';
export * from './list-supervision.js';
export * from './start-special-supervision.js';
export * from './list-upper-deadlines-near.js';
export * from './list-forwards-reissued.js';
