/**
 * Where the workflow steps of the `cases` commands read and act (case-review-steps.ts, case-steps.ts,
 * case-handling-steps.ts, case-reply-steps.ts):
 * the store the command opens, or the running main job's API while it holds the embedded store
 * (the local token only: a console session is refused there). Every step acts as the account named
 * by --as, which is checked before anything is read (unknown or disabled: refused at once); a role
 * that may not take the step is refused by the workflow, exactly as on the console.
 */
import { AppError, BadInputError, UnavailableError } from '../../core/index.js';
import type {
  AssignmentResult,
  DecideNotAcceptedInput,
  RegisterCaseInput,
  DecideExtensionInput,
  PublishReplyInput,
  PublishReplyResult,
  RequestExtensionInput,
  AwaitingVisitList,
  NamedCase,
  Satisfaction,
  VisitMethod,
} from '../../workflow/cases/index.js';
import type { BatchAcceptResult, ReviewItem } from '../../workflow/console-queries/index.js';
import type { ReplyCheckResult } from '../../workflow/review/index.js';
import { accountActor } from '../../workflow/users/index.js';
import type { CliContext } from '../program.js';
import { askMainJob } from '../with-store.js';
import { withCaseReader, type CaseReadPort } from './case-show.js';

export interface VisitInput {
  caseId: string;
  satisfaction: Satisfaction;
  method: VisitMethod;
  note?: string | undefined;
  reportId?: string | undefined;
}

/**
 * 交办 as the console's case page sends it: the approved proposal and its 协办单位 as read (another
 * agreed meanwhile is refused).
 */
export interface AssignInput {
  caseId: string;
  proposalId?: string | undefined;
  assistUnitIds?: string[] | undefined;
}

/** 报送办理情况: the text, and the assignment as read (re-assigned or returned meanwhile: refused). */
export interface ReportInput {
  caseId: string;
  text: string;
  acknowledgeFindings?: boolean | undefined;
  assignmentId?: string | undefined;
}

/** 审核: pass or send back the report as read (reported again or reviewed meanwhile: refused). */
export interface ReviewInput {
  caseId: string;
  accept: boolean;
  note?: string | undefined;
  /** Passing it: the reply as 督查室 settles it (published verbatim once approved); the unit's text when absent. */
  reviewText?: string | undefined;
  reportId?: string | undefined;
}

/** 领导审批答复: approve or send back the reply as read (another one awaiting approval now: refused). */
export interface ReplyDecisionInput {
  caseId: string;
  approve: boolean;
  note?: string | undefined;
  reportId?: string | undefined;
}

/** A workflow step's input as the command sends it: without the actor (the account --as) and the clock. */
type StepInput<T> = Omit<T, 'actor' | 'now'>;

/** 批量确认 as the review page sends it: the cases it listed with the suggestion it showed for each. */
export interface AcceptSuggestionsInput {
  threshold: number;
  caseIds: string[];
  suggestionKeys: Record<string, string>;
  dryRun?: boolean | undefined;
}

/** What the steps read and do: the store itself, or the running main job's API; always as the account --as. */
export interface StepsPort extends CaseReadPort {
  /** The cases named, the account checked first (unknown or disabled: refused before anything is read). */
  find(references: string[]): Promise<{ reference: string; case: NamedCase | null }[]>;
  /** 分类审核: the review queue as the console's review page lists it (oldest first). */
  reviewQueue(page: { limit: number }): Promise<{ total: number; items: ReviewItem[] }>;
  register(input: StepInput<RegisterCaseInput>): Promise<{ caseId: string; corrected: string[] }>;
  notAccepted(input: StepInput<DecideNotAcceptedInput>): Promise<{ caseId: string }>;
  acceptSuggestions(input: AcceptSuggestionsInput): Promise<BatchAcceptResult>;
  visit(input: VisitInput): Promise<{ visitId: string; reopened: AssignmentResult | null }>;
  awaitingVisits(filter: { unreached?: boolean; limit: number }): Promise<AwaitingVisitList>;
  decide(input: { caseId: string; approve: boolean; note?: string | undefined; proposalId?: string | undefined }): Promise<{ proposalId: string }>;
  assign(input: AssignInput): Promise<AssignmentResult>;
  report(input: ReportInput): Promise<{ reportId: string; check: ReplyCheckResult; onTime: boolean }>;
  review(input: ReviewInput): Promise<{ reportId: string }>;
  decideReply(input: ReplyDecisionInput): Promise<{ reportId: string }>;
  publish(input: StepInput<PublishReplyInput>): Promise<PublishReplyResult>;
  requestExtension(input: StepInput<RequestExtensionInput>): Promise<{ requestId: string }>;
  decideExtension(input: StepInput<DecideExtensionInput>): Promise<{ requestId: string; dueDate: string }>;
  assistOpinion(input: { caseId: string; text: string }): Promise<{ opinionId: string; onTime: boolean }>;
  returnCase(input: { caseId: string; reason: string; assignmentId?: string | undefined }): Promise<{ assignmentId: string }>;
  returnForRevision(input: { caseId: string; note: string; reportId?: string | undefined }): Promise<{ reportId: string }>;
}

