/**
 * De-duplication correction: a wrong link. Staff split a message that was linked to a case as a
 * copy but raises a different issue; it becomes a case of its own (awaiting review, built from its
 * own classifier suggestion as a new message's case is: open-case.ts, with a new ledger number),
 * the first case's reporters are recounted from the messages it keeps (the count drops only when
 * the message was its writer's only one there), and both event logs say so. The correction is
 * kept as training data for the de-duplication thresholds. The first message of a case that staff
 * merged into this one goes back to that case, which is awaiting review again (the merge undone),
 * its letter back in its own hot issue (and this case out of the one it joined by that merge, with
 * the letters merged into it since, which go to the hot issue of the first of them that has one,
 * and this case with them: leaveJoinedHotIssue).
 * A new case stays in the hot issue of the case it leaves when the message names that issue's place
 * or concern (hotIssueOfSplit): its writer raised it whatever the link, so the board's 反映人数 of
 * the hot issue, and 群众反映较多 through it, do not drop because a wrong link was undone.
 */
import { AppError } from '../../core/index.js';
import { extractKeyPhrases, hotIssuePhraseKey } from '../../dedup/index.js';
import type { Db } from '../store/index.js';
import { appendEvent } from '../events/append-event.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep, type Tx } from './case-transaction.js';
import { countReporters } from './count-reporters.js';
import { moveHotIssueLetter } from './move-hot-issue-letter.js';
import { openCaseForMessage, type CaseSuggestion } from './open-case.js';
import { recordCorrection } from './register-case.js';

export interface SplitCopyInput {
  caseId: string;
  messageId: string;
  note: string;
  actor: Actor;
  now?: Date;
}

/**
 * The case the message went to, and the split case's new count. `restored`: the message was the
 * first of a case merged in, which came back with its own ledger number (not a new case), so what
 * staff are told names it as such.
 */
export interface SplitCopyResult {
  newCaseId: string;
  ledgerNo: string;
  reporterCount: number;
  restored: boolean;
}

export async function splitCopy(db: Db, input: SplitCopyInput): Promise<SplitCopyResult> {
  const note = requireText(input.note, '拆分理由', 500);
  return runCaseStep(db, { caseId: input.caseId, action: 'split_copy', actor: input.actor, now: input.now }, async ({ tx, case: c, now }) => {
    const message = await tx.message.findUnique({ where: { id: input.messageId } });
    if (!message || message.caseId !== c.id) throw new AppError('BAD_INPUT', '该留言不属于此案件');
    if (message.id === c.primaryMessageId) throw new AppError('BAD_INPUT', '案件的首条留言不能拆出；请拆出其他重复留言');
    // The first message of a case merged into this one: splitting it out undoes that merge. The
    // merged case comes back (its ledger number, awaiting review again) instead of a new case,
    // which could not take the message anyway (a case's first message belongs to it alone).
    const mergedOrigin = await tx.case.findFirst({ where: { primaryMessageId: message.id, state: 'merged' } });
    let created: { id: string; ledgerNo: string };
    let rejoined: { rejoinedHotIssueKey: string; rejoinedThroughCaseId: string } | null = null;
    if (mergedOrigin) {
      created = { id: mergedOrigin.id, ledgerNo: mergedOrigin.ledgerNo };
      await tx.message.update({ where: { id: message.id }, data: { caseId: created.id, duplicateOfId: null, similarity: null } });
      const back = await countReporters(tx, created.id);
      await tx.case.update({ where: { id: created.id }, data: { state: 'awaiting_review', reporterCount: back.reporterCount } });
      // Its letter goes back to its own hot issue; a case that joined that issue by the merge leaves it.
      if (c.hotIssueKey !== null && (await joinedThrough(tx, c.id, mergedOrigin.id)) === c.hotIssueKey) {
        rejoined = await leaveJoinedHotIssue(tx, c.id, c.hotIssueKey);
      }
      await moveHotIssueLetter(tx, { from: c.hotIssueKey, to: mergedOrigin.hotIssueKey, letters: 1, seenAt: message.postedAt ?? message.firstSeenAt });
    } else {
      const suggestion = (message.classification ?? {}) as CaseSuggestion;
      const hotIssueKey = await hotIssueOfSplit(tx, c.hotIssueKey, message);
      created = await openCaseForMessage(tx, { message, suggestion, fallbackCategory: c.category, ledgerDate: now, hotIssueKey });
      await tx.message.update({ where: { id: message.id }, data: { caseId: created.id, duplicateOfId: null, similarity: null, hotIssueKey } });
    }
    const ledgerNo = created.ledgerNo;
    const { reporterCount, messageCount } = await countReporters(tx, c.id);
    await appendEvent(tx, {
      caseId: created.id,
      messageId: message.id,
      type: mergedOrigin ? 'unmerged' : 'case_created',
      actor: input.actor.username,
      role: input.actor.role,
      data: { ledgerNo, splitFromCaseId: c.id, splitFromLedgerNo: c.ledgerNo, note },
    });
    await recordCorrection(tx, { messageId: message.id, caseId: c.id, field: 'duplicateOf', suggested: message.duplicateOfId, corrected: 'none', actor: input.actor, at: now });
    return {
      data: { reporterCount },
      event: { messageId: message.id, newCaseId: created.id, newLedgerNo: ledgerNo, reporterCount, messageCount, note, ...rejoined },
      result: { newCaseId: created.id, ledgerNo, reporterCount, restored: Boolean(mergedOrigin) },
    };
  });
}

