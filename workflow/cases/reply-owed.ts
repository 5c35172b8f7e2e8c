/**
 * Which 回复 (第四条㈧) a case owes, decided from its messages rather than from the channel of the
 * one that arrived first: a citizen who wrote to the district mailbox and whose letter the city or
 * province also forwarded has one case (de-duplication), and both answers are owed — the 专报 to
 * the upper level for the forwarded 转办单, the online reply for the letter posted on a mailbox.
 * A case of one channel owes what it always did.
 */
import type { Prisma } from '../../prisma/generated/client.js';

// Prisma's transaction client (case-transaction.ts's Tx), named here so the state machine can use these types without a cycle.
type Tx = Prisma.TransactionClient;

export interface RepliesOwed {
  /** 《印台政务督查专报》 to the province or city: some message was forwarded (上级交办). */
  upperReport: boolean;
  /** 区电子政务管理中心网上回复: some message was posted on a mailbox or web page. */
  onlineReply: boolean;
}

/** What a case with messages of these channels owes; `fallback` (the case's channel) when it has none. */
export function repliesOwedBy(messageChannels: readonly string[], fallback: string): RepliesOwed {
  const channels = messageChannels.length > 0 ? messageChannels : [fallback];
  return { upperReport: channels.includes('forwarded'), onlineReply: channels.some((ch) => ch !== 'forwarded') };
}

/**
 * What is still owed for the approved reply of a case in 领导已审批待回复: what its messages ask
 * for, less what was already sent for that reply (a first publication of a case owing both leaves
 * the report approved and names its channel: publish-reply.ts).
 */
export async function repliesStillOwed(tx: Pick<Tx, 'message' | 'handlingReport'>, c: { id: string; channel: string }): Promise<RepliesOwed> {
  const [messages, approved] = await Promise.all([
    tx.message.findMany({ where: { caseId: c.id }, select: { channel: true } }),
    tx.handlingReport.findFirst({ where: { caseId: c.id, status: 'approved' }, orderBy: { submittedAt: 'desc' }, select: { publishChannel: true } }),
  ]);
  const owed = repliesOwedBy(messages.map((m) => m.channel), c.channel);
  return {
    upperReport: owed.upperReport && approved?.publishChannel !== 'upper_report',
    onlineReply: owed.onlineReply && approved?.publishChannel !== 'egov_reply',
  };
}

/**
 * The to-do parts (todo-filter.ts) of cases in 领导已审批待回复 that still owe the 专报
 * (`upper_report`) or the online reply (`egov_reply`).
 */
export function stillOwesWhere(channel: 'upper_report' | 'egov_reply'): Prisma.CaseWhereInput {
  const messages: Prisma.MessageWhereInput = channel === 'upper_report' ? { channel: 'forwarded' } : { channel: { not: 'forwarded' } };
  return { state: 'reply_approved', messages: { some: messages }, reports: { none: { status: 'approved', publishChannel: channel } } };
}
