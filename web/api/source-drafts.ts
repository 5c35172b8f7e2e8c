/**
 * 起草新来源 (admin, console 采集来源 › 起草新来源): drafts a source from a list page's address in the
 * background of this process, as `minsheng sources suggest` does (crawlers/suggest/), then tries the
 * draft as `minsheng crawl --once` does (an empty in-memory crawl state: nothing is read or written in
 * the store or the crawl state) and keeps the first letters the trial extracts.
 *
 * One draft at a time per process: a draft may open chromium (a list built by script) and a trial
 * crawl fetches tens of pages, on an office PC that runs the main job beside it. Drafts live in this
 * process's memory only (the last few kept for their page and download): nothing is saved, and the
 * draft is the admin's to add to the source file (the running main job loads the file at start).
 * A running draft is stopped at once by 取消 (cancel) or the process's shutdown: one signal cuts off
 * the page being read, closes chromium and stops the trial. The addresses it may read are checked
 * as source-draft-address.ts says (no link-local or cloud metadata address; private ones allowed).
 */
import { randomUUID } from 'node:crypto';
import { AppError, BadInputError, beijingClock, channelNames, channels, describeError, silentLogger, type Channel, type CrawledMessage, type Logger } from '../../core/index.js';
import { checkDraftAddress, checkResolvedAddress, systemResolve, type ResolveHost } from './source-draft-address.js';
import { addToSourceFile, sourceFileRefusal, type AddedToSourceFile, type SourceFileTarget } from './source-file-append.js';

export interface SourceDraftsOptions {
  /** The chromium a list built by script is opened in. @default '/usr/bin/chromium' (the crawler's) */
  chromiumPath?: string | undefined;
  /** The trial crawl's User-Agent when the draft names none. @default the crawler's */
  userAgent?: string | undefined;
  /** Letters the trial crawl keeps (it stops once it has them). @default 20 */
  previewLetters?: number | undefined;
  /** Pages the trial crawl fetches at most (list and letters' pages). @default 40 */
  previewPages?: number | undefined;
  /** How long the trial crawl may take before it is stopped (what it found is kept). @default 120 000 ms */
  previewTimeoutMs?: number | undefined;
  /** Finished drafts kept in memory (their page and download). @default 10 */
  keep?: number | undefined;
  /** The source file the main job loaded, for 加入来源文件. @default none: the built-in demo file, never written */
  sourceFile?: SourceFileTarget | undefined;
  /** How a host name is resolved to check where it points (source-draft-address.ts). @default the system resolver */
  resolveHost?: ResolveHost | undefined;
  /** @default silent */
  logger?: Logger | undefined;
}

/** What the admin asks for: the fields `minsheng sources suggest` takes. */
export interface SourceDraftRequest {
  listUrl: string;
  /** --detail-url: letters' pages to read besides those the list links to. */
  detailUrls?: string[] | undefined;
  /** --id. @default from the list page's host name */
  id?: string | undefined;
  /** --name. @default the list page's title */
  name?: string | undefined;
  /** --channel. @default guessed from the list page's title */
  channel?: string | undefined;
  /** --encoding (gbk …). @default read from the site */
  encoding?: string | undefined;
}

/** A letter of the trial crawl, as the result page lists it (site text: untrusted). */
export interface PreviewLetter {
  siteId: string;
  title: string;
  postedAt: string | null;
  siteStatus: string | null;
  /** The letter's page carries a reply's text (a 办理单位 alone is no reply). */
  replied: boolean;
  url: string | null;
}

export interface SourceDraftResult {
  sourceId: string;
  name: string;
  channel: Channel;
  channelName: string;
  /** The source file with the one source, with the draft's comments. */
  yaml: string;
  /** What the draft could not tell, and what to check before using it. */
  notes: string[];
  /** What the draft read wrong on the first page and letter. */
  problems: string[];
  letters: PreviewLetter[];
  trial: {
    pagesFetched: number;
    /** Letters the trial crawl extracted (it stops at previewLetters). */
    lettersFound: number;
    /** Stopped on having enough letters, or on the time limit: not every page was read. */
    stoppedEarly: boolean;
    pageErrors: string[];
    layoutAlert: string | null;
    accessAlert: string | null;
    /** Letters the draft's scope left out as another district's. */
    dropped: number;
  };
}

export type SourceDraftState = 'drafting' | 'previewing' | 'done' | 'failed' | 'cancelled';

