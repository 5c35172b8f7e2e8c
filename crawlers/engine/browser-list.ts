/**
 * Lists built in the browser with a "load more" button (People's Daily style boards): opens the
 * list in Debian's chromium through PlaywrightCrawler, parses the rendered DOM with the source's
 * list rules, and clicks "load more" while new or changed items keep appearing. Each batch is one
 * "page" for the watching rules. Details are fetched afterwards over plain HTTP. A login page or a
 * firewall's challenge in place of the list is judged as on the HTTP path (browser-walls.ts): a page
 * error and the access alert, no empty list, no redesign.
 */
import { Configuration, Log, LogLevel, PlaywrightCrawler } from '@crawlee/playwright';
import { chromium } from 'playwright';
import { describeError } from '../../core/index.js';
import type { PageRequest, ResumePoint } from '../state/types.js';
import type { SiteAdapter } from './adapter.js';
import type { CrawlRun } from './crawl-run.js';
import type { HostGate } from './host-gate.js';
import { BrowserWalls, type BrowserWall } from './browser-walls.js';
import { listWalled } from './page-errors.js';
import { walkKey, type DetailWork } from './run-work.js';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserListOptions {
  chromiumPath: string;
  headers: Record<string, string>;
  gate: HostGate;
  signal?: AbortSignal | undefined;
  onDetails: (details: DetailWork[]) => Promise<void>;
  /** Where the last run's walk of this list stopped at a wall (a batch, `pageIndex` clicks in): this run clicks on to it past known items. */
  resume?: ResumePoint | undefined;
}

/** Walks the list; returns the number of requests it caused (page load + one per click). */
export async function walkLoadMoreList(adapter: SiteAdapter, first: PageRequest, start: number, run: CrawlRun, options: BrowserListOptions): Promise<number> {
  const loadMore = adapter.loadMore;
  if (!loadMore) return 0;
  let requests = 0;
  let releasePage: () => void = () => undefined;
  let walls = new BrowserWalls(first.url);
  // The list was a wall: a list failure (no success stamped) with the access alert; nothing of it is read.
  const walled = (found: BrowserWall, pageIndex = 0) => {
    run.listFailures++;
    listWalled(run, { url: found.url, status: found.status, pageIndex, start, request: first }, found.wall, true);
  };
  // A batch walled last run: its letters were never read, and the batches before it are known now.
  const walkTo = options.resume?.pageIndex ?? 0;
  const { 'user-agent': userAgent, ...extra } = options.headers;
  const crawler = new PlaywrightCrawler(
    {
      launchContext: {
        launcher: chromium,
        ...(userAgent ? { userAgent } : {}),
        launchOptions: { executablePath: options.chromiumPath, headless: true, args: chromiumArgs },
      },
      browserPoolOptions: { useFingerprints: false },
      headless: true,
      maxConcurrency: 1,
      maxRequestRetries: 2,
      useSessionPool: false,
      persistCookiesPerSession: false,
      requestHandlerTimeoutSecs: 600,
      log: new Log({ level: LogLevel.OFF }),
      statusMessageLoggingInterval: 3600,
      preNavigationHooks: [
        async ({ page }) => {
          releasePage();
          releasePage = await options.gate.acquire(options.signal);
          requests++;
          walls = new BrowserWalls(first.url);
          await walls.watch(page);
          if (Object.keys(extra).length) await page.setExtraHTTPHeaders(extra);
        },
      ],
      postNavigationHooks: [async () => releasePage()],
      requestHandler: async ({ page }) => {
        const listed = await page.waitForSelector(loadMore.itemSelector, { timeout: loadMore.waitMs }).then(
          () => true,
          () => false,
        );
        if (!listed) {
          const found = walls.shown(await page.content(), page.url());
          if (found) return walled(found);
        }
        let processed = 0;
        let clicks = 0;
        for (;;) {
          const html = await page.content();
          const result = adapter.parseList({ request: first, url: page.url(), status: 200, body: html, pageIndex: clicks, start });
          const batch = { ...result, items: result.items.slice(processed) };
          processed = result.items.length;
          run.report.pageFetched();
          const decision = run.onListPage(batch, page.url(), clicks, 'head', start);
          await options.onDetails(decision.details);
          for (const item of decision.complete) await run.finishItem(item.siteId, item.listFields, item.listHash, undefined, item.listFields);
          if ((!decision.more && clicks >= walkTo) || clicks >= loadMore.maxClicks || options.signal?.aborted) break;
          const button = page.locator(loadMore.button).first();
          if (!(await button.isVisible().catch(() => false))) break;
          const before = await page.locator(loadMore.itemSelector).count();
          const mark = walls.batchMark();
          const release = await options.gate.acquire(options.signal);
          requests++;
          await button.click().finally(release);
          clicks++;
          const grew = await page
            .waitForFunction(([sel, n]) => document.querySelectorAll(sel as string).length > (n as number), [loadMore.itemSelector, before] as const, { timeout: loadMore.waitMs })
            .then(
              () => true,
              () => false,
            );
          if (!grew) {
            // The batch was a wall: said as on the HTTP path's later page, and the next run clicks on to it.
            const found = await walls.batchWall(mark);
            if (found) walled(found, clicks);
            break;
          }
        }
      },
      // A wall that never let the page load (a challenge reloading itself): not retried.
      errorHandler: async ({ request }) => {
        if (walls.answered()) request.noRetry = true;
      },
      failedRequestHandler: async ({ request }, error) => {
        releasePage();
        const found = walls.answered();
        if (found) return walled(found);
        run.listFailures++;
        run.report.pageError(request.url, `浏览器列表页失败：${describeError(error).slice(0, 200)}`);
      },
    },
    new Configuration({ persistStorage: false, purgeOnStart: true }),
  );
  try {
    await crawler.run([first.url]);
    // Stopped before the walled batch (the process is stopping): kept for the next run.
    if (options.resume && options.signal?.aborted && !run.pending.has(walkKey('backfill', start))) run.pending.set(walkKey('backfill', start), options.resume);
  } finally {
    await crawler.teardown().catch(() => undefined);
  }
  return requests;
}
