/** The periodic deadline scan (第四条㈥ 督查) as a job: alerts and escalations, idempotent in the store. */
import type { Store } from '../../workflow/index.js';
import { scanDeadlines } from '../../workflow/supervision/index.js';
import type { JobHandler } from '../queue/index.js';

/** `reporterThreshold`: reporters (distinct writers) that make a case 群众反映较多 (config MINSHENG_REPORTER_THRESHOLD). */
export function scanDeadlinesStage(store: Store, options: { reporterThreshold?: number } = {}): JobHandler<Record<string, never>> {
  return async (_payload, ctx) => {
    const r = await scanDeadlines(store.db, options.reporterThreshold ? { reporterThreshold: options.reporterThreshold } : {});
    if (r.dueSoon.length + r.overdue.length + r.escalated.length + r.assistDueSoon.length + r.assistOverdue.length > 0) {
      ctx.logger.info({ ...r }, `期限巡检：临期 ${r.dueSoon.length} 件，超期 ${r.overdue.length} 件，转专项督查 ${r.escalated.length} 件；协办意见临期 ${r.assistDueSoon.length} 件，逾期 ${r.assistOverdue.length} 件`);
    }
  };
}
