/**
 * The review queue (分类 → 登记): cases awaiting review, oldest first, each with its primary
 * message, the classifier's suggestion, the copies linked to it (de-duplication), other cases of
 * the same hot issue and a likely original (疑似重复). Batch accept registers many high-confidence
 * suggestions at once, never a likely copy, through the same use case as a single accept
 * (registerCase), so each gets its own event row.
 */
import { BadInputError, channelNames, describeError, type Category, type Channel } from '../../core/index.js';
import { toSimplified } from '../../core/chinese-script.js';
import type { Db } from '../store/index.js';
import { registerCase } from '../cases/register-case.js';
import { stateNames, type CaseState } from '../cases/state-machine.js';
import { suggestionKey } from '../cases/stale-page.js';
import { requireRole, type Actor } from '../users/actor.js';
import { readSuggestion, type SuggestionView } from './suggestion.js';
import { findLikelyCopies, type LikelyCopy } from './likely-copies.js';

/** Who may look at the queue; registering is decided by the state machine (egov_centre, supervision). */
export const reviewViewers = ['egov_centre', 'supervision', 'gov_office', 'leader', 'admin'] as const;

export interface ReviewItem {
  caseId: string;
  ledgerNo: string;
  createdAt: string;
  /** The case's current category (the suggestion until staff confirm it). */
  category: string;
  complexity: string;
  urgency: string;
  /** The suggestion shown, as registration and 不予受理 take it back (cases/stale-page.ts). */
  suggestionKey: string;
  unit: string | null;
  reporterCount: number;
  message: {
    id: string;
    title: string;
    content: string;
    /**
     * The content in simplified characters, position for position (core/chinese-script.ts), when it
     * is written in traditional ones; else null. The classifier reads such a letter simplified, so
     * the words behind its suggestion are found here and marked in `content` at the same places.
     */
    contentSimplified: string | null;
    /** The title in simplified characters, as `contentSimplified` (the explanation's words are often the title's). */
    titleSimplified: string | null;
    author: string | null;
    postedAt: string | null;
    channel: string;
    channelName: string;
    source: string;
    url: string | null;
  };
  suggestion: SuggestionView | null;
  /**
   * The classifier's 疑似不予受理 flag stands on the case (not reversed by 重新受理): registering it
   * overrides the flag and needs a note (registerCase), so batch confirmation leaves it out.
   */
  outOfScope: boolean;
  copies: { messageId: string; title: string; source: string; similarity: number | null; postedAt: string | null; url: string | null }[];
  related: { caseId: string; ledgerNo: string; title: string; state: string }[];
  /** An earlier case this one probably copies though de-duplication did not link it (疑似重复: likely-copies.ts). */
  likelyCopyOf: LikelyCopy | null;
  /**
   * The answered case this one repeats (再次反映: a copy that arrived after that case's reply was
   * out, opened as a case of its own by registration, intake/register-message.ts); null otherwise.
   * Staff register it and handle it anew: it is never offered for a merge.
   */
  repeatsAnswered: {
    caseId: string;
    ledgerNo: string;
    title: string;
    state: string;
    stateName: string;
    /** The 转办编号 when the case was opened for a 转办 item the upper level re-issued after the answer (上级再次转办). */
    reissuedForwardNo?: string;
  } | null;
}

/** Why batch accept leaves a flagged case out: registering it overrides the flag, which needs its own note. */
export const flaggedSkipReason = '分类器提示可能不予受理，请逐条审核（登记须填写说明）';

/** Why batch accept leaves a likely copy out: staff look first, then merge it (m) or register it alone. */
export const likelyCopySkipReason = (original: Pick<LikelyCopy, 'ledgerNo'>) => `疑似重复（可能与 ${original.ledgerNo} 是同一问题），请先核对`;

