/**
 * 《印台政务督查专报》 as the document 督查室 sends upward (第四条㈧), after it was reported: to print
 * (A4 portrait, HTML the browser prints or saves as PDF) or to keep as plain text. The text
 * is the one reported, as publish-reply.ts stored it (the report's `publishedText`; for a case that
 * also owed an online reply, the `upperReport` of the report_upward event), never rebuilt, so what
 * is printed is what the ledger says was sent. Everything citizens and units wrote is escaped.
 */
import { NotFoundError } from '../../core/index.js';
import { escapeHtml } from '../bulletin/render-bulletin-html.js';
import type { Db } from '../store/index.js';
import { requireRole, type Actor } from '../users/actor.js';
import { accountName } from '../users/actor-name.js';
import { chinaDate } from '../calendar/work-calendar.js';

/** Who may print a 专报: the offices (a unit reads its own report on the case page). */
export const upperReportReaders = ['supervision', 'leader', 'gov_office', 'egov_centre', 'admin'] as const;

export interface SentUpperReport {
  ledgerNo: string;
  /** The 专报 as reported, its first line the document's name. */
  text: string;
  /** When it was reported (上报), and by whom, as staff read an account (「赵丽（duchashi）」). */
  sentAt: Date;
  sentBy: string;
}

/** The 专报 last reported upward for a case; NotFoundError when the case has none (or does not exist). */
export async function readSentUpperReport(db: Db, input: { caseId: string; actor: Actor }): Promise<SentUpperReport> {
  requireRole(input.actor, upperReportReaders);
  const c = await db.case.findUnique({ where: { id: input.caseId }, select: { ledgerNo: true } });
  if (!c) throw new NotFoundError(`案件不存在：${input.caseId}`);
  const sent = await db.event.findFirst({ where: { caseId: input.caseId, type: 'report_upward' }, orderBy: [{ at: 'desc' }, { id: 'desc' }] });
  const data = (sent?.data ?? {}) as { reportId?: unknown; upperReport?: unknown };
  let text = typeof data.upperReport === 'string' ? data.upperReport : null;
  if (sent && text === null && typeof data.reportId === 'string') {
    const report = await db.handlingReport.findUnique({ where: { id: data.reportId }, select: { publishedText: true, publishChannel: true } });
    if (report?.publishChannel === 'upper_report') text = report.publishedText;
  }
  if (!sent || !text) throw new NotFoundError(`案件 ${c.ledgerNo} 尚未上报《印台政务督查专报》`);
  return { ledgerNo: c.ledgerNo, text, sentAt: sent.at, sentBy: await accountName(db, sent.actor) };
}

/** The file name a 专报 is saved under: 印台政务督查专报-YT-2026-000123. */
export function upperReportFileName(r: SentUpperReport): string {
  return `印台政务督查专报-${r.ledgerNo}`;
}

/** The 专报 as a text file: CRLF line ends and a byte-order mark, so Windows' Notepad and WPS open it as UTF-8. */
export function upperReportText(r: SentUpperReport): string {
  return `\ufeff${r.text.replace(/\r?\n/g, '\r\n')}\r\n`;
}

/**
 * One self-contained page to print: the document's name as its heading, the issuing office and date
 * under it over a rule, then each line of the 专报 as a paragraph (a long 办理情况 keeps its own line
 * breaks). Printed on A4 portrait, with the ledger number and the time it was reported in the footer line.
 */
export function renderUpperReportHtml(r: SentUpperReport): string {
  const [name = '印台政务督查专报', issuer = '', ...body] = r.text.split(/\r?\n/);
  const paragraphs = body.map((line) => (line.trim() === '' ? '' : `<p>${escapeHtml(line)}</p>`)).filter(Boolean).join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(upperReportFileName(r))}</title>
<style>
@page { size: A4 portrait; margin: 25mm 22mm 22mm; }
body { font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; color: #000; margin: 0 auto; max-width: 166mm; font-size: 14pt; line-height: 1.7; }
h1 { text-align: center; color: #c00; font-size: 24pt; letter-spacing: .2em; margin: .2em 0 .3em; }
.issuer { text-align: center; border-bottom: 2px solid #c00; padding-bottom: .4em; margin-bottom: 1em; white-space: pre-wrap; }
p { margin: .2em 0; white-space: pre-wrap; overflow-wrap: anywhere; }
footer { margin-top: 2em; font-size: 10pt; color: #444; border-top: 1px solid #999; padding-top: .3em; }
@media print { h1, .issuer { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
</style>
</head>
<body>
<h1>${escapeHtml(name)}</h1>
<div class="issuer">${escapeHtml(issuer)}</div>
${paragraphs}
<footer>台账编号 ${escapeHtml(r.ledgerNo)}，${escapeHtml(chinaDate(r.sentAt))} 由 ${escapeHtml(r.sentBy)} 上报</footer>
</body>
</html>
`;
}
