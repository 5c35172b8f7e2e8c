/** core: configuration, errors, logging, ids and the measures' vocabulary. Imports no other project folder. */
export * from './config.js';
export * from './errors.js';
export * from './logger.js';
export * from './beijing-time.js';
export * from './ids.js';
export * from './site-ids.js';
export * from './domain.js';
export * from './random.js';
export * from './file-errors.js';
export * from './utf8-text.js';
export * from './markup.js';
export * from './visible-text.js';
export * from './personal-data.js';
export * from './reply-placeholder.js';
// Also installs zod's Chinese messages for the process (on import, before any schema runs).
export * from './zod-locale.js';