export async function listReviewQueue(db: Db, input: { actor: Actor; limit?: number; offset?: number }): Promise<{ total: number; items: ReviewItem[] }> {
  requireRole(input.actor, reviewViewers);
  const where = { state: 'awaiting_review', archivedAt: null };
  const [total, cases] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: Math.min(input.limit ?? 50, 200),
      skip: input.offset ?? 0,
      include: {
        unit: { select: { name: true } },
        messages: {
          orderBy: { firstSeenAt: 'asc' },
          select: { id: true, title: true, content: true, author: true, postedAt: true, channel: true, url: true, classification: true, similarity: true, fingerprint: true, source: { select: { name: true } } },
        },
      },
    }),
  ]);
  const hotKeys = [...new Set(cases.map((c) => c.hotIssueKey).filter((k): k is string => Boolean(k)))];
  const primaryOf = (c: (typeof cases)[number]) => c.messages.find((m) => m.id === c.primaryMessageId) ?? c.messages[0];
  const [relatedRows, likely, repeats] = await Promise.all([
    hotKeys.length ? db.case.findMany({ where: { hotIssueKey: { in: hotKeys } }, select: { id: true, ledgerNo: true, title: true, state: true, hotIssueKey: true }, take: 500 }) : [],
    findLikelyCopies(db, cases.map((c) => ({ ...c, fingerprint: primaryOf(c)?.fingerprint }))),
    answeredCasesRepeated(db, cases.map((c) => c.id)),
  ]);
  const items = cases.map((c): ReviewItem => {
    const primary = primaryOf(c);
    return {
      caseId: c.id,
      ledgerNo: c.ledgerNo,
      createdAt: c.createdAt.toISOString(),
      category: c.category,
      complexity: c.complexity,
      urgency: c.urgency,
      suggestionKey: suggestionKey(c),
      unit: c.unit?.name ?? null,
      reporterCount: c.reporterCount,
      message: {
        id: primary?.id ?? '',
        title: primary?.title ?? c.title,
        content: primary?.content ?? '',
        contentSimplified: simplifiedOrNull(primary?.content ?? ''),
        titleSimplified: simplifiedOrNull(primary?.title ?? c.title),
        author: primary?.author ?? null,
        postedAt: primary?.postedAt?.toISOString() ?? null,
        channel: c.channel,
        channelName: channelNames[c.channel as Channel] ?? c.channel,
        source: primary?.source.name ?? '',
        url: primary?.url ?? null,
      },
      suggestion: readSuggestion(primary?.classification),
      outOfScope: c.outOfScope,
      copies: c.messages
        .filter((m) => m.id !== primary?.id)
        .map((m) => ({ messageId: m.id, title: m.title, source: m.source.name, similarity: m.similarity, postedAt: m.postedAt?.toISOString() ?? null, url: m.url })),
      related: relatedRows
        .filter((r) => c.hotIssueKey && r.hotIssueKey === c.hotIssueKey && r.id !== c.id && r.state !== 'merged')
        .slice(0, 10)
        .map((r) => ({ caseId: r.id, ledgerNo: r.ledgerNo, title: r.title, state: r.state })),
      likelyCopyOf: likely.get(c.id) ?? null,
      repeatsAnswered: repeats.get(c.id) ?? null,
    };
  });
  return { total, items };
}

/** For each case opened as 再次反映 (its creation names `repeatsLedgerNo`), the answered case it repeats. */
async function answeredCasesRepeated(db: Db, caseIds: string[]): Promise<Map<string, NonNullable<ReviewItem['repeatsAnswered']>>> {
  const found = new Map<string, NonNullable<ReviewItem['repeatsAnswered']>>();
  if (caseIds.length === 0) return found;
  const created = await db.event.findMany({ where: { caseId: { in: caseIds }, type: 'case_created' }, select: { caseId: true, data: true } });
  const repeated = new Map<string, string>();
  const reissued = new Map<string, string>();
  for (const e of created) {
    const data = e.data as { repeatsLedgerNo?: unknown; reissuedForwardNo?: unknown } | null;
    if (e.caseId && typeof data?.repeatsLedgerNo === 'string') repeated.set(e.caseId, data.repeatsLedgerNo);
    if (e.caseId && typeof data?.reissuedForwardNo === 'string') reissued.set(e.caseId, data.reissuedForwardNo);
  }
  if (repeated.size === 0) return found;
  const answered = await db.case.findMany({ where: { ledgerNo: { in: [...new Set(repeated.values())] } }, select: { id: true, ledgerNo: true, title: true, state: true } });
  const byLedgerNo = new Map(answered.map((c) => [c.ledgerNo, c]));
  for (const [caseId, ledgerNo] of repeated) {
    const c = byLedgerNo.get(ledgerNo);
    const forwardNo = reissued.get(caseId);
    if (c) found.set(caseId, { caseId: c.id, ledgerNo: c.ledgerNo, title: c.title, state: c.state, stateName: stateNames[c.state as CaseState] ?? c.state, ...(forwardNo ? { reissuedForwardNo: forwardNo } : {}) });
  }
  return found;
}

