/**
 * 批量归档 (第四条㈩): the supervision office files several finished cases at once, from the ledger's
 * 待我办理 or the command line, instead of opening each 已回访办结 and 不予受理 case. Each case is one
 * 归档 as the single step makes it (archiveCase: its own transaction, the same event, filed by the
 * category it has then) and names the state the list showed (`expectedState`), so a case changed
 * meanwhile (re-opened, visited again and found dissatisfied, archived by a colleague) is refused
 * with its reason while the others stand.
 */
import { AppError, BadInputError, UnavailableError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { archiveCase, archivableStates, type ArchivableState } from './archive-case.js';
import { byWhom } from './stale-page.js';
import { assertRoleTakes, rolesTaking, stateNames } from './state-machine.js';

/** At most a page of the ledger, as 批量拟办 and 批量同意. */
export const maxBatchArchives = 100;

export interface BatchArchiveItem {
  caseId: string;
  /** The state the list showed (已回访办结 or 不予受理); a case that left it since is refused. */
  expectedState: ArchivableState;
}

/** One case's outcome in a batch of archivings. */
export interface BatchArchiveOutcome {
  caseId: string;
  /** The case's 台账编号 (empty for a case that does not exist). */
  ledgerNo: string;
  ok: boolean;
  /** Where it was filed: 投诉, …, or 不予受理, and the volume (2026-投诉). */
  archiveCategory?: string;
  archiveVolume?: string;
  /** Why it was refused, in Chinese. */
  message?: string;
}

/** The roles that may archive (the state machine's `archive` rows). */
export const archiverRoles = rolesTaking('archive');

/**
 * Archives each item in its own transaction (see the module comment). A role that may not archive
 * is refused as a whole (ForbiddenError), not item by item; so is a batch over `maxBatchArchives`
 * or naming a case twice. A store that is unreachable stops the batch (the rest can be sent again:
 * the ones done are archived and are refused as such).
 */
export async function archiveCases(db: Db, input: { items: BatchArchiveItem[]; actor: Actor; now?: Date | undefined }): Promise<{ archived: number; outcomes: BatchArchiveOutcome[] }> {
  assertRoleTakes('archive', input.actor);
  if (input.items.length === 0) throw new BadInputError('请选择要归档的案件');
  if (input.items.length > maxBatchArchives) throw new BadInputError(`一次最多归档 ${maxBatchArchives} 件（所选 ${input.items.length} 件），请分批提交`);
  const caseIds = input.items.map((i) => i.caseId);
  if (new Set(caseIds).size !== caseIds.length) throw new BadInputError('所选案件中有重复的案件');
  for (const item of input.items) {
    if (!(archivableStates as readonly string[]).includes(item.expectedState)) throw new BadInputError(`只有「${stateNames.closed}」或「${stateNames.not_accepted}」的案件可以归档`);
  }
  // Read once for the 台账编号 of each outcome; each step re-reads its case locked.
  const cases = await db.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, ledgerNo: true } });
  const ledgerNoOf = new Map(cases.map((c) => [c.id, c.ledgerNo]));

  const outcomes: BatchArchiveOutcome[] = [];
  for (const item of input.items) {
    const ledgerNo = ledgerNoOf.get(item.caseId) ?? '';
    try {
      const filed = await archiveCase(db, { caseId: item.caseId, expectedState: item.expectedState, actor: input.actor, now: input.now });
      outcomes.push({ caseId: item.caseId, ledgerNo, ok: true, ...filed });
    } catch (error) {
      if (!(error instanceof AppError) || error instanceof UnavailableError) throw error;
      outcomes.push({ caseId: item.caseId, ledgerNo, ok: false, message: await refusal(db, error, ledgerNo, item.caseId) });
    }
  }
  return { archived: outcomes.filter((o) => o.ok).length, outcomes };
}

/**
 * A refusal in the office's words, naming the case. One archived meanwhile (a colleague's batch or
 * case page) names who filed it, when and where, instead of the bare 已归档，不能再更改.
 */
async function refusal(db: Db, error: AppError, ledgerNo: string, caseId: string): Promise<string> {
  if (error.code === 'IMMUTABLE') {
    const c = await db.case.findUnique({ where: { id: caseId }, select: { archiveVolume: true } });
    const filed = await db.event.findFirst({ where: { caseId, type: 'archive' }, orderBy: { id: 'desc' } });
    if (c && filed) return `案件 ${ledgerNo}：${await byWhom(db, filed.actor, filed.at)}立卷归档（${c.archiveVolume ?? ''}），未重复归档`;
  }
  return ledgerNo && !error.message.includes(ledgerNo) ? `案件 ${ledgerNo}：${error.message}` : error.message;
}
