/** Reviewed cases as training data: from the store, or from the running main job that holds the embedded store. */
import type { ReviewedExamples } from '../workflow/index.js';
import type { CliContext } from './program.js';
import { askMainJob, runningMainJob, withStore } from './with-store.js';

export async function readReviewedExamples(ctx: CliContext): Promise<ReviewedExamples> {
  const running = await runningMainJob(ctx);
  if (running) return askMainJob<ReviewedExamples>(running, '/api/training/reviewed-examples');
  return withStore(ctx, async (store) => (await import('../workflow/index.js')).listReviewedExamples(store.db), 'minsheng train --from-store');
}
