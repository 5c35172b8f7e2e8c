/**
 * A source file drafted from a site's pages (`minsheng sources suggest`): the list and pagination
 * from a list page, the detail rules from detail pages, checked by loading the draft as a source
 * file and parsing the same pages with it. What was guessed and what to check is said in notes
 * and in the file's comments: the draft is a start for the administrator, who reads it before use.
 * Pure: pages in, draft out (draft-from-site.ts fetches the pages).
 */
import { stringify } from 'yaml';
import { pageCharset } from '../extract/charsets.js';
import { parseDetailPage, parseListPage, type ListItem } from '../extract/pages.js';
import type { RawFields } from '../extract/fields.js';
import { parseSourceText } from '../source/load-source-file.js';
import type { ConfigSource } from '../source/schema.js';
import { loadPage } from './css-path.js';
import type { LearnedStatus } from './icon-column.js';
import { suggestDetail, type DetailPage } from './suggest-detail.js';
import { oldestFirst, oldestFirstNote } from './list-order.js';
import { jsonDetailPages, jsonDetailRaw, type JsonDetailDraft } from './suggest-json-detail.js';
import type { ScriptReplyDraft } from './script-reply.js';
import { htmlListSpec, letterLinesOf, suggestList, type ListColumn } from './suggest-list.js';

export interface DraftInput {
  listUrl: string;
  listHtml: string;
  /** Detail pages of the site, an answered one among them when there is one. */
  detailPages: readonly DetailPage[];
  /** The source's id, name and channel in the file. */
  id: string;
  name: string;
  channel: ConfigSource['channel'];
  /** A charset that had to be forced (the server named none or a wrong one), or the one the HTTP header names. */
  encoding?: string | undefined;
  /** The letter fetched as JSON by its page's script (suggest-json-detail.ts), when its page's HTML holds no text: drafted instead of `detailPages`. */
  jsonDetail?: JsonDetailDraft | undefined;
  /** The reply the letters' pages fetch by script (script-reply.ts), as `detail.reply`. */
  reply?: ScriptReplyDraft['reply'];
  /** What fetching the pages found (the charset the header names), said before the rules' notes. */
  notes?: readonly string[] | undefined;
  /**
   * The list read from an HTML fragment a script fetched (a pager's later pages by XHR): `listHtml`
   * is the fragment, `listUrl` the endpoint's page 1, `body` the answer as sent (with `bodyRegex`
   * when the fragment is wrapped), `pagination` the request's, `about` the file's first line.
   */
  fragment?: { body: string; bodyRegex?: string | undefined; pagination: Record<string, unknown>; headers?: Record<string, string> | undefined; about: string } | undefined;
  /**
   * The page's pagination as found in the browser (a `load-more` control clicked), or none found
   * there either: drafted instead of what the HTML's links show, with no note about those links.
   */
  pagination?: Record<string, unknown> | undefined;
  /** Statuses of the status icons' tokens learned from the opened letters (icon-statuses.ts). */
  learned?: ReadonlyMap<string, LearnedStatus> | undefined;
}

export interface SourceDraft {
  /** The source file, with comments. */
  yaml: string;
  /** The draft as the crawler loads it. */
  source: ConfigSource;
  columns: ListColumn[];
  notes: string[];
  /** The first items of the list page and the first detail page, read with the draft. */
  preview: { items: ListItem[]; detail?: RawFields | undefined; problems: string[] };
}

/**
 * The list of an HTML fragment a script fetched (`<li>…</li><li>…</li>`, no `<body>`): drafted inside
 * a holder of its own, whose name is then left out of the selector (the crawler's parser puts the
 * fragment's elements at the root, a browser's under `<body>`: the items' own selector reads both).
 */
