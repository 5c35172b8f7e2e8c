/**
 * The ledger as CaseSummary rows (what `minsheng cases list` asks a running main job for), and the
 * reviewed cases as training data (admin only).
 * Needs a session or the local token; handling units use /api/console/ledger, which limits them
 * to their own cases, and are refused here.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listCases, listCrawlStates, listReviewedExamples, type Store } from '../../workflow/index.js';
import { requireRole } from '../../workflow/users/index.js';
import { actorOf } from './console-routes.js';

const query = z.object({
  state: z.string().max(40).optional(),
  category: z.string().max(10).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export async function caseListRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  app.get('/api/cases', async (request) => {
    requireRole(actorOf(request), ['egov_centre', 'gov_office', 'leader', 'supervision', 'admin']);
    const filter = query.parse(request.query);
    return { cases: await listCases(options.store.db, filter) };
  });
  // The crawlers' watch state and health per source (`minsheng sources status`).
  app.get('/api/crawl-states', async (request) => {
    requireRole(actorOf(request), ['egov_centre', 'gov_office', 'leader', 'supervision', 'admin']);
    return { states: await listCrawlStates(options.store.db) };
  });
  // Reviewed cases as training data (`minsheng train --from-store` while the main job holds the store).
  app.get('/api/training/reviewed-examples', async (request) => {
    requireRole(actorOf(request), ['admin']);
    return listReviewedExamples(options.store.db);
  });
}
