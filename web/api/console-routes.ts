/**
 * The console's own reads (under /api/console): review queue and batch accept, ledger with
 * filters, a unit's own returns (本单位退回的案件), supervision board, bulletin charts, how the suggestions fare against staff decisions
 * (also `minsheng evaluate --from-store` while the main job holds the store), sources' health, vocabulary. Single steps on a
 * case go through /api/workflow (workflow-routes.ts). Thin handlers: parse, call workflow, answer;
 * the actor comes from the auth hook and every check is made in workflow/.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, reversedPeriodMessage, categories, channelNames, channels, complexities, exclusionKindNames, exclusionKinds, outOfScopeReasonNames, outOfScopeReasons, urgencies } from '../../core/index.js';
import { classifyMessageJob, type JobQueue, type RecheckScopeRuns } from '../../pipeline/index.js';
import { bringBackExcludedMessage, excludedViewers, isManualSource, listExcludedMessages, manualSources, listSources, SuggestionAgreementCache, suggestionAgreementViewers, type Store } from '../../workflow/index.js';
import { caseStates, filterStatesFor, listCases, listReturnedCases, stateNames } from '../../workflow/cases/index.js';
import { computeBulletin, unitBulletinView } from '../../workflow/bulletin/index.js';
import { chinaDate, getWorkCalendar, missingScheduleNotice } from '../../workflow/calendar/index.js';
import { batchAcceptSuggestions, categoryTrend, hotIssueLabel, listHotIssues, listRetiredUnits, listReviewQueue, listUnits } from '../../workflow/console-queries/index.js';
import { reviewStatuses, reviewStatusNames } from '../../workflow/exports/index.js';
import { defaultReporterThreshold, listForwardsReissued, listSupervision, listUpperDeadlinesNear, supervisionKindNames } from '../../workflow/supervision/index.js';
import { requireRole, roleNames } from '../../workflow/users/index.js';
import { actorOf, caseListQuery, flag, isoDate, optional, parseInput } from './request-input.js';

const daysAgo = (n: number) => chinaDate(new Date(Date.now() - n * 86_400_000));

export interface ConsoleRoutesOptions {
  store: Store;
  sourceIds?: string[] | undefined;
  /** Those of sourceIds with `enabled: false`: never crawled, shown as 已停用 rather than by their last runs. */
  disabledSourceIds?: string[] | undefined;
  reporterThreshold?: number | undefined;
  /** The pipeline's queue: a message brought back (转入受理) is queued for classification at once. @default none: the unfinished-work sweep takes it */
  queue?: Pick<JobQueue, 'enqueue'> | undefined;
  /** The queue dashboard's address, offered to admins in the console's meta (BullMQ only). @default none: no link */
  queueDashboard?: string | undefined;
  /**
   * 重新判断 in the background with the scopes of the source file this process loaded (the main
   * job's runs, in its memory). @default none: starting one answers 503, and no run is known
   */
  recheckRuns?: RecheckScopeRuns | undefined;
}

/** The sources with the built-in manual ones the store does not hold yet. */
function withManualSources(sources: { id: string; name: string }[]): { id: string; name: string }[] {
  const known = new Set(sources.map((s) => s.id));
  return [...sources, ...manualSources.filter((m) => !known.has(m.id)).map((m) => ({ id: m.id, name: m.name }))];
}

const sourceParams = z.object({ id: z.string().min(1).max(200) });

