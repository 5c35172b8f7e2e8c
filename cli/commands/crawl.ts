/**
 * `minsheng crawl --sources FILE [--source ID] --once --output OUT.jsonl`: crawls sources once with
 * an empty in-memory state (the store is not touched) and writes every extracted message as one
 * JSON line, for trying a new source file. Without --once it keeps watch: each source on its own
 * schedule, state in the data dir's crawl-state folder, until Ctrl+C.
 */
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError, channelNames, describeError, type CrawledMessage } from '../../core/index.js';
import type { CrawlStateStore, HostGates, SourceDefinition } from '../../crawlers/index.js';
import { demoSourceFile } from '../app/demo-source.js';
import { printable } from '../terminal-text.js';
import type { CliContext, RegisterCommand } from '../program.js';

/** The crawl engine (Crawlee, Playwright) takes seconds to load: only the commands that crawl pay for it. */
export const loadCrawlers = () => import('../../crawlers/index.js');

interface CrawlFlags {
  sources?: string;
  source?: string[];
  once?: boolean;
  output?: string;
  var?: string[];
}

/**
 * The --output file. Each letter is written before the crawler counts it as known, and the file is
 * flushed to disk before the crawl state is saved: a letter only buffered while the state saying
 * "known" reached the disk was lost for good by a kill -9 or a power cut in between (the next run
 * does not hand a known letter on again; tests/crawl-watch-kill.test.ts).
 */
class OutputLines {
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(private readonly file: FileHandle) {}

  static async open(file: string, flags: 'w' | 'a'): Promise<OutputLines> {
    return new OutputLines(await open(file, flags));
  }

