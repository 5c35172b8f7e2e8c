/**
 * What `cases show` prints of a case's handling, as the console's case page shows it
 * (web/console/js/pages/case.js): the 下一步 line (getCase nextSteps, or the reader's own steps),
 * the 协办意见 the reader is shown (内部，不公开: the lead unit and 督查室), the 交办 (主办/协办, working
 * days, due date, where each stands), 延期申请, 办理情况与回复 (each report with its review status,
 * the offices' notes and the pre-publication findings), 督办记录 and 网站上的变化 (what the
 * crawler saw the sites change). Text lines and the same records for `--json`, each code with its
 * Chinese name beside it. Text from the sites and from staff goes through printable().
 */
// The names, not their folders' index (which brings the store).
import { extensionDecisionNames, reportStatusName } from '../../workflow/cases/event-names.js';
import { supervisionKindNames, type SupervisionKind } from '../../workflow/supervision/record-supervision.js';
import { actionNames, pathActions } from '../../workflow/cases/state-machine.js';
import { printable, printableLines } from '../terminal-text.js';
import { atMinute, unitNameOf, who, type ShownAssignment, type ShownCase, type ShownReport } from './shown-case.js';

/** Fields of a message whose change on its site the crawler records, as the case page names them (web/console/js/names.js). */
export const siteFieldNames: Record<string, string> = {
  title: '标题',
  content: '正文',
  siteType: '网站上的类型',
  siteStatus: '网站上的状态',
  replyUnit: '回复单位',
  replyAt: '回复时间',
  replyText: '网站上的回复',
  upperDeadline: '上级办理时限',
};

/** The report's pre-publication findings (a ReplyCheckResult, or its findings alone). */
function findingsOf(r: ShownReport): { rule: string; message: string; excerpt?: string }[] {
  const f = r.findings as { findings?: unknown } | unknown[] | null;
  const list = Array.isArray(f) ? f : Array.isArray(f?.findings) ? f.findings : [];
  return (list as { rule?: unknown; message?: unknown; excerpt?: unknown }[]).map((x) => ({
    rule: typeof x.rule === 'string' ? x.rule : '',
    message: typeof x.message === 'string' ? x.message : typeof x.rule === 'string' ? x.rule : JSON.stringify(x),
    ...(typeof x.excerpt === 'string' ? { excerpt: x.excerpt } : {}),
  }));
}

/** Why a report was sent back at publication (退回修改), from the event that did it. */
function revisionNoteOf(c: ShownCase, reportId: string): string | null {
  const e = c.events.filter((x) => x.type === 'return_for_revision' && (x.data as { reportId?: unknown } | null)?.reportId === reportId).at(-1);
  const note = (e?.data as { note?: unknown } | undefined)?.note;
  return typeof note === 'string' ? note : null;
}

