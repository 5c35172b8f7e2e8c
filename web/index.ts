/** web: the REST API and the staff console. */
export { createWebServer, type WebServerOptions } from './server.js';
export { SourceDrafts, type SourceDraftsOptions, type SourceDraftJob } from './api/source-drafts.js';
