/**
 * `minsheng sources suggest <list page URL> [--detail-url URL...] [--id ID] [--name NAME]
 * [--channel CHANNEL] [--encoding gbk] [--output FILE] [--no-browser]`: drafts a source file from a site's pages
 * (crawlers/suggest/): for a new channel, or for a watched site that was re-designed (a layout alert).
 * A list page whose HTML holds no list is opened in chromium (`chromiumPath` of the configuration),
 * and the list drafted from the JSON its script fetches; one whose pager is script that fetches the
 * next pages has it clicked there and is drafted from the request for page 2; unless `--no-browser`.
 * The draft goes to stdout or `--output`; what each column was read as, the first items and letter
 * read with the draft, and what to check go to stderr. Nothing is stored and nothing is crawled
 * beyond the list page (and what its script fetches) and up to four letters.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { BadInputError, channelNames, channels, type Channel } from '../../core/index.js';
import type { CliContext } from '../program.js';
import { formatTable, printable } from '../terminal-text.js';
import { loadCrawlers } from './crawl.js';

export interface SourcesSuggestFlags {
  detailUrl?: string[];
  id?: string;
  name?: string;
  channel?: string;
  encoding?: string;
  output?: string;
  /** `--no-browser` sets it false. */
  browser?: boolean;
}

const fieldNames: Record<string, string> = {
  siteId: '编号',
  title: '标题',
  content: '正文',
  author: '来信人',
  postedAt: '留言时间',
  siteType: '类型',
  siteStatus: '办理状态',
  replyUnit: '答复单位',
  replyAt: '答复时间',
  replyText: '答复内容',
  district: '涉及区县',
  originLevel: '来源层级',
  forwardNo: '转办编号',
  upperDeadline: '上级办理时限',
  detailUrl: '详情页地址',
};

function httpUrl(text: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadInputError(`${flag} 不是有效的网址：${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadInputError(`${flag} 应以 http:// 或 https:// 开头：${text}`);
  return url.href;
}

export async function runSourcesSuggest(ctx: CliContext, listUrl: string, flags: SourcesSuggestFlags): Promise<void> {
  const url = httpUrl(listUrl, '列表页网址');
  const detailUrls = (flags.detailUrl ?? []).map((u) => httpUrl(u, '--detail-url'));
  if (flags.channel !== undefined && !(channels as readonly string[]).includes(flags.channel)) {
    throw new BadInputError(`--channel 应为 ${channels.map((c) => `${c}（${channelNames[c]}）`).join('、')} 之一：${flags.channel}`);
  }
  if (flags.id !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(flags.id)) throw new BadInputError(`--id 只能用小写字母、数字、- 和 _：${flags.id}`);
  if (flags.output && existsSync(flags.output)) throw new BadInputError(`输出文件已存在，不覆盖：${flags.output}`);
  const { draftSourceFromSite } = await loadCrawlers();
  const draft = await draftSourceFromSite({
    listUrl: url,
    detailUrls,
    id: flags.id ?? new URL(url).hostname.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
    name: flags.name,
    channel: flags.channel as Channel | undefined,
    encoding: flags.encoding,
    browser: flags.browser,
    chromiumPath: flags.browser === false ? undefined : ctx.config().chromiumPath,
    onPage: (page) => ctx.io.stderr(`正在读取 ${page}\n`),
  });
  const { channel } = draft.guessed;
  if (channel) ctx.io.stderr(`渠道按页面标题猜测为「${channelNames[channel]}」（${channel}），不对请用 --channel 指定\n`);

  ctx.io.stderr('\n列表每条留言的各列：\n');
  ctx.io.stderr(formatTable([['选择器', '表头', '作为字段', '第一条的值'], ...draft.columns.map((c) => [printable(c.selector), printable(c.header ?? '-'), c.field ? `${fieldNames[c.field] ?? c.field}（${c.field}）` : '（不取）', printable(c.sample.slice(0, 30))])]));
  ctx.io.stderr('\n按草稿读出的前几条：\n');
  for (const item of draft.preview.items) ctx.io.stderr(`  ${printable(item.siteId)}  ${printable(item.fields.title ?? '（无标题）')}  ${printable(item.fields.siteStatus ?? '')}\n`);
  if (draft.preview.detail) {
    ctx.io.stderr('\n按草稿读出的第一封信：\n');
    for (const [field, value] of Object.entries(draft.preview.detail)) ctx.io.stderr(`  ${fieldNames[field] ?? field}：${printable(String(value).replace(/\s+/g, ' ').slice(0, 60))}\n`);
  }
  for (const problem of draft.preview.problems) ctx.io.stderr(`问题：${printable(problem)}\n`);
  for (const note of draft.notes) ctx.io.stderr(`注意：${printable(note)}\n`);
  if (flags.output) {
    await writeFile(flags.output, draft.yaml, { flag: 'wx' });
    ctx.io.stderr(`\n草稿已写入 ${flags.output}：核对后用 minsheng crawl --sources ${flags.output} --once --output try.jsonl 试抓\n`);
  } else {
    ctx.io.stdout(draft.yaml);
  }
}
