/**
 * The workflow REST routes (and, on request, the console's reads) on a real HTTP server
 * (127.0.0.1, a free port) over a workflow fixture, with a stand-in for the session hook: a request
 * names its actor in the `x-test-user` header.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { silentLogger } from '../../core/index.js';
import { consoleRoutes } from '../../web/api/console-routes.js';
import { workflowRoutes } from '../../web/api/workflow-routes.js';
import { errorHandler } from '../../web/errors.js';
import type { Actor } from '../../workflow/users/index.js';
import type { Fixture } from '../workflow-fixtures.js';

/** withConsoleRoutes: also /api/console/* (console-routes.ts), with the web server's error answers. @default false */
export async function serveWorkflowRoutes(f: Fixture, options: { withConsoleRoutes?: boolean } = {}): Promise<{ app: FastifyInstance; base: string }> {
  const app = Fastify();
  // The web server's own answer to an error, which console-routes.ts relies on (workflow-routes.ts sets its own).
  if (options.withConsoleRoutes) app.setErrorHandler(errorHandler(silentLogger));
  const byName = new Map<string, Actor>(Object.values(f.actors).map((a) => [a.username, a]));
  app.addHook('onRequest', async (request) => {
    const name = request.headers['x-test-user'];
    if (typeof name === 'string' && byName.has(name)) (request as unknown as { actor: Actor }).actor = byName.get(name)!;
  });
  await app.register(workflowRoutes, { store: f.store });
  if (options.withConsoleRoutes) await app.register(consoleRoutes, { store: f.store });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read arbitrary JSON answers
export type RouteAnswer = Record<string, any>;

/** POSTs `body` as JSON to `path` of the server at `base`, as `user` (the x-test-user stand-in); the status and the JSON answer. */
export async function postAs(base: string, user: string, path: string, body: unknown): Promise<{ status: number; json: RouteAnswer }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'x-test-user': user, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as RouteAnswer };
}

/** GETs `path` of the server at `base` as `user` (the x-test-user stand-in); the status and the JSON answer. */
export async function getAs(base: string, user: string, path: string): Promise<{ status: number; json: RouteAnswer }> {
  const res = await fetch(`${base}${path}`, { headers: { 'x-test-user': user } });
  return { status: res.status, json: (await res.json()) as RouteAnswer };
}
