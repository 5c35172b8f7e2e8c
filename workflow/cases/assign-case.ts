/**
 * 交办 (第四条㈣㈤): the government office's administrative section hands the case to the unit of
 * the approved proposal (or another one it names). The due date is 2 (simple) or 3 (complex)
 * working days counted from the working day after the day of assignment (China time); for an item
 * forwarded by the province or city, not later than the working day before the upper level's own
 * 办理时限 when its 转办单 gave one, leaving that day to 审核 and the 专报 (withinUpperDeadline; the
 * deadline itself, with a warning, when no working day before it is left).
 * The proposal's 协办单位 get an assignment each (role assist) with the same due date: they give
 * the lead unit their 协办意见 (submit-assist-opinion.ts); the lead unit reports as before.
 */
import { AppError, NotFoundError, workingDaysFor, type Complexity } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { getWorkCalendar } from '../calendar/load-calendar-days.js';
import { chinaDate, dueDateFor, upperDeadlineWarning, withinUpperDeadline } from '../calendar/work-calendar.js';
import { runCaseStep, type Tx } from './case-transaction.js';
import { forwardingFacts } from './forwarding-facts.js';

export interface AssignCaseInput {
  caseId: string;
  /**
   * Must be the unit of the approved proposal when given (第四条㈣: the office assigns what the
   * leader agreed to; another unit needs a new proposal and the leader's agreement).
   * @default the unit of the approved proposal
   */
  unitId?: string | undefined;
  /**
   * The approved proposal the office saw: when another one is approved now (the leader withdrew
   * the agreement and agreed to another proposal meanwhile), 交办 is refused (409) rather than
   * handing the case to a unit the office never saw. @default unchecked
   */
  proposalId?: string | undefined;
  /**
   * The 协办单位 the office saw: when given, they must be those of the approved proposal (the
   * leader agreed to them; another set needs a new proposal). @default those of the approved proposal
   */
  assistUnitIds?: readonly string[] | undefined;
  actor: Actor;
  now?: Date | undefined;
}

/** An assisting unit's assignment made by 交办. */
export interface AssistAssignmentResult {
  assignmentId: string;
  unitId: string;
  unit: string;
}

export interface AssignmentResult {
  assignmentId: string;
  unitId: string;
  assignedDate: string;
  dueDate: string;
  workingDays: number;
  /**
   * The 上级办理时限 of the province's or city's 转办单, when it gave one: the due date is not later
   * (withinUpperDeadline). Recorded in the event, so a recount after a holiday load keeps it.
   */
  upperDeadline?: string;
  /**
   * With `upperDeadline`: how the due date was kept within it (`day-before`: the working day before
   * it when there is one from the day of assignment), for the recount's replay.
   */
  upperDeadlineRule?: 'day-before';
  /**
   * With `upperDeadline`: the due date leaves no working day before it for 审核 and the 专报 (or the
   * deadline is past): staff's warning, kept in the event (the case page shows it too).
   */
  upperDeadlineWarning?: string;
  /** 协办: one per assisting unit, due the same day as the lead. Absent when there is none. */
  assists?: AssistAssignmentResult[];
}

/** Creates an active assignment; shared by 交办 and by re-opening after a dissatisfied visit. */
export async function createAssignment(
  tx: Tx,
  input: {
    caseId: string;
    unitId: string;
    complexity: string;
    actor: Actor;
    now: Date;
    reason: 'initial' | 'reopened';
    /** The upper level's deadline (交办 of a forwarded item); a re-opening after a dissatisfied visit has none. */
    upperDeadline?: string | null | undefined;
  },
): Promise<AssignmentResult> {
  const calendar = await getWorkCalendar(tx);
  const workingDays = workingDaysFor[(input.complexity === 'complex' ? 'complex' : 'simple') as Complexity];
  const assignedDate = chinaDate(input.now);
  const dueDate = withinUpperDeadline(calendar, dueDateFor(calendar, assignedDate, workingDays), assignedDate, input.upperDeadline);
  const warning = upperDeadlineWarning(dueDate, input.upperDeadline);
  await tx.assignment.updateMany({ where: { caseId: input.caseId, status: 'active' }, data: { status: 'done' } });
  const a = await tx.assignment.create({
    data: {
      caseId: input.caseId,
      unitId: input.unitId,
      assignedBy: input.actor.username,
      assignedAt: input.now,
      assignedDate,
      workingDays,
      originalDueDate: dueDate,
      dueDate,
      reason: input.reason,
    },
  });
  return {
    assignmentId: a.id,
    unitId: input.unitId,
    assignedDate,
    dueDate,
    workingDays,
    ...(input.upperDeadline ? { upperDeadline: input.upperDeadline, upperDeadlineRule: 'day-before' as const } : {}),
    ...(warning ? { upperDeadlineWarning: warning } : {}),
  };
}

