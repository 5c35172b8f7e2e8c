/**
 * `minsheng cases show <台账编号> [--json]`: one case as the console's case page shows it, read-only:
 * its facts (state, category and complexity, writers and 反映人数, units, due date and working days
 * left), the classifier's suggestion while it awaits review, who takes it on next (下一步), its
 * proposals, 交办, extension requests, reports with their review status (办理情况与回复), 督办
 * records, visits, what the sites changed (网站上的变化; case-show-handling.ts), its messages and
 * its event log, each step named as the page names it (workflow stateNames, actionNames,
 * eventNames). Read as the administrator (any case, all of it; no account needed), or with
 * `--as <用户名>` as that account reads it on the console (workflow getCase with its actor: the lead
 * unit and 督查室 also see the 协办意见 texts, an assisting unit its own and less of the rest; a unit
 * is refused a case not in its hands; 下一步 names the reader's own steps when it has some); while
 * the main job holds the embedded store, through its API. Text from the sites goes through printable().
 */
import type { Command } from 'commander';
import { channelNames, NotFoundError, type Channel } from '../../core/index.js';
import type { Store } from '../../workflow/index.js';
import { accountActor } from '../../workflow/users/index.js';
// The names, not workflow/cases' index (which brings the store): the case is read when the command runs.
import { caseEventName } from '../../workflow/cases/event-names.js';
import { describeSuggestion } from '../../workflow/cases/stale-page.js';
import { actionNames, stateNames, type CaseState } from '../../workflow/cases/state-machine.js';
import { satisfactionNames, visitMethodNames, type Satisfaction, type VisitMethod } from '../../workflow/cases/visit-names.js';
import type { CliContext } from '../program.js';
import { printable, jsonOutput } from '../terminal-text.js';
import type { RunFile } from '../app/run-file.js';
import { askMainJob, cliAdmin, runningMainJob, withStore } from '../with-store.js';
import { complexityWords } from './propose-cases.js';
import { handlingJson, handlingLines, nextStepLine } from './case-show-handling.js';
import { atMinute, who, type ShownCase } from './shown-case.js';

/** Where the command reads: the store itself, or the running main job's API. */
export interface CaseReadPort {
  /** The case named by 台账编号 or id (404 when none), as the administrator reads it. */
  read(reference: string): Promise<ShownCase>;
  /** The case named by 台账编号 or id as `account` reads it: unknown or disabled account refused first, a case it may not see FORBIDDEN. */
  readAs(reference: string, account: string): Promise<ShownCase>;
  sourceNames(): Promise<Map<string, string>>;
}

/** Where a command reads and acts: the running main job (its API) or the store the command opened. */
export type CaseStoreWay = { running: RunFile; store?: undefined } | { store: Store; running?: undefined };

/** Reads through the running main job's API when it holds the store, else opens the store; `fn` is told which. */
export async function withCaseReader<T>(ctx: CliContext, command: string, fn: (port: CaseReadPort, way: CaseStoreWay) => Promise<T>): Promise<T> {
  const running = await runningMainJob(ctx);
  if (running) {
    return fn(
      {
        read: async (reference) => {
          const { caseId } = await askMainJob<{ caseId: string }>(running, '/api/cli/cases/copies', { method: 'POST', body: { reference } });
          return (await askMainJob<{ case: ShownCase }>(running, `/api/workflow/cases/${encodeURIComponent(caseId)}`)).case;
        },
        readAs: async (reference, account) => (await askMainJob<{ case: ShownCase }>(running, '/api/cli/cases/show', { method: 'POST', body: { as: account, reference } })).case,
        sourceNames: async () => new Map((await askMainJob<{ sources: { id: string; name: string }[] }>(running, '/api/console/meta')).sources.map((s) => [s.id, s.name])),
      },
      { running },
    );
  }
  return withStore(
    ctx,
    (store) =>
      fn(
        {
          read: async (reference) => {
            const { findCasesByReference, getCase } = await import('../../workflow/cases/index.js');
            const [found] = await findCasesByReference(store.db, [reference]);
            if (!found?.case) throw new NotFoundError(`案件不存在：${reference.trim()}`);
            // As the API answers it (dates as ISO text), so both ways print alike.
            return JSON.parse(JSON.stringify(await getCase(store.db, { caseId: found.case.id, actor: cliAdmin }))) as ShownCase;
          },
          readAs: async (reference, account) => {
            // The account is checked before anything is read: unknown or disabled is refused at once.
            const actor = await accountActor(store.db, account);
            const { readCaseAs } = await import('../../workflow/cases/index.js');
            return JSON.parse(JSON.stringify(await readCaseAs(store.db, { reference, actor }))) as ShownCase;
          },
          sourceNames: async () => new Map((await (await import('../../workflow/index.js')).listSources(store.db)).map((s) => [s.id, s.name])),
        },
        { store },
      ),
    command,
  );
}

const channelName = (c: string) => channelNames[c as Channel] ?? c;