export interface SourceDraftJob {
  id: string;
  state: SourceDraftState;
  listUrl: string;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  /** Pages read so far while drafting (the last few, addresses as the site gives them). */
  pages: string[];
  pagesRead: number;
  /** Letters the trial crawl has extracted so far. */
  lettersFound: number;
  error: string | null;
  result: SourceDraftResult | null;
  /** Where 加入来源文件 would write, or why it cannot (then the admin adds the download by hand). */
  sourceFile: { path: string | null; refusal: string | null };
  /** Set once 加入来源文件 wrote the draft's source to the file. */
  added: AddedToSourceFile | null;
  /** Who pressed 取消, and when (state `cancelled`). */
  cancelled: { by: string; at: string } | null;
}

/** Why a draft's signal aborted: an admin's 取消, or the process stopping. */
type StopReason = { kind: 'cancel'; by: string } | { kind: 'shutdown' };

/** A promise that rejects when `signal` aborts: a draft's state follows its 取消 at once, whatever step it is at. */
const abortedPromise = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));

const idPattern = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * The request checked as the CLI checks its arguments, and its addresses as source-draft-address.ts
 * says (no link-local or metadata address; loopback and private ones allowed); BadInputError in staff's words.
 */
export function checkDraftRequest(request: SourceDraftRequest): SourceDraftRequest & { listUrl: string; detailUrls: string[]; id: string } {
  const listUrl = checkDraftAddress(request.listUrl, '列表页网址');
  const detailUrls = (request.detailUrls ?? []).map((u) => u.trim()).filter(Boolean).map((u) => checkDraftAddress(u, '留言详情页网址'));
  const channel = request.channel || undefined;
  if (channel !== undefined && !(channels as readonly string[]).includes(channel)) throw new BadInputError(`渠道应为 ${channels.map((c) => channelNames[c]).join('、')} 之一：${channel}`);
  const id = request.id?.trim() || new URL(listUrl).hostname.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (!idPattern.test(id)) throw new BadInputError(`来源编号只能用小写字母、数字、- 和 _：${id}`);
  const encoding = request.encoding?.trim() || undefined;
  if (encoding !== undefined && !/^[a-z0-9_-]{2,20}$/i.test(encoding)) throw new BadInputError(`网页编码应写作 gbk、gb18030、utf-8 等：${encoding}`);
  return { listUrl, detailUrls, id, name: request.name?.trim() || undefined, channel, encoding };
}

/** `HH:MM` in Beijing time, as a refusal names when something was done today. */
const beijingTime = (iso: string) => beijingClock(Date.parse(iso)).slice(11, 16);

/** A letter of the trial crawl as the result page lists it. */
export const previewOf = (m: CrawledMessage): PreviewLetter => ({
  siteId: m.siteId,
  title: m.title,
  postedAt: m.postedAt ?? null,
  siteStatus: m.siteStatus ?? null,
  // The reply's text, not its unit: many sites print the 办理单位 a letter was sent to long before it is answered.
  replied: Boolean(m.replyText?.trim()),
  url: m.url ?? null,
});

/** The drafts of this process: start one, read one. */
export class SourceDrafts {
  private readonly jobs = new Map<string, SourceDraftJob>();
  /** The running draft: `ended` settles once its state is final, `done` once its work has stopped. */
  private running: { job: SourceDraftJob; controller: AbortController; ended: Promise<void>; done: Promise<void> } | undefined;
  private readonly logger: Logger;
  private readonly resolveHost: ResolveHost;
  private adding = false;

  constructor(private readonly options: SourceDraftsOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.resolveHost = options.resolveHost ?? systemResolve;
  }

