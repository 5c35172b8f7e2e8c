/**
 * What CLI commands ask a running main job for, besides the case list (/api/workflow/cases): the
 * crawlers' watch state and the reviewed cases as training data (admin only).
 * Needs a session or the local token; handling units are refused here.
 */
import type { FastifyInstance } from 'fastify';
import { listCrawlStates, listReviewedExamples, type Store } from '../../workflow/index.js';
import { requireRole } from '../../workflow/users/index.js';
import { actorOf } from './request-input.js';

export async function cliRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
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
