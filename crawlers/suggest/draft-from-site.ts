/**
 * Fetches what `draftSource` reads: the list page, then a few of its letters' detail pages (the
 * first, and an answered one, whose page shows where the reply goes), one at a time. When the
 * page's HTML holds no list, opens it in chromium and drafts from the JSON its script fetched
 * (capture-list-api.ts, suggest-json-list.ts, draft-json-source.ts); and when that list's letters'
 * pages are script pages too, opens two of them and drafts the detail from the JSON their script
 * fetched (suggest-json-detail.ts). A page whose list is in an `<iframe>` (up to three frames deep,
 * or written by its script) is drafted from the framed page (framed-list.ts). When the HTML holds
 * page 1 and no pager address, clicks its script pager or load-more control in chromium, or with
 * none scrolls it to the bottom, and drafts from the request that fetched the next page
 * (draft-script-pager.ts).
 */
import { declaredCharset, otherThanUtf8, pageCharset } from '../extract/charsets.js';
import { parseListPage } from '../extract/pages.js';
import { listRequestAt } from '../engine/config-adapter.js';
import { timedSignal } from '../engine/request-signal.js';
import { defaultUserAgent } from '../engine/user-agent.js';
import { captureListPage, type RenderedListPage } from './capture-list-api.js';
import { loadPage } from './css-path.js';
import { draftJsonSource, jsonListFields } from './draft-json-source.js';
import { draftFromScriptPager, NoListFetched } from './draft-script-pager.js';
import { draftSource, type DraftInput, type SourceDraft } from './draft-source.js';
import { findFramedList, framedListNote } from './framed-list.js';
import { learnIconStatuses, lettersOfTokens, lettersPerToken, opaqueTokens } from './icon-statuses.js';
import { showsScriptPager } from './pager-control.js';
import { stylesheetStatuses } from './stylesheet-statuses.js';
import { scriptReplyOf } from './script-reply.js';
import { suggestJsonDetail, type CapturedDetail, type JsonDetailDraft } from './suggest-json-detail.js';
import { suggestJsonList } from './suggest-json-list.js';
import { printsUnknownRunLabel, suggestDetail, type DetailPage } from './suggest-detail.js';
import { fetchLetterPage, fetchPage, fetchPageText } from './page-fetch.js';
import { htmlListSpec, suggestList } from './suggest-list.js';

export interface DraftFromSiteOptions extends Pick<DraftInput, 'id' | 'encoding'> {
  listUrl: string;
  /** The source's name. @default the list page's title */
  name?: string | undefined;
  /** @default the channel the list page's title names (guessChannel) */
  channel?: DraftInput['channel'] | undefined;
  /** Detail pages to read besides those the list links to (an answered letter, say). @default none */
  detailUrls?: readonly string[] | undefined;
  /** @default 20 s */
  timeoutMs?: number | undefined;
  /** Told each page as it is fetched. */
  onPage?: ((url: string) => void) | undefined;
  /**
   * Open the list page in chromium when its HTML holds no list, and draft from the JSON its script
   * fetches. @default true
   */
  browser?: boolean | undefined;
  /** @default '/usr/bin/chromium' */
  chromiumPath?: string | undefined;
  /** The list page is a framed page found by draftFromFrame: its own frames are not followed again. */
  framed?: boolean | undefined;
  /**
   * Stops the draft: a page being fetched is cut off, no other is fetched, chromium is closed, and
   * the call throws the signal's reason (the console's 取消, and its shutdown). @default none
   */
  signal?: AbortSignal | undefined;
  /**
   * Told each address before it is fetched over HTTP, each redirect's too (then followed one by
   * one); throws to refuse it, failing the draft with its message. The console refuses link-local
   * and cloud metadata addresses so (web/api/source-draft-address.ts). @default none: all fetched
   */
  checkAddress?: ((url: string) => Promise<void>) | undefined;
}


/** An answered letter's status on a list (已办结, 已回复 …). */
const answered = /^(已|办理完毕|办结|完成)/;
const answeredWords = ['已办结', '已回复', '已答复', '办理完毕', '已办理', '已处理'];