export function suggestFragmentList(html: string, url: string, charset: string | undefined): ReturnType<typeof suggestList> {
  const list = suggestList(`<html><body><div id="minsheng-fragment">${html}</div></body></html>`, url, charset);
  return { ...list, items: list.items.replace(/(?:div)?#minsheng-fragment(?:\s*>\s*|\s+)/g, '') };
}

export function draftSource(input: DraftInput): SourceDraft {
  const charset = pageCharset(input.encoding, undefined, input.listHtml);
  const list = input.fragment ? suggestFragmentList(input.listHtml, input.listUrl, charset) : suggestList(input.listHtml, input.listUrl, charset, input.learned);
  const { fragment, jsonDetail } = input;
  const detail = !jsonDetail && input.detailPages.length > 0 ? suggestDetail(input.detailPages, Object.keys(list.fields)) : undefined;
  // A fragment has no pager of its own: its pages are the request's.
  const listNotes = fragment || input.pagination ? list.notes.filter((n) => !n.startsWith('没有在列表页上找到翻页链接')) : list.notes;
  // A list showing its oldest letters first: the crawl must read its last page for new ones.
  const order = fragment ? undefined : oldestFirst(parseListPage(htmlListSpec(list), input.listHtml, input.listUrl, loadPage(input.listHtml), charset).items);
  // A reply fetched apart by the page's script: its fields are the reply request's, not the page's (empty boxes there).
  const detailNotes = input.reply ? (detail?.notes ?? []).filter((n) => !n.startsWith('详情页上没有找到答复')) : (detail?.notes ?? []);
  if (input.reply && detail) for (const f of Object.keys(input.reply.fields)) delete detail.fields[f as keyof typeof detail.fields];
  const notes = [...(input.notes ?? []), ...listNotes, ...(order ? [oldestFirstNote(order)] : []), ...detailNotes, ...(jsonDetail?.notes ?? [])];
  const headers = { ...fragment?.headers, ...(jsonDetail?.requestedWith ? { 'X-Requested-With': jsonDetail.requestedWith } : {}) };
  if (!detail && !jsonDetail && !list.fields.content) notes.push('没有详情页可读，列表上也没有正文：请给出一封信的地址（--detail-url）');
  const raw = {
    id: input.id,
    name: input.name,
    channel: input.channel,
    startUrls: [input.listUrl],
    ...(input.encoding ? { encoding: input.encoding } : {}),
    ...(Object.keys(headers).length > 0 ? { politeness: { headers } } : {}),
    list: { ...(fragment?.bodyRegex ? { bodyRegex: fragment.bodyRegex } : {}), items: list.items, fields: list.fields, ...letterLinesOf(list), ...(order ? { order: 'oldest-first' } : {}) },
    pagination: input.pagination ?? fragment?.pagination ?? list.pagination,
    ...(jsonDetail ? { detail: jsonDetailRaw(jsonDetail) } : detail ? { detail: { fields: detail.fields, ...(detail.cells ? { cells: detail.cells } : {}), ...(input.reply ? { reply: input.reply } : {}) } } : {}),
  };
  return writeAndReadBack({
    about: fragment?.about ?? `由 minsheng sources suggest 根据 ${input.listUrl} 的页面生成的草稿：使用前请逐项核对（crawlers/README.md）。`,
    raw,
    notes,
    columns: list.columns,
    listFields: list.fields,
    // A letter fetched as JSON is read back on the answers its page's script received.
    detailPages: jsonDetail ? jsonDetailPages(jsonDetail) : input.detailPages,
    readList: (source) => (fragment ? parseListPage(source.list, fragment.body, input.listUrl, undefined, charset) : parseListPage(source.list, input.listHtml, input.listUrl, loadPage(input.listHtml), charset)),
  });
}

/**
 * The draft as shown, for every route (the HTML list, a script's JSON or fragment): `raw` written as
 * the source file under `about` and the notes as comments, loaded as the crawler loads a source
 * file, and read back as the crawler reads the pages (its parser, its extraction): the list with
 * `readList`, and every detail page for what the list does not give (a rule that fits one letter and
 * not the next is said in the preview's problems). Throws when the draft does not load.
 */
export function writeAndReadBack(draft: {
  about: string;
  raw: Record<string, unknown>;
  notes: string[];
  columns: ListColumn[];
  listFields: Record<string, unknown>;
  detailPages: readonly DetailPage[];
  readList: (source: Exclude<ConfigSource, { kind: 'module' }>) => { items: ListItem[]; problems: string[] };
}): SourceDraft {
  const header = [draft.about, '核对方法：minsheng crawl --sources 本文件 --once --output try.jsonl，查看输出和提示。', ...draft.notes.map((n) => `注意：${n}`)];
  const yaml = `${header.map((l) => `# ${l}`).join('\n')}\n${stringify({ sources: [draft.raw] }, { lineWidth: 0 })}`;
  const [source] = parseSourceText(yaml, 'suggest');
  if (!source || source.kind === 'module') throw new Error('草稿未能作为来源文件读入');
  const listed = draft.readList(source);
  const required = (['title', 'content'] as const).filter((f) => !draft.listFields[f]);
  const detailSpec = source.detail;
  const reads = detailSpec ? draft.detailPages.map((page) => ({ url: page.url, ...parseDetailPage(detailSpec, page.html, page.url, loadPage(page.html), [...required]) })) : [];
  return {
    yaml,
    source,
    columns: draft.columns,
    notes: draft.notes,
    preview: { items: listed.items.slice(0, 3), detail: reads[0]?.fields, problems: [...listed.problems, ...reads.flatMap((r) => r.problems.map((p) => `${p}（${r.url}）`))] },
  };
}