  /** Resolves once the line is in the file (lines are written one after another, whole). */
  write(line: string): Promise<void> {
    const data = Buffer.from(line, 'utf8');
    const write = this.writes.then(async () => {
      for (let at = 0; at < data.length; ) at += (await this.file.write(data, at)).bytesWritten;
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Flushes what was written to the disk (nothing to do for a pipe or a terminal). */
  async flush(): Promise<void> {
    await this.writes;
    await this.file.sync().catch((error: NodeJS.ErrnoException) => {
      if (!['EINVAL', 'ENOTSUP', 'EROFS'].includes(error.code ?? '')) throw error;
    });
  }

  async close(): Promise<void> {
    await this.writes;
    await this.file.close();
  }
}

/** A state store that saves only once the output holds every letter written so far. */
function afterOutput(state: CrawlStateStore, out: OutputLines | undefined): CrawlStateStore {
  if (!out) return state;
  return {
    get: (sourceId) => state.get(sourceId),
    list: () => state.list(),
    put: async (sourceId, value) => {
      await out.flush();
      await state.put(sourceId, value);
    },
  };
}

/** Folder of the file crawl-state store under the data dir. */
export function crawlStateDir(dataDir: string): string {
  return path.join(dataDir, 'crawl-state');
}

/**
 * The --sources flag's help, one text for every command that reads a source file: what
 * loadSourcesForCli reads when the flag is not given.
 */
export const sourcesFlagHelp = '来源文件（YAML 或 JSON），默认 MINSHENG_SOURCES，未设置时为内置演示信箱（crawlers/sources/demo.yaml）';

/** Loads the source file named by the flag or MINSHENG_SOURCES (else the built-in demo mailbox's, as `npm start`), with `{{vars}}`. */
export async function loadSourcesForCli(ctx: CliContext, file: string | undefined, vars: string[] = []): Promise<SourceDefinition[]> {
  const config = ctx.config();
  // The built-in demo mailbox's address, for the default source file and yintai.yaml.
  const values: Record<string, string | number> = { demoPort: config.demoPort };
  for (const pair of vars) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new BadInputError(`--var 应写成 名称=值：${pair}`);
    values[pair.slice(0, i)] = pair.slice(i + 1);
  }
  // The default is what `npm start` watches: the built-in demo mailbox.
  const chosen = file ?? config.sourcesFile ?? demoSourceFile;
  if (chosen === demoSourceFile) values.base ??= `http://127.0.0.1:${config.demoPort}`;
  const { loadSourceFile } = await loadCrawlers();
  return loadSourceFile(chosen, { vars: values });
}

function pick(sources: SourceDefinition[], ids: string[] | undefined): SourceDefinition[] {
  if (!ids?.length) return sources.filter((s) => s.enabled);
  return ids.map((id) => {
    const found = sources.find((s) => s.id === id);
    if (!found) throw new BadInputError(`来源 ${id} 不在来源文件中（可用：${sources.map((s) => s.id).join('、')}）`);
    return found;
  });
}

/** Where a message field's value sits in a CrawledMessage (district is read by the scope only). */
const messageKeys: Partial<Record<string, (m: CrawledMessage) => unknown>> = {
  siteId: (m) => m.siteId,
  detailUrl: (m) => m.url,
  title: (m) => m.title,
  content: (m) => m.content,
  author: (m) => m.author,
  postedAt: (m) => m.postedAt,
  siteType: (m) => m.siteType,
  siteStatus: (m) => m.siteStatus,
  replyUnit: (m) => m.replyUnit,
  replyAt: (m) => m.replyAt,
  replyText: (m) => m.replyText,
  originLevel: (m) => m.forwarding?.originLevel,
  forwardNo: (m) => m.forwarding?.forwardNo,
  upperDeadline: (m) => m.forwarding?.upperDeadline,
};

/**
 * A trial run's hint for a mistyped rule of a field that is not required (a required one already
 * stops the message): the fields the source maps that none of the run's messages got, with the rule.
 */
export function unfilledFields(source: SourceDefinition, messages: CrawledMessage[]): string[] {
  if (source.kind !== 'config' || messages.length === 0) return [];
  const rules = new Map<string, string>();
  for (const [where, fields] of [['list.fields', source.list.fields], ['detail.fields', source.detail?.fields ?? {}]] as const) {
    for (const [name, spec] of Object.entries(fields)) rules.set(name, `${where}.${name}: ${typeof spec === 'string' ? spec : JSON.stringify(spec)}`);
  }
  source.detail?.cells?.order.forEach((name, i) => {
    if (name && name !== 'skip' && !rules.has(name)) rules.set(name, `detail.cells 第 ${i + 1} 格`);
  });
  return [...rules].filter(([name]) => {
    const get = messageKeys[name];
    return get !== undefined && !messages.some((m) => { const v = get(m); return v !== undefined && v !== ''; });
  }).map(([name, rule]) => `${name}（${rule}）`);
}

async function runOne(ctx: CliContext, source: SourceDefinition, state: CrawlStateStore, gates: HostGates, out: OutputLines | undefined, signal: AbortSignal, trial = false): Promise<boolean> {
  const { io } = ctx;
  const config = ctx.config();
  io.stderr(`开始抓取：${source.id}（${source.name}，${channelNames[source.channel]}）${source.startUrls[0]}\n`);
  let lastReport = 0;
  const seen: CrawledMessage[] = [];
  const { crawlSource } = await loadCrawlers();
  const result = await crawlSource(source, {
    state,
    userAgent: config.userAgent,
    chromiumPath: config.chromiumPath,
    // Page errors are summarised below; the log only carries errors here.
    logger: ctx.logger().child({ component: 'crawl' }, { level: 'error' }),
    hostGates: gates,
    signal,
    onMessage: async (m) => {
      if (out) await out.write(`${JSON.stringify(m)}\n`);
      if (trial) seen.push(m);
    },
    onDropped: (m) => {
      if (trial) seen.push(m);
    },
    onProgress: (p) => {
      if (p.pages - lastReport >= 10) {
        lastReport = p.pages;
        io.stderr(`  已抓取 ${p.pages} 页，列表中见到 ${p.items} 条\n`);
      }
    },
  });
  const h = result.health;
  io.stderr(
    `完成：${source.id} 新留言 ${h.newItems} 条，有变化 ${h.changedItems} 条，不属本区剔除 ${h.droppedItems} 条，已从网站删除 ${h.removedItems} 条，复查已办结 ${h.recheckedItems} 条；页面 ${h.pagesFetched} 个，请求 ${result.requests} 次，用时 ${(h.durationMs / 1000).toFixed(1)} 秒\n`,
  );
  // Ids, reasons and page errors quote what the site shows: printed safe (terminal-text.ts printable).
  const dropped = result.changes.filter((c) => c.kind === 'dropped');
  for (const c of dropped.slice(0, 10)) io.stderr(`  剔除 ${printable(c.siteId)}：${printable(c.reason ?? '')}\n`);
  if (dropped.length > 10) io.stderr(`  ……另剔除 ${dropped.length - 10} 条\n`);
  for (const c of result.changes.filter((x) => x.kind === 'removed').slice(0, 10)) io.stderr(`  已从网站删除 ${printable(c.siteId)}：${printable(c.reason ?? '')}\n`);
  // The layout alert is also among the page errors (布局告警：…): said once, below.
  const errors = h.pageErrors.filter((e) => !(h.layoutAlert && e.url === '' && e.error === `布局告警：${h.layoutAlert}`));
  for (const e of errors.slice(0, 5)) io.stderr(`  页面错误：${printable(e.error)}${e.url ? `（${printable(e.url)}）` : ''}\n`);
  if (errors.length > 5) io.stderr(`  ……另有 ${errors.length - 5} 个页面错误\n`);
  if (h.layoutAlert) io.stderr(`  布局告警：${printable(h.layoutAlert)}\n`);
  // The site's login page or firewall in front of its pages: no redesign, the source file is not at fault.
  if (h.accessAlert) io.stderr(`  拦截告警：${printable(h.accessAlert)}\n`);
  // Read right in another charset than the site names: no error, a hint for the source file.
  if (h.charsetNotice) io.stderr(`  编码提示：${printable(h.charsetNotice.text)}\n`);
  // Stopped on request (Ctrl-C): no fault of the site, so said apart from the page errors.
  if (h.interrupted) io.stderr('  采集因程序停止而中断，下次运行从中断处继续\n');
  const unfilled = unfilledFields(source, seen);
  if (unfilled.length > 0) io.stderr(`  提示：本次 ${seen.length} 条留言都没有取到 ${unfilled.join('、')}：规则可能写错（选择器或标签未匹配），或这些留言确实都没有该项\n`);
  return h.lastSuccessAt !== undefined && h.lastSuccessAt >= (h.lastRunAt ?? '') && !h.layoutAlert;
}

export const registerCrawlCommand: RegisterCommand = (program, ctx) => {
  program
    .command('crawl')
    .description('按来源文件抓取留言（--once 试运行：不写入库，把抽取结果写成 JSON Lines）')
    .option('--sources <file>', sourcesFlagHelp)
    .option('--source <id...>', '只抓这些来源（可写多个）；写明的来源即使 enabled: false 也会抓')
    .option('--once', '只抓一遍，从空状态开始，不读写抓取状态')
    .option('--output <file>', '把每条抽取到的留言写成 JSON Lines')
    .option('--var <name=value...>', '来源文件中 {{name}} 占位符的值，例如 --var base=http://127.0.0.1:3100')
    .action(async (flags: CrawlFlags) => {
      const { io } = ctx;
      const sources = pick(await loadSourcesForCli(ctx, flags.sources, flags.var), flags.source);
      if (sources.length === 0) throw new BadInputError('没有要抓取的来源（都已停用？可用 --source 指定）');
      if (flags.once && !flags.output) io.stderr('提示：未给 --output，抽取结果不会保存\n');
      const out = flags.output ? await OutputLines.open(path.resolve(flags.output), flags.once ? 'w' : 'a') : undefined;
      const controller = new AbortController();
      const onSignal = () => {
        io.stderr('收到停止信号，保存状态后退出……\n');
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const { FileCrawlStateStore, HostGates, MemoryCrawlStateStore, nextRunAt } = await loadCrawlers();
      const gates = new HostGates();
      let failed = 0;
      try {
        if (flags.once) {
          const memory = new MemoryCrawlStateStore();
          for (const source of sources) {
            if (controller.signal.aborted) break;
            if (!(await runOne(ctx, source, memory, gates, out, controller.signal, true))) failed++;
          }
        } else {
          const store = afterOutput(new FileCrawlStateStore(crawlStateDir(ctx.config().dataDir)), out);
          io.stderr(`持续抓取 ${sources.length} 个来源，状态保存在 ${crawlStateDir(ctx.config().dataDir)}；按 Ctrl+C 停止\n`);
          while (!controller.signal.aborted) {
            let soonest = Number.POSITIVE_INFINITY;
            for (const source of sources) {
              if (controller.signal.aborted) break;
              const state = await store.get(source.id);
              // `pick` already applied `enabled` (a source named with --source runs even when disabled).
              if (nextRunAt(source, state).getTime() <= Date.now()) {
                await runOne(ctx, source, store, gates, out, controller.signal).catch((error: unknown) => io.stderr(`来源 ${source.id} 出错：${describeError(error)}\n`));
              }
              soonest = Math.min(soonest, nextRunAt(source, await store.get(source.id)).getTime());
            }
            const wait = Math.max(1000, Math.min(soonest - Date.now(), 60_000));
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, wait);
              controller.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
            });
          }
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        if (out) await out.close();
      }
      if (flags.output) io.stderr(`结果已写入 ${path.resolve(flags.output)}\n`);
      if (failed > 0) {
        io.stderr(`${failed} 个来源未成功完成（见上方错误）\n`);
        ctx.setExitCode(1);
      }
    });
};