/** The channel a list page's title names (市长信箱, 区长信箱, 转办 …); other_web when none. */
export function guessChannel(title: string): DraftInput['channel'] {
  if (/转办|交办/.test(title)) return 'forwarded';
  if (/市长信箱|市委书记信箱|市民热线|12345/.test(title)) return 'city_mailbox';
  if (/区长信箱|县长信箱|书记信箱/.test(title)) return 'district_mailbox';
  return 'other_web';
}

/** A draft, with what was guessed of the source's name and channel (not given by the caller). */
export interface SiteDraft extends SourceDraft {
  guessed: { name?: string; channel?: DraftInput['channel'] };
}

export async function draftSourceFromSite(given: DraftFromSiteOptions): Promise<SiteDraft> {
  // Each page is told to onPage before it is fetched: a stopped draft throws there, between pages.
  const { signal, checkAddress } = given;
  const options = signal ? { ...given, onPage: (url: string) => (signal.throwIfAborted(), given.onPage?.(url)) } : given;
  options.onPage?.(options.listUrl);
  const { text: listHtml, headerCharset: header, decided } = await fetchPage(options.listUrl, { encoding: options.encoding, timeoutMs: options.timeoutMs, signal, checkAddress });
  // A page whose bytes are in another charset than its header names (an IIS default `utf-8` or
  // `iso-8859-1` over GBK), or that names none and is GB18030: the file says which, so the crawl
  // needs no guess and the letters are not stored garbled if a later answer misleads it.
  // A UTF-8 page under a header saying so, whose `<meta>` names a Chinese charset (a template's
  // stale one): read as UTF-8 by the crawl too, but said in the file, so the draft's rules escape
  // its links' Chinese in UTF-8 and not in the `<meta>`'s charset.
  const staleMeta = !options.encoding && !decided.overrode && decided.charset && !otherThanUtf8(decided.charset) ? declaredCharset(listHtml) : undefined;
  const fromBytes = !options.encoding && decided.overrode ? decided.charset : staleMeta ? 'utf-8' : undefined;
  // A site naming a charset other than UTF-8 in its HTTP header (often only there, no `<meta>`):
  // the file says it, so its pages are decoded and its links' Chinese escaped in it whatever answers.
  const fromHeader = !options.encoding && !fromBytes && otherThanUtf8(header) ? header : undefined;
  const encoding = options.encoding ?? fromBytes ?? fromHeader;
  const charset = pageCharset(encoding, undefined, listHtml);
  const fetchOptions = { encoding, timeoutMs: options.timeoutMs, signal, checkAddress };
  let list: ReturnType<typeof suggestList>;
  try {
    list = suggestList(listHtml, options.listUrl, charset);
  } catch (error) {
    // No list in the HTML: the list may be a framed page's, the page may be a JSON API, or its
    // script may build the list from one.
    return (await draftFromFrame(options, listHtml)) ?? draftFromBrowser(options, listHtml, error as Error);
  }
  const $ = loadPage(listHtml);
  // Status marks whose names tell nothing but whose words the site's stylesheet writes (`.zt2::after { content: "已办结" }`): mapped to them, no letter opened for them.
  const drawn = await stylesheetStatuses($, options.listUrl, opaqueTokens(list.fields.siteStatus), (url) => fetchPageText(url, fetchOptions));
  if (drawn) list = suggestList(listHtml, options.listUrl, charset, drawn);
  // The list page's own title names the site and, often, the channel (…区长信箱).
  const title = $('title').first().text().replace(/\s+/g, ' ').trim() || new URL(options.listUrl).hostname;
  const guessed = { ...(options.name ? {} : { name: title.slice(0, 60) }), ...(options.channel ? {} : { channel: guessChannel(title) }) };
  const overrode = decided.overrode ?? (staleMeta ? `页面内 meta 声明的编码（${staleMeta}）与内容不符，网站声明的 ${decided.charset} 与内容相符，按 UTF-8 读取` : undefined);
  const notes = fromBytes
    ? [`${overrode}：已设置 encoding: ${fromBytes}（页面按它解码，链接中的中文按它转义）`]
    : fromHeader
      ? [`网站在 HTTP 头 Content-Type 中声明编码为 ${fromHeader}：已设置 encoding: ${fromHeader}（链接中的中文按它转义）`]
      : [];
  // The list's page 1 is in the HTML but its pager is script that fetches the next pages by XHR
  // (or a load-more control appends them): the control clicked in chromium, the draft is made from
  // the request that fetched page 2. A page showing no pager at all is scrolled to its bottom in
  // chromium once (infinite scroll); when that fetches no list, it is a one-page list, said as before.
  if (list.pagination.type === 'none' && options.browser !== false) {
    const route = showsScriptPager($) ? 'click' : 'scroll';
    try {
      const draft = await draftFromScriptPager(
        { listUrl: options.listUrl, listHtml, list, charset, encoding, base: { id: options.id, name: options.name ?? guessed.name!, channel: options.channel ?? guessed.channel!, notes }, detailUrls: options.detailUrls ?? [], timeoutMs: options.timeoutMs, chromiumPath: options.chromiumPath, onPage: options.onPage, signal, checkAddress },
        { fetchText: (url) => fetchPageText(url, fetchOptions), secondPageNote: (source, ids) => secondPageNote(source, ids, options) },
        route,
      );
      return { ...draft, guessed };
    } catch (error) {
      signal?.throwIfAborted();
      const why = (error as Error).message.replace(/\s*\n[\s\S]*$/, '');
      if (route === 'click') notes.push(`页面上的翻页控件由脚本处理，在浏览器中点击它未能得到以后各页的请求（${why}）：只抓第一页，请按 crawlers/README.md 的 Pagination 一节填写`);
      else if (!(error instanceof NoListFetched)) notes.push(`页面滚动到底部时脚本取得了以后各批的留言，但未能据此起草翻页（${why}）：只抓第一批，请按 crawlers/README.md 的 Pagination 一节填写`);
    }
  }
  const read = (items: string) => parseListPage(htmlListSpec(list, items), listHtml, options.listUrl, $, charset).items.filter((i) => i.fields.detailUrl);
  // An answered letter, whose page shows where the reply goes: by the list's status, or a row that says so anywhere
  // (`:is()`: a list in columns may be named by one selector per column).
  const answeredItem = read(list.items).find((i) => answered.test(i.fields.siteStatus ?? '')) ?? answeredWords.map((w) => read(`:is(${list.items}):contains("${w}")`)[0]).find(Boolean);
  const [firstItem, secondItem] = read(list.items);
  const urlOf = (item: typeof firstItem) => (item?.fields.detailUrl ? [item.fields.detailUrl] : []);
  // Status marks whose names tell nothing: two letters of each are opened to learn them (icon-statuses.ts).
  const opaque = opaqueTokens(list.fields.siteStatus);
  const urls = [...new Set([...(options.detailUrls ?? []), ...urlOf(firstItem), ...urlOf(answeredItem), ...lettersOfTokens(read(list.items), opaque)])];
  // Two letters at least: what every page shows alike (a side box, a notice) is the site's, not a letter's.
  for (const url of urlOf(secondItem)) if (urls.length < 2 && !urls.includes(url)) urls.push(url);
  urls.splice(opaque.length > 0 ? Math.min(8, 2 + lettersPerToken * opaque.length) : 4);
  // What the list printed of each letter: a detail page printing values with no labels is read against it.
  const listed = new Map(read(list.items).map((item) => [item.fields.detailUrl!, item.fields]));
  const detailPages = [];
  for (const url of urls) {
    options.onPage?.(url);
    detailPages.push(await fetchLetterPage(url, fetchOptions, listed.get(url)));
  }
  // A value run together with a label the field words do not know (王先生邮编：727000) is told
  // from that label only by the label recurring on the letters' pages: four letters at least are read then.
  if (detailPages.some((p) => printsUnknownRunLabel(p.html))) {
    for (const url of read(list.items).map((i) => i.fields.detailUrl!)) {
      if (detailPages.length >= 4) break;
      if (detailPages.some((p) => p.url === url)) continue;
      options.onPage?.(url);
      detailPages.push(await fetchLetterPage(url, fetchOptions, listed.get(url)));
    }
  }
  // Letters' pages that are script pages: the letter as their script fetches it.
  const siteIdOf = new Map(read(list.items).flatMap((i) => (list.fields.siteId ? [[i.fields.detailUrl!, i.siteId] as const] : [])));
  const scripted = list.fields.content ? undefined : await jsonDetailOf(detailPages, siteIdOf, Object.keys(list.fields), options);
  // An answered letter's page whose script fetches the reply apart (script-reply.ts).
  const answeredPage = answeredItem && detailPages.find((p) => p.url === answeredItem.fields.detailUrl);
  const reply = scripted?.jsonDetail ? undefined : await scriptReplyOf(answeredPage && { page: answeredPage, siteId: answeredItem.siteId }, (url, send) => fetchPageText(url, fetchOptions, send));
  const input: DraftInput = { ...options, learned: drawn, encoding, name: options.name ?? guessed.name!, channel: options.channel ?? guessed.channel!, listHtml, detailPages, jsonDetail: scripted?.jsonDetail, reply: reply?.reply, notes: [...notes, ...(scripted?.notes ?? []), ...(reply ? [reply.note] : [])] };
  const draft = draftSource(input);
  // The opened letters tell what the icons that tell nothing stand for: drafted again with it.
  const learned = opaque.length > 0 ? learnIconStatuses(draft.source, detailPages) : undefined;
  return { ...(learned ? draftSource({ ...input, learned: new Map([...(drawn ?? []), ...learned]) }) : draft), guessed };
}

