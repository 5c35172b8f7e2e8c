/**
 * The page-shown check of the steps on a unit's report (审核, 发布, 退回修改, 回访): the report the
 * page showed must still be the case's latest report in the status the step acts on, and (for
 * publication) its text the text the page showed. See stale-page.ts.
 */
import type { CaseRow, Tx } from './case-transaction.js';
import { atMinute, reportFate, stalePage } from './stale-page.js';

/** What each step calls the report it acts on. */
const reportNames: Record<string, string> = { submitted: '办理情况', approved: '答复', published: '已发布的答复' };

/**
 * A check for runCaseStep's `shown`: `reportId` is the report the page showed, `status` the status
 * the step acts on; `text`, when given, the reply text the page showed (published verbatim).
 */
export function shownReport(reportId: string, status: string, text?: string) {
  return async ({ tx, case: c }: { tx: Tx; case: CaseRow }): Promise<void> => {
    const name = reportNames[status] ?? '答复';
    const [seen, current] = await Promise.all([
      tx.handlingReport.findFirst({ where: { id: reportId, caseId: c.id } }),
      tx.handlingReport.findFirst({ where: { caseId: c.id, status }, orderBy: { submittedAt: 'desc' } }),
    ]);
    const details = { seen: reportId, current: current?.id ?? null };
    if (!seen) throw stalePage(c, `没有您看到的这份${name}`, details);
    if (current?.id === seen.id) {
      const now = seen.reviewText ?? seen.text;
      if (text !== undefined && text !== now) throw stalePage(c, `${name}内容已更改，与您看到的不同`, details);
      return;
    }
    const fate = seen.status === status ? '已不是最新的一份' : await reportFate(tx, seen);
    const again = current ? `，承办单位已于 ${atMinute(current.submittedAt)} 重新报送` : '';
    throw stalePage(c, `您看到的${name}${fate}${again}`, details);
  };
}