const roleWord = (a: ShownAssignment) => (a.role === 'assist' ? '协办' : '主办');
const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n)}…` : text);
const siteValue = (field: string, value: string | null) => (value === null || value === '' ? '—' : field === 'replyAt' && !Number.isNaN(Date.parse(value)) ? atMinute(value) : printable(clip(value, 80)));
const indented = (text: string) => printableLines(text).split('\n').map((l) => `    ${l}`).join('\n');

/**
 * The reader's own steps of the path now (getCase allowedActions, and an assisting unit's 协办意见),
 * by the names the case page gives them; marks and corrections aside.
 */
function ownSteps(c: ShownCase): string[] {
  // In the path's order, as nextSteps names another's.
  const path = pathActions.filter((a) => c.allowedActions.includes(a)).map((a) => actionNames[a]);
  return c.canSubmitAssistOpinion ? [...path, '提交协办意见'] : path;
}

/**
 * 下一步：由…办理 (the case page's line), or null when the reader is not waited on by anyone.
 * `reader` (the account of --as): getCase names no one else when the reader has steps of its own,
 * so the line names the reader's (由您（roads）报送办理情况或退回交办); without it the reader is the
 * administrator, who takes no step of the path.
 */
export function nextStepLine(c: ShownCase, reader?: string): string | null {
  const next = c.nextSteps.map((s) => `由${s.who}${s.steps.join('或')}`).join('；');
  if (next) return `下一步    ${next}`;
  const own = reader === undefined ? [] : ownSteps(c);
  return own.length ? `下一步    由您（${printable(reader ?? '')}）${own.join('或')}` : null;
}

/** The unit's own report when 督查室 changed it at 审核 (its reviewText is what goes out), else null. */
const submittedTextOf = (r: { text: string; reviewText: string | null }): string | null => (r.reviewText != null && r.reviewText !== r.text ? r.text : null);

/** The lines of the case's handling records, in the case page's order. */
export function handlingLines(c: ShownCase): string[] {
  const lines: string[] = [];
  // 协办意见 come before the 交办, as on the case page; the text is internal, never published.
  for (const o of c.assistOpinions) {
    lines.push(`协办意见  ${atMinute(o.submittedAt)} ${who(c, o.submittedBy)}（${printable(o.unit)}，内部，不公开）`);
    lines.push(indented(o.text));
  }
  const showsRoles = c.handlingUnits.assists.length > 0 || c.assignments.some((a) => a.role === 'assist');
  for (const a of c.assignments) {
    const role = showsRoles || a.role === 'assist' ? `${roleWord(a)} ` : '';
    const due = `${a.workingDays} 个工作日，时限 ${a.dueDate}${a.dueDate !== a.originalDueDate ? `（原 ${a.originalDueDate}）` : ''}`;
    lines.push(`交办      ${atMinute(a.assignedAt)} ${who(c, a.assignedBy)} 交办 ${role}${printable(unitNameOf(c, a.unitId))}，${due} [${a.statusName}]${a.returnReason ? `；退回理由：${printable(a.returnReason)}` : ''}`);
  }
  for (const x of c.extensions) {
    const answer = x.decision === 'approved' ? `；答复：同意延期 ${x.grantedDays ?? x.requestedDays} 个工作日，办理时限改为 ${x.newDueDate ?? '—'}` : x.decision === 'rejected' ? '；答复：不同意延期，办理时限不变' : '';
    const said = x.answer ? `。${printable(x.answer)}` : '';
    lines.push(`延期申请  ${atMinute(x.requestedAt)} ${who(c, x.requestedBy)} 申请 ${x.requestedDays} 个工作日：${printable(x.reason)} [${extensionDecisionNames[x.decision] ?? x.decision}]；进展：${printable(x.progress)}${answer}${said}`);
  }
  if (c.reports.length > 0) lines.push(`办理情况与回复（${c.reports.length} 份）`);
  for (const r of c.reports) {
    lines.push(`  ${atMinute(r.submittedAt)} ${who(c, r.submittedBy)} 报送 [${reportStatusName(r)}]`);
    lines.push(indented(r.publishedText ?? r.reviewText ?? r.text));
    const submitted = submittedTextOf(r);
    if (submitted !== null) lines.push('    承办单位报送的原文（督查室审核时修改了答复）：', indented(submitted));
    if (r.reviewNote) lines.push(`    督查室意见：${printable(r.reviewNote)}`);
    if (r.approvalNote) lines.push(`    领导意见：${printable(r.approvalNote)}`);
    const revision = revisionNoteOf(c, r.id);
    if (revision) lines.push(`    退回修改的理由：${printable(revision)}`);
    for (const f of findingsOf(r)) lines.push(`    ⚠ ${printable(f.message)}${f.excerpt ? `（“${printable(f.excerpt)}”）` : ''}`);
  }
  for (const s of c.supervisions) {
    lines.push(`督办      ${atMinute(s.at)} ${who(c, s.actor)}（${supervisionKindNames[s.kind as SupervisionKind] ?? printable(s.kind)}）：${printable(s.note)}`);
  }
  const changes = siteChangesOf(c);
  if (changes.length > 0) lines.push(`网站上的变化（${changes.length} 处）`);
  for (const { m, x } of changes) {
    const copy = m.id === c.primaryMessageId ? '' : `（重复留言：${printable(clip(m.title, 30))}）`;
    const removed = x.removedFromSite ? '（网站已删除此留言，内容已保存）' : '';
    lines.push(`  ${atMinute(x.changedAt)}  ${copy}${siteFieldNames[x.field] ?? printable(x.field)}：${siteValue(x.field, x.oldValue)} → ${siteValue(x.field, x.newValue)}${removed}`);
    // A change the store made, not the site (a start-up repair): why.
    if (x.note) lines.push(`    ${printable(x.note)}`);
  }
  return lines;
}

/** Every change the crawler saw on the case's messages, the first message's and its copies', in time order. */
function siteChangesOf(c: ShownCase) {
  return c.messages.flatMap((m) => m.changes.map((x) => ({ m, x }))).sort((a, b) => a.x.changedAt.localeCompare(b.x.changedAt));
}

/**
 * The handling records as `--json` carries them, each code with its Chinese name beside it. With
 * `reader` (the account of --as) also `ownSteps` (its own steps now) and `assistOpinions` (those it
 * is shown); without it the administrator's output stays as it was.
 */
export function handlingJson(c: ShownCase, reader?: string) {
  return {
    nextSteps: c.nextSteps,
    ...(reader === undefined ? {} : { reader, ownSteps: ownSteps(c), assistOpinions: c.assistOpinions.map((o) => ({ unit: o.unit, unitId: o.unitId, text: o.text, submittedAt: o.submittedAt, submittedBy: o.submittedBy })) }),
    assignments: c.assignments.map((a) => ({
      unit: unitNameOf(c, a.unitId),
      role: a.role,
      roleName: roleWord(a),
      status: a.status,
      statusName: a.statusName,
      assignedAt: a.assignedAt,
      assignedBy: a.assignedBy,
      workingDays: a.workingDays,
      dueDate: a.dueDate,
      originalDueDate: a.originalDueDate,
      returnReason: a.returnReason,
    })),
    extensions: c.extensions.map((x) => ({ ...x, decisionName: extensionDecisionNames[x.decision] ?? x.decision })),
    reports: c.reports.map((r) => ({
      id: r.id,
      unit: unitNameOf(c, r.unitId),
      status: r.status,
      statusName: reportStatusName(r),
      submittedAt: r.submittedAt,
      submittedBy: r.submittedBy,
      text: r.publishedText ?? r.reviewText ?? r.text,
      // The unit's own report when 督查室 changed it at 审核, else null.
      submittedText: submittedTextOf(r),
      reviewNote: r.reviewNote,
      approvalNote: r.approvalNote,
      revisionNote: revisionNoteOf(c, r.id),
      findings: findingsOf(r),
    })),
    supervisions: c.supervisions.map((s) => ({ at: s.at, actor: s.actor, kind: s.kind, kindName: supervisionKindNames[s.kind as SupervisionKind] ?? s.kind, note: s.note })),
    siteChanges: siteChangesOf(c).map(({ m, x }) => ({ messageId: m.id, primary: m.id === c.primaryMessageId, field: x.field, fieldName: siteFieldNames[x.field] ?? x.field, oldValue: x.oldValue, newValue: x.newValue, changedAt: x.changedAt, removedFromSite: x.removedFromSite, note: x.note ?? null })),
  };
}