/**
 * The draft of a page whose list is in one of its frames (framed-list.ts), or in a frame of a
 * framed page: the first framed page holding a list drafted as the list page, named and channelled
 * after the framing page's title (the framed one is often a bare 信件列表). Nothing when no frame
 * holds a list.
 */
async function draftFromFrame(options: DraftFromSiteOptions, listHtml: string): Promise<SiteDraft | undefined> {
  if (options.framed) return undefined;
  const read = (url: string) => fetchPageText(url, { encoding: options.encoding, timeoutMs: options.timeoutMs, signal: options.signal, checkAddress: options.checkAddress }).catch(() => undefined);
  const holdsList = (html: string, url: string) => {
    try {
      suggestList(html, url);
      return true;
    } catch {
      return false;
    }
  };
  const found = await findFramedList(options.listUrl, listHtml, read, holdsList);
  if (!found) return undefined;
  const title = loadPage(listHtml)('title').first().text().replace(/\s+/g, ' ').trim();
  const guessed = { ...(options.name || !title ? {} : { name: title.slice(0, 60) }), ...(options.channel || !title ? {} : { channel: guessChannel(title) }) };
  const draft = await draftSourceFromSite({ ...options, ...guessed, listUrl: found.url, framed: true });
  const note = framedListNote(found);
  draft.notes.unshift(note);
  draft.yaml = draft.yaml.replace(/^(?=sources:)/m, `# 注意：${note}\n`);
  return { ...draft, guessed: { ...draft.guessed, ...guessed } };
}

