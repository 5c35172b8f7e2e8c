/**
 * Which request a list page's script sent for its next page (draft-script-pager.ts): among the
 * answers captured after the pager was clicked or the page scrolled (capture-list-api.ts), the one
 * holding the list, read as JSON by the JSON list drafter or as an HTML fragment (bare, or wrapped
 * in `[…]` or a JSON string: `bodyRegex`) by the HTML one; with its pagination
 * (suggest-json-pagination.ts) and a `build` that drafts the source from it. Also how two answers
 * are told to be the same page (`samePage`: by their titles).
 */
import { withQueryParam } from '../engine/config-adapter.js';
import { parseListPage } from '../extract/pages.js';
import type { CapturedResponse, ClickedPager } from './capture-list-api.js';
import { draftJsonSource } from './draft-json-source.js';
import { draftSource, suggestFragmentList, type DraftInput, type SourceDraft } from './draft-source.js';
import { escapeRegex } from './field-words.js';
import { draftPagination } from './suggest-json-pagination.js';
import { suggestJsonList, type JsonListDraft } from './suggest-json-list.js';
import { htmlListSpec, type ListDraft } from './suggest-list.js';

/** What the HTML route read of the list page. */
export interface HtmlListRead {
  listUrl: string;
  listHtml: string;
  list: ListDraft;
  charset: string | undefined;
  encoding: string | undefined;
  /** The draft's other inputs (id, name, channel, given detail pages, the charset notes). */
  base: Pick<DraftInput, 'id' | 'name' | 'channel' | 'notes'>;
  detailUrls: readonly string[];
  timeoutMs?: number | undefined;
  chromiumPath?: string | undefined;
  onPage?: ((url: string) => void) | undefined;
  /** Stops the draft (draft-from-site.ts `signal`): the browser closed, the request cut off. */
  signal?: AbortSignal | undefined;
  /** Refuses an address (draft-from-site.ts `checkAddress`): chromium does not send it. */
  checkAddress?: ((url: string) => Promise<void>) | undefined;
}

