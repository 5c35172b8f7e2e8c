/** web: the REST API and the staff console. */
export { createWebServer, type WebServerOptions } from './server.js';
