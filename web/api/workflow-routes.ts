/**
 * REST routes of the measures' procedure, under /api/workflow. Thin handlers (house style 10):
 * parse with zod, take the signed-in actor (set by the auth hook as `request.actor`; 401 when
 * missing), call workflow/, answer JSON. Roles and ownership are enforced in workflow/.
 * Errors become { error: { code, message, details } } through web/errors.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, accountPasswordLength, categories, complexities, outOfScopeReasonNames, outOfScopeReasons, silentLogger, urgencies, type Logger } from '../../core/index.js';
import type { Store } from '../../workflow/index.js';
import {
  actionNames,
  archivableStates,
  archiveCase,
  archiveCases,
  assignCase,
  assignCases,
  caseStates,
  eventNames,
  extensionDecisionNames,
  reportSentUpwardName,
  reportStatusNames,
  decideExtension,
  decideNotAccepted,
  approveProposals,
  decideProposal,
  withdrawApproval,
  decideReply,
  approveReplies,
  listRepliesAwaitingApproval,
  maxBatchReplyApprovals,
  getCase,
  listAwaitingVisits,
  listCases,
  markCase,
  correctCategory,
  maxAssistUnits,
  mergeCases,
  splitCopy,
  proposeHandling,
  proposeHandlings,
  maxBatchProposals,
  maxBatchArchives,
  maxAwaitingVisits,
  publishReply,
  recordVisit,
  registerCase,
  reopenCase,
  requestExtension,
  returnCase,
  reviewReport,
  satisfactionNames,
  satisfactions,
  stateNames,
  submitReport,
  submitAssistOpinion,
  readAssignmentSheet,
  renderAssignmentSheetHtml,
  assignmentSheetFileName,
  readSentUpperReport,
  renderUpperReportHtml,
  returnReplyForRevision,
  upperReportFileName,
  upperReportText,
  visitMethods,
} from '../../workflow/cases/index.js';
import { listSupervision, recordSupervision, scanDeadlines, startSpecialSupervision, supervisionKindNames, supervisionKinds } from '../../workflow/supervision/index.js';
import { checkReply, replyAudience } from '../../workflow/review/index.js';
import { listUnits } from '../../workflow/console-queries/index.js';
import { actorOf, caseListQuery, flag, isoDate, optional, parseInput } from './request-input.js';
import { createWorkCalendar, dueDateFor, listCalendarDays, loadCalendarYear } from '../../workflow/calendar/index.js';
import { bulletinXlsxBuffer, computeBulletin, generateBulletin, renderBulletinHtml } from '../../workflow/bulletin/index.js';
import { caseRecordFileName, catalogueFileName, readCaseRecord, renderArchiveCatalogue, renderCaseRecordHtml } from '../../workflow/catalogue/index.js';
import { createUser, listUsers, requireRole, roleNames, roles, setPassword, setUserDisabled, type Actor, type LockoutPolicy } from '../../workflow/users/index.js';
import { changeOwnPassword } from '../../workflow/audit/index.js';
import { errorHandler } from '../errors.js';
import { documentPolicy } from '../auth/security-headers.js';
import { clientOf } from '../auth/session-auth.js';

export interface WorkflowRoutesOptions {
  store: Store;
  logger?: Logger;
  /** Reporter count that makes a case 群众反映较多 for the manual deadline scan. @default 5 */
  reporterThreshold?: number;
  /** Folder where POST /api/workflow/bulletins keeps generated bulletins. Unset: that route is off. */
  bulletinDir?: string;
  /** The sign-in's account lockout, which a wrong 原密码 in 修改密码 counts towards too. @default 5 failures in 15 minutes */
  accountLockout?: LockoutPolicy | undefined;
}

const idParams = z.object({ id: z.string().min(1).max(64) });
const text = (max = 5000) => z.string().max(max);
const period = z.object({ from: isoDate, to: isoDate });

