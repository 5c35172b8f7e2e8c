/**
 * 分类 → 登记: turns a recorded, classified message into a case in the ledger (台账), or links it
 * to the case it duplicates (one case, many messages; 群众反映较多 counts their distinct writers,
 * cases/count-reporters.ts: a citizen who re-posts the same letter is one reporter).
 * Exactly one case per issue, however many copies arrive and however many workers process them
 * at once: registrations are serialised by a transaction-scoped advisory lock, the message's own
 * case link is re-checked inside the transaction, and the de-duplication index is brought up to
 * date from the store before each decision (store-dedup.ts).
 */
import { BadInputError, NotFoundError } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';
import { countReporters } from '../cases/count-reporters.js';
import { openCaseForMessage } from '../cases/open-case.js';
import { answeredCaseStates } from '../cases/state-machine.js';
import { tightenToUpperDeadline } from '../cases/tighten-to-upper-deadline.js';
import { upperDeadlineOf } from '../cases/forwarding-facts.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { appendEvent } from '../events/append-event.js';
import { broughtBackEvent } from '../sources/bring-back-excluded-message.js';
import { enteredByHandEvent, isManualSource } from './enter-message.js';
import type { StoreDedup } from './store-dedup.js';

/**
 * A copy of a case whose reply is out (已回复, 已回访办结, 已归档) is not linked to it: a citizen who
 * posts the letter again after the answer is asking again (the problem is back, or the answer was
 * not enough), which nobody would see among the copies of an answered case. It opens a case of its
 * own, awaiting review, whose creation names the answered case (`repeatsLedgerNo`); later copies,
 * exact or near, join that new case while it is in hand.
 */
const answeredStates: string[] = [...answeredCaseStates];

/*
 * A 转办 item (same level and 转办编号) re-issued by the province or city after the district's
 * answer is treated the same way, as 上级再次转办: the upper level asks again (not satisfied with
 * the 专报, or pressing for it: 催办). It opens an asked-again case (or joins the one already open
 * for the answered case) rather than re-opening the answered one: the measures give an item one
 * pass of 登记 → 拟办 → 交办 → 办理 → 审核 → 专报 (第四条㈢–㈧), the answered case's 专报 is sent and
 * may be archived (第四条㈩), and the new demand needs a new 拟办, a unit's due date and a 专报 of
 * its own, all of which a new case has. The answered case records 上级再次转办
 * (`forward_reissued`, with the day it came and the new case), and the 督查看板 lists the new case
 * until it is answered (supervision/list-forwards-reissued.ts). The 转办 page's own copy of the
 * answered 转办单, crawled only after the answer, is not asked again: same text and no later
 * 上级办理时限, it joins the answered case as a copy (pageCopyOfAnswered).
 */

/** The classifier's suggestion as the ledger keeps it (structurally the classifier's Classification). */
export interface SuggestionForLedger {
  category: string;
  confidence: number;
  outOfScope: { flagged: boolean; reasons: { code: string; evidence: string[] }[] };
  complexity: { value: string };
  urgency: { value: string };
  unit: { value: string | null };
}

export interface RegisterMessageInput {
  messageId: string;
  classification: SuggestionForLedger;
  /** The process's de-duplication index; without it only exact copies (same normalised text) are linked. */
  dedup?: StoreDedup;
  /** Who did it, for the event log. @default system */
  actor?: string;
  /** The time of registration (a 上级办理时限 arriving after 交办 counts from its day). @default now */
  now?: Date | undefined;
}

export interface RegisterMessageResult {
  caseId: string;
  ledgerNo: string;
  /** created: a new case; linked: added to an existing case as a copy; existing: already done before. */
  outcome: 'created' | 'linked' | 'existing';
  /** The hot issue the message joined, if any. */
  hotIssue?: { key: string; label: string; count: number } | null;
}

const registrationLock = 727_274_2013;

export async function registerMessage(db: Db, input: RegisterMessageInput): Promise<RegisterMessageResult> {
  try {
    // A (re)build of the index is slow: it runs before the lock, once; the lock's replay does the rest.
    if (input.dedup && !input.dedup.loaded) await input.dedup.catchUp(db);
    return await registerLocked(db, input);
  } catch (error) {
    // The in-memory index may now hold a message the store does not: rebuild it next time.
    input.dedup?.reset();
    throw error;
  }
}

