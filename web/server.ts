/**
 * The HTTP server: REST API and the staff console (static files). Handlers are thin: parse,
 * authorise, call workflow, answer (house style 10).
 */
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../core/index.js';
import type { Store } from '../workflow/index.js';
import { caseListRoutes } from './api/case-list-routes.js';
import { errorHandler } from './errors.js';

export interface WebServerOptions {
  store: Store;
  logger: Logger;
  /** Queue metrics and health, when this process runs the pipeline. */
  status?: () => Promise<Record<string, unknown>>;
}

export const consoleDir = fileURLToPath(new URL('./console/', import.meta.url));

export async function createWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: options.logger.child({ component: 'web' }) as FastifyBaseLogger, disableRequestLogging: true, bodyLimit: 1_048_576 });
  app.setErrorHandler(errorHandler(options.logger));
  await app.register(fastifyStatic, { root: consoleDir, prefix: '/', index: ['index.html'] });
  await app.register(caseListRoutes, { store: options.store });
  app.get('/api/health', async () => ({ ok: true, store: options.store.kind, ...(options.status ? await options.status() : {}) }));
  return app;
}
