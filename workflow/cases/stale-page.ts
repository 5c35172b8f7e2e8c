/**
 * Pages left open: staff keep a case page open for hours while colleagues act on the same case. A
 * step sent from a page names what the page showed (the report, the assignment, the extension
 * request, the suggestion); when that is no longer what the step would act on, the step is refused
 * with a 409 that says what changed, by whom and when, and ends 请刷新后再操作, instead of acting on
 * something its author never saw. Callers without those ids (scripts) are not checked; the console
 * and the `minsheng cases` steps send them.
 */
import { AppError, beijingClock } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';
import { accountName } from '../users/actor-name.js';
import { actionNames, stateNames, type CaseAction, type CaseState } from './state-machine.js';

// Spelled as in case-transaction.ts, which runs these checks (importing its types would be a cycle).
type Tx = Prisma.TransactionClient;
type CaseRow = NonNullable<Awaited<ReturnType<Db['case']['findUnique']>>>;

/** The tail of every stale-page refusal. */
export const refreshHint = '请刷新后再操作';

/** A 409 for a page that showed something no longer current; `changed` says what happened meanwhile (who, when). */
export function stalePage(c: Pick<CaseRow, 'ledgerNo'>, changed: string, details: Record<string, unknown>): AppError {
  return new AppError('CONFLICT', `案件 ${c.ledgerNo}：${changed}；${refreshHint}`, { details: { stale: true, ...details } });
}

/** A time as staff read it: Beijing time to the minute. */
export function atMinute(at: Date): string {
  return beijingClock(at.getTime()).slice(0, 16);
}

/** 「张三（duchashi）于 2026-11-03 10:00」: who did something and when, as staff read it. */
export async function byWhom(tx: Tx, username: string | null | undefined, at: Date | null | undefined): Promise<string> {
  const who = username ? await accountName(tx, username) : '';
  const when = at ? `于 ${atMinute(at)} ` : '';
  // A space sets a Latin username apart from the Chinese around it, not a full-width bracket.
  const name = who ? ` ${who}${who.endsWith('）') ? '' : ' '}` : '';
  return who || when ? `已由${name}${when}` : '已';
}

/** The case's latest event (of the given types, else any): what moved it since the page was read. */
export async function latestEvent(tx: Tx, caseId: string, types?: readonly string[]) {
  return tx.event.findFirst({ where: { caseId, ...(types ? { type: { in: [...types] } } : {}) }, orderBy: { id: 'desc' } });
}

/**
 * The refusal of a step whose case left the state the page showed (a colleague took this or
 * another step first): names that step, who and when, and the state now.
 */
export async function movedOn(tx: Tx, c: CaseRow, action: CaseAction): Promise<AppError> {
  const last = await latestEvent(tx, c.id);
  const done = last && (actionNames as Record<string, string>)[last.type];
  const by = last ? await byWhom(tx, last.actor, last.at) : '';
  const now = stateNames[c.state as CaseState] ?? c.state;
  const what = done ? `${by}${done}（现为「${now}」）` : `当前状态为「${now}」`;
  return stalePage(c, `${what}，不能再${actionNames[action]}`, { from: c.state, action, lastEvent: last?.type ?? null });
}

/** What became of a report, as staff say it (with who and when where the row records them). */
export async function reportFate(
  tx: Tx,
  r: { status: string; reviewedBy: string | null; reviewedAt: Date | null; approvedBy: string | null; approvedAt: Date | null; publishedBy: string | null; publishedAt: Date | null; caseId: string; id: string },
): Promise<string> {
  switch (r.status) {
    case 'submitted':
      return '仍待督查室审核';
    case 'accepted':
      return `${await byWhom(tx, r.reviewedBy, r.reviewedAt)}审核通过`;
    case 'rejected':
      return `${await byWhom(tx, r.reviewedBy, r.reviewedAt)}审核退回承办单位`;
    case 'approved':
      return `${await byWhom(tx, r.approvedBy, r.approvedAt)}审批同意`;
    case 'sent_back':
      return `${await byWhom(tx, r.approvedBy, r.approvedAt)}审批退回承办单位`;
    case 'published':
      return `${await byWhom(tx, r.publishedBy, r.publishedAt)}发布`;
    case 'returned_for_revision': {
      const ev = await tx.event.findFirst({ where: { caseId: r.caseId, type: 'return_for_revision' }, orderBy: { id: 'desc' } });
      return `${await byWhom(tx, ev?.actor, ev?.at)}退回承办单位修改`;
    }
    default:
      return `状态为 ${r.status}`;
  }
}

/**
 * The suggestion a review page shows for a case awaiting review, as one comparable key: the
 * category, complexity and urgency offered, and the 不予受理 flag with its reason codes. A new model
 * (minsheng reclassify), a 不予受理 decision and a 重新受理 each change it; staff registering or
 * deciding 不予受理 from the page send it back, so a correction is never recorded against a
 * suggestion they did not see. The unit is not part of it: registration does not decide the unit.
 */
export function suggestionKey(c: Pick<CaseRow, 'category' | 'complexity' | 'urgency' | 'outOfScope' | 'outOfScopeReasons'>): string {
  const codes = Array.isArray(c.outOfScopeReasons)
    ? (c.outOfScopeReasons as { code?: unknown }[]).map((r) => (typeof r?.code === 'string' ? r.code : '')).filter(Boolean).sort().join(',')
    : '';
  return [c.category, c.complexity, c.urgency, c.outOfScope ? `不予受理:${codes}` : '受理'].join('|');
}

/** The suggestion of a key, as staff read it: 「投诉 · 简单 · 一般 · 受理」. */
export function describeSuggestion(c: Pick<CaseRow, 'category' | 'complexity' | 'urgency' | 'outOfScope'>): string {
  return [c.category, c.complexity === 'complex' ? '复杂' : '简单', c.urgency === 'urgent' ? '紧急' : '一般', c.outOfScope ? '疑似不予受理' : '受理'].join(' · ');
}

/** Steps that change the suggestion a review page shows. */
const suggestionEvents = ['suggestion_updated', 'register', 'decide_not_accepted', 'reopen'] as const;

/**
 * A check for runCaseStep's `shown` on 登记 and 不予受理: `key` is the suggestionKey of what the
 * page showed; a suggestion changed since (a new model, another decision) is refused (409).
 */
export function shownSuggestion(key: string) {
  return async ({ tx, case: c }: { tx: Tx; case: CaseRow }): Promise<void> => {
    if (suggestionKey(c) === key) return;
    const last = await latestEvent(tx, c.id, suggestionEvents);
    const by = last ? await byWhom(tx, last.actor, last.at) : '已';
    const how = !last ? '已更新' : last.type === 'suggestion_updated' ? `${by}按新模型更新` : `${by}${actionNames[last.type as CaseAction] ?? '更改'}后更新`;
    throw stalePage(c, `分类建议${how}（现为：${describeSuggestion(c)}），与您看到的建议不同`, { seen: key, current: suggestionKey(c) });
  };
}
