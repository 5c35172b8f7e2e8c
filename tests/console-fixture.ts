/**
 * Shared set-up of the console's browser suites: a fresh PostgreSQL schema, units, one account per
 * role (known passwords), messages entered through the real intake with full classifier
 * suggestions, some cases walked to a handling unit, the app's web server on 127.0.0.1 (port 0)
 * and Debian's chromium driven by Playwright.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright';
import { silentLogger, type Channel, type CrawledMessage } from '../core/index.js';
import { createWebServer, type SourceDrafts } from '../web/index.js';
import { ensureSource, recordMessage, registerMessage, StoreDedup, type Store } from '../workflow/index.js';
import { assignCase, decideProposal, decideReply, proposeHandling, publishReply, registerCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import { createUser, type Actor } from '../workflow/users/index.js';
import { goodReply } from './helpers/case-steps.js';
import { openTestPostgresStore } from './helpers/services.js';

export const password = 'console-pass-2026';
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'];

/** A phone's browser window (390×844, touch), for `signIn(username, phoneWindow)`. */
export const phoneWindow: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

/**
 * A new browser context signed in to the console at `url` (every test account has `password`), in
 * a 1400×900 desktop window unless `window` says otherwise (e.g. phoneWindow).
 */
export async function signInToConsole(browser: Browser, url: string, username: string, window: BrowserContextOptions = { viewport: { width: 1400, height: 900 } }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'zh-CN', ...window });
  const page = await context.newPage();
  await page.goto(url);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('#logout');
  return { context, page };
}

/** Collects a page's uncaught errors and console errors, for a test to expect none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

export interface SeedMessage {
  title: string;
  content: string;
  author?: string;
  channel?: Channel;
  category: string;
  confidence: number;
  explanation?: string[];
  outOfScope?: { code: string; evidence: string[] }[];
  unit?: string | null;
  complexity?: 'simple' | 'complex';
  /** The complexity suggestion's evidence. @default [] */
  complexityEvidence?: string[];
  /** Enter it twice (a copy from another source). */
  copy?: boolean;
  /** The page address the crawler gave (recorded as it is, as a source module's or a JSONL file's once were). @default none */
  url?: string;
  /** The copy's author (another writer sending the same text). @default author */
  copyAuthor?: string;
  /** More copies after the first (and after `copy`), each from 人民网领导留言板 with its writer and page address. */
  copies?: { author?: string; url?: string }[];
  /** A 转办单's facts (channel forwarded), as the 转办 page gives them. */
  forwarding?: CrawledMessage['forwarding'];
}

