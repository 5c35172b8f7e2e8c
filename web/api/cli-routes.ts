/**
 * What CLI commands ask a running main job for, besides the case list (/api/workflow/cases), the
 * calendar (/api/workflow/calendar/*) and exports (/api/exports/stream): the crawlers' watch
 * state, the reviewed cases as training data (admin only) and a bulletin to write out.
 * Needs a session or the local token; handling units are refused here.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listCrawlStates, listReviewedExamples, type Store } from '../../workflow/index.js';
import { generateBulletin } from '../../workflow/bulletin/index.js';
import { requireRole } from '../../workflow/users/index.js';
import { actorOf, isoDate, parseInput } from './request-input.js';

const bulletinBody = z.object({ from: isoDate, to: isoDate });

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
  /**
   * `minsheng bulletin` while the main job holds the store: generates and records the bulletin as
   * the command would, and answers with its files' content (HTML text, XLSX in base64) for the
   * command to write into its own --out folder; nothing stays on the server's disk.
   */
  app.post('/api/cli/bulletin', async (request) => {
    const actor = actorOf(request);
    requireRole(actor, ['supervision', 'leader', 'admin']);
    const period = parseInput(bulletinBody, request.body);
    const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-bulletin-'));
    try {
      const out = await generateBulletin(options.store.db, { ...period, outDir: dir, actor });
      const [html, xlsx] = await Promise.all([readFile(out.html, 'utf8'), readFile(out.xlsx)]);
      return { bulletinId: out.bulletinId, data: out.data, html, xlsxBase64: xlsx.toString('base64') };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
