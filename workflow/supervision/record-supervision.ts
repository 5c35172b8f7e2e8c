/** 督查 (第四条㈥): the supervision office records a phone call, an on-site check or tracking of a case. */
import { BadInputError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep } from '../cases/case-transaction.js';

export const supervisionKinds = ['phone', 'on_site', 'tracking', 'special', 'periodic'] as const;
export type SupervisionKind = (typeof supervisionKinds)[number];
export const supervisionKindNames: Record<SupervisionKind, string> = {
  phone: '电话督促',
  on_site: '实地查看',
  tracking: '跟踪督办',
  special: '专项督查',
  periodic: '定期督查',
};

export async function recordSupervision(
  db: Db,
  input: { caseId: string; kind: SupervisionKind; note: string; actor: Actor; now?: Date | undefined },
): Promise<{ recordId: string }> {
  if (!(supervisionKinds as readonly string[]).includes(input.kind)) throw new BadInputError('督办方式应为电话督促、实地查看、跟踪督办、专项督查或定期督查');
  const note = requireText(input.note, '督办情况', 5000);
  return runCaseStep(db, { caseId: input.caseId, action: 'record_supervision', actor: input.actor, now: input.now }, async ({ tx, case: c, now }) => {
    const record = await tx.supervisionRecord.create({ data: { caseId: c.id, kind: input.kind, note, actor: input.actor.username, at: now } });
    return { event: { recordId: record.id, kind: input.kind, note }, result: { recordId: record.id } };
  });
}