/** Runs `fn` with the steps of `account`: through the main job's API when it holds the store, else on the store opened here. */
export async function withSteps<T>(ctx: CliContext, account: string, command: string, fn: (port: StepsPort) => Promise<T>): Promise<T> {
  return withCaseReader(ctx, command, async (reader, way) => {
    if (way.running) {
      const running = way.running;
      ctx.io.stderr(`内置数据库正由民声主程序（pid ${running.pid}）使用，经其接口办理……\n`);
      const post = <R>(route: string, body: object) => askMainJob<R>(running, route, { method: 'POST', body: { as: account, ...body } });
      return fn({
        ...reader,
        find: async (references) => (await post<{ cases: { reference: string; case: NamedCase | null }[] }>('/api/cli/proposals/cases', { references })).cases,
        reviewQueue: (page) => post('/api/cli/cases/review-queue', page),
        register: (input) => post('/api/cli/cases/register', input),
        notAccepted: (input) => post('/api/cli/cases/not-accepted', input),
        acceptSuggestions: (input) => post('/api/cli/cases/accept-suggestions', input),
        visit: (input) => post('/api/cli/cases/visit', input),
        awaitingVisits: (filter) => post('/api/cli/visits/awaiting', filter),
        decide: (input) => post('/api/cli/cases/proposal-decision', input),
        assign: (input) => post('/api/cli/cases/assign', input),
        report: (input) => post('/api/cli/cases/report', input),
        review: (input) => post('/api/cli/cases/report-review', input),
        decideReply: (input) => post('/api/cli/cases/reply-decision', input),
        publish: (input) => post('/api/cli/cases/publish', input),
        requestExtension: (input) => post('/api/cli/cases/extension', input),
        decideExtension: (input) => post('/api/cli/cases/extension-decision', input),
        assistOpinion: (input) => post('/api/cli/cases/assist-opinion', input),
        returnCase: (input) => post('/api/cli/cases/return', input),
        returnForRevision: (input) => post('/api/cli/cases/reply-return', input),
      });
    }
    const db = way.store.db;
    // The account is checked before anything is read: unknown or disabled is refused at once.
    const actor = await accountActor(db, account);
    // Loaded here, not at start: the steps bring the store (Prisma), which `minsheng --help` need not wait for.
    const {
      assignCase,
      decideExtension,
      decideNotAccepted,
      decideProposal,
      decideReply,
      findCasesByReference,
      listAwaitingVisits,
      publishReply,
      recordVisit,
      registerCase,
      requestExtension,
      returnCase,
      returnReplyForRevision,
      reviewReport,
      submitAssistOpinion,
      submitReport,
    } = await import('../../workflow/cases/index.js');
    const { batchAcceptSuggestions, listReviewQueue } = await import('../../workflow/console-queries/index.js');
    return fn({
      ...reader,
      find: (references) => findCasesByReference(db, references),
      reviewQueue: (page) => listReviewQueue(db, { actor, ...page }),
      register: (input) => registerCase(db, { ...input, actor }),
      notAccepted: (input) => decideNotAccepted(db, { ...input, actor }),
      acceptSuggestions: (input) => batchAcceptSuggestions(db, { ...input, actor }),
      visit: (input) => recordVisit(db, { ...input, actor }),
      awaitingVisits: (filter) => listAwaitingVisits(db, { actor, filter }),
      decide: (input) => decideProposal(db, { ...input, actor }),
      assign: (input) => assignCase(db, { ...input, actor }),
      report: (input) => submitReport(db, { ...input, actor }),
      review: (input) => reviewReport(db, { ...input, actor }),
      decideReply: (input) => decideReply(db, { ...input, actor }),
      publish: (input) => publishReply(db, { ...input, actor }),
      requestExtension: (input) => requestExtension(db, { ...input, actor }),
      decideExtension: (input) => decideExtension(db, { ...input, actor }),
      assistOpinion: (input) => submitAssistOpinion(db, { ...input, actor }),
      returnCase: (input) => returnCase(db, { ...input, actor }),
      returnForRevision: (input) => returnReplyForRevision(db, { ...input, actor }),
    });
  });
}

/** A refusal of one case's step: its message; anything else (the store unreachable, a bug) stops the command. */
export function refusalOf(error: unknown): string {
  if (!(error instanceof AppError) || error instanceof UnavailableError) throw error;
  return error.message;
}

export function requireAccount(account: string | undefined, what: string): string {
  if (!account) throw new BadInputError(`请用 --as 指定${what}的账号（事件记录以该账号署名）`);
  return account;
}

/** Each reference's case, or its line when there is none (the 台账编号 as typed); a case named twice once. */
export async function namedCases(port: StepsPort, references: string[]) {
  const seen = new Set<string>();
  return (await port.find(references)).filter(({ case: c }) => !c || (!seen.has(c.id) && seen.add(c.id)));
}

/** The one case named (its page as read now); none: NOT_FOUND, as the single-case commands refuse it. */
export async function namedCase(port: StepsPort, reference: string) {
  const [found] = await port.find([reference]);
  if (!found?.case) throw new AppError('NOT_FOUND', `找不到案件：${reference}`);
  return port.read(found.case.id);
}
