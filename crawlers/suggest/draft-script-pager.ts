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
 *
 * Which captured request fetched the next page, and how a source is drafted from it, is
 * script-pager-request.ts'; whether a cursor can page over HTTP is script-pager-cursor.ts'. This
 * file clicks or scrolls, checks the request against the HTML's page 1, and picks cursor,
 * load-more or page pagination, saying why in the draft's notes.
 */
import { listRequestAt } from '../engine/config-adapter.js';
import { timedSignal } from '../engine/request-signal.js';
import { defaultUserAgent } from '../engine/user-agent.js';
import { parseListPage } from '../extract/pages.js';
import { capturePagerClick, type ClickedPager } from './capture-list-api.js';
import { draftSource, type SourceDraft } from './draft-source.js';
import { cursorField, cursorOverHttp } from './script-pager-cursor.js';
import { fromFragment, fromJson, samePage, type Drafted, type HtmlListRead } from './script-pager-request.js';
import { htmlListSpec } from './suggest-list.js';

export type { HtmlListRead } from './script-pager-request.js';

/** What draft-from-site.ts lends: pages fetched as the drafter fetches them, and the page-2 check. */
export interface ScriptPagerHelp {
  fetchText(url: string): Promise<string>;
  secondPageNote(source: SourceDraft['source'], firstIds: ReadonlySet<string>): Promise<string | undefined>;
}

/**
 * Clicking or scrolling fetched no list (no request, none holding letters, or page 1 again), or the
 * browser did not open: on the scroll route, a plain one-page list, about which the draft says nothing.
 */
export class NoListFetched extends Error {}

/**
 * Drafts from the endpoint the pager's script asks, or throws in Chinese when clicking the control
 * fetched no list (the caller keeps the HTML draft, saying why).
 */
export async function draftFromScriptPager(read: HtmlListRead, help: ScriptPagerHelp, route: 'click' | 'scroll' = 'click'): Promise<SourceDraft> {
  read.onPage?.(`${read.listUrl}（浏览器，${route === 'click' ? '点击翻页' : '滚动到底部'}）`);
  let clicked: ClickedPager;
  try {
    clicked = await capturePagerClick(read.listUrl, { chromiumPath: read.chromiumPath, timeoutMs: read.timeoutMs ? read.timeoutMs * 1.5 : undefined, userAgent: defaultUserAgent, scroll: route === 'scroll', signal: read.signal, checkAddress: read.checkAddress });
  } catch (error) {
    read.signal?.throwIfAborted();
    if (route === 'scroll') throw new NoListFetched((error as Error).message, { cause: error });
    throw error;
  }
  const htmlItems = parseListPage(htmlListSpec(read.list), read.listHtml, read.listUrl, undefined, read.charset).items;
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
    const shown = parseListPage(htmlListSpec(read.list), clicked.after.html, clicked.after.url, undefined, read.charset).items.length;
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
        signal: timedSignal(read.timeoutMs ?? 20_000, read.signal),
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