export async function assignCase(db: Db, input: AssignCaseInput): Promise<AssignmentResult> {
  return runCaseStep(db, { caseId: input.caseId, action: 'assign', actor: input.actor, now: input.now }, async ({ tx, case: c, now }) => {
    const proposal = await tx.proposal.findFirst({ where: { caseId: c.id, decision: 'approved' }, orderBy: { decidedAt: 'desc' } });
    if (!proposal) throw new AppError('CONFLICT', '拟办意见尚未经领导同意，不能交办');
    if (input.proposalId && proposal.id !== input.proposalId) {
      const now = (await tx.unit.findUnique({ where: { id: proposal.unitId } }))?.name ?? proposal.unitId;
      throw new AppError('CONFLICT', `案件 ${c.ledgerNo} 经领导同意的拟办意见已更新（现为交办：${now}），与您看到的不同；请刷新后再交办`, { details: { seen: input.proposalId, approved: proposal.id } });
    }
    const unitId = proposal.unitId;
    if (input.unitId !== undefined && input.unitId !== unitId) {
      const [agreed, asked] = await Promise.all([tx.unit.findUnique({ where: { id: unitId } }), tx.unit.findUnique({ where: { id: input.unitId } })]);
      throw new AppError(
        'CONFLICT',
        `领导同意的拟办意见是交办${agreed?.name ?? unitId}，不能改交${asked?.name ?? input.unitId}：如需改派，请重新拟办并报领导同意（第四条㈣）`,
        { details: { agreedUnitId: unitId, askedUnitId: input.unitId } },
      );
    }
    const agreedAssists = proposal.assistUnitIds;
    if (input.assistUnitIds !== undefined && !sameUnits(input.assistUnitIds, agreedAssists)) {
      const names = await unitNames(tx, [...agreedAssists, ...input.assistUnitIds]);
      const list = (ids: readonly string[]) => (ids.length ? ids.map((id) => names.get(id) ?? id).join('、') : '无');
      throw new AppError(
        'CONFLICT',
        `领导同意的协办单位是${list(agreedAssists)}，不能改为${list(input.assistUnitIds)}：如需调整协办单位，请重新拟办并报领导同意（第四条㈣）`,
        { details: { agreedAssistUnitIds: agreedAssists, askedAssistUnitIds: input.assistUnitIds } },
      );
    }
    const unit = await tx.unit.findUnique({ where: { id: unitId } });
    if (!unit || !unit.active) throw new NotFoundError(`承办单位不存在或已停用：${unitId}`);
    const assistUnits = agreedAssists.length ? await tx.unit.findMany({ where: { id: { in: agreedAssists } } }) : [];
    for (const id of agreedAssists) {
      if (!assistUnits.some((u) => u.id === id && u.active)) throw new NotFoundError(`协办单位不存在或已停用：${id}；请重新拟办并报领导同意`);
    }
    const upperDeadline = (await forwardingFacts(tx, c))?.upperDeadline;
    const result = await createAssignment(tx, { caseId: c.id, unitId, complexity: c.complexity, actor: input.actor, now, reason: 'initial', upperDeadline });
    const assists: AssistAssignmentResult[] = [];
    for (const id of agreedAssists) {
      const a = await tx.assignment.create({
        data: {
          caseId: c.id, unitId: id, role: 'assist', assignedBy: input.actor.username, assignedAt: now, assignedDate: result.assignedDate,
          workingDays: result.workingDays, originalDueDate: result.dueDate, dueDate: result.dueDate, reason: 'initial',
        },
      });
      assists.push({ assignmentId: a.id, unitId: id, unit: assistUnits.find((u) => u.id === id)?.name ?? id });
    }
    const withAssists = assists.length ? { ...result, assists } : result;
    return {
      data: { unitId, assignedAt: now, dueDate: result.dueDate },
      event: { ...withAssists, unit: unit.name, proposalId: proposal.id },
      result: withAssists,
    };
  });
}

/** The same units, in any order. */
function sameUnits(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

async function unitNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  return new Map((await tx.unit.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
}
