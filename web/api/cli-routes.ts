/**
 * What CLI commands ask a running main job for, besides the case list (/api/workflow/cases), the
 * calendar (/api/workflow/calendar/*) and exports (/api/exports/stream): the crawlers' watch
 * state, the reviewed cases as training data (admin only), a bulletin to write out, and the
 * cases awaiting review with a new model's suggestions for them (`minsheng reclassify`, admin only),
 * a backup of the embedded store (`minsheng backup`, admin only), an archive volume's 卷内目录
 * (`minsheng archive catalogue`, 督查室 and admin), the cases awaiting 归档 with
 * their archiving on an account's behalf (`minsheng cases archive`, the local token only), and the
 * cases named by 台账编号 with their 拟办 on an account's behalf (`minsheng cases propose`, the
 * local token only), a case's messages with a copy split off or the case merged on an account's
 * behalf (`minsheng cases copies|split|merge`, the local token only), a case as an account reads
 * it (`minsheng cases show --as`, the local token only), and a new password for an
 * account (`minsheng users reset-password`, the local token only), 分类审核 (the review queue, 登记,
 * 不予受理 and 批量确认: `minsheng cases review-queue|register|not-accepted|accept-suggestions`, the
 * local token only), and the 回访, 领导审批, 交办,
 * 报送办理情况 and 审核 steps on an account's behalf (`minsheng cases
 * visit|visits|approve|reject-proposal|assign|report|review-report`, the local token only), with
 * 领导审批答复, 回复 (and 退回修改答复), 延期, 协办意见 and 退回交办 (`minsheng cases approve-reply|reject-reply|publish|
 * return-for-revision|request-extension|decide-extension|assist-opinion|return-assignment`, the local token only).
 * Needs a session or the local token; handling units are refused here.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { categories, ForbiddenError } from '../../core/index.js';
import {
  archivableStates,
  archiveCases,
  assignCase,
  decideExtension,
  decideNotAccepted,
  decideReply,
  findCasesByReference,
  publishReply,
  requestExtension,
  returnCase,
  returnReplyForRevision,
  submitAssistOpinion,
  listArchivableCases,
  decideProposal,
  listAwaitingVisits,
  listCaseCopies,
  mergeCases,
  recordVisit,
  registerCase,
  reviewReport,
  splitCopy,
  submitReport,
  maxReferencesPerLookup,
  proposeHandlings,
  readCaseAs,
  type CaseState,
} from '../../workflow/cases/index.js';
import { applyNewSuggestions, countAwaitingCases, dumpEmbeddedStore, listAwaitingCases, listCrawlStates, listReviewedExamples, type NewSuggestion, type Store } from '../../workflow/index.js';
import { generateBulletin } from '../../workflow/bulletin/index.js';
import { batchAcceptSuggestions, listReviewQueue } from '../../workflow/console-queries/index.js';
import { renderArchiveCatalogue } from '../../workflow/catalogue/index.js';
import { accountActor, requireRole, resetPassword, type Actor } from '../../workflow/users/index.js';
import { archiveCasesBody, awaitingVisitsQuery, proposeHandlingsBody, stepBodies } from './workflow-routes.js';
import { localAdmin } from '../auth/session-auth.js';
import { actorOf, isoDate, optional, parseInput } from './request-input.js';

const bulletinBody = z.object({ from: isoDate, to: isoDate });
// The volume is checked by the use case (a malformed one: its message, not zod's).
const catalogueBody = z.object({ volume: z.string().max(40) });
const awaitingQuery = z.object({ after: z.string().max(64).optional(), limit: z.coerce.number().int().min(0).max(500).default(100) });
// Each suggestion is checked by the use case (workflow/intake/apply-new-suggestion.ts), which stores it.
const reclassifyBody = z.object({
  dryRun: z.boolean().default(false),
  cases: z.array(z.object({ caseId: z.string().min(1).max(64), suggestions: z.array(z.object({ messageId: z.string().min(1).max(64), classification: z.record(z.string(), z.unknown()) })).max(1000) })).max(500),
});

const archivableQuery = z.object({ state: z.enum(archivableStates), category: optional(z.enum(categories)), before: optional(isoDate) });
// `as`: the account the command acts for (its --as): 督查室's for 归档, 区政府办's for 拟办. The items
// are the console's batch routes' (workflow-routes.ts), so both check alike.
const account = z.string().min(1).max(40);
const archiveBody = archiveCasesBody.extend({ as: account });
// The cases the command names by 台账编号 or id.
const namedCasesBody = z.object({ as: account, references: z.array(z.string().min(1).max(200)).min(1).max(maxReferencesPerLookup) });
const proposalsBody = proposeHandlingsBody.extend({ as: account });
// De-duplication corrections: the case (台账编号 or id), the copy split off (its id, as listed) or the case merged into.
const caseReference = z.string().min(1).max(64);
const copiesBody = z.object({ reference: caseReference });
// `cases show --as`: the case (台账编号 or id) as the account named reads it.
const showAsBody = z.object({ as: account, reference: caseReference });
const splitBody = z.object({ as: account, caseId: caseReference, messageId: z.string().min(1).max(64), note: z.string().max(2000) });
// The steps of `cases visit|visits|approve|reject-proposal`: the console's bodies (workflow-routes.ts) with the case and the account.
const visitBody = stepBodies.visit.extend({ as: account, caseId: caseReference });
const awaitingVisitsBody = z.object({ as: account, unreached: z.boolean().optional(), limit: awaitingVisitsQuery.shape.limit });
const proposalDecisionBody = stepBodies.proposalDecision.extend({ as: account, caseId: caseReference });
// `cases assign|report|review-report`: the same, each naming what the command read (the approved
// proposal and its 协办单位, the assignment, the report), as the console's page does.
const assignBody = stepBodies.assign.extend({ as: account, caseId: caseReference });
const reportBody = stepBodies.report.extend({ as: account, caseId: caseReference });
const reviewBody = stepBodies.review.extend({ as: account, caseId: caseReference });
// `cases approve-reply|reject-reply|publish|return-for-revision|request-extension|decide-extension|assist-opinion|return-assignment`:
// the same, each naming what the command read (the reply, the assignment and its due date, the request).
const replyDecisionBody = stepBodies.replyDecision.extend({ as: account, caseId: caseReference });
const publishBody = stepBodies.publish.extend({ as: account, caseId: caseReference });
const extensionBody = stepBodies.extension.extend({ as: account, caseId: caseReference });
const extensionDecisionBody = stepBodies.extensionDecision.extend({ as: account, caseId: caseReference });
const assistOpinionBody = stepBodies.assistOpinion.extend({ as: account, caseId: caseReference });
const returnCaseBody = stepBodies.returnCase.extend({ as: account, caseId: caseReference });
const replyReturnBody = stepBodies.replyReturn.extend({ as: account, caseId: caseReference });
// `cases review-queue|register|not-accepted|accept-suggestions` (分类审核): the console's bodies (the
// review page's and its 批量确认's), each naming the suggestion the command read, with the account.
const reviewQueueBody = z.object({ as: account, limit: z.number().int().min(1).max(200) });
const registerBody = stepBodies.register.extend({ as: account, caseId: caseReference });
const notAcceptedBody = stepBodies.notAccepted.extend({ as: account, caseId: caseReference });
const acceptSuggestionsBody = z.object({
  as: account,
  threshold: z.number().min(0.5).max(1),
  caseIds: z.array(z.string().min(1).max(64)).max(500),
  suggestionKeys: z.record(z.string().max(64), z.string().max(500)),
  dryRun: z.boolean().optional(),
});
const mergeBody = z.object({ as: account, caseId: caseReference, intoCaseId: caseReference, note: z.string().max(2000), expectedState: z.string().min(1).max(40) });

/**
 * Only the command line of this machine (the local token) acts on an account's behalf, as it does
 * when it opens the store itself with --as; a console session, an administrator's too, never does.
 */
