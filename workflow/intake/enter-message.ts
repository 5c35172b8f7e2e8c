/**
 * 手工录入: staff of the e-government centre enter a message that reached the district another way
 * (a 转办单 of the province or city on paper or OA, a WeChat post, a hotline's web form: 第三条㈠
 * 3 and 4). It is recorded as a Message of a built-in manual source of its channel, exactly as a
 * crawled one is; the pipeline then classifies, de-duplicates and registers it (a new case in the
 * review queue, or a copy linked to its case), and that registration writes an `entered_by_hand`
 * event on the case naming who entered it (enteredByHandEvent, called by registerMessage).
 *
 * An item forwarded from above is entered once per 转办编号 and level: entering it again (or one a
 * crawler already took in under that number) answers the message already there and records nothing
 * new, except a 上级办理时限 the stored copy lacks or an earlier one, which it takes and its case
 * with it (take-upper-deadline.ts). Once every case of the item is answered, entering it again is
 * the upper level sending it again (上级再次转办): it is recorded anew and registration opens an
 * asked-again case (register-message.ts).
 *
 * A letter without 转办编号 identical to one already entered by hand in its channel, or the same
 * writer's letter of the same minute retyped (a typo fixed, a character changed), is refused
 * (SAME_ENTRY, same-entry.ts): a file entered again after fixing one line, a form sent twice or a
 * letter typed again would otherwise count one citizen twice in the case's 反映人数. Staff who know
 * it is another citizen's letter say so (`allowSame`) and it is recorded. Two such entries at once
 * make one (same-entry.ts says how).
 */
import { AppError, channelNames, channels, manualSourcePrefix, newId, type Channel, type CrawledMessage } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import { appendEvent } from '../events/append-event.js';
import type { Db } from '../store/index.js';
import { requireRole, type Actor } from '../users/actor.js';
import { answeredCaseStates, type CaseState } from '../cases/state-machine.js';
import { ensureSource, newMessageRow } from './record-message.js';
import { refuseSameEntry, sameEntrySiteIdOf } from './same-entry.js';
import { takeUpperDeadline } from './take-upper-deadline.js';

/** Who may enter a message by hand: the centre that registers cases (第四条㈠), and admin. */
export const enterMessageRoles = ['egov_centre', 'admin'] as const;

/** The built-in source of hand-entered messages of a channel: `manual-forwarded`, 手工录入（省市转办）. */
export function manualSourceOf(channel: Channel): { id: string; name: string; channel: Channel } {
  return { id: `${manualSourcePrefix}${channel}`, name: `手工录入（${channelNames[channel]}）`, channel };
}

/** Every built-in manual source, one per channel (known before any message was entered). */
export const manualSources = channels.map(manualSourceOf);

/** Whether a source is one of the built-in manual sources (no crawler, no health to show). */
export function isManualSource(sourceId: string): boolean {
  return channels.some((c) => sourceId === `${manualSourcePrefix}${c}`);
}

/** What staff type beside the message itself. */
export interface EntryDetails {
  /** 渠道说明 of a message from another channel (微信公众号, 12345 网页留言): kept in the event log. */
  channelNote?: string | undefined;
}

export interface EnterMessageInput extends EntryDetails {
  /**
   * The message, already prepared as a crawled one is (normalised, within the limits; the
   * pipeline's prepareMessage): its sourceId is the channel's manual source, its siteId the
   * level and 转办编号 of a forwarded item (`city:TB-2026-001`) or a fresh id.
   */
  message: CrawledMessage;
  actor: Actor;
  now?: Date | undefined;
  /**
   * Staff say this letter is another citizen's although identical or nearly identical to one
   * entered by hand before (same-entry.ts): it is recorded rather than refused. Ignored for a 转办 item.
   */
  allowSame?: boolean | undefined;
}