/** An answered letter among a JSON list's items: by its status, or by a reply the JSON carries. */
const answeredJson = (fields: Record<string, string | undefined>) => answered.test(fields.siteStatus ?? '') || !!fields.replyText;

/**
 * The draft of a list the page's script fetches: the page opened in chromium, the JSON answer
 * holding the letters, and (when the rendered list links each letter by its id) up to four of the
 * letters' pages fetched over HTTP, as the crawler will fetch them.
 */
async function draftFromBrowser(options: DraftFromSiteOptions, listText: string, htmlError: Error): Promise<SiteDraft> {
  // The address given may be the API itself (JSON or a JS literal): no browser needed.
  const itself: RenderedListPage = { url: options.listUrl, html: '', links: [], responses: [{ url: options.listUrl, method: 'GET', status: 200, contentType: '', body: listText }] };
  const direct = suggestJsonList(itself, options.listUrl, options.detailUrls);
  let page = itself;
  if (!direct && options.browser === false) throw htmlError;
  if (!direct) {
    options.onPage?.(`${options.listUrl}（浏览器）`);
    try {
      page = await captureListPage(options.listUrl, { chromiumPath: options.chromiumPath, timeoutMs: options.timeoutMs ? options.timeoutMs * 1.5 : undefined, userAgent: defaultUserAgent, signal: options.signal, checkAddress: options.checkAddress });
    } catch (error) {
      throw new Error(`${htmlError.message}；用浏览器打开也未成功：${(error as Error).message}`, { cause: error });
    }
  }
  const list = direct ?? suggestJsonList(page, options.listUrl, options.detailUrls);
  if (!list) {
    const asked = page.responses.map((r) => `${r.method} ${new URL(r.url).pathname}`).slice(0, 5);
    throw new Error(`${htmlError.message}；用浏览器打开后，页面脚本取得的 ${page.responses.length} 个数据（${asked.join('、') || '无'}）中也没有带标题的留言列表`);
  }
  const items = parseListPage({ format: list.format, items: list.items, fields: jsonListFields(list) }, list.response.body, list.response.url).items;
  if (!list.detailUrl && !list.fields.content) throw new Error(`${list.notes.join('；')}；但接口数据中没有正文，页面上也没有链向各封信的详情页：请用 --detail-url 给出一两封信的地址（草稿按其中的编号拼出详情页地址）`);
  const detailPages = [];
  if (list.detailUrl) {
    const linked = items.filter((i) => i.fields.detailUrl);
    const chosen = [...(options.detailUrls ?? []), ...[linked[0], linked.find((i) => answeredJson(i.fields)), linked[1]].flatMap((i) => (i?.fields.detailUrl ? [i.fields.detailUrl] : []))];
    const listed = new Map(linked.map((i) => [i.fields.detailUrl!, i.fields]));
    for (const url of [...new Set(chosen)].slice(0, 4)) {
      options.onPage?.(url);
      detailPages.push(await fetchLetterPage(url, { encoding: options.encoding, timeoutMs: options.timeoutMs, signal: options.signal, checkAddress: options.checkAddress }, listed.get(url)));
    }
  }
  const siteIdOf = new Map(items.flatMap((i) => (i.fields.detailUrl ? [[i.fields.detailUrl, i.siteId] as const] : [])));
  const { jsonDetail, notes } = list.fields.content ? { jsonDetail: undefined, notes: [] } : await jsonDetailOf(detailPages, siteIdOf, Object.keys(jsonListFields(list)), options);
  const $ = loadPage(page.html);
  const title = $('title').first().text().replace(/\s+/g, ' ').trim() || new URL(options.listUrl).hostname;
  const guessed = { ...(options.name ? {} : { name: title.slice(0, 60) }), ...(options.channel ? {} : { channel: guessChannel(title) }) };
  const draft = draftJsonSource({ listUrl: options.listUrl, list, detailPages, jsonDetail, notes, id: options.id, name: options.name ?? guessed.name!, channel: options.channel ?? guessed.channel! });
  const second = await secondPageNote(draft.source, new Set(items.map((i) => i.siteId)), options);
  if (second) {
    draft.notes.push(second);
    draft.yaml = draft.yaml.replace(/^(?=sources:)/m, `# 注意：${second}\n`);
  }
  return { ...draft, guessed };
}