export interface BatchAcceptResult {
  accepted: { caseId: string; ledgerNo: string; category: string }[];
  /** Cases asked for but not registered, each with the reason (ledgerNo null: no such case). */
  skipped: { caseId: string; ledgerNo: string | null; reason: string }[];
}

/**
 * Registers, with their suggested category, the awaiting cases whose suggestion is at least
 * `threshold` confident, not flagged out of scope and not a likely copy of an earlier case (疑似重复:
 * registering it would open a second case for one issue; staff merge it instead). Decided here
 * whatever the browser sent. `caseIds` limits it to the cases the staff member was looking at, and
 * every one of those not registered comes back in `skipped` with the reason (gone, no longer
 * awaiting review, flagged, below the threshold, a likely copy, refused), so nothing is dropped
 * unseen; without `caseIds`, awaiting cases that do not qualify simply stay in the queue.
 * Each case is its own transaction: one refusal does not undo the others. `suggestionKeys` (case id
 * → the suggestionKey the list showed) refuses a case whose suggestion changed since (a new model):
 * staff confirmed what they saw, not what is suggested now (cases/stale-page.ts). `dryRun`
 * (`minsheng cases accept-suggestions --dry-run`) decides the same and registers nothing: `accepted`
 * is then what would be registered.
 */
export async function batchAcceptSuggestions(
  db: Db,
  input: { actor: Actor; threshold: number; caseIds?: string[] | undefined; suggestionKeys?: Record<string, string> | undefined; limit?: number; dryRun?: boolean | undefined },
): Promise<BatchAcceptResult> {
  requireRole(input.actor, ['egov_centre', 'supervision']);
  if (!(input.threshold >= 0.5 && input.threshold <= 1)) throw new BadInputError('置信度阈值应在 0.5 到 1 之间');
  const asked = input.caseIds ? [...new Set(input.caseIds)] : undefined;
  const rows = await db.case.findMany({
    where: asked ? { id: { in: asked } } : { state: 'awaiting_review', archivedAt: null, outOfScope: false },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: asked ? asked.length : Math.min(input.limit ?? 200, 500),
    include: { messages: { select: { id: true, classification: true, fingerprint: true } } },
  });
  const awaiting = rows.filter((c) => c.state === 'awaiting_review');
  const likely = await findLikelyCopies(db, awaiting.map((c) => ({ ...c, fingerprint: c.messages.find((m) => m.id === c.primaryMessageId)?.fingerprint })));
  const result: BatchAcceptResult = { accepted: [], skipped: [] };
  const found = new Set(rows.map((c) => c.id));
  for (const id of asked ?? []) if (!found.has(id)) result.skipped.push({ caseId: id, ledgerNo: null, reason: '案件不存在' });
  const percent = (x: number) => `${Math.round(x * 100)}%`;
  for (const c of rows) {
    const suggestion = readSuggestion(c.messages.find((m) => m.id === c.primaryMessageId)?.classification);
    const original = likely.get(c.id);
    const reason =
      c.state !== 'awaiting_review' ? `当前状态为「${stateNames[c.state as CaseState] ?? c.state}」，不在待审核分类`
      : c.outOfScope || suggestion?.outOfScope.flagged ? flaggedSkipReason
      : !suggestion || suggestion.confidence === null ? '没有分类建议，请逐条审核'
      : suggestion.confidence < input.threshold ? `建议的置信度 ${percent(suggestion.confidence)} 低于 ${percent(input.threshold)}`
      : original ? likelyCopySkipReason(original)
      : null;
    if (reason) {
      if (asked) result.skipped.push({ caseId: c.id, ledgerNo: c.ledgerNo, reason });
      continue;
    }
    if (input.dryRun) {
      result.accepted.push({ caseId: c.id, ledgerNo: c.ledgerNo, category: c.category });
      continue;
    }
    try {
      await registerCase(db, { caseId: c.id, category: c.category as Category, actor: input.actor, note: `批量确认（置信度 ≥ ${input.threshold}）`, suggestionKey: input.suggestionKeys?.[c.id] });
      result.accepted.push({ caseId: c.id, ledgerNo: c.ledgerNo, category: c.category });
    } catch (error) {
      result.skipped.push({ caseId: c.id, ledgerNo: c.ledgerNo, reason: describeError(error) });
    }
  }
  return result;
}

function simplifiedOrNull(text: string): string | null {
  const simplified = toSimplified(text);
  return simplified === text ? null : simplified;
}
