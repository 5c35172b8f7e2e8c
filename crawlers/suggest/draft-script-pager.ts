/**
 * The draft of a list page that prints page 1 in its HTML and fetches the later pages by script: its
 * pager's 下一页 / 2 is a `javascript:` link, an `onclick` or a `<button>` (or a page-jump `<select>`)
 * whose handler asks the next page by XHR or fetch and replaces the list, or a load-more control
 * (加载更多, 查看更多 …) whose handler appends the next batch to it (found as pager-control.ts reads
 * them); or, with no control at all, scrolling to the bottom asks the next batch (infinite scroll).
 * The page is opened in chromium, the control clicked or the page scrolled (capture-list-api.ts),
 * and the request that fetched page 2 (not page 1 again: a refresh or a wrong pick is refused)
 * drafts the source: its address (asked for the first page's number) as the start, its pagination
 * (suggest-json-pagination.ts), and the list's rules from its answer: JSON by the JSON list drafter,
 * an HTML fragment (bare, or wrapped in `[…]` or a JSON string: `bodyRegex`) by the HTML one. Page 1
 * asked of the endpoint is checked against the items the HTML printed; when it does not give them,
 * the draft reads the endpoint from page 2 on and says so. Pages are told apart by the endpoint's
 * answers only, never by the list on the page, which after a load-more still holds page 1's rows.
 *
 * A next batch asked by a value of the last letter shown (`?lastId=1204`: a cursor, no page number)
 * is drafted as `pagination: cursor` (the engine sends the last item's field as the parameter, or as
 * a field of a JSON body: `{"lastId":1204}`) when
 * the endpoint asked without it gives the HTML's first batch and the value is a field of that
 * batch's last item; else, behind a load-more control, as a `load-more` source (the list page opened
 * in chromium, the control clicked until no more letters come, the list read from the page with the
 * HTML's rules); with no control to click (or a pager that replaces the list), page 1 alone, saying so.
 */
import { listRequestAt, withQueryParam } from '../engine/config-adapter.js';
import { defaultUserAgent } from '../engine/user-agent.js';
import { parseListPage, type ListItem } from '../extract/pages.js';
import { capturePagerClick, type CapturedResponse, type ClickedPager } from './capture-list-api.js';
import { draftJsonSource } from './draft-json-source.js';
import { draftSource, suggestFragmentList, type DraftInput, type SourceDraft } from './draft-source.js';
import { escapeRegex } from './field-words.js';
import { draftPagination } from './suggest-json-pagination.js';
import { suggestJsonList, type JsonListDraft } from './suggest-json-list.js';
import type { ListDraft } from './suggest-list.js';

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
}

