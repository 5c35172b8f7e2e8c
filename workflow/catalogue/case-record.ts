/**
 * 网民留言办理记录: one case's whole record on paper (第四条㈩ 立卷归档: the 相关资料 of a case filed
 * in its volume), to print or save as PDF beside the volume's 卷内目录: the letter and its copies,
 * 登记, every 拟办 and the leader's decision, 交办 and due dates, extensions, 督办, the units' reports
 * and what 督查室 and the leader said of them, the reply as published, the visits and the event log.
 * For the offices, who file it; the archive keeps the record as it is (writers' names and numbers
 * unmasked, unlike the circulated bulletin). Built from getCase, so it says what the case page says.
 * Everything citizens and staff wrote is escaped.
 */
import { beijingMinute, channelNames, type Channel } from '../../core/index.js';
import { escapeHtml } from '../bulletin/render-bulletin-html.js';
import { getCase, type CaseDetail } from '../cases/get-case.js';
import { caseEventName, extensionDecisionNames, reportStatusName } from '../cases/event-names.js';
import { actionNames } from '../cases/state-machine.js';
import { satisfactionNames, visitMethodNames, type Satisfaction, type VisitMethod } from '../cases/visit-names.js';
import { supervisionKindNames, type SupervisionKind } from '../supervision/record-supervision.js';
import type { Db } from '../store/index.js';
import { requireRole, type Actor } from '../users/actor.js';

/** Who may print a case's record: the offices (a unit prints its 交办单). */
export const caseRecordRoles = ['supervision', 'leader', 'gov_office', 'egov_centre', 'admin'] as const;

/** The case as its record is printed from (getCase for an office reader). */
export async function readCaseRecord(db: Db, input: { caseId: string; actor: Actor }): Promise<CaseDetail> {
  requireRole(input.actor, caseRecordRoles);
  return getCase(db, input);
}

/** The file name a record is saved under: 网民留言办理记录-YT-2026-000123. */
export function caseRecordFileName(c: Pick<CaseDetail, 'ledgerNo'>): string {
  return `网民留言办理记录-${c.ledgerNo}`;
}

/** Beijing time to the minute (2026-12-02 09:30), or 「—」 for a step not taken. */
const minute = (at: Date | string | null | undefined) => (at ? beijingMinute(new Date(at)) : '—');
const text = (s: string | null | undefined) => escapeHtml(s?.trim() ? s : '—');

/** A titled section, left out when it has no rows. */
function part(title: string, rows: string[]): string {
  return rows.length === 0 ? '' : `<h2>${title}</h2>\n${rows.join('\n')}`;
}