  /**
   * Starts a draft and answers at once with its job (its id to follow). BadInputError for a bad
   * request, or an address whose host name resolves to a refused one; CONFLICT (409) while another
   * draft of this process runs, naming who started it and when.
   */
  async start(request: SourceDraftRequest, startedBy: string): Promise<SourceDraftJob> {
    const checked = checkDraftRequest(request);
    for (const [url, what] of [[checked.listUrl, '列表页网址'], ...checked.detailUrls.map((u) => [u, '留言详情页网址'])] as const) await checkResolvedAddress(url, what, this.resolveHost);
    // A draft just cancelled stops within moments (its page cut off, chromium closing): waited for a little.
    if (this.running?.job.finishedAt) await Promise.race([this.running.done, new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref())]);
    if (this.running?.job.finishedAt) throw new AppError('CONFLICT', '刚取消的草稿仍在停止（关闭浏览器等），请稍后再试');
    if (this.running) {
      const other = this.running.job;
      throw new AppError('CONFLICT', `已有一份来源草稿正在起草（${other.startedBy} 于 ${beijingTime(other.startedAt)} 开始：${other.listUrl}）；一次只能起草一份，请等它完成后再试`);
    }
    const job: SourceDraftJob = { id: randomUUID(), state: 'drafting', listUrl: checked.listUrl, startedBy, startedAt: new Date().toISOString(), finishedAt: null, pages: [], pagesRead: 0, lettersFound: 0, error: null, result: null, sourceFile: { path: this.options.sourceFile?.path ?? null, refusal: sourceFileRefusal(this.options.sourceFile) ?? null }, added: null, cancelled: null };
    this.jobs.set(job.id, job);
    const controller = new AbortController();
    const work = this.run(job, checked, controller.signal);
    // The state is final at once on 取消 or shutdown; the work (a page cut off, chromium closing)
    // stops by the same signal, and the next draft waits for that (`done`).
    const ended = Promise.race([work, abortedPromise(controller.signal)])
      .catch((error: unknown) => {
        const reason = controller.signal.aborted ? (controller.signal.reason as StopReason) : undefined;
        if (reason?.kind === 'cancel') {
          job.state = 'cancelled';
          job.cancelled = { by: reason.by, at: new Date().toISOString() };
          job.error = `已由 ${reason.by} 于 ${beijingTime(job.cancelled.at)} 取消`;
          this.logger.info({ listUrl: job.listUrl }, `管理员 ${reason.by} 取消了来源草稿`);
          return;
        }
        job.error = reason ? '民声主程序停止，起草随之中断；请重新起草' : describeError(error);
        job.state = 'failed';
        if (!reason) this.logger.warn({ err: error, listUrl: job.listUrl }, '起草来源失败');
      })
      .finally(() => {
        job.finishedAt = new Date().toISOString();
      });
    const done = Promise.allSettled([work, ended]).then(() => {
      this.running = undefined;
      this.forgetOld();
    });
    this.running = { job, controller, ended, done };
    return job;
  }

  /** A draft of this process (undefined: unknown here, or forgotten). */
  get(id: string): SourceDraftJob | undefined {
    return this.jobs.get(id);
  }

  /**
   * 加入来源文件: the finished draft's source appended to the main job's source file (a backup
   * kept first; source-file-append.ts). Takes effect when the main job is restarted.
   */
  async addToSourceFile(id: string, addedBy: string): Promise<AddedToSourceFile> {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', '本进程没有这份草稿：它由另一个民声主程序进程起草，或本进程已重新启动；请重新起草');
    if (!job.result) throw new AppError('CONFLICT', job.state === 'failed' ? '这份草稿起草失败，没有可加入的来源' : '草稿尚未完成，请稍候');
    if (job.added) throw new AppError('CONFLICT', `这份草稿已由 ${job.added.addedBy} 于 ${beijingTime(job.added.addedAt)} 加入来源文件 ${job.added.file}`);
    if (this.adding) throw new AppError('CONFLICT', '正在写入来源文件，请稍后再试');
    this.adding = true;
    try {
      const r = job.result;
      const comments = [`由控制台「起草新来源」加入：${addedBy}，${beijingClock(Date.now())}，列表页 ${job.listUrl}`, ...r.notes.map((n) => `注意：${n}`)];
      job.added = await addToSourceFile(this.options.sourceFile, { sourceId: r.sourceId, yaml: r.yaml, comments }, addedBy);
      this.logger.info({ file: job.added.file, backup: job.added.backup, sourceId: r.sourceId }, `管理员 ${addedBy} 在控制台把来源 ${r.sourceId} 加入了来源文件（重启后生效）`);
      return job.added;
    } finally {
      this.adding = false;
    }
  }

  /**
   * 取消: stops the running draft at once (the page being fetched cut off, chromium closed, the
   * trial crawl stopped) and answers with its job, `cancelled`. NOT_FOUND for a draft unknown here;
   * CONFLICT for one that has ended.
   */
  async cancel(id: string, cancelledBy: string): Promise<SourceDraftJob> {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', '本进程没有这份草稿：它由另一个民声主程序进程起草，或本进程已重新启动；请重新起草');
    const running = this.running;
    if (running?.job !== job || job.finishedAt) throw new AppError('CONFLICT', `这份草稿已${job.state === 'done' ? '完成' : job.state === 'cancelled' ? '取消' : '结束（起草失败）'}，无需取消`);
    running.controller.abort({ kind: 'cancel', by: cancelledBy } satisfies StopReason);
    await running.ended;
    return job;
  }

  /**
   * Stops the running draft (the process is stopping) as 取消 does; its work is waited for 5 s at
   * most (it stops by the same signal within moments; a step that did not would only delay the exit).
   */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort({ kind: 'shutdown' } satisfies StopReason);
    await Promise.race([running.done, new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref())]);
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt);
    for (const job of finished.slice(0, Math.max(0, finished.length - (this.options.keep ?? 10)))) this.jobs.delete(job.id);
  }

  private async run(job: SourceDraftJob, request: ReturnType<typeof checkDraftRequest>, signal: AbortSignal): Promise<void> {
    // The crawl engine (Crawlee, Playwright) takes seconds to load: only a draft pays for it.
    const { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } = await import('../../crawlers/index.js');
    signal.throwIfAborted();
    const draft = await draftSourceFromSite({
      signal,
      // The pages the list leads to, and redirects, checked as the typed address was.
      checkAddress: async (url) => void (await checkResolvedAddress(url, '网站页面地址', this.resolveHost)),
      listUrl: request.listUrl,
      detailUrls: request.detailUrls,
      id: request.id,
      name: request.name,
      channel: request.channel as Channel | undefined,
      encoding: request.encoding,
      chromiumPath: this.options.chromiumPath,
      onPage: (page) => {
        job.pagesRead += 1;
        job.pages = [...job.pages, page].slice(-5);
      },
    });
    signal.throwIfAborted();
    // The trial reads the draft's list addresses (a JSON list's may be another host's): checked as the typed one.
    for (const url of draft.source.startUrls) await checkResolvedAddress(url, '草稿的列表地址', this.resolveHost);
    job.state = 'previewing';
    // The trial: as `crawl --once`, within a page budget, stopped once it has the letters shown.
    const wanted = this.options.previewLetters ?? 20;
    const source = { ...draft.source, watch: { ...draft.source.watch, maxPagesPerRun: Math.min(draft.source.watch.maxPagesPerRun, this.options.previewPages ?? 40) } };
    const trial = new AbortController();
    const stopTrial = () => trial.abort();
    signal.addEventListener('abort', stopTrial, { once: true });
    const timer = setTimeout(stopTrial, this.options.previewTimeoutMs ?? 120_000);
    const letters: PreviewLetter[] = [];
    let dropped = 0;
    let pagesFetched = 0;
    try {
      const result = await crawlSource(source, {
        state: new MemoryCrawlStateStore(),
        ...(this.options.userAgent ? { userAgent: this.options.userAgent } : {}),
        ...(this.options.chromiumPath ? { chromiumPath: this.options.chromiumPath } : {}),
        logger: this.logger.child({ component: 'source-draft' }, { level: 'error' }),
        signal: trial.signal,
        onMessage: (m) => {
          if (letters.length < wanted) letters.push(previewOf(m));
          job.lettersFound = letters.length;
          if (letters.length >= wanted) trial.abort();
        },
        onDropped: () => {
          dropped += 1;
        },
        onProgress: (p) => {
          pagesFetched = p.pages;
        },
      });
      signal.throwIfAborted();
      const h = result.health;
      job.result = {
        sourceId: draft.source.id,
        name: draft.source.name,
        channel: draft.source.channel,
        channelName: channelNames[draft.source.channel],
        yaml: draft.yaml,
        notes: draft.notes,
        problems: draft.preview.problems,
        letters,
        trial: {
          pagesFetched: Math.max(pagesFetched, h.pagesFetched ?? 0),
          lettersFound: letters.length,
          stoppedEarly: Boolean(h.interrupted) || letters.length >= wanted || pagesFetched >= source.watch.maxPagesPerRun,
          // The layout alert is among the page errors too (布局告警：…): said once, apart.
          pageErrors: h.pageErrors.filter((e) => !(h.layoutAlert && e.url === '')).slice(0, 10).map((e) => (e.url ? `${e.error}（${e.url}）` : e.error)),
          layoutAlert: h.layoutAlert ?? null,
          accessAlert: h.accessAlert ?? null,
          dropped,
        },
      };
      job.state = 'done';
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stopTrial);
    }
  }
}
