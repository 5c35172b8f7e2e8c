/**
 * 分类 → 登记: turns a recorded, classified message into a case in the ledger (台账), or links it
 * to the case it duplicates. Exactly one case per issue, however many copies arrive and however
 * many workers process them at once: registrations are serialised by a transaction-scoped
 * advisory lock, and the message's own case link is re-checked inside the transaction.
 */
import { BadInputError, NotFoundError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { allocateLedgerNo } from '../cases/ledger-number.js';
import { appendEvent } from '../events/append-event.js';

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
  /** An earlier message this one duplicates (from de-duplication), if any. */
  duplicateOf?: { messageId: string; similarity: number } | null;
  /** The de-duplication fingerprint to keep with the message. */
  fingerprint?: unknown;
  hotIssueKey?: string | null;
  /** Who did it, for the event log. @default system */
  actor?: string;
}

export interface RegisterMessageResult {
  caseId: string;
  ledgerNo: string;
  /** created: a new case; linked: added to an existing case as a copy; existing: already done before. */
  outcome: 'created' | 'linked' | 'existing';
}

const registrationLock = 727_274_2013;

export async function registerMessage(db: Db, input: RegisterMessageInput): Promise<RegisterMessageResult> {
  const actor = input.actor ?? 'system';
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${registrationLock}::bigint)`;
      const message = await tx.message.findUnique({ where: { id: input.messageId }, include: { case: true } });
      if (!message) throw new NotFoundError(`留言不存在：${input.messageId}`);
      if (message.case) return { caseId: message.case.id, ledgerNo: message.case.ledgerNo, outcome: 'existing' as const };

      // An exact copy (same normalised text) already in a case wins over anything else.
      const target =
        (await tx.message.findFirst({
          where: { contentHash: message.contentHash, caseId: { not: null }, id: { not: message.id } },
          orderBy: { firstSeenAt: 'asc' },
        })) ??
        (input.duplicateOf
          ? await tx.message.findFirst({ where: { id: input.duplicateOf.messageId, caseId: { not: null } } })
          : null);
      const similarity = target && target.contentHash === message.contentHash ? 1 : (input.duplicateOf?.similarity ?? null);

      if (target?.caseId) {
        await tx.message.update({
          where: { id: message.id },
          data: {
            caseId: target.caseId,
            duplicateOfId: target.id,
            similarity,
            classification: input.classification as object,
            fingerprint: (input.fingerprint ?? undefined) as object | undefined,
            hotIssueKey: input.hotIssueKey ?? null,
          },
        });
        const reporterCount = await tx.message.count({ where: { caseId: target.caseId } });
        const updated = await tx.case.update({ where: { id: target.caseId }, data: { reporterCount } });
        await appendEvent(tx, {
          caseId: target.caseId,
          messageId: message.id,
          type: 'duplicate_linked',
          actor,
          data: { duplicateOf: target.id, similarity, sourceId: message.sourceId, reporterCount },
        });
        return { caseId: target.caseId, ledgerNo: updated.ledgerNo, outcome: 'linked' as const };
      }

      const suggestion = input.classification;
      if (!suggestion || typeof suggestion.category !== 'string') throw new BadInputError('分类结果缺失，无法登记');
      const unit = suggestion.unit?.value
        ? await tx.unit.findFirst({ where: { name: suggestion.unit.value, active: true } })
        : null;
      const ledgerNo = await allocateLedgerNo(tx, message.firstSeenAt);
      const created = await tx.case.create({
        data: {
          ledgerNo,
          title: message.title,
          channel: message.channel,
          primaryMessageId: message.id,
          category: suggestion.category,
          outOfScope: suggestion.outOfScope?.flagged ?? false,
          outOfScopeReasons: (suggestion.outOfScope?.reasons ?? []) as object,
          complexity: suggestion.complexity?.value === 'complex' ? 'complex' : 'simple',
          urgency: suggestion.urgency?.value === 'urgent' ? 'urgent' : 'normal',
          state: 'awaiting_review',
          unitId: unit?.id ?? null,
          hotIssueKey: input.hotIssueKey ?? null,
        },
      });
      await tx.message.update({
        where: { id: message.id },
        data: {
          caseId: created.id,
          classification: suggestion as object,
          fingerprint: (input.fingerprint ?? undefined) as object | undefined,
          hotIssueKey: input.hotIssueKey ?? null,
        },
      });
      await appendEvent(tx, {
        caseId: created.id,
        messageId: message.id,
        type: 'case_created',
        actor,
        data: { ledgerNo, category: suggestion.category, confidence: suggestion.confidence, outOfScope: suggestion.outOfScope?.flagged ?? false },
      });
      return { caseId: created.id, ledgerNo, outcome: 'created' as const };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}