/** An HTML fragment in an answer: bare, or wrapped in `[…]` or a JSON string (read with `bodyRegex`). */
function fragmentOf(body: string): { html: string; bodyRegex?: string; escaped: boolean } | undefined {
  const text = body.trim();
  if (text.startsWith('<')) return { html: body, escaped: false };
  const bracketed = /^\[\s*(<[\s\S]*>)\s*\]$/.exec(text);
  if (bracketed) return { html: bracketed[1]!, bodyRegex: '^\\s*\\[([\\s\\S]*)\\]\\s*$', escaped: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  // The longest string holding markup, as a top-level string, the first of an array, or a key's value.
  const found: { html: string; regex: string }[] = [];
  const visit = (value: unknown, key: string | undefined, depth: number) => {
    if (typeof value === 'string' && /<[a-z][^>]*>/i.test(value)) {
      found.push({ html: value, regex: key === undefined ? '^\\s*\\[?\\s*"([\\s\\S]*)"\\s*\\]?\\s*$' : `"${escapeRegex(key)}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"` });
    } else if (Array.isArray(value) && depth < 3) value.forEach((v) => visit(v, undefined, depth + 1));
    else if (typeof value === 'object' && value !== null && depth < 3) for (const [k, v] of Object.entries(value)) visit(v, k, depth + 1);
  };
  visit(parsed, undefined, 0);
  const best = found.sort((a, b) => b.html.length - a.html.length)[0];
  if (!best) return undefined;
  // The engine decodes a capture inside a JSON string (unwrapBody in extract/pages.ts), escapes and all, as `best.html` here.
  return { html: best.html, bodyRegex: best.regex, escaped: /\\["/nrtu]/.test(text) };
}

/** Titles as compared across the HTML page and the endpoint (a list cuts them short with …). */
const bare = (t: string | undefined) => (t ?? '').replace(/\s+/g, '').replace(/(…|\.{2,})$/, '');

/** Whether the endpoint's items are the HTML's page 1: most of the HTML's titles among them. */
export function samePage(htmlTitles: readonly string[], endpointTitles: readonly string[]): boolean {
  const theirs = endpointTitles.map(bare).filter(Boolean);
  const ours = htmlTitles.map(bare).filter(Boolean);
  if (ours.length === 0 || theirs.length === 0) return false;
  return ours.filter((t) => theirs.some((e) => e.startsWith(t))).length >= ours.length * 0.8;
}

/** The endpoint's first page's address: the page parameter set to the first page's number (query, offset). */
function firstPageUrl(url: string, pagination: Record<string, unknown>): string {
  if ((pagination.type === 'query' || pagination.type === 'offset') && typeof pagination.param === 'string') return withQueryParam(url, pagination.param, String(pagination.start));
  return url;
}

/** Where a draft starts and how it pages, when not as the request that fetched page 2 says (a cursor). */
export interface Start {
  url: string;
  pagination: Record<string, unknown>;
}

/** The request drafters' note that no page field was found: not said of a draft paged by a cursor. */
const noPageField = (note: string) => note.includes('没有找到页码');

/** A request that fetched a page of the list (which page: as asked of fromJson / fromFragment), and the draft built on it. */
export interface Drafted {
  /**
   * Builds the draft, with page 1 of the endpoint (or page 2 when it cannot serve page 1) as the
   * answer read back; `at`: another start and pagination (a cursor's).
   */
  build(detailPages: DraftInput['detailPages'], extraNotes: string[], body: string, at?: Start): SourceDraft;
  response: CapturedResponse;
  kind: string;
}

/** Page 2 answered as JSON: the JSON list drafter on the clicked page, its links and that answer. */
export function fromJson(clicked: ClickedPager, answers: CapturedResponse[], read: HtmlListRead, page: number): Drafted | undefined {
  const list = suggestJsonList({ ...clicked.after, responses: answers }, read.listUrl, read.detailUrls, { page, what: '以后各页由脚本从接口取得' });
  if (!list) return undefined;
  const url = page === 2 ? firstPageUrl(list.response.url, list.pagination) : list.response.url;
  return {
    response: list.response,
    kind: ' JSON',
    build: (detailPages, notes, body, at) => {
      const atStart: JsonListDraft = at
        ? { ...list, pagination: at.pagination, notes: list.notes.filter((n) => !noPageField(n)), response: { ...list.response, url: at.url, body } }
        : { ...list, response: { ...list.response, url, body } };
      return draftJsonSource({ listUrl: read.listUrl, list: atStart, detailPages, ...read.base, notes: [...(read.base.notes ?? []), ...notes] });
    },
  };
}

/** Page 2 answered as an HTML fragment: the HTML list drafter on the fragment, the request's pagination. */
export function fromFragment(answers: CapturedResponse[], read: HtmlListRead, page: number): Drafted | undefined {
  let best: { response: CapturedResponse; fragment: NonNullable<ReturnType<typeof fragmentOf>>; count: number } | undefined;
  for (const response of answers) {
    const fragment = fragmentOf(response.body);
    if (!fragment) continue;
    let list: ListDraft;
    try {
      list = suggestFragmentList(fragment.html, response.url, read.charset);
    } catch {
      continue;
    }
    const count = parseListPage(htmlListSpec(list), fragment.html, response.url).items.length;
    if (!best || count > best.count) best = { response, fragment, count };
  }
  if (!best) return undefined;
  const { response, fragment } = best;
  const notes: string[] = [];
  const pagination = draftPagination(response, best.count, notes, false, { page, what: '以后各页由脚本从接口取得 HTML 片段' });
  const url = page === 2 ? firstPageUrl(response.url, pagination) : response.url;
  if (response.requestedWith) notes.push(`页面脚本请求接口时带有 X-Requested-With: ${response.requestedWith}：已写入 politeness.headers（有的网站只答复这样的请求）`);
  if (fragment.bodyRegex) notes.push(`接口答复的 HTML 片段包在${fragment.bodyRegex.startsWith('^\\s*\\[(') ? ' [ … ] ' : ' JSON 字符串'}中：已设置 list.bodyRegex 取出片段${fragment.escaped ? '（片段中的 JSON 转义在抓取时解码）' : ''}`);
  return {
    response,
    kind: ` HTML 片段${fragment.bodyRegex ? '（包在 JSON 或 [ … ] 中）' : ''}`,
    build: (detailPages, extra, body, at) => {
      const inner = fragmentOf(body)?.html ?? fragment.html;
      return draftSource({
        listUrl: at?.url ?? url,
        listHtml: inner,
        detailPages,
        ...read.base,
        encoding: read.encoding,
        notes: [...(read.base.notes ?? []), ...extra, ...(at ? notes.filter((n) => !noPageField(n)) : notes)],
        fragment: {
          body,
          bodyRegex: fragment.bodyRegex,
          pagination: at?.pagination ?? pagination,
          headers: response.requestedWith ? { 'X-Requested-With': response.requestedWith } : undefined,
          about: `由 minsheng sources suggest 根据 ${read.listUrl} 翻页时脚本请求的 ${response.method} ${at?.url ?? url} 生成的草稿：使用前请逐项核对（crawlers/README.md）。`,
        },
      });
    },
  };
}