/** The classifier's suggestion for a case awaiting review (the case's fields, with the first message's confidences); null otherwise. */
function suggestionOf(c: ShownCase) {
  if (c.state !== 'awaiting_review') return null;
  const primary = c.messages.find((m) => m.id === c.primaryMessageId);
  const s = (primary?.classification ?? null) as { confidence?: unknown; unit?: { value?: unknown }; modelVersion?: unknown } | null;
  return {
    text: describeSuggestion(c),
    confidence: typeof s?.confidence === 'number' ? s.confidence : null,
    unit: typeof s?.unit?.value === 'string' ? s.unit.value : (c.unit?.name ?? null),
    modelVersion: typeof s?.modelVersion === 'string' ? s.modelVersion : null,
  };
}

/** 承办单位 as the case page's facts say it: the suggestion before 交办, 主办 and 协办 after. */
function unitsLine(c: ShownCase): string {
  const hu = c.handlingUnits;
  if (!hu.lead) {
    if (c.state === 'not_accepted' || c.state === 'merged') return '承办单位  —';
    return `${c.state === 'returned' ? '承办单位' : '建议承办单位'}  ${printable(c.unit?.name ?? '—')}`;
  }
  const assists = hu.assists.map((a) => `${printable(a.unit)}${a.submittedAt ? '（已提交意见）' : a.status === 'active' ? '（未提交）' : '（未提交，协办已结束）'}`).join('、');
  return `承办单位  主办：${printable(hu.lead.unit)}${assists ? ` / 协办：${assists}` : ''}`;
}

/** Beside a due date, as the console's ledger and case page say it (web/console/js/due-note.js). */
export function dueRemark(c: { daysLeft: number | null; reportedLateDays: number | null }): string {
  if (c.reportedLateDays) return `（逾期报送 ${c.reportedLateDays} 个工作日）`;
  if (c.daysLeft === null) return '';
  return c.daysLeft < 0 ? `（逾期 ${-c.daysLeft} 个工作日）` : c.daysLeft === 0 ? '（今天到期）' : `（剩 ${c.daysLeft} 个工作日）`;
}

function dueLine(c: ShownCase): string {
  return `办理时限  ${c.dueDate ?? '—'}${dueRemark(c)}`;
}

/** The label of an event as the case page gives it: the step's name, or what the system did. */
/** A proposal's decision as the case page names it. */
const proposalDecisionName = (decision: string) => (decision === 'approved' ? '已同意' : decision === 'rejected' ? '已退回' : '待审批');
const eventLabel = (c: ShownCase, e: ShownCase['events'][number]) => caseEventName(e, c.events, actionNames);

function eventLine(c: ShownCase, e: ShownCase['events'][number]): string {
  const data = (e.data ?? {}) as { to?: unknown; from?: unknown; note?: unknown; reason?: unknown };
  const to = typeof data.to === 'string' && data.to !== data.from ? ` → ${stateNames[data.to as CaseState] ?? data.to}` : '';
  const note = typeof data.note === 'string' && data.note ? `：${printable(data.note)}` : typeof data.reason === 'string' && data.reason ? `：${printable(data.reason)}` : '';
  return `  ${atMinute(e.at)}  ${eventLabel(c, e)}  ${who(c, e.actor)}${to}${note}\n`;
}

/** `reader`: the account of --as (undefined: the administrator, as before). */
function printCase(ctx: CliContext, c: ShownCase, sources: Map<string, string>, reader: string | undefined): void {
  const out = (line: string) => ctx.io.stdout(`${line}\n`);
  const writers = [...new Set(c.messages.map((m) => m.author ?? '匿名'))].map(printable).join('、');
  out(`${c.ledgerNo}  ${printable(c.title)}`);
  out(`状态      ${c.stateName}${c.archivedAt ? `（已归档 ${printable(c.archiveVolume ?? '')}）` : ''}`);
  out(`类别      ${c.category}${c.categoryConfirmed ? '' : '（待确认）'}  复杂程度 ${complexityWords[c.complexity as 'simple'] ?? c.complexity}`);
  out(`反映人    ${writers}（反映人数 ${c.reporterCount}${c.messages.length > c.reporterCount ? `，留言 ${c.messages.length} 条` : ''}）`);
  out(unitsLine(c));
  out(dueLine(c));
  const s = suggestionOf(c);
  if (s) out(`分类建议  ${s.text}${s.confidence === null ? '' : `（类别置信度 ${Math.round(s.confidence * 100)}%）`}，建议承办单位 ${printable(s.unit ?? '未能判断')}${s.modelVersion ? `  模型 ${printable(s.modelVersion)}` : ''}`);
  const next = nextStepLine(c, reader);
  if (next) out(next);
  for (const p of c.proposals) {
    const decision = proposalDecisionName(p.decision);
    const assists = p.assistUnits.length ? `，协办：${p.assistUnits.map((u) => printable(u.unit)).join('、')}` : '';
    out(`拟办意见  ${atMinute(p.proposedAt)} ${who(c, p.proposedBy)}：拟交办 ${printable(p.unitName)}${assists}（${complexityWords[p.complexity as 'simple'] ?? p.complexity}）[${decision}] ${printable(p.opinion)}${p.decisionNote ? `；批示：${printable(p.decisionNote)}` : ''}`);
  }
  for (const line of handlingLines(c)) out(line);
  for (const v of c.visits) {
    out(`回访      ${atMinute(v.visitedAt)} ${who(c, v.visitedBy)}（${visitMethodNames[v.method as VisitMethod] ?? v.method}）：${satisfactionNames[v.satisfaction as Satisfaction] ?? v.satisfaction}${v.note ? `，${printable(v.note)}` : ''}`);
  }
  out(`留言（${c.messages.length} 条）`);
  for (const m of c.messages) {
    out(`  ${printable(m.author ?? '匿名')} · ${channelName(m.channel)} · ${printable(sources.get(m.sourceId) ?? m.sourceId)} · ${m.postedAt ? atMinute(m.postedAt) : `${atMinute(m.firstSeenAt)} 收到（未注明留言时间）`}  ${printable(m.title)}${m.id === c.primaryMessageId ? '' : '（重复留言）'}`);
  }
  out(`办理过程（${c.events.length} 条）`);
  for (const e of c.events) ctx.io.stdout(eventLine(c, e));
}