/**
 * The hot issue a message split off a case belongs to: the case's own, when the message names its
 * phrase (a hot issue's key is the phrase's key and the day it opened: dedup/hot-issues.ts), else
 * none (a message split off because it is about another place is not counted with this one). The
 * group then has one more message opening a case of it (HotIssue.messageCount), seen when it was.
 */
async function hotIssueOfSplit(tx: Tx, caseHotIssueKey: string | null, message: { title: string; content: string; postedAt: Date | null; firstSeenAt: Date }): Promise<string | null> {
  if (!caseHotIssueKey) return null;
  const phrase = hotIssuePhraseKey(caseHotIssueKey);
  if (!extractKeyPhrases(message).some((p) => p.key === phrase)) return null;
  const joined = await moveHotIssueLetter(tx, { from: null, to: caseHotIssueKey, letters: 1, seenAt: message.postedAt ?? message.firstSeenAt });
  return joined ? caseHotIssueKey : null;
}

/**
 * The hot issue case `caseId` joined through the merge of `fromCaseId` (it was in none), or through
 * that case when undoing an earlier merge left it there (leaveJoinedHotIssue): the newest record.
 */
async function joinedThrough(tx: Tx, caseId: string, fromCaseId: string): Promise<string | null> {
  const events = await tx.event.findMany({
    where: {
      caseId,
      OR: [
        { type: 'merged_from', data: { path: ['fromCaseId'], equals: fromCaseId } },
        { type: 'split_copy', data: { path: ['rejoinedThroughCaseId'], equals: fromCaseId } },
      ],
    },
    orderBy: { id: 'desc' },
    take: 1,
    select: { data: true },
  });
  const data = events[0]?.data as { joinedHotIssueKey?: string; rejoinedHotIssueKey?: string } | undefined;
  return data?.joinedHotIssueKey ?? data?.rejoinedHotIssueKey ?? null;
}

/**
 * Case `caseId` leaves hot issue `key`, which it joined through a merge now undone. The letters of
 * the other cases merged into it (each counted in `key` while the case was there) leave with it:
 * the case is in the hot issue of the first of them, in the order they were merged, that has one,
 * as if that merge had made it join (a later split of that case takes it out again), and their
 * letters count there; with none, it is in no hot issue and they count in none. Before, they stayed
 * counted in `key` (HotIssue.messageCount), which no case of theirs was in any more.
 */
async function leaveJoinedHotIssue(tx: Tx, caseId: string, key: string): Promise<{ rejoinedHotIssueKey: string; rejoinedThroughCaseId: string } | null> {
  const inCase = await tx.message.findMany({ where: { caseId }, select: { id: true, postedAt: true, firstSeenAt: true } });
  const seenAt = new Map(inCase.map((m) => [m.id, m.postedAt ?? m.firstSeenAt]));
  const others = await tx.case.findMany({ where: { state: 'merged', primaryMessageId: { in: inCase.map((m) => m.id) } }, select: { id: true, hotIssueKey: true, primaryMessageId: true } });
  const mergedAt = new Map<string, bigint | number>();
  const merges = await tx.event.findMany({ where: { type: 'merge_into', caseId: { in: others.map((o) => o.id) } }, orderBy: { id: 'asc' }, select: { id: true, caseId: true } });
  for (const e of merges) if (e.caseId) mergedAt.set(e.caseId, e.id);
  others.sort((a, b) => Number(mergedAt.get(a.id) ?? 0) - Number(mergedAt.get(b.id) ?? 0));
  const through = others.find((o) => o.hotIssueKey !== null);
  const to = through?.hotIssueKey ?? null;
  await tx.case.update({ where: { id: caseId }, data: { hotIssueKey: to } });
  for (const other of others) {
    await moveHotIssueLetter(tx, { from: key, to, letters: 1, seenAt: seenAt.get(other.primaryMessageId)! });
  }
  return through && to ? { rejoinedHotIssueKey: to, rejoinedThroughCaseId: through.id } : null;
}
