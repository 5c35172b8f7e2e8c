/**
 * Letters' pages whose reply is not in their HTML: the page prints the letter and an empty reply box,
 * and its script fetches the reply after loading (`fetch('reply.do?id=' + letterId)`, a POST of the
 * id and a token: script-requests.ts), inline or from a same-site script file. Drafted from the HTML
 * alone, such a source reads every letter as unanswered. The request the script sends is read from
 * its text, sent once for an answered letter, and when the answer (JSON, or an HTML fragment) carries
 * a text the page does not show, the draft gets `detail.reply` (engine/reply-request.ts) with its
 * fields; otherwise a note says plainly that the crawl will not see replies and that the reply
 * must be written by hand.
 */
import type { CheerioAPI } from 'cheerio';
import { elementText } from '../extract/fields.js';
import { htmlField } from '../extract/fields.js';
import { letterReplyRequest, readPageValues, type ReplySend, type ReplySpec } from '../engine/reply-request.js';
import { escapeRegex, valueLooks } from './field-words.js';
import { isElement, loadPage, uniqueSelector } from './css-path.js';
import { joinedRequestHeaders, scriptRequest, type ScriptRequest } from './script-requests.js';
import { flatItem, parseBody, text } from './suggest-json-list.js';
import type { DetailPage } from './suggest-detail.js';

