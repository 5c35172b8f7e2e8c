/**
 * A source file drafted from a list the page's script fetches as JSON (suggest-json-list.ts): the
 * API's address as the start URL, the list's paths, the pagination of the request, and the detail
 * rules drafted from the letters' server-rendered pages (suggest-detail.ts) when the rendered list
 * links each item by its id, or, when those pages are script pages fetching the letter as JSON,
 * a `detail.format: json` (suggest-json-detail.ts); with no such page, the letter's text and reply
 * come from the JSON.
 * Checked as draft-source.ts checks an HTML draft: loaded as a source file and read back on the
 * captured answer and every detail page before it is shown. Pure.
 */
import { parseListPage } from '../extract/pages.js';
import type { ConfigSource } from '../source/schema.js';
import { writeAndReadBack, type SourceDraft } from './draft-source.js';
import { oldestFirst, oldestFirstNote } from './list-order.js';
import { suggestDetail, type DetailPage } from './suggest-detail.js';
import { jsonDetailPages, jsonDetailRaw, type JsonDetailDraft } from './suggest-json-detail.js';
import type { JsonListDraft } from './suggest-json-list.js';

export interface JsonDraftInput {
  /** The list page a person opens (its script fetched the list). */
  listUrl: string;
  list: JsonListDraft;
  /** Letters' detail pages, when the list links to them (an answered one among them). */
  detailPages: readonly DetailPage[];
  /** The letter fetched as JSON by its page's script (suggest-json-detail.ts), when its page's HTML holds no text: drafted instead of `detailPages`. */
  jsonDetail?: JsonDetailDraft | undefined;
  id: string;
  name: string;
  channel: ConfigSource['channel'];
  notes?: readonly string[] | undefined;
}

/** The list's fields as the file writes them: the detail page's address built from the id when the page links one. */
export function jsonListFields(list: JsonListDraft): ConfigSource['list']['fields'] {
  return { ...list.fields, ...(list.detailUrl ? { detailUrl: list.detailUrl } : {}) };
}

export function draftJsonSource(input: JsonDraftInput): SourceDraft {
  const { list } = input;
  const fields = jsonListFields(list);
  const { jsonDetail } = input;
  const detail = !jsonDetail && input.detailPages.length > 0 ? suggestDetail(input.detailPages, Object.keys(fields)) : undefined;
  // A list whose answer gives its oldest letters first: each crawl reads its last page too (engine/list-tails.ts).
  // A load-more list is walked in the browser, where no tail is kept.
  const order = list.pagination.type === 'load-more' ? undefined : oldestFirst(parseListPage({ format: list.format, items: list.items, fields }, list.response.body, list.response.url).items);
  const notes = [...(input.notes ?? []), ...list.notes, ...(order ? [oldestFirstNote(order)] : []), ...(detail?.notes ?? []), ...(jsonDetail?.notes ?? [])];
  if (!detail && !jsonDetail) notes.push('没有详情页：正文和答复取自接口数据');
  const requestedWith = list.response.requestedWith ?? jsonDetail?.requestedWith;
  if (requestedWith) notes.push(`页面脚本请求接口时带有 X-Requested-With: ${requestedWith}：已写入 politeness.headers（有的网站只答复这样的请求）`);
  const detailRaw = jsonDetail ? jsonDetailRaw(jsonDetail) : detail ? { fields: detail.fields, ...(detail.cells ? { cells: detail.cells } : {}) } : undefined;
  const raw = {
    id: input.id,
    name: input.name,
    channel: input.channel,
    startUrls: [list.response.url],
    ...(requestedWith ? { politeness: { headers: { 'X-Requested-With': requestedWith } } } : {}),
    list: { format: list.format, items: list.items, fields, ...(order ? { order: 'oldest-first' } : {}) },
    pagination: list.pagination,
    ...(detailRaw ? { detail: detailRaw } : {}),
  };
  return writeAndReadBack({
    about:
      list.response.url === input.listUrl
        ? `由 minsheng sources suggest 根据数据接口 ${input.listUrl} 生成的草稿：使用前请逐项核对（crawlers/README.md）。`
        : `由 minsheng sources suggest 根据 ${input.listUrl} 在浏览器中取列表的接口 ${list.response.method} ${list.response.url} 生成的草稿：使用前请逐项核对（crawlers/README.md）。`,
    raw,
    notes,
    columns: list.columns,
    listFields: fields,
    // A letter fetched as JSON is read back on the answers its page's script received.
    detailPages: jsonDetail ? jsonDetailPages(jsonDetail) : input.detailPages,
    // Read back on the answer the script received, as the crawler reads it.
    readList: (source) => parseListPage(source.list, list.response.body, list.response.url),
  });
}
