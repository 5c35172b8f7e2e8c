/** review: pre-publication checks of replies (第五条㈤). Findings are shown, never applied. */
export * from './check-reply.js';
