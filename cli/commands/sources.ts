/**
 * `minsheng sources status [--sources FILE] [--json]`: each source's health (last success, last error,
 * items found, pages fetched, layout alerts; access alerts and charset notices below the table) from the store (the
 * main job's crawls) and the crawl state files under the data dir (`minsheng crawl` watch mode).
 * `minsheng sources check [--sources FILE]`: validates a source file and lists its sources.
 * `minsheng sources excluded [--source ID] [--kind unclear|other] [--json]`: the messages sources' scopes left out as
 * another district's (kept in the store, 转入受理 on the console's 采集来源 page).
 * `minsheng sources recheck-scope [--source ID] [--dry-run]`: those messages judged again with the
 * current gazetteer (recheck-scope.ts).
 * `minsheng sources suggest <list page URL>`: a source file drafted from the site's pages (sources-suggest.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BadInputError, beijingClock, channelNames, exclusionKindNames, type ExclusionKind } from '../../core/index.js';
import type { SourceDefinition, SourceState } from '../../crawlers/index.js';
import type { CliContext, RegisterCommand } from '../program.js';
import { beijingTime, displayWidth as width, printable, jsonOutput } from '../terminal-text.js';
import { askMainJob, cliAdmin, runningMainJob, withStore } from '../with-store.js';
import type { ExcludedMessageFilter, ExcludedMessageItem } from '../../workflow/index.js';
import { integerFlag } from '../arguments.js';
import { crawlStateDir, loadCrawlers, loadSourcesForCli, sourcesFlagHelp } from './crawl.js';
import { runRecheckScope, type RecheckScopeFlags } from './recheck-scope.js';
import { atMinute } from './shown-case.js';
import { runSourcesSuggest, type SourcesSuggestFlags } from './sources-suggest.js';

/** A plain-text table with aligned columns (no colours, safe to pipe). */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

const time = (iso: string | undefined) => (iso ? beijingTime(iso) : '-');

/** `（网站要求暂停访问至 21:30）` while the site's hold-off (Retry-After, kept in the health) lasts; `11-30 09:15` when it ends on another day. */
function heldOffNote(h: SourceState['health'] | undefined, now = Date.now()): string {
  const until = h?.heldOff ? Date.parse(h.heldOff.until) : Number.NaN;
  if (!(until > now)) return '';
  const at = beijingClock(until);
  return `（网站要求暂停访问至 ${at.slice(0, 10) === beijingClock(now).slice(0, 10) ? at.slice(11, 16) : at.slice(5, 16)}）`;
}

function row(source: SourceDefinition | undefined, id: string, state: SourceState | undefined): string[] {
  const h = state?.health;
  return [
    printable(id),
    source ? printable(source.name) : '（不在来源文件中）',
    source ? channelNames[source.channel] : '-',
    !source ? '已移出来源文件' : `${source.enabled ? '启用' : '停用'}${heldOffNote(h)}`,
    time(h?.lastRunAt),
    time(h?.lastSuccessAt),
    // Errors and alerts quote what the site answered: shown without control characters.
    h?.lastError ? `${time(h.lastErrorAt)} ${printable(h.lastError.slice(0, 60))}` : '-',
    h ? String(h.itemsFound) : '-',
    h ? String(h.pagesFetched) : '-',
    h ? `${h.knownItems}/${h.openItems}` : '-',
    h?.layoutAlert ? `⚠ ${printable(h.layoutAlert.slice(0, 60))}` : '-',
  ];
}

/** `来源ID  拦截告警：…` per source whose last run met the site's login page or firewall in front of its pages (access-wall.ts). */
function accessAlertLines(states: SourceState[]): string {
  return states
    .filter((s) => s.health.accessAlert)
    .map((s) => `${printable(s.sourceId)}  拦截告警：${printable(s.health.accessAlert ?? '')}\n`)
    .join('');
}