async function registerLocked(db: Db, input: RegisterMessageInput): Promise<RegisterMessageResult> {
  const actor = input.actor ?? 'system';
  const suggestion = input.classification;
  if (!suggestion || typeof suggestion.category !== 'string') throw new BadInputError('分类结果缺失，无法登记');
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${registrationLock}::bigint)`;
      const message = await tx.message.findUnique({ where: { id: input.messageId }, include: { case: true } });
      if (!message) throw new NotFoundError(`留言不存在：${input.messageId}`);
      if (message.case) return { caseId: message.case.id, ledgerNo: message.case.ledgerNo, outcome: 'existing' as const };

      let decision: Awaited<ReturnType<StoreDedup['syncAndDecide']>> | undefined;
      if (input.dedup) {
        decision = await input.dedup.syncAndDecide(tx, message);
      }
      // The same 转办 item (level and 转办编号) already in a case in hand is that item whatever its
      // text: a 转办单 entered by hand from OA and the 转办 page's copy of it, or an item re-issued
      // while in hand, are one item the upper level counts once. Re-issued after the answer, it is
      // asked again (上级再次转办, see answeredStates), unless it is the 转办 page's copy of the
      // answered 转办单 crawled late (pageCopyOfAnswered), which joins the answered case.
      const item = await forwardedItemCopies(tx, message);
      const pageCopy = !item?.inHand && item?.answered ? pageCopyOfAnswered(message, item.answeredCopies, chinaDate(input.now ?? new Date())) : null;
      const sameItem = item?.inHand ?? pageCopy;
      const reissuedAfter = !sameItem && item?.answered ? item.answered : null;
      // An exact copy (same normalised text) already in a case is a duplicate whatever the index says,
      // unless that case is answered (see answeredStates).
      const exact = sameItem || reissuedAfter ? null : await tx.message.findFirst({
        where: { contentHash: message.contentHash, caseId: { not: null }, id: { not: message.id }, case: { state: { notIn: answeredStates } } },
        orderBy: { firstSeenAt: 'asc' },
      });
      const near = !sameItem && !reissuedAfter && !exact && decision?.duplicateOf ? await tx.message.findFirst({ where: { id: decision.duplicateOf, caseId: { not: null } }, include: { case: true } }) : null;
      const answeredCopy =
        reissuedAfter ??
        (near?.case && answeredStates.includes(near.case.state) ? near.case : null) ??
        (!sameItem && !exact && !near
          ? ((await tx.message.findFirst({ where: { contentHash: message.contentHash, caseId: { not: null }, id: { not: message.id } }, orderBy: { firstSeenAt: 'desc' }, include: { case: true } }))?.case ?? null)
          : null);
      // A near copy of the answered case joins the case already opened for asking again, if any.
      const askedAgain =
        !exact && answeredCopy
          ? await tx.event.findFirst({ where: { type: 'case_created', data: { path: ['repeatsLedgerNo'], equals: answeredCopy.ledgerNo } }, orderBy: { at: 'desc' }, select: { caseId: true } })
          : null;
      const askedAgainCase = askedAgain?.caseId ? await tx.case.findFirst({ where: { id: askedAgain.caseId, state: { notIn: [...answeredStates, 'merged'] } }, select: { primaryMessageId: true } }) : null;
      const askedAgainMessage = askedAgainCase ? await tx.message.findUnique({ where: { id: askedAgainCase.primaryMessageId } }) : null;
      const target = sameItem ?? exact ?? (answeredCopy ? askedAgainMessage : near);
      const similarity = exact || (sameItem && sameItem.contentHash === message.contentHash) ? 1 : decision?.duplicateOf === target?.id ? (decision?.similarity ?? null) : null;
      const matchKind = sameItem || reissuedAfter ? 'forward-no' : exact ? 'exact' : (decision?.matchKind ?? null);
      const hotIssue = !target && decision?.hotIssue ? decision.hotIssue : null;
      const messageData = {
        classification: suggestion as object,
        fingerprint: (decision?.fingerprint ?? undefined) as object | undefined,
        dedupSeq: decision?.dedupSeq ?? null,
        // The index's own decision, which a rebuild replays (store-dedup.ts), whatever the link below.
        indexDecided: decision !== undefined,
        indexMatchId: decision?.duplicateOf ?? null,
        hotIssueKey: hotIssue?.key ?? null,
      };

      if (target?.caseId) {
        await tx.message.update({ where: { id: message.id }, data: { ...messageData, caseId: target.caseId, duplicateOfId: target.id, similarity } });
        const { reporterCount, messageCount } = await countReporters(tx, target.caseId);
        const updated = await tx.case.update({ where: { id: target.caseId }, data: { reporterCount } });
        await appendEvent(tx, {
          caseId: target.caseId,
          messageId: message.id,
          type: 'duplicate_linked',
          actor,
          data: {
            duplicateOf: target.id,
            similarity,
            matchKind,
            sourceId: message.sourceId,
            channel: message.channel,
            reporterCount,
            messageCount,
            ...(pageCopy ? { note: pageCopyNote } : {}),
          },
        });
        await broughtBackEvent(tx, { messageId: message.id, caseId: target.caseId });
        await enteredByHandEvent(tx, { messageId: message.id, caseId: target.caseId });
        // A 转办单's copy bringing the upper level's deadline after 交办 tightens the unit's due date.
        if (message.channel === 'forwarded') await tightenToUpperDeadline(tx, { caseId: target.caseId, actor, now: input.now ?? new Date() });
        if (reissuedAfter) await reissuedEvent(tx, { answered: reissuedAfter, message, askedAgain: { id: target.caseId, ledgerNo: updated.ledgerNo }, actor, now: input.now ?? new Date() });
        return { caseId: target.caseId, ledgerNo: updated.ledgerNo, outcome: 'linked' as const, hotIssue: null };
      }

      // The group's label as the board shows it: the one its first message gave (a later message may
      // read the name a little differently: 务局家属院 beside 矿务局家属院).
      let hotIssueLabel: string | null = null;
      if (hotIssue) {
        // Messages arrive out of posting order (a crawler's first pass walks a list backwards in
        // time, a forwarded copy comes days late), so the group's span widens either way; it never
        // moves back. Registration holds its lock, so read-then-write cannot race.
        const seenAt = message.postedAt ?? message.firstSeenAt;
        const group = await tx.hotIssue.findUnique({ where: { key: hotIssue.key }, select: { firstSeenAt: true, lastSeenAt: true, label: true } });
        hotIssueLabel = group?.label ?? hotIssue.label;
        if (!group) {
          await tx.hotIssue.create({ data: { key: hotIssue.key, label: hotIssue.label, messageCount: 1, firstSeenAt: seenAt, lastSeenAt: seenAt } });
        } else {
          await tx.hotIssue.update({
            where: { key: hotIssue.key },
            data: {
              messageCount: { increment: 1 },
              firstSeenAt: seenAt < group.firstSeenAt ? seenAt : group.firstSeenAt,
              lastSeenAt: seenAt > group.lastSeenAt ? seenAt : group.lastSeenAt,
            },
          });
        }
      }
      const created = await openCaseForMessage(tx, { message, suggestion, fallbackCategory: suggestion.category, ledgerDate: message.firstSeenAt, hotIssueKey: hotIssue?.key ?? null });
      const ledgerNo = created.ledgerNo;
      await tx.message.update({ where: { id: message.id }, data: { ...messageData, caseId: created.id } });
      await appendEvent(tx, {
        caseId: created.id,
        messageId: message.id,
        type: 'case_created',
        actor,
        data: {
          ledgerNo,
          category: suggestion.category,
          confidence: suggestion.confidence,
          outOfScope: suggestion.outOfScope?.flagged ?? false,
          hotIssue: hotIssueLabel,
          hotIssueKey: hotIssue?.key ?? null,
          ...(answeredCopy ? { repeatsLedgerNo: answeredCopy.ledgerNo } : {}),
          ...(reissuedAfter ? { reissuedForwardNo: (message.forwarding as { forwardNo: string }).forwardNo } : {}),
        },
      });
      if (reissuedAfter) await reissuedEvent(tx, { answered: reissuedAfter, message, askedAgain: { id: created.id, ledgerNo }, actor, now: input.now ?? new Date() });
      await broughtBackEvent(tx, { messageId: message.id, caseId: created.id });
      await enteredByHandEvent(tx, { messageId: message.id, caseId: created.id });
      return { caseId: created.id, ledgerNo, outcome: 'created' as const, hotIssue: hotIssue ? { key: hotIssue.key, label: hotIssue.label, count: hotIssue.count } : null };
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

/**
 * The messages already in cases that are the same 转办 item as `message` (the same upper level and
 * the same 转办编号, stored folded: normalize-message.ts): `inHand`, the earliest of them whose case
 * is not answered (the item's case, linked as before); `answered`, when there is none in hand, the
 * case of the latest copy (the answer the upper level is asking about again), and `answeredCopies`,
 * the item's messages in that case, earliest first. Null for a message that is no 转办 item or whose
 * item is in no case yet.
 */
async function forwardedItemCopies(tx: Prisma.TransactionClient, message: { id: string; forwarding: unknown }) {
  const f = message.forwarding as { originLevel?: unknown; forwardNo?: unknown } | null;
  if (!f || typeof f.forwardNo !== 'string' || f.forwardNo === '' || typeof f.originLevel !== 'string') return null;
  const copies = await tx.message.findMany({
    where: {
      AND: [{ forwarding: { path: ['forwardNo'], equals: f.forwardNo } }, { forwarding: { path: ['originLevel'], equals: f.originLevel } }],
      caseId: { not: null },
      id: { not: message.id },
    },
    include: { case: { select: { id: true, ledgerNo: true, state: true } } },
    orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }],
  });
  if (copies.length === 0) return null;
  const inHand = copies.find((m) => m.case && !answeredStates.includes(m.case.state)) ?? null;
  const answered = inHand ? null : (copies.at(-1)?.case ?? null);
  const answeredCopies = answered ? copies.filter((m) => m.caseId === answered.id) : [];
  return { inHand, answered, answeredCopies };
}

/** The note on the answered case's 合并重复留言 when the 转办 page's copy of its 转办单 arrives late. */
const pageCopyNote = '转办页面副本（本案已答复后采集到）：与已答复的转办单内容相同，未带来更晚的上级办理时限，不是上级再次转办';

/**
 * The 转办 page is crawled when it can be (the site down, the channel added late, the crawl
 * schedule), so its copy of a 转办单 entered by hand from OA may arrive only after the case is
 * answered; the page gives no issue date to tell it from the upper level sending the item again.
 * A CRAWLED message of an answered item is that same 转办单, not 上级再次转办, when its normalised
 * text is that of one of the item's messages in the answered case (same contentHash) and it brings
 * no 上级办理时限 later than the latest one they had (none, or one equal or earlier). When they had
 * none (the OA entry did not carry it), a date already past on the day the copy arrives is the
 * original deadline the page shows, not a new demand: an upper level sending an item again gives a
 * date still to come; a date to come is a new demand. It returns that message, to which the copy is linked as a copy
 * of an item in hand is (no new case, no forward_reissued; the reporter count is recounted and does
 * not grow: the same writer). A hand entry after the answer stays a deliberate re-issue (enter-
 * message.ts records it as `#2`): staff enter what the upper level sent again. Other text, or a
 * later deadline (a 催办, a new demand), is 上级再次转办 as before.
 *
 * An archived answered case takes the link too: its trigger (migrations 20261128010000_workflow,
 * 20261210000000_ledger_search_fold) lets the reporter count and updatedAt change, the message row
 * and the append-only event log are not the case's records, and tightenToUpperDeadline leaves a
 * case that is not 已交办 alone; so the copy is kept with its 转办单 rather than left caseless.
 */