/** What a page's script uses to ask for more after loading. */
const asks = /\b(fetch|ajax|getJSON|axios|XMLHttpRequest)\b|\$\.(get|post)\b|\.open\s*\(/;
/** What a script that loads the reply names (`#reply`, `getHfxx`, `dfnr`, 答复): a request with none is another's (a counter, a pager). */
const replyWords = /reply|huifu|dafu|hf|df|答复|回复/i;
/** A handling unit's name (区住房和城乡建设局, 某某街道办事处). */
const unitName = /^[\u4e00-\u9fa5（）()]{2,30}(局|委|办|室|中心|政府|街道|办事处|公司|所|院|队|站|部|会)$/;

/** Same-site script files read for the request, at most; each read only when small. */
const MAX_SCRIPT_FILES = 4;
const MAX_SCRIPT_CHARS = 200_000;

/** A reply drafted for a source: `detail.reply` as written in the file (its request, format and fields). */
export type DraftedReply = Omit<ScriptRequest, 'method'> & { method?: 'POST' | undefined; format: 'json' | 'html'; fields: Record<string, { path: string } | { selector: string } | { label: string }> };

/** The reply drafted for a source, with the note saying so (`byScript`: no request could be told). */
export interface ScriptReplyDraft {
  reply?: DraftedReply | undefined;
  note: string;
}

/**
 * The address template (`reply.do?id={siteId}`) a page's script (`code`) asks with the letter's id;
 * undefined when it asks for nothing joined to, or holding, the id.
 */
export function scriptReplyAddress(code: string, siteId: string): string | undefined {
  // 'reply.do?id=' + letterId, "/api/reply/" + id
  const joined = /(["'])([\w./?&=-]*[=/])\1\s*\+\s*[\w.$]+/.exec(code);
  if (joined) return `${joined[2]}{siteId}`;
  const holding = new RegExp(`(["'])([\\w./?&=-]*[=/]${escapeRegex(siteId)})(?:&[\\w.=&-]*)?\\1`).exec(code);
  return holding ? holding[2]!.replace(new RegExp(`${escapeRegex(siteId)}$`), '{siteId}') : undefined;
}

/**
 * `detail.reply` drafted from one answered letter's page and what its script's address answered:
 * the object holding the longest Chinese text the page does not show is the reply, that text its
 * `replyText`, a date beside it `replyAt`, a unit's name `replyUnit`. Undefined when the answer is no
 * JSON or holds no such text.
 */
export function draftScriptReply(page: DetailPage, template: string, answer: string): DraftedReply | undefined {
  const parsed = parseBody(answer);
  if (!parsed || parsed.format !== 'json' || typeof parsed.data !== 'object' || parsed.data === null) return undefined;
  const $ = loadPage(page.html);
  $('script, style').remove();
  const shown = $('body').text().replace(/\s+/g, '');
  const flat = Object.entries(flatItem(parsed.data as Record<string, unknown>)).map(([path, v]) => [path, text(v)] as const);
  const texts = flat.filter(([, v]) => /[\u4e00-\u9fa5]/.test(v) && v.length >= 10 && !shown.includes(v.replace(/\s+/g, '')));
  const [replyPath] = texts.sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!replyPath) return undefined;
  const near = (path: string) => path.split('.').slice(0, -1).join('.') === replyPath.split('.').slice(0, -1).join('.');
  const fields: DraftedReply['fields'] = { replyText: { path: replyPath } };
  const at = flat.find(([path, v]) => near(path) && valueLooks.date(v.slice(0, 19)));
  if (at) fields.replyAt = { path: at[0] };
  const unit = flat.find(([path, v]) => near(path) && unitName.test(v));
  if (unit) fields.replyUnit = { path: unit[0] };
  return { url: template, format: 'json', fields };
}

/** A label of the reply's unit or time printed in an HTML fragment (`答复单位：`), and what its value must look like. */
const fragmentLabels = [
  ['replyUnit', /(答复|回复|办理|承办|处理)(单位|部门|机关)/, (v: string) => unitName.test(v)],
  ['replyAt', /(答复|回复|办结|办理|处理)(时间|日期)/, (v: string) => valueLooks.date(v.slice(0, 19))],
] as const;

/** The page's text without its scripts, spaces dropped: what a reply must not be. */
function shownText(html: string): string {
  const $ = loadPage(html);
  $('script, style').remove();
  return $('body').text().replace(/\s+/g, '');
}

/**
 * `detail.reply`'s fields from an HTML fragment answered for an answered letter: the element holding
 * the longest Chinese text the page does not show and no label is `replyText`; the unit and time by
 * their labels (`答复单位：区交通运输局`), kept when they read as such. Undefined when no text is found.
 */
export function draftFragmentReply(page: DetailPage, answer: string): DraftedReply['fields'] | undefined {
  const $: CheerioAPI = loadPage(answer);
  $('script, style').remove();
  const shown = shownText(page.html);
  const labelled = (t: string) => fragmentLabels.some(([, label]) => label.test(t));
  const texts = $('*').toArray().filter(isElement).map((el) => ({ el, text: elementText($, $(el)) }))
    .filter(({ text: t }) => /[\u4e00-\u9fa5]/.test(t) && t.replace(/\s+/g, '').length >= 10 && !labelled(t) && !shown.includes(t.replace(/\s+/g, '')));
  const longest = texts.sort((a, b) => b.text.length - a.text.length)[0];
  const selector = longest && uniqueSelector($, longest.el);
  if (!selector) return undefined;
  const fields: DraftedReply['fields'] = { replyText: { selector } };
  const fragmentText = $.root().text();
  for (const [field, label, looks] of fragmentLabels) {
    const name = label.exec(fragmentText)?.[0];
    const value = name && htmlField($, $.root(), { label: name });
    if (name && value && looks(value)) fields[field] = { label: name };
  }
  return fields;
}

/** Code setting headers every request of the page sends (`$.ajaxSetup`, axios's defaults), wherever the request is sent from. */
const setsHeaders = /(?:\$|jQuery)\.ajaxSetup\s*\(|\baxios\.defaults\.headers/;

/**
 * The request a page's scripts send for the reply: its inline scripts first, then a few same-site
 * script files. Headers set for every request (`$.ajaxSetup` in `common.js`) are read from the
 * inline scripts and from those files alike, so the files are read even when the request is
 * found inline.
 */
async function requestOf(page: DetailPage, siteId: string, fetchText: (url: string) => Promise<string>): Promise<{ request: ScriptRequest | undefined; asks: boolean }> {
  const $ = loadPage(page.html);
  let asked = false;
  const inline = $('script:not([src])').toArray().map((el) => $(el).text());
  const host = new URL(page.url).host;
  const files = $('script[src]').toArray().map((el) => new URL($(el).attr('src') ?? '', page.url)).filter((u) => u.host === host && !/jquery|bootstrap|vue|react|layui|echarts/i.test(u.pathname));
  const read: string[] = [];
  for (const url of files.slice(0, MAX_SCRIPT_FILES)) {
    try {
      const code = await fetchText(url.href);
      if (code.length <= MAX_SCRIPT_CHARS) read.push(code);
    } catch {
      // A file that cannot be read sends nothing this can tell.
    }
  }
  const shared = [...inline, ...read.filter((code) => setsHeaders.test(code))].join('\n');
  for (const code of inline) {
    if (!asks.test(code)) continue;
    asked ||= replyWords.test(code);
    const joined = scriptReplyAddress(code, siteId);
    // Sent with the headers its call, or every request of the page, carries (a token in X-CSRF-Token).
    if (joined) return { request: joinedRequestHeaders({ url: joined, method: 'GET' }, joined.replace('{siteId}', ''), code, $, page.html, siteId, shared), asks: true };
    const request = scriptRequest(code, $, page.html, siteId, shared);
    if (request) return { request, asks: true };
  }
  for (const code of read) {
    if (!asks.test(code)) continue;
    asked ||= replyWords.test(code);
    const request = scriptRequest(code, $, page.html, siteId, shared);
    if (request) return { request, asks: true };
  }
  return { request: undefined, asks: asked };
}

/**
 * The reply of letters whose pages fetch it by script: `answered` an answered letter's page (as just
 * fetched: a token it carries is still good) with its id, `fetchText` a GET or a POST of `send`.
 * Nothing when that page's scripts ask for nothing; a note alone when they ask for something this
 * cannot tell, or what they are answered holds no reply.
 */
export async function scriptReplyOf(answered: { page: DetailPage; siteId: string } | undefined, fetchText: (url: string, send?: ReplySend) => Promise<string>): Promise<ScriptReplyDraft | undefined> {
  if (!answered) return undefined;
  const { request, asks: asked } = await requestOf(answered.page, answered.siteId, (url) => fetchText(url));
  if (!request) return asked ? { note: '答复可能由页面脚本在打开后另行加载，但未能看出其请求（地址、参数或令牌）：采集读不到答复，须按 crawlers/README.md 的 detail.reply 手工填写' } : undefined;
  const spec: ReplySpec = { url: request.url, method: request.method, bodyType: request.bodyType ?? 'form', format: 'json', fields: {}, ...(request.body ? { body: request.body } : {}), ...(request.page ? { page: request.page } : {}), ...(request.headers ? { headers: request.headers } : {}) };
  const read = readPageValues(spec, answered.page.html);
  let sent: { url: string; send?: ReplySend } | undefined;
  let reply: DraftedReply | undefined;
  try {
    // Sent as the crawl sends it: the page's own token, and the cookies the page set (its session:
    // its answer's, its redirects', its scripts' `document.cookie` literals).
    const { page } = answered;
    const cookiePage = { url: page.loadedUrl ?? page.url, setCookies: page.setCookies, redirects: page.redirects, html: page.html };
    sent = 'values' in read ? letterReplyRequest(spec, { siteId: answered.siteId }, cookiePage, undefined, read.values) : undefined;
    const answer = sent ? await fetchText(sent.url, sent.send) : undefined;
    reply = answer === undefined ? undefined : draftAnswer(answered.page, request, answer);
  } catch {
    reply = undefined;
  }
  const shown = sent ? `${request.method === 'POST' ? 'POST ' : ''}${sent.url}` : request.url;
  const token = request.page ? `，每次采集时从详情页读取 ${Object.keys(request.page).join('、')}（可能每次打开都不同，不写入来源文件）` : '';
  const inHeaders = Object.entries(request.headers ?? {}).filter(([, v]) => /\{\w+\}/.test(v)).map(([k]) => k);
  const headers = inHeaders.length ? `，令牌以请求头 ${inHeaders.join('、')} 发送` : '';
  const cookies = sent?.send?.cookie ? `，带上详情页设置的 Cookie（${cookieNames(sent.send.cookie)}；采集时每封信带上其详情页当次设置的）` : '';
  return reply
    ? { reply, note: `答复不在详情页的 HTML 中，由页面脚本在打开后另行请求（${shown}）：已按该接口设置 detail.reply（每封信多一次请求${token}${headers}${cookies}），请核对其字段` }
    : { note: `答复可能不在详情页的 HTML 中，由页面脚本另行请求（${shown}），但其答复中没有找到答复内容：采集读不到答复，须按 crawlers/README.md 的 detail.reply 手工填写` };
}

/** The names of a `Cookie` header's cookies (`JSESSIONID、route`): their values are the session's, never shown. */
const cookieNames = (cookie: string) => cookie.split(';').map((p) => p.split('=')[0]!.trim()).filter(Boolean).join('、');

/** `detail.reply` from what `request` answered: JSON fields, else an HTML fragment's. */
function draftAnswer(page: DetailPage, request: ScriptRequest, answer: string): DraftedReply | undefined {
  const { method, ...sent } = request;
  const post = method === 'POST' ? { method } : {};
  const json = draftScriptReply(page, request.url, answer);
  if (json) return { ...sent, ...post, format: 'json', fields: json.fields };
  if (parseBody(answer)?.format === 'json') return undefined;
  const fields = draftFragmentReply(page, answer);
  return fields && { ...sent, ...post, format: 'html', fields };
}
