/**
 * Pages per second of the minsheng crawler against a bare Crawlee CheerioCrawler doing the same
 * work (list pages + every detail page, same selectors, same concurrency) on the same look-alike
 * site in the same run; plus memory. Goal: ratio >= 0.8.
 *
 *   npx tsx bench/crawler-throughput.ts [--messages 450] [--rounds 5] [--concurrency 4]
 *
 * Both crawlers run in this process against one site, alternating, and the median of the rounds
 * is compared; on a loaded machine single rounds vary by ±30 %, so look at the ratio over a few runs.
 */
import { CheerioCrawler, Configuration, Log, LogLevel } from 'crawlee';
import path from 'node:path';
import { crawlSource, loadSourceFile, MemoryCrawlStateStore } from '../crawlers/index.js';
import { sampleMessages, startSite } from '../sites/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const messages = arg('messages', 450);
const rounds = arg('rounds', 5);
const concurrency = arg('concurrency', 4);

const site = await startSite({ shape: 'paged-html', messages: sampleMessages(messages, 5), pageSize: 15 });
const [source] = await loadSourceFile(path.resolve(import.meta.dirname, '../crawlers/sources/examples/paged-html.yaml'), { vars: { base: site.url } });
if (!source) throw new Error('no source');
source.politeness.maxConcurrency = concurrency;
source.politeness.delay = 0;

/** Peak heap and RSS growth while `work` runs. */
async function measure(work: () => Promise<number>): Promise<{ pages: number; seconds: number; heapPeakMb: number; rssPeakMb: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage();
  let heapPeak = base.heapUsed;
  let rssPeak = base.rss;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  }, 20);
  const start = performance.now();
  const pages = await work();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  return { pages, seconds, heapPeakMb: (heapPeak - base.heapUsed) / 2 ** 20, rssPeakMb: (rssPeak - base.rss) / 2 ** 20 };
}

/** The same crawl written directly on Crawlee: list rows, next page, detail labels. */
async function bare(): Promise<number> {
  let pages = 0;
  const rows: Record<string, string>[] = [];
  const crawler = new CheerioCrawler(
    {
      maxConcurrency: concurrency,
      useSessionPool: false,
      log: new Log({ level: LogLevel.OFF }),
      statusMessageLoggingInterval: 3600,
      requestHandler: async ({ request, $, addRequests, response }) => {
        pages++;
        if ((response.statusCode ?? 200) >= 400) return;
        if (request.label === 'DETAIL') {
          const cell = (label: string) => $('table.detail th').filter((_i, el) => $(el).text().trim() === label).next().text().trim();
          rows.push({ title: cell('信件标题'), content: cell('来信内容'), author: cell('来信人'), postedAt: cell('来信时间'), status: cell('办理状态'), reply: cell('回复内容') });
          return;
        }
        const items = $('ul.mt10 > li').toArray();
        const details = items.map((li) => new URL($(li).find('a').eq(1).attr('href') ?? '', request.loadedUrl ?? request.url).href);
        await addRequests(details.map((url) => ({ url, label: 'DETAIL' })));
        if (items.length > 0) {
          const n = Number(request.userData.page ?? 1) + 1;
          await addRequests([{ url: `${site.url}/list_${n}.html`, userData: { page: n } }]);
        }
      },
    },
    new Configuration({ persistStorage: false, purgeOnStart: true }),
  );
  await crawler.run([{ url: site.startUrls[0] as string, userData: { page: 1 } }]);
  if (rows.length !== messages) throw new Error(`bare crawler found ${rows.length} of ${messages}`);
  return pages;
}

async function ours(): Promise<number> {
  const result = await crawlSource(source as NonNullable<typeof source>, { state: new MemoryCrawlStateStore() });
  if (result.messages.length !== messages) throw new Error(`minsheng crawler found ${result.messages.length} of ${messages}`);
  return result.health.pagesFetched;
}

process.stderr.write(`look-alike site: ${messages} messages, ${Math.ceil(messages / 15)} list pages; concurrency ${concurrency}; ${rounds} rounds each, alternating\n`);
await bare(); // warm-up (JIT, sockets)
await ours();
const results: { bare: Awaited<ReturnType<typeof measure>>[]; ours: Awaited<ReturnType<typeof measure>>[] } = { bare: [], ours: [] };
for (let r = 0; r < rounds; r++) {
  results.bare.push(await measure(bare));
  results.ours.push(await measure(ours));
}
await site.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rate = (m: { pages: number; seconds: number }) => m.pages / m.seconds;
const bareRate = median(results.bare.map(rate));
const oursRate = median(results.ours.map(rate));
const line = (name: string, ms: Awaited<ReturnType<typeof measure>>[], pps: number) =>
  `${name.padEnd(24)} ${pps.toFixed(1).padStart(8)} pages/s   pages ${ms[0]?.pages}   heap peak +${median(ms.map((m) => m.heapPeakMb)).toFixed(1)} MB   rss peak +${median(ms.map((m) => m.rssPeakMb)).toFixed(1)} MB`;
console.log(line('bare Crawlee Cheerio', results.bare, bareRate));
console.log(line('minsheng crawlSource', results.ours, oursRate));
console.log(`ratio minsheng / bare = ${(oursRate / bareRate).toFixed(2)} (goal >= 0.80)`);