export interface ConsoleFixture {
  store: Store;
  app: FastifyInstance;
  url: string;
  browser: Browser;
  actors: Record<'egov' | 'office' | 'leader' | 'supervision' | 'roads', Actor>;
  /** Enters a message through intake; returns its case id. */
  addMessage(m: SeedMessage): Promise<string>;
  /** Walks an awaiting case to `assigned` at the unit (at `now`, default the present). */
  assignTo(caseId: string, unitId: string, now?: Date): Promise<void>;
  /**
   * Walks a case assigned to the roads bureau to 已回复 (at `now`, default the present): its report
   * (goodReply), 督查室's 审核, the leader's approval, the centre's publication.
   */
  publishReply(caseId: string, now?: Date): Promise<void>;
  /** A signed-in page for a username, in a desktop window unless `window` says otherwise (phoneWindow). */
  signIn(username: string, window?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

let seq = 0;

/**
 * launchBrowser: start chromium (default true). dedup: register messages through the pipeline's
 * de-duplication index (near copies linked, hot issues grouped), as the main job does; without it
 * only exact copies are linked. sourceIds: the source file's ids, as the main job passes them.
 * sourceDrafts: 起草新来源's drafts (with the source file 加入来源文件 writes); default: none writable.
 */
export async function openConsoleFixture(options: { launchBrowser?: boolean; dedup?: boolean; sourceIds?: string[]; disabledSourceIds?: string[]; sourceDrafts?: SourceDrafts } = {}): Promise<ConsoleFixture> {
  const store = await openTestPostgresStore();
  const db = store.db;
  await db.unit.createMany({
    data: [
      { id: 'u-roads', name: '区交通运输局', keywords: ['道路', '公交'] },
      { id: 'u-water', name: '区水务局', keywords: ['供水', '自来水'] },
      { id: 'u-housing', name: '区住建局', keywords: ['物业', '小区'] },
    ],
  });
  const accounts = [
    { username: 'egov', displayName: '电子政务中心 王敏', role: 'egov_centre' as const },
    { username: 'office', displayName: '区政府办 李强', role: 'gov_office' as const },
    { username: 'leader', displayName: '区政府领导 张华', role: 'leader' as const },
    { username: 'duchashi', displayName: '督查室 赵丽', role: 'supervision' as const },
    { username: 'admin', displayName: '系统管理员', role: 'admin' as const },
    { username: 'roads', displayName: '交通运输局 刘伟', role: 'unit' as const, unitId: 'u-roads' },
    { username: 'water', displayName: '水务局 陈静', role: 'unit' as const, unitId: 'u-water' },
  ];
  const users: Record<string, Actor> = {};
  for (const a of accounts) {
    const u = await createUser(db, { ...a, password });
    users[a.username] = { userId: u.id, username: u.username, role: u.role, unitId: u.unitId ?? undefined };
  }
  const app = await createWebServer({ store, logger: silentLogger, loginRateLimit: { max: 1000, timeWindowMs: 60_000 }, ...(options.sourceIds ? { sourceIds: options.sourceIds } : {}), ...(options.disabledSourceIds ? { disabledSourceIds: options.disabledSourceIds } : {}), ...(options.sourceDrafts ? { sourceDrafts: options.sourceDrafts } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = options.launchBrowser === false ? (undefined as unknown as Browser) : await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });

  const dedup = options.dedup ? new StoreDedup() : undefined;
  const addMessage = async (m: SeedMessage): Promise<string> => {
    seq += 1;
    const channel = m.channel ?? 'district_mailbox';
    const sourceId = `src-${channel}`;
    await ensureSource(db, { id: sourceId, name: channel === 'city_mailbox' ? '市长信箱' : channel === 'forwarded' ? '省市转办' : '印台区区长信箱', channel });
    const enter = async (suffix: string, src: string, author: string | undefined, url: string | undefined) => {
      const crawled: CrawledMessage = {
        sourceId: src,
        channel,
        siteId: `m-${seq}-${suffix}-${randomBytes(3).toString('hex')}`,
        title: m.title,
        content: m.content,
        author,
        postedAt: new Date(Date.now() - (100 - seq) * 60_000).toISOString(),
        fetchedAt: new Date().toISOString(),
        ...(url ? { url } : {}),
        ...(m.forwarding ? { forwarding: m.forwarding } : {}),
      };
      const recorded = await recordMessage(db, crawled);
      const probabilities: Record<string, number> = { 咨询: 0.05, 建议: 0.05, 投诉: 0.05, 求助: 0.05, 其他: 0.05 };
      probabilities[m.category] = m.confidence;
      return registerMessage(db, {
        messageId: recorded.messageId,
        dedup,
        classification: {
          category: m.category,
          confidence: m.confidence,
          probabilities,
          explanation: m.explanation ?? [],
          outOfScope: { flagged: Boolean(m.outOfScope?.length), reasons: (m.outOfScope ?? []).map((r) => ({ ...r, confidence: 0.8 })) },
          complexity: { value: m.complexity ?? 'simple', confidence: 0.7, evidence: m.complexityEvidence ?? [] },
          urgency: { value: 'normal', confidence: 0.9, evidence: [] },
          unit: { value: m.unit === undefined ? null : m.unit, confidence: 0.6, evidence: m.unit ? [m.unit.slice(1, 3)] : [] },
          modelVersion: 'test-1',
        } as never,
      });
    };
    const first = await enter('a', sourceId, m.author, m.url);
    if (m.copy) {
      await ensureSource(db, { id: 'src-copy', name: '人民网领导留言板', channel: 'other_web' });
      await enter('b', 'src-copy', m.copyAuthor ?? m.author, m.url);
    }
    for (const [i, c] of (m.copies ?? []).entries()) {
      await ensureSource(db, { id: 'src-copy', name: '人民网领导留言板', channel: 'other_web' });
      await enter(`c${i}`, 'src-copy', c.author, c.url);
    }
    return first.caseId;
  };

  const actors = { egov: users.egov!, office: users.office!, leader: users.leader!, supervision: users.duchashi!, roads: users.roads! };
  const assignTo = async (caseId: string, unitId: string, now?: Date) => {
    const c = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    await registerCase(db, { caseId, category: c.category as never, actor: actors.egov, now });
    await proposeHandling(db, { caseId, unitId, opinion: '请承办单位核实后答复', actor: actors.office, now });
    await decideProposal(db, { caseId, approve: true, note: '同意', actor: actors.leader, now });
    await assignCase(db, { caseId, actor: actors.office, now });
  };

  const publishReplyOf = async (caseId: string, now?: Date) => {
    await submitReport(db, { caseId, text: goodReply, actor: actors.roads, now, acknowledgeFindings: true });
    await reviewReport(db, { caseId, accept: true, actor: actors.supervision, now });
    await decideReply(db, { caseId, approve: true, actor: actors.leader, now });
    await publishReply(db, { caseId, acknowledgeFindings: true, actor: actors.egov, now });
  };

  const signIn = (username: string, window?: BrowserContextOptions) => signInToConsole(browser, url, username, window);

  return {
    store,
    app,
    url,
    browser,
    actors,
    addMessage,
    assignTo,
    publishReply: publishReplyOf,
    signIn,
    async close() {
      await browser?.close();
      await app.close();
      await store.close();
    },
  };
}
