/**
 * The workflow REST routes on a real HTTP server (127.0.0.1, a free port) over a workflow fixture,
 * with a stand-in for the session hook: a request names its actor in the `x-test-user` header.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { workflowRoutes } from '../../web/api/workflow-routes.js';
import type { Actor } from '../../workflow/users/index.js';
import type { Fixture } from '../workflow-fixtures.js';

export async function serveWorkflowRoutes(f: Fixture): Promise<{ app: FastifyInstance; base: string }> {
  const app = Fastify();
  const byName = new Map<string, Actor>(Object.values(f.actors).map((a) => [a.username, a]));
  app.addHook('onRequest', async (request) => {
    const name = request.headers['x-test-user'];
    if (typeof name === 'string' && byName.has(name)) (request as unknown as { actor: Actor }).actor = byName.get(name)!;
  });
  await app.register(workflowRoutes, { store: f.store });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base };
}