/** What draft-from-site.ts lends: pages fetched as the drafter fetches them, and the page-2 check. */
export interface ScriptPagerHelp {
  fetchText(url: string): Promise<string>;
  secondPageNote(source: SourceDraft['source'], firstIds: ReadonlySet<string>): Promise<string | undefined>;
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

/**
 * Clicking or scrolling fetched no list (no request, none holding letters, or page 1 again), or the
 * browser did not open: on the scroll route, a plain one-page list, about which the draft says nothing.
 */
export class NoListFetched extends Error {}

/** A request's fields and values: its address's query, and its body's (a form, or a JSON object's leaves to three levels). */
function requestFields(response: CapturedResponse): [string, string][] {
  const fields: [string, string][] = [...new URL(response.url).searchParams];
  const body = response.requestBody ?? '';
  let parsed: unknown;
  try {
    parsed = /^\s*\{/.test(body) ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  const visit = (value: unknown, name: string, depth: number) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && depth < 3) for (const [k, v] of Object.entries(value)) visit(v, name ? `${name}.${k}` : k, depth + 1);
    else if (typeof value === 'string' || typeof value === 'number') fields.push([name, String(value)]);
  };
  if (parsed !== undefined) visit(parsed, '', 0);
  else if (body) fields.push(...new URLSearchParams(body));
  return fields;
}

/** An item's own values: its id, and its address's query values and path segments (`detail.do?id=1204`, `/xj/1204.html`). */
function valuesOf(item: ListItem): Set<string> {
  const values = new Set([item.siteId]);
  if (item.fields.detailUrl) {
    const address = new URL(item.fields.detailUrl);
    for (const value of address.searchParams.values()) values.add(value);
    for (const segment of address.pathname.split('/')) values.add(segment.replace(/\.[a-z]+$/i, ''));
  }
  return values;
}

/**
 * The request's field holding a value of the last letter the page showed before it, and not of the
 * first (a channel's name in every letter's address is no cursor): the next batch asked after that
 * letter (`lastId=1204`, `minId`, `cursor`), not by a page number. Values of one character are not
 * taken (a page number 2 is no cursor).
 */
function cursorField(response: CapturedResponse, items: readonly ListItem[]): { name: string; value: string } | undefined {
  const [first, last] = [items[0], items.at(-1)];
  if (!first || !last || first === last) return undefined;
  const lastValues = valuesOf(last);
  const firstValues = valuesOf(first);
  const found = requestFields(response).find(([, value]) => value.length >= 2 && lastValues.has(value) && !firstValues.has(value));
  return found ? { name: found[0], value: found[1] } : undefined;
}

/** Titles as compared across the HTML page and the endpoint (a list cuts them short with …). */
const bare = (t: string | undefined) => (t ?? '').replace(/\s+/g, '').replace(/(…|\.{2,})$/, '');

/** Whether the endpoint's items are the HTML's page 1: most of the HTML's titles among them. */
function samePage(htmlTitles: readonly string[], endpointTitles: readonly string[]): boolean {
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
interface Start {
  url: string;
  pagination: Record<string, unknown>;
}

/** The request drafters' note that no page field was found: not said of a draft paged by a cursor. */
const noPageField = (note: string) => note.includes('没有找到页码');

interface Drafted {
  /**
   * Builds the draft, with page 1 of the endpoint (or page 2 when it cannot serve page 1) as the
   * answer read back; `at`: another start and pagination (a cursor's).
   */
  build(detailPages: DraftInput['detailPages'], extraNotes: string[], body: string, at?: Start): SourceDraft;
  response: CapturedResponse;
  kind: string;
}

/**
 * Drafts from the endpoint the pager's script asks, or throws in Chinese when clicking the control
 * fetched no list (the caller keeps the HTML draft, saying why).
 */
export async function draftFromScriptPager(read: HtmlListRead, help: ScriptPagerHelp, route: 'click' | 'scroll' = 'click'): Promise<SourceDraft> {
  read.onPage?.(`${read.listUrl}（浏览器，${route === 'click' ? '点击翻页' : '滚动到底部'}）`);
  let clicked: ClickedPager;
  try {
    clicked = await capturePagerClick(read.listUrl, { chromiumPath: read.chromiumPath, timeoutMs: read.timeoutMs ? read.timeoutMs * 1.5 : undefined, userAgent: defaultUserAgent, scroll: route === 'scroll' });
  } catch (error) {
    if (route === 'scroll') throw new NoListFetched((error as Error).message, { cause: error });
    throw error;
  }
  const htmlItems = parseListPage({ format: 'html', items: read.list.items, fields: read.list.fields }, read.listHtml, read.listUrl, undefined, read.charset).items;
  const htmlTitles = htmlItems.map((i) => i.fields.title ?? '');
  const answers = clicked.after.responses.filter((r) => r.status < 400);
  const acted = clicked.how.kind === 'scroll' ? '滚动到页面底部后' : `点击${clicked.how.kind === 'load-more' ? '' : '翻页控件'}“${clicked.control}”后`;
  if (answers.length === 0) throw new NoListFetched(`${acted}，页面脚本没有发出 XHR/fetch 请求`);

  // Which of the requests fetched page 2: as JSON (the JSON list drafter), else as an HTML fragment.
  const drafts = (page: number): Drafted | undefined => fromJson(clicked, answers, read, page) ?? fromFragment(answers, read, page);
  const asPage2 = drafts(2);
  if (!asPage2) throw new NoListFetched(`${acted}，页面脚本取得的 ${answers.length} 个答复（${answers.map((r) => `${r.method} ${new URL(r.url).pathname}`).slice(0, 3).join('、')}）中没有留言列表`);
  const where = `${asPage2.response.method} ${new URL(asPage2.response.url).pathname}`;
  const appends = clicked.how.kind !== 'pager';
  // A load-more or a scroll adds its batch to the list on the page: a list fetched while the list
  // did not grow is another box's (a side box loaded when scrolled into view), not the next batch.
  if (appends) {
    const shown = parseListPage({ format: 'html', items: read.list.items, fields: read.list.fields }, clicked.after.html, clicked.after.url, undefined, read.charset).items.length;
    if (shown <= htmlItems.length) {
      const message = `${acted}，${where} 取得了条目，但页面上的列表没有变长（${shown} 条）：不是列表的下一批`;
      throw route === 'scroll' ? new NoListFetched(message) : new Error(message);
    }
  }
  const opening = appends
    ? `列表第 1 批印在页面的 HTML 中，以后各批由脚本追加：${clicked.how.kind === 'scroll' ? '滚动到页面底部' : `点击“${clicked.control}”`}后由 ${where} 取得${asPage2.kind}`
    : `列表第 1 页印在页面的 HTML 中，以后各页由脚本翻页：点击“${clicked.control}”后由 ${where} 取得${asPage2.kind}`;

  // Letters' pages, as the HTML route picks them from page 1: the first, an answered one, the second, and any given.
  const linked = htmlItems.filter((i) => i.fields.detailUrl);
  const answered = linked.find((i) => /^(已|办理完毕|办结|完成)/.test(i.fields.siteStatus ?? ''));
  const urls = [...new Set([...read.detailUrls, ...[linked[0], answered, linked[1]].flatMap((i) => (i?.fields.detailUrl ? [i.fields.detailUrl] : []))])].slice(0, 4);
  const listed = new Map(linked.map((i) => [i.fields.detailUrl!, i.fields]));
  const detailPages = [];
  for (const url of urls) {
    read.onPage?.(url);
    detailPages.push({ url, html: await help.fetchText(url), listed: listed.get(url) });
  }

  // Page 1 asked of the endpoint, as the crawler will ask it, against what the HTML printed.
  const tried = asPage2.build(detailPages, [], asPage2.response.body);
  // A control that asked the page it is on (a refresh, a wrong pick) would draft page 1 as page 2.
  const page2Titles = parseListPage(tried.source.list, asPage2.response.body, asPage2.response.url).items.map((i) => i.fields.title ?? '');
  if (samePage(htmlTitles, page2Titles)) {
    const message = `${acted}，页面脚本取得的仍是第 1 页（${where} 答复的 ${page2Titles.length} 条正是页面上的）`;
    throw route === 'scroll' ? new NoListFetched(message) : new Error(message);
  }

  // The next batch asked after the last letter shown (`lastId=1204`), with no page number in the request.
  const paged = tried.source.pagination.type !== 'none' && !('maxPages' in tried.source.pagination && tried.source.pagination.maxPages === 1);
  const cursor = paged ? undefined : cursorField(asPage2.response, htmlItems);
  if (cursor) {
    const how = `${opening}，按上一批最后一条的编号（${cursor.name} = ${cursor.value}）续取`;
    const overHttp = await cursorOverHttp(asPage2, cursor, tried.source, htmlTitles, read);
    if ('draft' in overHttp) {
      const note = `${how}：不带 ${cursor.name} 向该接口请求，得到的正是页面上的 ${htmlTitles.length} 条，草稿从该接口读取第一批，以后各批以上一批最后一条的 ${overHttp.from} 作为${overHttp.where} ${cursor.name} 请求（pagination: cursor），请核对`;
      return asPage2.build(detailPages, [note], overHttp.body, overHttp.draft);
    }
    const clickable = clicked.how.kind === 'load-more' ? clicked.how.selector : undefined;
    const note = clickable
      ? `${how}；${overHttp.why}，不能按 HTTP 逐批请求：草稿在浏览器中打开列表页，点击“${clicked.control}”（pagination: load-more，button: ${clickable}）直到不再出现新信，按页面 HTML 的规则读取各批，请核对`
      : `${how}；${overHttp.why}，不能按 HTTP 逐批请求${clicked.how.kind === 'scroll' ? '，页面上也没有可在浏览器中点击的“加载更多”' : '，翻页控件替换列表，也不能在浏览器中逐批点击读取（pagination: load-more 只读追加的列表）'}：草稿只抓第一批（页面上的 ${htmlItems.length} 条；新信通常出现在第一批，按时重抓即可发现）。要读以后各批，请在 crawlers/modules/ 中写一个模块（kind: module，以上一批最后一条的 ${cursor.name} 请求下一批，见 crawlers/README.md 的 Modules 一节）`;
    return draftSource({ listUrl: read.listUrl, listHtml: read.listHtml, detailPages, ...read.base, encoding: read.encoding, notes: [...(read.base.notes ?? []), note], pagination: clickable ? { type: 'load-more', button: clickable } : { type: 'none' } });
  }
  const request = listRequestAt(tried.source, 0);
  let page1: { body: string; titles: string[]; ids: Set<string> } | undefined;
  let why = '';
  if (request) {
    read.onPage?.(`${request.url}${request.body ? `（${request.body}）` : ''}`);
    try {
      const response = await fetch(request.url, {
        method: request.method ?? 'GET',
        headers: { 'user-agent': defaultUserAgent, ...tried.source.politeness.headers, ...(request.contentType ? { 'content-type': request.contentType } : {}) },
        ...(request.body ? { body: request.body } : {}),
        signal: AbortSignal.timeout(read.timeoutMs ?? 20_000),
      });
      const body = await response.text();
      if (!response.ok) why = `接口答复 HTTP ${response.status}`;
      else {
        const items = parseListPage(tried.source.list, body, request.url).items;
        const titles = items.map((i) => i.fields.title ?? '');
        if (samePage(htmlTitles, titles)) page1 = { body, titles, ids: new Set(items.map((i) => i.siteId)) };
        else why = items.length === 0 ? '接口没有答复条目' : `接口答复的 ${items.length} 条与页面上的不同（如“${titles[0]?.slice(0, 20) ?? ''}”）`;
      }
    } catch (error) {
      why = `请求未成功（${(error as Error).message}）`;
    }
  } else why = '草稿的翻页方式不能按页码请求第一页';

  const chosen = page1 ? asPage2 : drafts(1)!;
  const first = page1
    ? `${opening}；按第一页的页码向该接口请求，得到的正是页面上的 ${htmlTitles.length} 条：草稿从该接口读取全部各页（startUrls 为接口的第 1 页），请核对`
    : `${opening}；但按第一页的页码向该接口请求第 1 页没有得到页面上的列表（${why}）：一个来源不能第 1 页读页面 HTML、以后各页读接口，草稿从该接口的第 2 页读起，页面第 1 页的 ${htmlTitles.length} 封信读不到（新信通常出现在第 1 页：请另建一个读页面 HTML 的来源，pagination: none）`;
  const body = page1?.body ?? chosen.response.body;
  const draft = chosen.build(detailPages, [first], body);
  const second = await help.secondPageNote(draft.source, page1?.ids ?? new Set(parseListPage(draft.source.list, body, draft.source.startUrls[0]!).items.map((i) => i.siteId)));
  if (second) {
    draft.notes.push(second);
    draft.yaml = draft.yaml.replace(/^(?=sources:)/m, `# 注意：${second}\n`);
  }
  return draft;
}

/**
 * A cursor's pagination over HTTP (`type: cursor`): the endpoint asked without the cursor must give
 * the HTML's first batch, and the cursor's value must be a field of that batch's last item read with
 * the draft's rules (its `siteId`, or a field the list maps), the field the engine then sends. A
 * cursor in the address's query (GET), or in a JSON body (POST, `{"lastId":1204}`: the body without
 * it is the first page's, `body` in the draft); not one in a form; else why not, in Chinese.
 */
async function cursorOverHttp(drafted: Drafted, cursor: { name: string; value: string }, source: SourceDraft['source'], htmlTitles: readonly string[], read: HtmlListRead): Promise<{ draft: Start; body: string; from: string; where: string } | { why: string }> {
  const { response } = drafted;
  const start = new URL(response.url);
  let request: { method: 'GET' } | { method: 'POST'; body: Record<string, unknown> };
  if (response.method === 'GET') {
    if (!start.searchParams.has(cursor.name)) return { why: `${cursor.name} 不在地址参数中（引擎的 cursor 翻页只设地址参数或 JSON 请求体字段）` };
    start.searchParams.delete(cursor.name);
    request = { method: 'GET' };
  } else {
    const body = jsonBodyWithout(response.requestBody ?? '', cursor.name.split('.'));
    if (response.method !== 'POST' || !body) return { why: `接口用 ${response.method} 请求，${cursor.name} 不在地址参数或 JSON 请求体中（引擎的 cursor 翻页只设地址参数或 JSON 请求体字段）` };
    request = { method: 'POST', body };
  }
  const sent = request.method === 'POST' ? JSON.stringify(request.body) : undefined;
  read.onPage?.(`${start.href}${sent ? `（${sent}）` : ''}`);
  let body: string;
  try {
    const answer = await fetch(start.href, {
      method: request.method,
      headers: { 'user-agent': defaultUserAgent, ...source.politeness.headers, ...(sent ? { 'content-type': 'application/json' } : {}) },
      ...(sent ? { body: sent } : {}),
      signal: AbortSignal.timeout(read.timeoutMs ?? 20_000),
    });
    body = await answer.text();
    if (!answer.ok) return { why: `不带 ${cursor.name} 请求该接口，答复 HTTP ${answer.status}` };
  } catch (error) {
    return { why: `不带 ${cursor.name} 请求该接口未成功（${(error as Error).message}）` };
  }
  const items = parseListPage(source.list, body, start.href).items;
  if (!samePage(htmlTitles, items.map((i) => i.fields.title ?? ''))) return { why: `不带 ${cursor.name} 请求该接口没有得到页面上的第一批（${items.length === 0 ? '没有条目' : `得到 ${items.length} 条不同的`}）` };
  const last = items.at(-1)!;
  const from = ['siteId', ...Object.keys(source.list.fields)].find((f) => (f === 'siteId' ? last.siteId : last.fields[f as keyof typeof last.fields]) === cursor.value);
  if (!from) return { why: `第一批最后一条的字段中没有 ${cursor.name} 的值 ${cursor.value}` };
  const pagination = { type: 'cursor', param: cursor.name, from, ...(request.method === 'POST' ? { body: request.body } : {}) };
  return { draft: { url: start.href, pagination }, body, from, where: request.method === 'POST' ? '请求体（JSON）字段' : '地址参数' };
}

/** A JSON object body with the field at `path` taken out (the request for the first batch), or undefined when the body is no JSON object holding it. */
function jsonBodyWithout(text: string, path: readonly string[]): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const without = (value: unknown, [key, ...rest]: readonly string[]): Record<string, unknown> | undefined => {
    if (!isObject(value) || key === undefined || !(key in value)) return undefined;
    if (rest.length === 0) return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
    const inner = without(value[key], rest);
    return inner ? { ...value, [key]: inner } : undefined;
  };
  return without(parsed, path);
}

/** Page 2 answered as JSON: the JSON list drafter on the clicked page, its links and that answer. */
function fromJson(clicked: ClickedPager, answers: CapturedResponse[], read: HtmlListRead, page: number): Drafted | undefined {
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
function fromFragment(answers: CapturedResponse[], read: HtmlListRead, page: number): Drafted | undefined {
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
    const count = parseListPage({ format: 'html', items: list.items, fields: list.fields }, fragment.html, response.url).items.length;
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
