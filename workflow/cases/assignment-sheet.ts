/**
 * 网民留言交办单: the sheet that goes with a case to its handling unit (第四条㈣ 分解: the 拟办意见, the
 * leader's agreement, the lead and assisting units, the due date of 第四条㈤), to print or save as
 * PDF, for a unit that files on paper, a 交办 sent by OA, or the case's folder. Built from the case
 * as the reader may see it (getCase), so a unit prints only a case in its hands and only what its
 * case page shows (an assisting unit no 拟办意见). Everything citizens and staff wrote is escaped.
 */
import { beijingMinute as minute, channelNames, NotFoundError, type Channel } from '../../core/index.js';
import { escapeHtml } from '../bulletin/render-bulletin-html.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { getCase } from './get-case.js';

export interface AssignmentSheet {
  ledgerNo: string;
  title: string;
  content: string;
  author: string | null;
  /** 留言时间: when the citizen wrote; null for a letter entered without one (`receivedAt` then). */
  postedAt: Date | null;
  receivedAt: Date;
  channel: string;
  /** 反映人数 and the messages linked to the case. */
  reporters: number;
  messages: number;
  category: string;
  /** The 拟办 the leader agreed to; null for a reader the case page shows none (an assisting unit). */
  proposal: { opinion: string; by: string; at: Date; decisionNote: string | null; decidedBy: string | null; decidedAt: Date | null } | null;
  lead: string;
  assists: string[];
  assignedOn: string;
  workingDays: number;
  /** The due date in force (an extension or a send-back moves it), and the one first set. */
  dueDate: string;
  originalDueDate: string;
}

/** The 交办单 of the 交办 in force; NotFoundError when the case is not handed to a unit (or the reader may not see it). */
export async function readAssignmentSheet(db: Db, input: { caseId: string; actor: Actor }): Promise<AssignmentSheet> {
  const c = await getCase(db, input);
  const lead = c.handlingUnits.lead;
  const assignment = lead ? c.assignments.find((a) => a.id === lead.assignmentId) : undefined;
  if (!lead || !assignment) throw new NotFoundError(`案件 ${c.ledgerNo} 尚未交办承办单位，没有交办单`);
  const first = c.messages.find((m) => m.id === c.primaryMessageId) ?? c.messages[0];
  // The proposal agreed last before this 交办: the one it carried out.
  const agreed = c.proposals.filter((p) => p.decision === 'approved' && p.proposedAt <= assignment.assignedAt).at(-1);
  const name = (username: string | null) => (username === null ? null : (c.actorNames[username] ?? username));
  return {
    ledgerNo: c.ledgerNo,
    title: c.title,
    content: first?.content ?? '',
    author: first?.author ?? null,
    postedAt: first?.postedAt ?? null,
    receivedAt: first?.firstSeenAt ?? c.createdAt,
    channel: channelNames[c.channel as Channel] ?? c.channel,
    reporters: c.reporterCount,
    messages: c.messages.length,
    category: c.category,
    proposal: agreed
      ? { opinion: agreed.opinion, by: name(agreed.proposedBy)!, at: agreed.proposedAt, decisionNote: agreed.decisionNote, decidedBy: name(agreed.decidedBy), decidedAt: agreed.decidedAt }
      : null,
    lead: lead.unit,
    assists: c.handlingUnits.assists.map((a) => a.unit),
    assignedOn: assignment.assignedDate,
    workingDays: assignment.workingDays,
    dueDate: lead.dueDate,
    originalDueDate: assignment.originalDueDate,
  };
}

/** The file name a 交办单 is saved under: 网民留言交办单-YT-2026-000123. */
export function assignmentSheetFileName(s: AssignmentSheet): string {
  return `网民留言交办单-${s.ledgerNo}`;
}

/**
 * One A4 portrait page (a long letter runs on): the sheet's name, the ledger number and 交办日期, a
 * table of the letter, the 拟办 and the leader's 批示, the units and the due date, the 办理要求 of the
 * measures, and an empty 办理情况 box for the unit's hand on a printed copy.
 */
export function renderAssignmentSheetHtml(s: AssignmentSheet): string {
  const row = (label: string, value: string, cls = '') => `<tr><th>${label}</th><td${cls ? ` class="${cls}"` : ''}>${value}</td></tr>`;
  const when = s.postedAt ? minute(s.postedAt) : `${minute(s.receivedAt)} 收到（未注明留言时间）`;
  const p = s.proposal;
  const rows = [
    row('留言标题', escapeHtml(s.title)),
    row('留言人', `${escapeHtml(s.author ?? '匿名')}\u3000\u3000留言时间：${escapeHtml(when)}\u3000\u3000渠道：${escapeHtml(s.channel)}`),
    row('留言内容', escapeHtml(s.content), 'text'),
    s.reporters > 1 || s.messages > 1 ? row('反映人数', `${s.reporters} 人（留言 ${s.messages} 条）`) : '',
    row('类别', escapeHtml(s.category)),
    p ? row('拟办意见', `${escapeHtml(p.opinion)}<div class="by">${escapeHtml(p.by)}\u3000${escapeHtml(minute(p.at))}</div>`, 'text') : '',
    p ? row('领导批示', `${escapeHtml(p.decisionNote?.trim() || '同意')}<div class="by">${escapeHtml(p.decidedBy ?? '')}\u3000${p.decidedAt ? escapeHtml(minute(p.decidedAt)) : ''}</div>`, 'text') : '',
    row('主办单位', escapeHtml(s.lead)),
    s.assists.length ? row('协办单位', escapeHtml(s.assists.join('、'))) : '',
    row('办理时限', `${escapeHtml(s.dueDate)}（${s.workingDays === 3 ? '内容复杂' : '内容单一'}，${s.workingDays} 个工作日${s.dueDate !== s.originalDueDate ? `；原时限 ${escapeHtml(s.originalDueDate)}` : ''}）`),
    row('办理情况', '', 'blank'),
  ].filter(Boolean);
  const request = s.assists.length
    ? `请主办单位于办理时限前将办理情况报送区政府督查室；协办单位请于同一时限前向主办单位提出协办意见。因情况复杂不能按时办结的，请在到期前与区政府督查室联系，报告工作进展（第四条㈤，第五条㈣）。`
    : `请于办理时限前将办理情况报送区政府督查室。因情况复杂不能按时办结的，请在到期前与区政府督查室联系，报告工作进展（第四条㈤，第五条㈣）。`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(assignmentSheetFileName(s))}</title>
<style>
@page { size: A4 portrait; margin: 20mm 18mm; }
body { font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; color: #000; margin: 0 auto; max-width: 174mm; font-size: 12pt; line-height: 1.6; }
h1 { text-align: center; font-size: 20pt; letter-spacing: .15em; margin: .2em 0 .4em; }
.meta { display: flex; justify-content: space-between; margin-bottom: .3em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 4px 8px; vertical-align: top; }
th { width: 6.5em; font-weight: normal; text-align: center; vertical-align: middle; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
td.blank { height: 9em; }
.by { text-align: right; color: #333; font-size: 10.5pt; }
.request { margin-top: .6em; }
footer { margin-top: 1.2em; text-align: right; }
</style>
</head>
<body>
<h1>印台区网民留言交办单</h1>
<div class="meta"><span>台账编号：${escapeHtml(s.ledgerNo)}</span><span>交办日期：${escapeHtml(s.assignedOn)}</span></div>
<table>
${rows.join('\n')}
</table>
<p class="request">${request}</p>
<footer>区政府办行政科\u3000${escapeHtml(s.assignedOn)}</footer>
</body>
</html>
`;
}