const excludedQuery = z.object({
  sourceId: optional(z.string().max(200)),
  q: optional(z.string().max(100)),
  status: optional(z.enum(['excluded', 'brought_back', 'all'])),
  exclusionKind: optional(z.enum(exclusionKinds)),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const returnedCasesQuery = z.object({
  from: optional(isoDate),
  to: optional(isoDate),
  awaiting: optional(flag),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export async function consoleRoutes(app: FastifyInstance, options: ConsoleRoutesOptions): Promise<void> {
  const db = options.store.db;
  // 建议准确率 reads every reviewed case: kept in this process until the event log shows a change.
  const agreement = new SuggestionAgreementCache(db);

  app.get('/api/console/meta', async (request) => {
    const actor = actorOf(request);
    return {
      // The console's link to the BullMQ dashboard: for admins, whom alone the dashboard admits.
      queueDashboard: actor.role === 'admin' ? (options.queueDashboard ?? null) : null,
      categories,
      complexities,
      urgencies,
      channels: channels.map((id) => ({ id, name: channelNames[id] })),
      states: caseStates.map((id) => ({ id, name: stateNames[id] })),
      /** The 状态 filter's choices: a handling unit is offered only the states its cases can be in. */
      filterStates: filterStatesFor(actor.role).map((id) => ({ id, name: stateNames[id] })),
      outOfScopeReasons: outOfScopeReasons.map((id) => ({ id, name: outOfScopeReasonNames[id] })),
      /** The export's 审核状态 choices: none for a handling unit, whose cases are all registered (待审核 and 不予受理 would match nothing). */
      reviewStatuses: actor.role === 'unit' ? [] : reviewStatuses.map((id) => ({ id, name: reviewStatusNames[id] })),
      supervisionKinds: Object.entries(supervisionKindNames).map(([id, name]) => ({ id, name })),
      roles: Object.entries(roleNames).map(([id, name]) => ({ id, name })),
      exclusionKinds: exclusionKinds.map((id) => ({ id, name: exclusionKindNames[id] })),
      units: await listUnits(db),
      /** Units taken out of the directory (停用): offered in the ledger's 承办单位 filter only, and naming their accounts. */
      retiredUnits: await listRetiredUnits(db),
      // Where each copy of a message came from (names only; health is on /api/console/sources), the
      // built-in 手工录入 sources included before their first message.
      sources: withManualSources((await listSources(db)).map((s) => ({ id: s.id, name: s.name }))),
    };
  });

  app.get('/api/console/review', async (request) => {
    const q = parseInput(z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) }), request.query);
    return listReviewQueue(db, { actor: actorOf(request), ...q });
  });

  app.post('/api/console/review/batch-accept', async (request) => {
    // suggestionKeys: the suggestion the list showed for each case; one changed since is not registered.
    const body = parseInput(
      z.object({ threshold: z.number().min(0.5).max(1), caseIds: z.array(z.string().min(1).max(64)).max(500).optional(), suggestionKeys: z.record(z.string().max(64), z.string().max(500)).optional() }),
      request.body,
    );
    return batchAcceptSuggestions(db, { actor: actorOf(request), ...body });
  });

  app.get('/api/console/ledger', async (request) => {
    const q = parseInput(caseListQuery, request.query);
    const actor = actorOf(request);
    const ledger = await listCases(db, { actor, filter: q });
    return { ...ledger, hotIssue: q.hotIssue ? { key: q.hotIssue, label: await hotIssueLabel(db, q.hotIssue, actor) } : null };
  });

  /**
   * 本单位退回的案件: a handling unit's own returns (退回交办), newest first, paged, with what became
   * of each (workflow/cases/list-returned-cases.ts). Units only: the offices read returns in the
   * ledger (承办单位已退回), each case's 办理过程 and the bulletin's 退回 column.
   */
  app.get('/api/console/returned-cases', async (request) => {
    const filter = parseInput(returnedCasesQuery, request.query);
    return listReturnedCases(db, { actor: actorOf(request), filter });
  });

  /** How many cases the board's 最近督办 lists. */
  const recentSupervisionsShown = 10;
  /** 督查看板: due soon, overdue, escalated (专项督查), cases with many reporters, the latest 督办 records, hot issues (群众反映较多), upper deadlines near before 交办, 上级再次转办. */
  app.get('/api/console/board', async (request) => {
    const actor = actorOf(request);
    const [rows, hotIssues, upperDeadlinesNear, forwardsReissued] = await Promise.all([
      listSupervision(db, { actor }),
      listHotIssues(db, { actor }),
      listUpperDeadlinesNear(db, { actor }),
      listForwardsReissued(db, { actor }),
    ]);
    return {
      dueSoon: rows.filter((r) => r.status === 'due_soon'),
      overdue: rows.filter((r) => r.status === 'overdue'),
      escalated: rows.filter((r) => r.escalated || r.leaderMarked || r.highImpact),
      hot: rows.filter((r) => r.reporterCount > 1).sort((a, b) => b.reporterCount - a.reporterCount).slice(0, 20),
      hotIssues,
      // 最近督办: the cases in hand whose last 督办 record is newest, whatever the case (a phone call
      // on an ordinary case as well as a special supervision), each case once.
      recentSupervisions: rows
        .filter((r) => r.lastSupervision)
        .sort((a, b) => (b.lastSupervision?.at ?? '').localeCompare(a.lastSupervision?.at ?? ''))
        .slice(0, recentSupervisionsShown),
      // 督查室 and 区政府办: items from above not yet handed over whose 上级办理时限 is tomorrow, today or past.
      upperDeadlinesNear,
      // 督查室, 区政府办 and the centre: 转办 items the upper level sent again after the answer (上级再次转办), until answered again.
      forwardsReissued,
      inHand: rows.length,
      // The offices (and admin, who loads it): a holiday schedule this year or, from November, next year lacks.
      calendarNotice: actor.role === 'unit' ? null : missingScheduleNotice(await getWorkCalendar(db), chinaDate(new Date())),
      // From this many reporters a case is 群众反映较多 (special supervision when its unit is late).
      reporterThreshold: options.reporterThreshold ?? defaultReporterThreshold,
    };
  });

  /** Figures for the bulletin page's charts: the bulletin's per-unit rates and categories per week. */
  app.get('/api/console/charts', async (request) => {
    requireRole(actorOf(request), ['supervision', 'leader', 'gov_office', 'egov_centre', 'admin']);
    const q = parseInput(z.object({ from: optional(isoDate), to: optional(isoDate) }), request.query);
    const period = { from: q.from ?? daysAgo(55), to: q.to ?? chinaDate(new Date()) };
    // Both read at the same instant, so the weekly chart adds up to the bulletin's 收到留言.
    const now = new Date();
    const [bulletin, trend] = await Promise.all([computeBulletin(db, { ...period, now }), categoryTrend(db, { ...period, now })]);
    return { ...period, bulletin, trend };
  });

  /**
   * 本单位通报情况: a handling unit's own row of the period's 《印台政务通报》 and whether it is
   * praised or criticised; never another unit's figures (the offices use /api/console/charts).
   */
  app.get('/api/console/unit-bulletin', async (request) => {
    const actor = actorOf(request);
    requireRole(actor, ['unit']);
    const q = parseInput(z.object({ from: optional(isoDate), to: optional(isoDate) }), request.query);
    const period = { from: q.from ?? daysAgo(55), to: q.to ?? chinaDate(new Date()) };
    const unit = actor.unitId ? await db.unit.findUnique({ where: { id: actor.unitId }, select: { id: true, name: true } }) : null;
    if (!unit) throw new AppError('FORBIDDEN', '本账号未设置所属承办单位，请联系系统管理员');
    return unitBulletinView(await computeBulletin(db, period), unit);
  });

  /** 建议准确率: the suggestions against staff decisions made in the period (default: all time). */
  app.get('/api/console/suggestion-agreement', async (request) => {
    requireRole(actorOf(request), suggestionAgreementViewers);
    const q = parseInput(z.object({ from: optional(isoDate), to: optional(isoDate) }), request.query);
    if (q.from && q.to && q.from > q.to) throw new AppError('BAD_INPUT', reversedPeriodMessage(q.from, q.to));
    return agreement.measure(q);
  });

  /** The health of every crawler source; `removed` for one no longer in the source file (never crawled again), `disabled` for one the file switches off (`enabled: false`: crawled no more, so its last runs are history), `manual` for a 手工录入 source, `held` while its site's Retry-After hold-off lasts, `blocked` when its last run met the site's login page or firewall in front of its pages (`accessAlert`); `charsetNotice` (any health) when its last run read the pages in another charset than the site names. */
  app.get('/api/console/sources', async (request) => {
    requireRole(actorOf(request), ['egov_centre', 'supervision', 'gov_office', 'leader', 'admin']);
    const now = Date.now();
    const sources = await listSources(db);
    const inFile = options.sourceIds ? new Set(options.sourceIds) : undefined;
    const disabled = new Set(options.disabledSourceIds ?? []);
    return {
      sources: sources.map((s) => {
        const lastRun = s.lastRunAt?.getTime() ?? null;
        const failing = s.lastErrorAt && (!s.lastSuccessAt || s.lastErrorAt > s.lastSuccessAt);
        // A 手工录入 source is no crawler: it has no runs to judge.
        // `held`: the site asked (Retry-After) not to be visited before heldOffUntil; runs until then send it nothing.
        const heldOffUntil = s.heldOffUntil && Date.parse(s.heldOffUntil) > now ? s.heldOffUntil : null;
        const health = isManualSource(s.id) ? 'manual' : inFile && !inFile.has(s.id) ? 'removed' : disabled.has(s.id) ? 'disabled' : s.layoutAlert ? 'layout' : s.accessAlert ? 'blocked' : heldOffUntil ? 'held' : failing ? 'error' : !lastRun ? 'never' : now - lastRun > 6 * 3600_000 ? 'stale' : 'ok';
        return {
          id: s.id,
          name: s.name,
          channel: s.channel,
          channelName: channelNames[s.channel],
          health,
          lastRunAt: s.lastRunAt?.toISOString() ?? null,
          lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null,
          lastErrorAt: s.lastErrorAt?.toISOString() ?? null,
          lastError: s.lastError,
          layoutAlert: s.layoutAlert,
          // 网站拦截访问: a login page or a firewall's challenge in place of the site's pages (not a redesign).
          accessAlert: s.accessAlert,
          heldOffUntil,
          // 编码提示: the pages were read in another charset than the site names (read right; no error).
          charsetNotice: s.charsetNotice,
          itemsFound: s.itemsFound,
          pagesFetched: s.pagesFetched,
          messages: s._count.messages,
          removedMessages: s.removedMessages,
          excludedMessages: s.excludedMessages,
        };
      }),
    };
  });

  /** Messages the sources' scopes left out as another district's (第三条㈠), newest first, paged, by title. */
  app.get('/api/console/sources/excluded', async (request) => {
    const filter = parseInput(excludedQuery, request.query);
    return listExcludedMessages(db, { actor: actorOf(request), filter });
  });

  /** 转入受理: an excluded message becomes a message in the pipeline (classified, de-duplicated, in the review queue). 409 when already done. */
  app.post('/api/console/sources/excluded/:id/bring-back', async (request) => {
    const { id } = parseInput(z.object({ id: z.string().min(1).max(64) }), request.params);
    const { note } = parseInput(z.object({ note: z.string().max(2000) }), request.body);
    const result = await bringBackExcludedMessage(db, { id, note, actor: actorOf(request) });
    // Queued under the message's own job id, as the crawl stage does. The message is in the store
    // already: if the queue is unreachable, the unfinished-work sweep queues it later.
    try {
      await options.queue?.enqueue(classifyMessageJob, { messageId: result.messageId }, { jobId: `classify:${result.messageId}` });
    } catch (error) {
      request.log.warn({ err: error, messageId: result.messageId }, '转入受理的留言未能立即送去分类，稍后由巡检送去');
    }
    return result;
  });

  /**
   * 重新判断 (admin): after the gazetteer was completed, every excluded message of the source is
   * judged with the current scope, those now in scope brought in as 转入受理 does. Runs in the
   * background of this process: answers 202 with the run at once (its id to follow); a run of the
   * source already under way: 409 naming who started it and when. Safe twice.
   */
  app.post('/api/console/sources/:id/recheck-scope', async (request, reply) => {
    const { id } = parseInput(sourceParams, request.params);
    const { dryRun } = parseInput(z.object({ dryRun: z.boolean().default(false) }), request.body ?? {});
    const actor = actorOf(request);
    requireRole(actor, ['admin']);
    if (!options.recheckRuns) throw new AppError('UNAVAILABLE', '本进程未载入来源文件，无法重新判断；请在民声主程序的控制台上操作');
    const { run } = await options.recheckRuns.start({ sourceId: id, actor, dryRun });
    return reply.code(202).send(run);
  });

  /** The source's running 重新判断 in this process, else its latest finished one (null: none known here). */
  app.get('/api/console/sources/:id/recheck-scope', async (request) => {
    const { id } = parseInput(sourceParams, request.params);
    requireRole(actorOf(request), excludedViewers);
    return { run: options.recheckRuns?.latest(id) ?? null };
  });

  /** One 重新判断: its state, letters judged of how many, and at the end what it did (or why it failed). */
  app.get('/api/console/sources/:id/recheck-scope/:runId', async (request) => {
    const { id, runId } = parseInput(sourceParams.extend({ runId: z.string().uuid() }), request.params);
    requireRole(actorOf(request), excludedViewers);
    const run = options.recheckRuns?.get(runId);
    // Runs live in the memory of the process that started them (docs/production.md).
    if (!run || run.sourceId !== id) throw new AppError('NOT_FOUND', '本进程没有这次重新判断的记录：它由另一个民声主程序进程开始，或本进程已重新启动（进行中的重新判断随之停止，已转入受理的留言不受影响）；可再次重新判断');
    return run;
  });
}