/**
 * The detail of letters whose pages are script pages (no text in their HTML): two of them (the
 * first and an answered one, as the caller ordered them) opened in chromium, and the letter drafted
 * from the JSON their script fetched (suggest-json-detail.ts); with notes saying what failed.
 * Nothing when the pages show their letters, or the browser is not to be used. `siteIdOf`: each
 * page's letter id, by its address (a page without one is not opened: its request cannot be told).
 */
async function jsonDetailOf(detailPages: readonly DetailPage[], siteIdOf: ReadonlyMap<string, string>, listFields: readonly string[], options: DraftFromSiteOptions): Promise<{ jsonDetail: JsonDetailDraft | undefined; notes: string[] }> {
  const notes: string[] = [];
  if (detailPages.length === 0 || options.browser === false || !scriptDetailPages(detailPages)) return { jsonDetail: undefined, notes };
  const captured: CapturedDetail[] = [];
  for (const detailPage of detailPages.filter((p) => siteIdOf.has(p.url)).slice(0, 2)) {
    options.onPage?.(`${detailPage.url}（浏览器）`);
    try {
      const opened = await captureListPage(detailPage.url, { chromiumPath: options.chromiumPath, timeoutMs: options.timeoutMs ? options.timeoutMs * 1.5 : undefined, userAgent: defaultUserAgent, signal: options.signal, checkAddress: options.checkAddress });
      captured.push({ url: detailPage.url, siteId: siteIdOf.get(detailPage.url)!, title: detailPage.listed?.title, responses: opened.responses });
    } catch (error) {
      notes.push(`详情页 ${detailPage.url} 的 HTML 中没有信件内容，用浏览器打开也未成功：${(error as Error).message}`);
    }
  }
  const jsonDetail = suggestJsonDetail(captured, listFields, options.listUrl);
  if (!jsonDetail && captured.length > 0) notes.push('详情页的 HTML 中没有信件内容，用浏览器打开后，页面脚本取得的数据中也没有找到带有该信件标题或正文、并按信件编号请求的答复：详情规则请手工填写（detail.format: json）');
  return { jsonDetail, notes };
}