/** `来源ID  编码提示：…` per source whose last run read its pages in another charset than the site names (the site's header value is a charset name, cut short). */
function charsetNoticeLines(states: SourceState[]): string {
  return states
    .filter((s) => s.health.charsetNotice)
    .map((s) => `${printable(s.sourceId)}  编码提示：${printable(s.health.charsetNotice?.text ?? '')}\n`)
    .join('');
}

/** Crawl states kept in the store: asked of the running main job, or read from PostgreSQL / an embedded store no process holds. */
async function readStoreCrawlStates(ctx: CliContext): Promise<SourceState[]> {
  const running = await runningMainJob(ctx);
  if (running) return (await askMainJob<{ states: SourceState[] }>(running, '/api/crawl-states')).states;
  const config = ctx.config();
  if (!config.databaseUrl && !existsSync(path.join(config.dataDir, 'pglite'))) return [];
  return withStore(ctx, async (store) => (await (await await import('../../workflow/index.js')).listCrawlStates(store.db)) as unknown as SourceState[], 'minsheng sources status');
}

/**
 * In production (REDIS_URL): the line the console shows the administrator when Redis lost the
 * queue's data (pipeline/queue/queue-data-loss.ts), or why it could not be read; nothing when no
 * loss is recorded, or on the embedded in-process queue (which keeps no data to lose). A loss
 * someone said 知道了 to on the console is still printed, saying who and when (the console no
 * longer shows it): whoever runs the command at the server sees what happened.
 */
async function queueDataLossLine(ctx: CliContext): Promise<string> {
  const config = ctx.config();
  if (!config.redisUrl) return '';
  const { describeQueueDataLoss } = await import('../../pipeline/index.js');
  const { readQueueDataLoss } = await import('../../pipeline/redis.js');
  try {
    const loss = await readQueueDataLoss(config.redisUrl, config.queuePrefix);
    return loss ? `${describeQueueDataLoss(loss)}${await dismissedNote(ctx, loss.lostAt)}\n` : '';
  } catch (error) {
    return `未能读取任务队列状态：${error instanceof Error ? error.message : String(error)}\n`;
  }
}

/** `（X 已于 T 标记“知道了”…）` when the loss noticed at `lostAt` was dismissed; '' when not, or the store cannot be read. */
async function dismissedNote(ctx: CliContext, lostAt: string): Promise<string> {
  if (!ctx.config().databaseUrl) return '';
  try {
    const { queueDataLossDismissal } = await import('../../workflow/audit/index.js');
    const dismissal = await withStore(ctx, (store) => queueDataLossDismissal(store.db, lostAt), 'minsheng sources status');
    return dismissal ? `（${dismissal.byName} 已于 ${atMinute(dismissal.at)} 在控制台标记“知道了”，控制台不再显示）` : '';
  } catch {
    // The line itself is what matters; who dismissed it is extra.
    return '';
  }
}

/** Excluded messages: asked of the running main job (it holds the embedded store), or read from the store. */
async function readExcluded(ctx: CliContext, filter: ExcludedMessageFilter): Promise<{ total: number; items: ExcludedMessageItem[] }> {
  const running = await runningMainJob(ctx);
  if (running) {
    const query = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
    return askMainJob(running, `/api/console/sources/excluded?${query}`);
  }
  return withStore(ctx, async (store) => (await await import('../../workflow/index.js')).listExcludedMessages(store.db, { actor: cliAdmin, filter }), 'minsheng sources excluded');
}