export interface EnteredMessage {
  messageId: string;
  /** false: the 转办编号 was entered (or crawled) before; nothing was recorded. */
  isNew: boolean;
  /** The case it belongs to, once registered. */
  caseId: string | null;
  ledgerNo: string | null;
  /** For a message already there: who entered it and when (null when a crawler brought it). */
  enteredBy: string | null;
  enteredAt: string | null;
  /**
   * For a message already there: the entry gave a 上级办理时限 it lacked, or an earlier one, which
   * it now keeps and its case takes (take-upper-deadline.ts).
   */
  upperDeadlineTaken: boolean;
}

/** The site id of a hand-entered message: level and 转办编号 for a forwarded item, else a fresh id. */
export function manualSiteIdOf(message: Pick<CrawledMessage, 'forwarding'>): string {
  const f = message.forwarding;
  return f?.forwardNo ? `${f.originLevel}:${f.forwardNo}` : newId();
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === 'P2002';

/**
 * Records the message (once), with a `message_entered` event naming who entered it, in one
 * transaction. The caller queues its classification (the unfinished-work sweep would otherwise).
 */
export async function enterMessage(db: Db, input: EnterMessageInput): Promise<EnteredMessage> {
  requireRole(input.actor, enterMessageRoles);
  const { message, actor } = input;
  const source = manualSourceOf(message.channel);
  if (message.sourceId !== source.id) throw new AppError('BAD_INPUT', `手工录入的留言应属于来源 ${source.id}`);
  if (message.channel === 'forwarded' && !message.forwarding?.forwardNo) throw new AppError('BAD_INPUT', '省市转办的留言须填写转办编号');
  const now = input.now ?? new Date();
  // A letter without 转办编号 is checked against the channel's earlier hand entries (same-entry.ts).
  const checkSame = !message.forwarding?.forwardNo && !input.allowSame;
  const row = { ...newMessageRow(message, now), ...(checkSame ? { siteId: sameEntrySiteIdOf(message) } : {}) };
  await ensureSource(db, { ...source, definition: { id: source.id, name: source.name, channel: source.channel, kind: 'manual' } });
  const attempt = () =>
    db.$transaction(async (tx) => {
      if (checkSame) await refuseSameEntry(tx, row);
      const existing = await findExisting(tx, message);
      if (existing && !('reissueSiteId' in existing)) {
        // Entered again with a 上级办理时限 the stored copy lacks, or an earlier one: the case takes it.
        const stored = await tx.message.findUniqueOrThrow({ where: { id: existing.messageId }, select: { id: true, caseId: true, forwarding: true } });
        const upperDeadlineTaken = await takeUpperDeadline(tx, { message: stored, upperDeadline: message.forwarding?.upperDeadline, actor: actor.username, now });
        return { ...existing, upperDeadlineTaken };
      }
      // 上级再次转办: the item's every case is answered, so this entry is the upper level sending it
      // again; it is recorded under a site id of its own, and registration opens the asked-again case.
      const created = await tx.message.create({ data: { ...row, ...(existing ? { siteId: existing.reissueSiteId } : {}) } });
      await appendEvent(tx, {
        messageId: created.id,
        type: 'message_entered',
        actor: actor.username,
        role: actor.role,
        at: now,
        data: entryData(message, input),
      });
      return { messageId: created.id, isNew: true, caseId: null, ledgerNo: null, enteredBy: actor.username, enteredAt: now.toISOString(), upperDeadlineTaken: false };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two staff entering the same 转办编号 (or the same letter) at once: the unique key lets one in;
    // the other reads it (or is refused as the same letter).
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

function entryData(message: CrawledMessage, details: EntryDetails): Record<string, unknown> {
  return {
    sourceId: message.sourceId,
    channel: message.channel,
    ...(message.forwarding ? { originLevel: message.forwarding.originLevel, forwardNo: message.forwarding.forwardNo ?? null } : {}),
    ...(message.forwarding?.upperDeadline ? { upperDeadline: message.forwarding.upperDeadline } : {}),
    ...(details.channelNote ? { channelNote: details.channelNote } : {}),
  };
}

type Tx = Prisma.TransactionClient;

/**
 * The message already recorded under this site id, or (forwarded) under the same level and 转办编号
 * by any source. For a 转办 item whose every message is in an answered case (answeredCaseStates),
 * `reissueSiteId` instead: the site id a new entry takes (`city:TCZB-2026-0417#2`), the upper
 * level having sent it again after the answer (上级再次转办).
 */
async function findExisting(tx: Tx, message: CrawledMessage): Promise<EnteredMessage | { reissueSiteId: string } | null> {
  const select = { id: true, caseId: true, case: { select: { ledgerNo: true, state: true } } } as const;
  let row = await tx.message.findUnique({ where: { sourceId_siteId: { sourceId: message.sourceId, siteId: message.siteId } }, select });
  const f = message.forwarding;
  if (f?.forwardNo) {
    const item = await tx.message.findMany({
      where: { AND: [{ forwarding: { path: ['forwardNo'], equals: f.forwardNo } }, { forwarding: { path: ['originLevel'], equals: f.originLevel } }] },
      orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }],
      select,
    });
    const inHand = item.filter((m) => !m.case || !answeredCaseStates.includes(m.case.state as CaseState));
    if (item.length > 0 && inHand.length === 0) {
      const taken = new Set((await tx.message.findMany({ where: { sourceId: message.sourceId, siteId: { startsWith: message.siteId } }, select: { siteId: true } })).map((m) => m.siteId));
      let n = 2;
      while (taken.has(`${message.siteId}#${n}`)) n++;
      return { reissueSiteId: `${message.siteId}#${n}` };
    }
    // The item's message in hand: the one under this site id when it is, else the earliest.
    if (!row || !inHand.some((m) => m.id === row!.id)) row = inHand[0] ?? row;
  }
  if (!row) return null;
  const entered = await tx.event.findFirst({ where: { messageId: row.id, type: 'message_entered' }, select: { actor: true, at: true } });
  return { messageId: row.id, isNew: false, caseId: row.caseId, ledgerNo: row.case?.ledgerNo ?? null, enteredBy: entered?.actor ?? null, enteredAt: entered?.at.toISOString() ?? null, upperDeadlineTaken: false };
}

/** Where a message stands after entry: its case once registration ran (null before). */
export async function enteredMessageStatus(db: Db, input: { messageId: string; actor: Actor }): Promise<{ messageId: string; caseId: string | null; ledgerNo: string | null; linked: boolean }> {
  requireRole(input.actor, enterMessageRoles);
  const row = await db.message.findUnique({ where: { id: input.messageId }, select: { id: true, caseId: true, duplicateOfId: true, case: { select: { ledgerNo: true } } } });
  if (!row) throw new AppError('NOT_FOUND', `留言不存在：${input.messageId}`);
  // linked: registered as a copy of the case's earlier message (de-duplication found it).
  return { messageId: row.id, caseId: row.caseId, ledgerNo: row.case?.ledgerNo ?? null, linked: row.duplicateOfId !== null };
}

/**
 * Called by registration, in its transaction, once a message has its case: a hand-entered
 * message's case says who entered it, from which channel (渠道说明) and under which 转办编号.
 */
export async function enteredByHandEvent(tx: Pick<Prisma.TransactionClient, 'event'>, input: { messageId: string; caseId: string }): Promise<void> {
  const entered = await tx.event.findFirst({ where: { messageId: input.messageId, type: 'message_entered' } });
  if (!entered) return;
  await appendEvent(tx, {
    caseId: input.caseId,
    messageId: input.messageId,
    type: 'entered_by_hand',
    actor: entered.actor,
    role: entered.role,
    data: { ...((entered.data ?? {}) as Record<string, unknown>), enteredAt: entered.at.toISOString() },
  });
}