export function requireLocalCommandLine(actor: Actor): void {
  if (actor.userId !== localAdmin.userId) throw new ForbiddenError('只有本机的 minsheng 命令可以代账号办理');
}

export async function cliRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  // The crawlers' watch state and health per source (`minsheng sources status`).
  app.get('/api/crawl-states', async (request) => {
    requireRole(actorOf(request), ['egov_centre', 'gov_office', 'leader', 'supervision', 'admin']);
    return { states: await listCrawlStates(options.store.db) };
  });
  // Reviewed cases as training data (`minsheng train --from-store` while the main job holds the store).
  app.get('/api/training/reviewed-examples', async (request) => {
    requireRole(actorOf(request), ['admin']);
    return listReviewedExamples(options.store.db);
  });
  /**
   * `minsheng bulletin` while the main job holds the store: generates and records the bulletin as
   * the command would, and answers with its files' content (HTML text, XLSX in base64) for the
   * command to write into its own --out folder; nothing stays on the server's disk.
   */
  app.post('/api/cli/bulletin', async (request) => {
    const actor = actorOf(request);
    requireRole(actor, ['supervision', 'leader', 'admin']);
    const period = parseInput(bulletinBody, request.body);
    const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-bulletin-'));
    try {
      const out = await generateBulletin(options.store.db, { ...period, outDir: dir, actor });
      const [html, xlsx] = await Promise.all([readFile(out.html, 'utf8'), readFile(out.xlsx)]);
      return { bulletinId: out.bulletinId, data: out.data, html, xlsxBase64: xlsx.toString('base64') };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  /**
   * `minsheng archive catalogue` while the main job holds the store: the volume's 卷内目录 and its
   * files' content (HTML text, XLSX in base64) for the command to write into its --out folder.
   */
  app.post('/api/cli/archive-catalogue', async (request) => {
    const { volume } = parseInput(catalogueBody, request.body);
    const out = await renderArchiveCatalogue(options.store.db, { volume, actor: actorOf(request), via: 'cli', files: 'html+xlsx' });
    return { catalogue: out.catalogue, html: out.html, xlsxBase64: out.xlsx.toString('base64') };
  });
  /**
   * `minsheng reclassify` while the main job holds the store: the command classifies with its own
   * model, page by page (`limit` 0: the count alone), and posts each page's suggestions back.
   */
  app.get('/api/cli/reclassify/awaiting', async (request) => {
    requireRole(actorOf(request), ['admin']);
    const query = parseInput(awaitingQuery, request.query);
    const [total, cases] = await Promise.all([countAwaitingCases(options.store.db), query.limit > 0 ? listAwaitingCases(options.store.db, query.after ?? null, query.limit) : []]);
    return { total, cases };
  });
  // A page of suggestions is larger than the API's usual 1 MB limit.
  app.post('/api/cli/reclassify/apply', { bodyLimit: 64 * 1_048_576 }, async (request) => {
    const actor = actorOf(request);
    requireRole(actor, ['admin']);
    const body = parseInput(reclassifyBody, request.body);
    const cases = body.cases.map((c) => ({ caseId: c.caseId, suggestions: c.suggestions.map((s) => ({ messageId: s.messageId, classification: s.classification as unknown as NewSuggestion })) }));
    return { results: await applyNewSuggestions(options.store.db, cases, { dryRun: body.dryRun, actor }) };
  });
  /**
   * `minsheng cases archive` while the main job holds the store: the cases it would archive (also
   * its --dry-run), then each batch archived as the named 督查室 account, checked as on the console.
   */
  app.get('/api/cli/archivable', async (request) => {
    const actor = actorOf(request);
    return { cases: await listArchivableCases(options.store.db, { actor, filter: parseInput(archivableQuery, request.query) }) };
  });
  app.post('/api/cli/archives', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const body = parseInput(archiveBody, request.body);
    return archiveCases(options.store.db, { items: body.items, actor: await accountActor(options.store.db, body.as) });
  });
  /**
   * `minsheng cases propose` while the main job holds the store: the cases it names, looked up for
   * the account named (unknown or disabled: refused before anything is read, as the command does
   * on the store), then each batch proposed as that account, checked as on the console (a role
   * that may not propose: 403 as a whole), each outcome with its refusal or its return warning.
   */
  app.post('/api/cli/proposals/cases', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const body = parseInput(namedCasesBody, request.body);
    await accountActor(options.store.db, body.as);
    return { cases: await findCasesByReference(options.store.db, body.references) };
  });
  app.post('/api/cli/proposals', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const body = parseInput(proposalsBody, request.body);
    return proposeHandlings(options.store.db, { items: body.items, opinion: body.opinion, actor: await accountActor(options.store.db, body.as) });
  });
  /**
   * `minsheng cases copies|split|merge` while the main job holds the store: a case's messages
   * numbered, then a copy split off or a case merged as the account named, each checked as on the
   * console (the role, the state the command listed), its event naming that account and the reason.
   */
  app.post('/api/cli/cases/copies', async (request) => {
    requireLocalCommandLine(actorOf(request));
    return listCaseCopies(options.store.db, parseInput(copiesBody, request.body).reference);
  });
  /**
   * `minsheng cases show --as` while the main job holds the store: the case page's data as the
   * account named reads it (getCase with its actor: 协办意见 for the lead unit and 督查室, a unit
   * refused another unit's case), the account checked first (unknown or disabled: refused at once).
   */
  app.post('/api/cli/cases/show', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const body = parseInput(showAsBody, request.body);
    return { case: await readCaseAs(options.store.db, { reference: body.reference, actor: await accountActor(options.store.db, body.as) }) };
  });
  app.post('/api/cli/cases/split', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const body = parseInput(splitBody, request.body);
    return splitCopy(options.store.db, { caseId: body.caseId, messageId: body.messageId, note: body.note, actor: await accountActor(options.store.db, body.as) });
  });
  app.post('/api/cli/cases/merge', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const body = parseInput(mergeBody, request.body);
    return mergeCases(options.store.db, { caseId: body.caseId, intoCaseId: body.intoCaseId, note: body.note, expectedState: body.expectedState as CaseState, actor: await accountActor(options.store.db, body.as) });
  });
  /**
   * `minsheng cases visit|visits|approve|reject-proposal` while the main job holds the store: the
   * step as the account named, checked by the workflow as on the console (the role, the reply or
   * proposal the command read), its event signed by that account.
   */
  app.post('/api/cli/cases/visit', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const { as, ...body } = parseInput(visitBody, request.body);
    return recordVisit(options.store.db, { ...body, actor: await accountActor(options.store.db, as) });
  });
  app.post('/api/cli/visits/awaiting', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const { as, ...filter } = parseInput(awaitingVisitsBody, request.body);
    return listAwaitingVisits(options.store.db, { actor: await accountActor(options.store.db, as), filter });
  });
  app.post('/api/cli/cases/proposal-decision', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const { as, ...body } = parseInput(proposalDecisionBody, request.body);
    return decideProposal(options.store.db, { ...body, actor: await accountActor(options.store.db, as) });
  });
  /**
   * `minsheng cases assign|report|review-report` while the main job holds the store: 交办 as the
   * 区政府办 account named, 报送办理情况 as the unit's, 审核 as 督查室's, each checked by the workflow as
   * on the console (the role, the unit's own case, what the command read), its event signed by it.
   */
  app.post('/api/cli/cases/assign', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const { as, ...body } = parseInput(assignBody, request.body);
    return assignCase(options.store.db, { ...body, actor: await accountActor(options.store.db, as) });
  });
  app.post('/api/cli/cases/report', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const { as, ...body } = parseInput(reportBody, request.body);
    return submitReport(options.store.db, { ...body, actor: await accountActor(options.store.db, as) });
  });
  app.post('/api/cli/cases/report-review', async (request) => {
    requireLocalCommandLine(actorOf(request));
    const { as, ...body } = parseInput(reviewBody, request.body);
    return reviewReport(options.store.db, { ...body, actor: await accountActor(options.store.db, as) });
  });
  /**
   * `minsheng cases approve-reply|reject-reply|publish|return-for-revision|request-extension|
   * decide-extension|assist-opinion|return-assignment` while the main job holds the store: 领导审批答复
   * as the leader's account named, 回复 as the 电子政务中心's or 督查室's (退回修改答复 the centre's), 延期 as the unit's and 督查室's, 协办意见 and
   * 退回交办 as the unit's, each checked by the workflow as on the console, its event signed by it.
   */
  const onBehalf = <S extends z.ZodType<{ as: string }>, R>(route: string, schema: S, run: (body: Omit<z.infer<S>, 'as'>, actor: Actor) => Promise<R>) =>
    app.post(`/api/cli/cases/${route}`, async (request) => {
      requireLocalCommandLine(actorOf(request));
      const { as, ...body } = parseInput(schema, request.body) as z.infer<S>;
      return run(body, await accountActor(options.store.db, as));
    });
  /**
   * `minsheng cases review-queue|register|not-accepted|accept-suggestions` (分类审核) while the main
   * job holds the store: the review queue as the account named reads it, 确认分类并登记, 不予受理 and
   * 批量确认 as that account (电子政务中心 or 督查室), each checked by the workflow as on the console's
   * review page (the role, the suggestion the command read), its event signed by it.
   */
  onBehalf('review-queue', reviewQueueBody, (body, actor) => listReviewQueue(options.store.db, { actor, limit: body.limit }));
  onBehalf('register', registerBody, (body, actor) => registerCase(options.store.db, { ...body, actor }));
  onBehalf('not-accepted', notAcceptedBody, (body, actor) => decideNotAccepted(options.store.db, { ...body, actor }));
  onBehalf('accept-suggestions', acceptSuggestionsBody, (body, actor) => batchAcceptSuggestions(options.store.db, { ...body, actor }));
  onBehalf('reply-decision', replyDecisionBody, (body, actor) => decideReply(options.store.db, { ...body, actor }));
  onBehalf('publish', publishBody, (body, actor) => publishReply(options.store.db, { ...body, actor }));
  onBehalf('extension', extensionBody, (body, actor) => requestExtension(options.store.db, { ...body, actor }));
  onBehalf('extension-decision', extensionDecisionBody, (body, actor) => decideExtension(options.store.db, { ...body, actor }));
  onBehalf('assist-opinion', assistOpinionBody, (body, actor) => submitAssistOpinion(options.store.db, { ...body, actor }));
  onBehalf('return', returnCaseBody, (body, actor) => returnCase(options.store.db, { ...body, actor }));
  onBehalf('reply-return', replyReturnBody, (body, actor) => returnReplyForRevision(options.store.db, { ...body, actor }));
  /**
   * `minsheng backup` while the main job holds the embedded store: the whole store as a gzipped
   * tar, which the command writes where it was asked to. Only the process holding the store can
   * take it; on PostgreSQL the answer is the advice to use pg_dump (409 CONFLICT: a refusal, not a fault).
   */
  /** `minsheng users reset-password` while the main job holds the store: the local token only, never a console session. */
  app.post('/api/cli/users/reset-password', async (request) => {
    const actor = actorOf(request);
    requireLocalCommandLine(actor);
    const body = parseInput(z.object({ username: account }), request.body);
    return resetPassword(options.store.db, { username: body.username, actor });
  });
  app.post('/api/cli/backup', async (request, reply) => {
    requireRole(actorOf(request), ['admin']);
    const dump = Buffer.from(await (await dumpEmbeddedStore(options.store)).arrayBuffer());
    return reply.type('application/gzip').header('content-length', dump.byteLength).send(dump);
  });
}