/**
 * Whether letters' pages are script pages that fetch the letter: none shows, outside its scripts,
 * the title the list gave it (a page whose script fetches only the text under a title printed in
 * the HTML is not told); with no page reached from the list (`--detail-url` letters only), whether
 * the detail drafter finds no letter's text on them.
 */
function scriptDetailPages(pages: readonly DetailPage[]): boolean {
  const squeeze = (t: string) => t.replace(/\s+/g, '');
  const titled = pages.filter((page) => page.listed?.title);
  if (titled.length > 0) {
    return !titled.some((page) => {
      const $ = loadPage(page.html);
      $('script, style, title').remove();
      return squeeze($('body').text()).includes(squeeze(page.listed!.title!));
    });
  }
  try {
    return suggestDetail(pages).fields.content === undefined;
  } catch {
    return true;
  }
}

/**
 * The drafted pagination tried once: page 2 asked as the crawler will ask it and read with the
 * draft. Said when it fails, is empty or repeats page 1 (a page field the API ignores); nothing when
 * it gives other letters.
 */
async function secondPageNote(source: SiteDraft['source'], firstIds: ReadonlySet<string>, options: DraftFromSiteOptions): Promise<string | undefined> {
  const request = source.pagination.type === 'none' ? undefined : listRequestAt(source, 1);
  if (!request) return undefined;
  options.onPage?.(`${request.url}${request.body ? `（${request.body}）` : ''}`);
  try {
    await options.checkAddress?.(request.url);
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: { 'user-agent': defaultUserAgent, ...source.politeness.headers, ...(request.contentType ? { 'content-type': request.contentType } : {}) },
      ...(request.body ? { body: request.body } : {}),
      signal: timedSignal(options.timeoutMs ?? 20_000, options.signal),
    });
    if (!response.ok) return `按草稿请求列表第 2 页，接口答复 HTTP ${response.status}：翻页参数可能不对，请核对 pagination`;
    const read = parseListPage(source.list, await response.text(), request.url);
    if (read.items.length === 0) return '按草稿请求列表第 2 页没有读到条目：列表可能只有一页，或翻页参数不对，请核对 pagination';
    if (read.items.every((i) => firstIds.has(i.siteId))) return '按草稿请求的列表第 2 页与第 1 页相同：接口可能不按这个字段翻页，请核对 pagination';
    return undefined;
  } catch (error) {
    options.signal?.throwIfAborted();
    return `按草稿请求列表第 2 页未成功（${(error as Error).message}）：请核对 pagination`;
  }
}