export const registerSourcesCommand: RegisterCommand = (program, ctx) => {
  const sources = program.command('sources').description('抓取来源：健康状况与来源文件检查');
  sources
    .command('status')
    .description('各来源的健康状况（上次成功、上次错误、条目数、页数、布局告警、拦截告警、编码提示）')
    .option('--sources <file>', sourcesFlagHelp)
    .option('--var <name=value...>', '来源文件中 {{name}} 占位符的值')
    .option('--json', '以 JSON 数组输出：每个来源的 id、名称、渠道、状态（enabled、disabled、removed）和健康状况（health，含 accessAlert、charsetNotice）')
    .action(async (flags: { sources?: string; var?: string[]; json?: boolean }) => {
      const defs = await loadSourcesForCli(ctx, flags.sources, flags.var);
      // The main job keeps its state in the store; `minsheng crawl` (watch mode) in files. The store wins.
      const { FileCrawlStateStore } = await loadCrawlers();
      const fileStates = await new FileCrawlStateStore(crawlStateDir(ctx.config().dataDir)).list();
      const storeStates = await readStoreCrawlStates(ctx);
      const states = [...storeStates, ...fileStates.filter((f) => !storeStates.some((s) => s.sourceId === f.sourceId))];
      // On stderr with --json too, as the alerts below: stdout stays the array of sources.
      const lossLine = await queueDataLossLine(ctx);
      if (flags.json) {
        if (lossLine) ctx.io.stderr(lossLine);
        const status = (d: SourceDefinition | undefined) => (!d ? 'removed' : d.enabled ? 'enabled' : 'disabled');
        const entry = (d: SourceDefinition | undefined, id: string) => ({ id, name: d?.name ?? null, channel: d?.channel ?? null, status: status(d), health: states.find((s) => s.sourceId === id)?.health ?? null });
        const list = [...defs.map((d) => entry(d, d.id)), ...states.filter((s) => !defs.some((d) => d.id === s.sourceId)).map((s) => entry(undefined, s.sourceId))];
        ctx.io.stdout(jsonOutput(list));
        return;
      }
      const rows = defs.map((d) => row(d, d.id, states.find((s) => s.sourceId === d.id)));
      for (const s of states) if (!defs.some((d) => d.id === s.sourceId)) rows.push(row(undefined, s.sourceId, s));
      ctx.io.stdout(formatTable(['来源', '名称', '渠道', '状态', '上次运行', '上次成功', '上次错误', '条目数', '页数', '已知/未办结', '布局告警'], rows));
      // The site's login page or firewall in front of its pages (not a redesign), then the charset
      // notices (not errors: the letters were read right; the source file may name the charset).
      const notices = accessAlertLines(states) + charsetNoticeLines(states);
      if (notices) ctx.io.stdout(`\n${notices}`);
      const alerts = states.filter((s) => s.health.layoutAlert).length;
      if (alerts > 0) ctx.io.stderr(`${alerts} 个来源有布局告警：网站可能已改版，请检查来源文件的选择器（可用 minsheng sources suggest <列表页网址> 按新页面重新起草）\n`);
      const walled = states.filter((s) => s.health.accessAlert).length;
      if (walled > 0) ctx.io.stderr(`${walled} 个来源被网站拦截（要求登录或安全验证）：不是改版，无需修改来源文件；请在浏览器中打开核对，必要时联系网站管理方\n`);
      if (lossLine) ctx.io.stderr(lossLine);
    });
  sources
    .command('excluded')
    .description('采集时按地名表排除的非本区留言（最新的在前）：时间、来源、标题、排除原因、原文地址')
    .option('--source <id>', '只列出这个来源的')
    .option('--search <text>', '标题包含此内容的')
    .option('--all', '也列出已转入受理的')
    .option('--kind <kind>', '只列出一类：unclear 属地不明（未提及任何地名，可能属本区），other 其他区县')
    .option('--json', '以 JSON 数组输出')
    .option('--limit <n>', '最多条数（1 到 500）', '100')
    .action(async (flags: { source?: string; search?: string; all?: boolean; kind?: string; json?: boolean; limit: string }) => {
      const kinds: Record<string, ExclusionKind> = { unclear: 'no_place', other: 'other_district' };
      const exclusionKind = flags.kind === undefined ? undefined : kinds[flags.kind];
      if (flags.kind !== undefined && !exclusionKind) throw new BadInputError(`--kind 应为 unclear（属地不明）或 other（其他区县）：${flags.kind}`);
      const filter: ExcludedMessageFilter = { sourceId: flags.source, q: flags.search, status: flags.all ? 'all' : 'excluded', exclusionKind, limit: integerFlag('--limit', flags.limit, 1, 500) };
      const { total, items } = await readExcluded(ctx, filter);
      if (flags.json) {
        const out = items.map((m) => ({ id: m.id, source: m.sourceId, sourceName: m.sourceName, siteId: m.siteId, postedAt: m.postedAt, firstSeenAt: m.firstSeenAt, title: m.title, reason: m.reason, kind: m.kind, url: m.url, broughtBack: m.broughtBack }));
        ctx.io.stdout(jsonOutput(out));
        return;
      }
      if (items.length === 0) {
        ctx.io.stdout('没有排除的留言\n');
        return;
      }
      const rows = items.map((m) => [
        time(m.postedAt ?? m.firstSeenAt),
        printable(m.sourceId),
        printable(m.title.slice(0, 40)),
        exclusionKindNames[m.kind],
        printable(m.reason),
        m.broughtBack ? `已转入受理${m.broughtBack.ledgerNo ? ` ${m.broughtBack.ledgerNo}` : ''}` : '-',
        printable(m.url ?? '-'),
      ]);
      ctx.io.stdout(formatTable(['留言时间', '来源', '标题', '类别', '排除原因', '转入受理', '原文'], rows));
      ctx.io.stdout(total > items.length ? `共 ${total} 条，显示最新 ${items.length} 条\n` : `共 ${total} 条\n`);
    });
  sources
    .command('recheck-scope')
    .description('地名表修改后，按现在的受理范围重新判断已排除的留言：现在涉及本区的转入受理（与「转入受理」相同，分类、查重后进入分类审核），其余更新排除原因；可重复运行')
    .option('--source <id>', '只判断这个来源的（默认：来源文件中所有设置了受理范围的来源）')
    .option('--dry-run', '试运行：只列出将转入受理的留言，不写入')
    .option('--json', '以 JSON 输出结果')
    .option('--sources <file>', sourcesFlagHelp)
    .option('--var <name=value...>', '来源文件中 {{name}} 占位符的值')
    .action((flags: RecheckScopeFlags) => runRecheckScope(ctx, flags));
  sources
    .command('suggest <url>')
    .description('根据网站的列表页和几封信的详情页起草来源文件（新渠道，或网站改版出现布局告警时）：草稿输出到标准输出或 --output，各列的识别结果、试读的前几条和需要核对之处输出到标准错误')
    .option('--detail-url <url...>', '另读这些详情页（如一封已答复的信，以找到答复栏的位置）')
    .option('--id <id>', '来源 id（默认按网站域名）')
    .option('--name <name>', '来源名称（默认取列表页的标题）')
    .option('--channel <channel>', '渠道：city_mailbox、district_mailbox、forwarded、other_web（默认按列表页标题猜测）')
    .option('--encoding <charset>', '强制按此编码读网页（如 gbk），网站未声明或声明错误时用')
    .option('--output <file>', '把草稿写入此文件（已存在则不覆盖）')
    .option('--no-browser', '列表页的网页中没有列表、或翻页由脚本取得时，不用浏览器打开它去找取列表的接口')
    .action((url: string, flags: SourcesSuggestFlags) => runSourcesSuggest(ctx, url, flags));
  sources
    .command('check')
    .description('检查来源文件格式，列出其中的来源')
    .option('--sources <file>', sourcesFlagHelp)
    .option('--var <name=value...>', '来源文件中 {{name}} 占位符的值')
    .action(async (flags: { sources?: string; var?: string[] }) => {
      const defs = await loadSourcesForCli(ctx, flags.sources, flags.var);
      const rows = defs.map((d) => [d.id, d.name, channelNames[d.channel], d.kind === 'module' ? `模块 ${d.module}` : d.pagination.type, d.enabled ? '启用' : '停用', d.startUrls[0] ?? '']);
      ctx.io.stdout(formatTable(['来源', '名称', '渠道', '分页', '状态', '起始网址'], rows));
      const { sourceFileWarnings } = await loadCrawlers();
      for (const warning of sourceFileWarnings(defs)) ctx.io.stderr(`提醒：${warning}\n`);
      ctx.io.stderr(`来源文件有效，共 ${defs.length} 个来源\n`);
    });
};