function pageCopyOfAnswered<C extends { contentHash: string; forwarding: unknown }>(
  message: { sourceId: string; contentHash: string; forwarding: unknown },
  answeredCopies: C[],
  today: string,
): C | null {
  if (isManualSource(message.sourceId)) return null;
  const same = answeredCopies.find((m) => m.contentHash === message.contentHash);
  if (!same) return null;
  const brought = upperDeadlineOf((message.forwarding as { upperDeadline?: unknown } | null)?.upperDeadline);
  if (!brought) return same;
  const had = answeredCopies
    .map((m) => upperDeadlineOf((m.forwarding as { upperDeadline?: unknown } | null)?.upperDeadline))
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1);
  return had === undefined ? (brought < today ? same : null) : brought <= had ? same : null;
}

/**
 * 上级再次转办 on the answered case: the day the item came again and the case that takes it, so
 * whoever opens the answered case sees the upper level asked again.
 */
async function reissuedEvent(
  tx: Prisma.TransactionClient,
  input: { answered: { id: string; state: string }; message: { id: string; forwarding: unknown }; askedAgain: { id: string; ledgerNo: string }; actor: string; now: Date },
) {
  const f = input.message.forwarding as { originLevel?: unknown; forwardNo?: unknown; upperDeadline?: unknown };
  const upperDeadline = upperDeadlineOf(f.upperDeadline);
  await appendEvent(tx, {
    caseId: input.answered.id,
    type: 'forward_reissued',
    actor: input.actor,
    role: 'system',
    at: input.now,
    data: {
      originLevel: f.originLevel,
      forwardNo: f.forwardNo,
      reissuedOn: chinaDate(input.now),
      answeredState: input.answered.state,
      askedAgainCaseId: input.askedAgain.id,
      askedAgainLedgerNo: input.askedAgain.ledgerNo,
      ...(upperDeadline ? { upperDeadline } : {}),
    },
  });
}
