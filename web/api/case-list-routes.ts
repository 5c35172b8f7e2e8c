/** The live list of registered cases (public read for the first console; roles come with sign-in). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listCases, type Store } from '../../workflow/index.js';

const query = z.object({
  state: z.string().max(40).optional(),
  category: z.string().max(10).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export async function caseListRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  app.get('/api/cases', async (request) => {
    const filter = query.parse(request.query);
    return { cases: await listCases(options.store.db, filter) };
  });
}