/** One A4 portrait document (it runs on as long as the case's record). */
export function renderCaseRecordHtml(c: CaseDetail, printedAt: Date = new Date()): string {
  const who = (username: string | null | undefined) => escapeHtml(username ? (c.actorNames[username] ?? username) : '—');
  const unitName = (unitId: string) =>
    escapeHtml(c.handlingUnits.lead?.unitId === unitId ? c.handlingUnits.lead.unit : (c.handlingUnits.assists.find((a) => a.unitId === unitId)?.unit ?? c.proposals.find((p) => p.unitId === unitId)?.unitName ?? unitId));
  const first = c.messages.find((m) => m.id === c.primaryMessageId) ?? c.messages[0];
  const letter = first
    ? `<table class="facts">
<tr><th>留言标题</th><td>${text(first.title)}</td></tr>
<tr><th>留言人</th><td>${text(first.author ?? '匿名')}</td></tr>
<tr><th>留言时间</th><td>${first.postedAt ? minute(first.postedAt) : `${minute(first.firstSeenAt)} 收到（未注明留言时间）`}</td></tr>
<tr><th>渠道</th><td>${escapeHtml(channelNames[first.channel as Channel] ?? first.channel)}${first.url ? `（${text(first.url)}）` : ''}</td></tr>
<tr><th>留言内容</th><td class="text">${text(first.content)}</td></tr>
</table>`
    : '';
  const copies = c.messages
    .filter((m) => m !== first)
    .map((m) => `<li>${text(m.title)}（${text(m.author ?? '匿名')}，${escapeHtml(channelNames[m.channel as Channel] ?? m.channel)}，${m.postedAt ? minute(m.postedAt) : minute(m.firstSeenAt)}）</li>`);
  const proposals = c.proposals.map(
    (p) =>
      `<p>${minute(p.proposedAt)} ${who(p.proposedBy)} 拟交办 ${escapeHtml(p.unitName)}${p.assistUnits.length ? `，协办：${escapeHtml(p.assistUnits.map((u) => u.unit).join('、'))}` : ''}（${p.complexity === 'complex' ? '内容复杂，3 个工作日' : '内容单一，2 个工作日'}）：${text(p.opinion)}<br>` +
      `领导${p.decision === 'approved' ? '同意' : p.decision === 'rejected' ? '退回' : '尚未审批'}${p.decidedAt ? `（${who(p.decidedBy)}，${minute(p.decidedAt)}）` : ''}${p.decisionNote ? `：${text(p.decisionNote)}` : ''}</p>`,
  );
  const assignments = c.assignments.map(
    (a) =>
      `<p>${minute(a.assignedAt)} 交办 ${unitName(a.unitId)}${a.role === 'assist' ? '（协办）' : '（主办）'}，${a.workingDays} 个工作日，时限 ${escapeHtml(a.dueDate)}${a.dueDate !== a.originalDueDate ? `（原 ${escapeHtml(a.originalDueDate)}）` : ''}：${escapeHtml(a.statusName)}${a.returnReason ? `；退回理由：${text(a.returnReason)}` : ''}</p>`,
  );
  const extensions = c.extensions.map(
    (x) =>
      `<p>${minute(x.requestedAt)} ${who(x.requestedBy)} 申请延期 ${x.requestedDays} 个工作日：${text(x.reason)}（进展：${text(x.progress)}）<br>${escapeHtml(extensionDecisionNames[x.decision] ?? x.decision)}${x.decidedAt ? `（${who(x.decidedBy)}，${minute(x.decidedAt)}）` : ''}${x.answer ? `：${text(x.answer)}` : ''}${x.newDueDate ? `，新时限 ${escapeHtml(x.newDueDate)}` : ''}</p>`,
  );
  const supervisions = c.supervisions.map((s) => `<p>${minute(s.at)} ${who(s.actor)}（${escapeHtml(supervisionKindNames[s.kind as SupervisionKind] ?? s.kind)}）：${text(s.note)}</p>`);
  const opinions = c.assistOpinions.map((o) => `<p>${minute(o.submittedAt)} ${escapeHtml(o.unit)} 协办意见：</p><div class="text">${text(o.text)}</div>`);
  const reports = c.reports.map(
    (r) =>
      `<p>${minute(r.submittedAt)} ${who(r.submittedBy)} 报送办理情况（${escapeHtml(reportStatusName(r))}）：</p><div class="text">${text(r.text)}</div>` +
      (r.reviewText != null && r.reviewText !== r.text ? `<p>督查室审核时修改为：</p><div class="text">${text(r.reviewText)}</div>` : '') +
      (r.reviewNote ? `<p>督查室意见（${who(r.reviewedBy)}，${minute(r.reviewedAt)}）：${text(r.reviewNote)}</p>` : '') +
      (r.approvalNote ? `<p>领导意见（${who(r.approvedBy)}，${minute(r.approvedAt)}）：${text(r.approvalNote)}</p>` : '') +
      (r.publishedAt ? `<p>${minute(r.publishedAt)} ${who(r.publishedBy)} ${r.publishChannel === 'upper_report' ? '以《印台政务督查专报》上报' : '答复网民'}${r.publishedText && r.publishedText !== (r.reviewText ?? r.text) ? '：' : ''}</p>${r.publishedText && r.publishedText !== (r.reviewText ?? r.text) ? `<div class="text">${text(r.publishedText)}</div>` : ''}` : ''),
  );
  const visits = c.visits.map((v) => `<p>${minute(v.visitedAt)} ${who(v.visitedBy)}（${escapeHtml(visitMethodNames[v.method as VisitMethod] ?? v.method)}）：${escapeHtml(satisfactionNames[v.satisfaction as Satisfaction] ?? v.satisfaction)}${v.note ? `，${text(v.note)}` : ''}</p>`);
  const events = c.events.map((e) => `<tr><td>${minute(e.at)}</td><td>${escapeHtml(caseEventName(e, c.events, actionNames))}</td><td>${who(e.actor)}</td></tr>`);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(caseRecordFileName(c))}</title>
<style>
@page { size: A4 portrait; margin: 20mm 18mm; }
body { font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; color: #000; margin: 0 auto; max-width: 174mm; font-size: 11.5pt; line-height: 1.6; }
h1 { text-align: center; font-size: 19pt; letter-spacing: .12em; margin: .2em 0 .3em; }
h2 { font-size: 13pt; border-bottom: 1px solid #000; margin: 1em 0 .3em; }
.meta { display: flex; flex-wrap: wrap; gap: .2em 1.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 3px 6px; vertical-align: top; text-align: left; }
.facts th { width: 5.5em; font-weight: normal; text-align: center; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
div.text { border-left: 2px solid #999; padding-left: .6em; margin: .2em 0 .5em; }
p { margin: .25em 0; overflow-wrap: anywhere; }
.events td:first-child { white-space: nowrap; width: 9em; }
footer { margin-top: 1.5em; font-size: 9.5pt; color: #444; border-top: 1px solid #999; padding-top: .3em; }
</style>
</head>
<body>
<h1>印台区网民留言办理记录</h1>
<div class="meta"><span>台账编号：${escapeHtml(c.ledgerNo)}</span><span>状态：${escapeHtml(c.stateName)}</span><span>类别：${escapeHtml(c.category)}</span><span>反映人数：${c.reporterCount}</span>${c.archiveVolume ? `<span>归档卷：${escapeHtml(c.archiveVolume)}（${minute(c.archivedAt)}）</span>` : ''}</div>
<h2>一、留言</h2>
${letter}
${part(`重复留言（${copies.length}）`, copies.length ? [`<ol>${copies.join('')}</ol>`] : [])}
${part('二、拟办与领导审批', proposals)}
${part('三、交办', assignments)}
${part('延期申请', extensions)}
${part('督办记录', supervisions)}
${part('协办意见', opinions)}
${part('四、办理情况与答复', reports)}
${part('五、回访', visits)}
<h2>办理过程</h2>
<table class="events"><thead><tr><th>时间</th><th>步骤</th><th>办理人</th></tr></thead><tbody>
${events.join('\n')}
</tbody></table>
<footer>民声 · ${escapeHtml(minute(printedAt))} 打印；内容为打印时系统中的记录。</footer>
</body>
</html>
`;
}