/** 批量拟办: at most a page of the ledger; each names the case's unit (null: none) and state the list showed. Also the command line's (cli-routes.ts, with the account). */
export const proposeHandlingsBody = z.object({
  items: z
    .array(z.object({ caseId: z.string().min(1).max(64), unitId: z.string().min(1).max(64), complexity: z.enum(complexities).optional(), shownUnitId: z.string().min(1).max(64).nullable().optional(), expectedState: z.enum(caseStates).optional(), assistUnitIds: z.array(z.string().min(1).max(64)).max(maxAssistUnits).optional() }))
    .min(1)
    .max(maxBatchProposals),
  opinion: text().optional(),
});
/** 批量归档: at most a page of the ledger; each names the state the list showed (已回访办结 or 不予受理). Also the command line's. */
/** 批量回访: the page of cases awaiting a visit (unreached: those closed on 无法联系, to visit again). */
export const awaitingVisitsQuery = z.object({
  unreached: optional(flag),
  limit: z.coerce.number().int().min(1).max(maxAwaitingVisits).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const archiveCasesBody = z.object({ items: z.array(z.object({ caseId: z.string().min(1).max(64), expectedState: z.enum(archivableStates) })).min(1).max(maxBatchArchives) });

/** The steps' bodies; the command line's routes (cli-routes.ts) take the same, with the case and the account. */
export const stepBodies = {
  // What the page showed, on every step a page left open could get wrong (workflow/cases/stale-page.ts):
  // the suggestion, report, assignment or request it names; one changed since is refused (409).
  register: z.object({ category: z.enum(categories), complexity: z.enum(complexities).optional(), urgency: z.enum(urgencies).optional(), note: text(2000).optional(), suggestionKey: text(500).optional() }),
  // expectedState: the state the page showed; a case that has moved on since is refused (409).
  notAccepted: z.object({ reasons: z.array(z.enum(outOfScopeReasons)).min(1).max(7), note: text(2000), expectedState: z.enum(caseStates).optional(), suggestionKey: text(500).optional() }),
  note: z.object({ note: text(2000) }),
  // assistUnitIds: 协办单位 beside the lead unit (unitId); the use case checks them (distinct, active, not the lead).
  // shownUnitId / expectedState: the case's unit and state the office's page showed; a case changed
  // meanwhile (another proposal pending, the suggestion or the returning unit changed) is refused (409).
  proposal: z.object({ unitId: z.string().min(1).max(64), opinion: text(), complexity: z.enum(complexities).optional(), assistUnitIds: z.array(z.string().min(1).max(64)).max(maxAssistUnits).optional(), shownUnitId: z.string().min(1).max(64).nullable().optional(), expectedState: z.enum(caseStates).optional() }),
  // proposalId / reportId: the proposal or reply the leader read; another one pending now is refused (409).
  proposalDecision: z.object({ approve: z.boolean(), note: text(2000).optional(), proposalId: z.string().min(1).max(64).optional() }),
  replyDecision: z.object({ approve: z.boolean(), note: text(2000).optional(), reportId: z.string().min(1).max(64).optional() }),
  // 批量同意: at most a page of the ledger; each names the proposal the list showed.
  approveProposals: z.object({ items: z.array(z.object({ caseId: z.string().min(1).max(64), proposalId: z.string().min(1).max(64) })).min(1).max(100) }),
  assignCases: z.object({ items: z.array(z.object({ caseId: z.string().min(1).max(64), proposalId: z.string().min(1).max(64) })).min(1).max(100) }),
  // 批量审核: at most a page; each names the reply the page showed, acknowledging its findings or not.
  approveReplies: z.object({ items: z.array(z.object({ caseId: z.string().min(1).max(64), reportId: z.string().min(1).max(64), acknowledgeFindings: z.boolean().optional() })).min(1).max(maxBatchReplyApprovals), note: text(2000).optional() }),
  proposeHandlings: proposeHandlingsBody,
  archiveCases: archiveCasesBody,
  assign: z.object({ unitId: z.string().min(1).max(64).optional(), proposalId: z.string().min(1).max(64).optional(), assistUnitIds: z.array(z.string().min(1).max(64)).max(maxAssistUnits).optional() }),
  assistOpinion: z.object({ text: text() }),
  withdrawApproval: z.object({ note: text(2000), proposalId: z.string().min(1).max(64).optional() }),
  returnCase: z.object({ reason: text(2000), assignmentId: z.string().min(1).max(64).optional() }),
  extension: z.object({ progress: text(), reason: text(2000), days: z.number().int().min(1).max(30), assignmentId: z.string().min(1).max(64).optional(), dueDate: isoDate.optional() }),
  extensionDecision: z.object({ approve: z.boolean(), days: z.number().int().min(1).max(30).optional(), answer: text(2000), extensionId: z.string().min(1).max(64).optional() }),
  report: z.object({ text: text(20_000), acknowledgeFindings: z.boolean().optional(), assignmentId: z.string().min(1).max(64).optional() }),
  review: z.object({ accept: z.boolean(), note: text(2000).optional(), reviewText: text(20_000).optional(), reportId: z.string().min(1).max(64).optional() }),
  publish: z.object({ acknowledgeFindings: z.boolean().optional(), reportId: z.string().min(1).max(64).optional(), replyText: text(20_000).optional() }),
  replyReturn: z.object({ note: text(2000), reportId: z.string().min(1).max(64).optional() }),
  visit: z.object({ satisfaction: z.enum(satisfactions), method: z.enum(visitMethods), note: text(2000).optional(), reportId: z.string().min(1).max(64).optional() }),
  correctCategory: z.object({ category: z.enum(categories), note: text(2000), shownCategory: z.enum(categories).optional() }),
  mark: z.object({ leaderMarked: z.boolean().optional(), highImpact: z.boolean().optional(), note: text(2000) }),
  supervision: z.object({ kind: z.enum(supervisionKinds), note: text() }),
  check: z.object({ text: text(20_000), title: text(500).optional(), content: text(20_000).optional(), caseId: z.string().max(64).optional() }),
  // Loose: the file's other keys reach parseCalendarFile, which names a mistyped one instead of loading a year without it.
  calendarLoad: z.looseObject({ year: z.number().int(), holidays: z.unknown().optional(), workdays: z.unknown().optional() }),
  user: z.object({ username: z.string(), displayName: z.string(), password: z.string(), role: z.enum(roles), unitId: z.string().optional() }),
  password: z.object({ password: z.string().min(accountPasswordLength.min).max(accountPasswordLength.max), oldPassword: z.string().max(accountPasswordLength.max).optional() }),
  disabled: z.object({ disabled: z.boolean() }),
};
const bodies = stepBodies;
const usernameParams = z.object({ username: z.string().min(1).max(40) });


export async function workflowRoutes(app: FastifyInstance, options: WorkflowRoutesOptions): Promise<void> {
  const db = options.store.db;
  app.setErrorHandler(errorHandler(options.logger ?? silentLogger));

  /** A POST step on one case: parse the body, run the use case with the actor. */
  const step = <S extends z.ZodType>(path: string, schema: S, run: (caseId: string, body: z.infer<S>, actor: Actor) => Promise<unknown>) => {
    app.post(`/api/workflow/cases/:id/${path}`, async (request) => {
      const actor = actorOf(request);
      const { id } = parseInput(idParams, request.params);
      const body = parseInput(schema, request.body) as z.infer<S>;
      return { ok: true, result: await run(id, body, actor) };
    });
  };

  app.get('/api/workflow/meta', async (request) => {
    actorOf(request);
    return {
      states: caseStates.map((s) => ({ id: s, name: stateNames[s] })),
      actions: Object.entries(actionNames).map(([id, name]) => ({ id, name })),
      // The event log's records that are not steps (workflow/cases/event-names.ts).
      events: Object.entries(eventNames).map(([id, name]) => ({ id, name })),
      // A report's status and an extension request's decision, as the case page's badges say them.
      reportStatuses: Object.entries(reportStatusNames).map(([id, name]) => ({ id, name })),
      // A published report that went up only as the 专报 reads 已上报, not 已发布 (reportStatusName).
      reportSentUpward: reportSentUpwardName,
      extensionDecisions: Object.entries(extensionDecisionNames).map(([id, name]) => ({ id, name })),
      roles: roles.map((r) => ({ id: r, name: roleNames[r] })),
      categories,
      outOfScopeReasons: outOfScopeReasons.map((r) => ({ id: r, name: outOfScopeReasonNames[r] })),
      satisfactions: satisfactions.map((s) => ({ id: s, name: satisfactionNames[s] })),
      supervisionKinds: supervisionKinds.map((k) => ({ id: k, name: supervisionKindNames[k] })),
      visitMethods,
    };
  });

  app.get('/api/workflow/me', async (request) => ({ actor: actorOf(request) }));

  app.get('/api/workflow/units', async (request) => {
    actorOf(request);
    return { units: await listUnits(db) };
  });

  app.get('/api/workflow/cases', async (request) => {
    const actor = actorOf(request);
    return listCases(db, { actor, filter: parseInput(caseListQuery, request.query) });
  });

  app.get('/api/workflow/cases/:id', async (request) => {
    const actor = actorOf(request);
    const { id } = parseInput(idParams, request.params);
    return { case: await getCase(db, { caseId: id, actor }) };
  });

  // A file named in Chinese (filename*), with an ASCII name beside it for clients that read no other.
  const disposition = (kind: 'inline' | 'attachment', ascii: string, name: string, ext: string) =>
    `${kind}; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${name}.${ext}`)}`;
  // A case's document to print: a self-contained page whose own styles documentPolicy allows, nothing else.
  const documentPage = (reply: FastifyReply, ascii: string, name: string, html: string) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', documentPolicy).header('content-disposition', disposition('inline', ascii, name, 'html')).send(html);
  const caseIdOf = (request: FastifyRequest) => parseInput(idParams, request.params).id;

  // 《印台政务督查专报》 as reported, to print (HTML) or keep (text), for the offices (upper-report-document.ts).
  app.get('/api/workflow/cases/:id/upper-report.html', async (request, reply: FastifyReply) => {
    const r = await readSentUpperReport(db, { caseId: caseIdOf(request), actor: actorOf(request) });
    return documentPage(reply, 'upper-report', upperReportFileName(r), renderUpperReportHtml(r));
  });
  app.get('/api/workflow/cases/:id/upper-report.txt', async (request, reply: FastifyReply) => {
    const r = await readSentUpperReport(db, { caseId: caseIdOf(request), actor: actorOf(request) });
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', disposition('attachment', 'upper-report', upperReportFileName(r), 'txt'))
      .send(upperReportText(r));
  });
  // 网民留言交办单 of the 交办 in force, to print (HTML, A4), for whoever may read the case (assignment-sheet.ts).
  app.get('/api/workflow/cases/:id/assignment-sheet.html', async (request, reply: FastifyReply) => {
    const s = await readAssignmentSheet(db, { caseId: caseIdOf(request), actor: actorOf(request) });
    return documentPage(reply, 'assignment-sheet', assignmentSheetFileName(s), renderAssignmentSheetHtml(s));
  });
  // 网民留言办理记录: the case's whole record to print for its archive volume, for the offices (catalogue/case-record.ts).
  app.get('/api/workflow/cases/:id/record.html', async (request, reply: FastifyReply) => {
    const c = await readCaseRecord(db, { caseId: caseIdOf(request), actor: actorOf(request) });
    return documentPage(reply, 'case-record', caseRecordFileName(c), renderCaseRecordHtml(c));
  });

  step('register', bodies.register, (caseId, b, actor) => registerCase(db, { caseId, ...b, actor }));
  step('not-accepted', bodies.notAccepted, (caseId, b, actor) => decideNotAccepted(db, { caseId, ...b, actor }));
  step('reopen', bodies.note, (caseId, b, actor) => reopenCase(db, { caseId, ...b, actor }));
  step('proposal', bodies.proposal, (caseId, b, actor) => proposeHandling(db, { caseId, ...b, actor }));
  step('proposal/decision', bodies.proposalDecision, (caseId, b, actor) => decideProposal(db, { caseId, ...b, actor }));
  step('proposal/withdraw', bodies.withdrawApproval, (caseId, b, actor) => withdrawApproval(db, { caseId, ...b, actor }));
  // Role-checked as a whole in workflow (403 for a role that may not propose), then case by case.
  app.post('/api/workflow/proposals', async (request) => proposeHandlings(db, { ...parseInput(bodies.proposeHandlings, request.body), actor: actorOf(request) }));
  app.post('/api/workflow/proposals/approve', async (request) => approveProposals(db, { ...parseInput(bodies.approveProposals, request.body), actor: actorOf(request) }));
  step('assign', bodies.assign, (caseId, b, actor) => assignCase(db, { caseId, ...b, actor }));
  // 批量交办: the office's, role-checked as a whole in workflow (403), then case by case (assign-cases.ts).
  app.post('/api/workflow/assignments', async (request) => assignCases(db, { ...parseInput(bodies.assignCases, request.body), actor: actorOf(request) }));
  step('return', bodies.returnCase, (caseId, b, actor) => returnCase(db, { caseId, ...b, actor }));
  step('extension', bodies.extension, (caseId, b, actor) => requestExtension(db, { caseId, ...b, actor }));
  step('extension/decision', bodies.extensionDecision, (caseId, b, actor) => decideExtension(db, { caseId, ...b, actor }));
  step('report', bodies.report, (caseId, b, actor) => submitReport(db, { caseId, ...b, actor }));
  step('assist-opinion', bodies.assistOpinion, (caseId, b, actor) => submitAssistOpinion(db, { caseId, ...b, actor }));
  step('report/review', bodies.review, (caseId, b, actor) => reviewReport(db, { caseId, ...b, actor }));
  step('reply/decision', bodies.replyDecision, (caseId, b, actor) => decideReply(db, { caseId, ...b, actor }));
  // 批量审核: the replies awaiting approval with their text and findings, then the ticked ones
  // approved case by case (approve-replies.ts). Role-checked as a whole in workflow (403).
  app.get('/api/workflow/replies/awaiting-approval', async (request) => listRepliesAwaitingApproval(db, { actor: actorOf(request) }));
  app.post('/api/workflow/replies/approve', async (request) => approveReplies(db, { ...parseInput(bodies.approveReplies, request.body), actor: actorOf(request) }));
  step('publish', bodies.publish, (caseId, b, actor) => publishReply(db, { caseId, ...b, actor }));
  step('reply/return', bodies.replyReturn, (caseId, b, actor) => returnReplyForRevision(db, { caseId, ...b, actor }));
  step('visit', bodies.visit, (caseId, b, actor) => recordVisit(db, { caseId, ...b, actor }));
  // 批量回访: the list only; each row's visit is the step above, one case at a time (record-visit.ts
  // keeps every rule), so one refused row leaves the others recorded. Role-checked in workflow.
  app.get('/api/workflow/visits/awaiting', async (request) => listAwaitingVisits(db, { actor: actorOf(request), filter: parseInput(awaitingVisitsQuery, request.query) }));
  step('archive', z.object({}), (caseId, _b, actor) => archiveCase(db, { caseId, actor }));
  // Role-checked as a whole in workflow (403 for a role that may not archive), then case by case.
  app.post('/api/workflow/archives', async (request) => archiveCases(db, { ...parseInput(bodies.archiveCases, request.body), actor: actorOf(request) }));
  step('mark', bodies.mark, (caseId, b, actor) => markCase(db, { caseId, ...b, actor }));
  step('category', bodies.correctCategory, (caseId, b, actor) => correctCategory(db, { caseId, ...b, actor }));
  // De-duplication corrections: merge a missed copy into its case, split a wrong link off.
  step('merge', z.object({ intoCaseId: z.string().min(1).max(64), note: z.string().max(500), expectedState: z.enum(caseStates).optional() }), (caseId, b, actor) => mergeCases(db, { caseId, ...b, actor }));
  step('split', z.object({ messageId: z.string().min(1).max(64), note: z.string().max(500) }), (caseId, b, actor) => splitCopy(db, { caseId, ...b, actor }));
  step('supervision', bodies.supervision, (caseId, b, actor) => recordSupervision(db, { caseId, ...b, actor }));
  step('special-supervision', bodies.note, (caseId, b, actor) => startSpecialSupervision(db, { caseId, ...b, actor }));

  /** Preview of the pre-publication checks (a unit drafting its report, a reviewer). */
  app.post('/api/workflow/review/check', async (request) => {
    const actor = actorOf(request);
    const b = parseInput(bodies.check, request.body);
    let message = b.title !== undefined ? { title: b.title, content: b.content ?? '' } : undefined;
    let audience: 'public' | 'upper' = 'public';
    if (b.caseId) {
      const c = await getCase(db, { caseId: b.caseId, actor });
      const primary = c.messages.find((m) => m.id === c.primaryMessageId);
      if (primary) message = { title: primary.title, content: primary.content };
      audience = replyAudience(c.channel);
    }
    return checkReply(b.text, message, { audience });
  });

  app.get('/api/workflow/supervision', async (request) => ({ rows: await listSupervision(db, { actor: actorOf(request) }) }));

  app.post('/api/workflow/supervision/scan', async (request) => {
    requireRole(actorOf(request), ['supervision', 'admin']);
    return scanDeadlines(db, { reporterThreshold: options.reporterThreshold });
  });

  app.get('/api/workflow/calendar/due', async (request) => {
    actorOf(request);
    const q = parseInput(z.object({ from: isoDate, days: z.coerce.number().int().min(1).max(366) }), request.query);
    const cal = createWorkCalendar(await listCalendarDays(db));
    return { from: q.from, days: q.days, due: dueDateFor(cal, q.from, q.days) };
  });

  app.get('/api/workflow/calendar/days', async (request) => {
    actorOf(request);
    return { days: await listCalendarDays(db) };
  });

  app.post('/api/workflow/calendar/load', async (request) => {
    const actor = actorOf(request);
    return loadCalendarYear(db, { file: parseInput(bodies.calendarLoad, request.body), actor });
  });

  const bulletinRoles = ['supervision', 'leader', 'admin'] as const;
  app.get('/api/workflow/bulletin', async (request) => {
    requireRole(actorOf(request), bulletinRoles);
    return computeBulletin(db, parseInput(period, request.query));
  });
  app.get('/api/workflow/bulletin.html', async (request, reply: FastifyReply) => {
    requireRole(actorOf(request), bulletinRoles);
    const data = await computeBulletin(db, parseInput(period, request.query));
    return reply.type('text/html; charset=utf-8').header('content-security-policy', documentPolicy).send(renderBulletinHtml(data));
  });
  app.get('/api/workflow/bulletin.xlsx', async (request, reply: FastifyReply) => {
    requireRole(actorOf(request), bulletinRoles);
    const q = parseInput(period, request.query);
    const buffer = await bulletinXlsxBuffer(await computeBulletin(db, q));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="bulletin-${q.from}-${q.to}.xlsx"`)
      .send(buffer);
  });
  // 卷内目录 of an archive volume (督查室 and admin: the use case checks), to print (HTML) or keep (XLSX).
  const catalogueQuery = z.object({ volume: z.string().max(40) });
  const catalogueDisposition = (kind: 'inline' | 'attachment', volume: string, ext: string) =>
    `${kind}; filename="archive-catalogue.${ext}"; filename*=UTF-8''${encodeURIComponent(`${catalogueFileName(volume)}.${ext}`)}`;
  app.get('/api/workflow/archive-catalogue.html', async (request, reply: FastifyReply) => {
    const out = await renderArchiveCatalogue(db, { volume: parseInput(catalogueQuery, request.query).volume, actor: actorOf(request), via: 'console', files: 'html' });
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', documentPolicy)
      .header('content-disposition', catalogueDisposition('inline', out.catalogue.volume, 'html'))
      .send(out.html);
  });
  app.get('/api/workflow/archive-catalogue.xlsx', async (request, reply: FastifyReply) => {
    const out = await renderArchiveCatalogue(db, { volume: parseInput(catalogueQuery, request.query).volume, actor: actorOf(request), via: 'console', files: 'xlsx' });
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', catalogueDisposition('attachment', out.catalogue.volume, 'xlsx'))
      .send(out.xlsx);
  });
  if (options.bulletinDir) {
    const dir = options.bulletinDir;
    app.post('/api/workflow/bulletins', async (request) => {
      const actor = actorOf(request);
      const q = parseInput(period, request.body);
      const out = await generateBulletin(db, { ...q, outDir: `${dir}/${q.from}_${q.to}`, actor });
      return { bulletinId: out.bulletinId, html: out.html, xlsx: out.xlsx };
    });
  }

  app.get('/api/workflow/users', async (request) => ({ users: await listUsers(db, actorOf(request)) }));
  app.post('/api/workflow/users', async (request) => ({ user: await createUser(db, parseInput(bodies.user, request.body), actorOf(request)) }));
  app.post('/api/workflow/users/:username/password', async (request) => {
    const actor = actorOf(request);
    const { username } = parseInput(usernameParams, request.params);
    const body = parseInput(bodies.password, request.body);
    if (username !== actor.username) {
      // Another account's password: an admin's reset, which signs out whoever held the old one (as
      // 停用 does). Anyone else is refused before any password is looked at, so this route never
      // tells whether a guess at another account's password is right.
      if (actor.role !== 'admin') throw new AppError('FORBIDDEN', '只能修改自己的密码；其他账号的密码由系统管理员重设');
      const { sessionsEnded } = await setPassword(db, { username, password: body.password, actor, endSessions: true });
      return { ok: true, sessionsEnded };
    }
    // One's own: the old password checked as at sign-in (lockout, sign-in log); the other sessions end, this one stays.
    const { sessionsEnded } = await changeOwnPassword(db, { actor, oldPassword: body.oldPassword, password: body.password, client: clientOf(request), keepSession: request.consoleSession?.token, policy: options.accountLockout });
    return { ok: true, sessionsEnded };
  });
  /** Disable or re-enable an account (admin); disabling ends its sessions. */
  app.post('/api/workflow/users/:username/disabled', async (request) => {
    const actor = actorOf(request);
    const { username } = parseInput(usernameParams, request.params);
    const { disabled } = parseInput(bodies.disabled, request.body);
    return { ok: true, result: await setUserDisabled(db, { username, disabled, actor }) };
  });
}