/** The case as `--json` gives it: the facts, the suggestion, 下一步, proposals, the handling records, visits, messages and the event log, each with its Chinese name beside its code. */
function caseJson(c: ShownCase, sources: Map<string, string>, reader: string | undefined) {
  return {
    ledgerNo: c.ledgerNo,
    title: c.title,
    state: c.state,
    stateName: c.stateName,
    category: c.category,
    categoryConfirmed: c.categoryConfirmed,
    complexity: c.complexity,
    complexityName: complexityWords[c.complexity as 'simple'] ?? c.complexity,
    reporterCount: c.reporterCount,
    writers: [...new Set(c.messages.map((m) => m.author))],
    unit: c.handlingUnits.lead?.unit ?? null,
    suggestedUnit: c.handlingUnits.lead ? null : (c.unit?.name ?? null),
    assistUnits: c.handlingUnits.assists.map((a) => a.unit),
    dueDate: c.dueDate,
    daysLeft: c.daysLeft,
    reportedLateDays: c.reportedLateDays,
    archivedAt: c.archivedAt,
    suggestion: suggestionOf(c),
    proposals: c.proposals.map((p) => ({ unit: p.unitName, assistUnits: p.assistUnits.map((u) => u.unit), complexity: p.complexity, complexityName: complexityWords[p.complexity as 'simple'] ?? p.complexity, decision: p.decision, decisionName: proposalDecisionName(p.decision), opinion: p.opinion, proposedAt: p.proposedAt, proposedBy: p.proposedBy, decisionNote: p.decisionNote })),
    ...handlingJson(c, reader),
    visits: c.visits.map((v) => ({ ...v, satisfactionName: satisfactionNames[v.satisfaction as Satisfaction] ?? v.satisfaction, methodName: visitMethodNames[v.method as VisitMethod] ?? v.method })),
    messages: c.messages.map((m) => ({ id: m.id, primary: m.id === c.primaryMessageId, author: m.author, title: m.title, channel: m.channel, channelName: channelName(m.channel), source: m.sourceId, sourceName: sources.get(m.sourceId) ?? m.sourceId, postedAt: m.postedAt, url: m.url })),
    events: c.events.map((e) => ({ at: e.at, type: e.type, name: eventLabel(c, e), actor: e.actor, actorName: c.actorNames[e.actor] ?? e.actor, data: e.data })),
  };
}

export function registerCaseShowCommand(cases: Command, ctx: CliContext): void {
  cases
    .command('show')
    .description('查看一件案件（同控制台案件页）：状态、类别、留言人和反映人数、承办单位、办理时限、分类建议、下一步、拟办意见、交办、延期申请、办理情况与回复、督办记录、回访、网站上的变化、留言和办理过程')
    .argument('<台账编号>', '案件的台账编号，如 YT-2026-000035')
    .option('--json', '以 JSON 输出')
    .option('--as <用户名>', '按该账号在控制台看到的内容显示（如主办单位和督查室可见协办意见；单位账号只能查看交办给本单位的案件）；不指定时按管理员显示（协办意见全文除外）')
    .action(async (reference: string, opts: { json?: boolean; as?: string }) => {
      await withCaseReader(ctx, 'minsheng cases show', async (port) => {
        const [c, sources] = await Promise.all([opts.as === undefined ? port.read(reference) : port.readAs(reference, opts.as), port.sourceNames()]);
        if (opts.json) ctx.io.stdout(jsonOutput(caseJson(c, sources, opts.as)));
        else printCase(ctx, c, sources, opts.as);
      });
    });
}
