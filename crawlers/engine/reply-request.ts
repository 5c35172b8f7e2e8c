/**
 * A reply the letter's page does not hold: its script fetches it after loading (`fetch('/reply?id=1201')`,
 * `$.post('getReply.do', {xjid: '1201', token: …})`), so the page's HTML shows an empty box and a crawl
 * of the HTML alone reads every letter as unanswered. A source says where it is (`detail.reply`); the
 * reply is asked for once per letter read, politely (the host's gate, counted), and its fields are
 * added to the page's. Values the request carries from the page (a token that changes on every load,
 * in the address, the body or a header such as `X-CSRF-Token`) are read from the page just fetched,
 * never kept; the cookies the page set are sent with it (page-cookies.ts: its answer's, the
 * redirects' before it, its inline scripts' `document.cookie` literals).
 */
import { load } from 'cheerio';
import type { RawFields } from '../extract/fields.js';
import { htmlField } from '../extract/fields.js';
import { parseDetailPage } from '../extract/pages.js';
import { fillTemplate } from '../extract/values.js';
import type { DetailSpec, FieldSpec } from '../source/schema.js';
import { encodeForm } from './config-adapter.js';
import { pageCookies, type CookiePage } from './page-cookies.js';

export type ReplySpec = NonNullable<DetailSpec['reply']>;

/** What a reply request sends besides its address: a POST's body (none for a GET), headers, the page's cookies. */
export interface ReplySend {
  /** The POST's body and its type; absent for a GET. */
  body?: string | undefined;
  contentType?: string | undefined;
  /** `reply.headers` filled in (`X-CSRF-Token` with the page's token). */
  headers?: Record<string, string> | undefined;
  /** The `Cookie` header of what the letter's page set, scoped to the request's address (page-cookies.ts). */
  cookie?: string | undefined;
}

/** A polite request (a GET, or a POST of `send.body`): the answer's text, undefined when it failed or answered an error. */
export type FetchText = (url: string, send?: ReplySend) => Promise<string | undefined>;

/** The reply's answer: its fields (none for a letter not answered yet), or why it could not be read. */
export type ReplyAnswer = { fields: RawFields } | { error: string; url: string };

/**
 * One value of `reply.page` read from the letter's page: a rule as a detail field's, or a `regex`
 * alone applied to the page's source (a `var token = '…'` in its script, which no selector reaches).
 */
function pageValue(html: string, spec: FieldSpec): string | undefined {
  if (typeof spec !== 'string' && spec.regex && !spec.selector && !spec.label && !spec.attr && spec.const === undefined) {
    const m = new RegExp(spec.regex).exec(html);
    return m ? (m[1] ?? m[0]).trim() : undefined;
  }
  const $ = load(html);
  return htmlField($, $.root(), spec);
}

/** The values `spec.page` reads from a letter's page (its HTML), or the name of the first the page lacks. */
export function readPageValues(spec: Pick<ReplySpec, 'page'>, html: string): { values: Record<string, string> } | { missing: string } {
  const values: Record<string, string> = {};
  for (const [name, rule] of Object.entries(spec.page ?? {})) {
    const value = pageValue(html, rule);
    if (!value) return { missing: name };
    values[name] = value;
  }
  return { values };
}

/** A header value holding a line break or a NUL: it would end the header and start another (the page's text is untrusted). */
const unsafeHeaderValue = /[\r\n\0]/;

/**
 * The request of one letter's reply: its address, for a POST its body (encoded in `encoding` when
 * a form), and its headers. `pageValues` (read from the page: a token) are percent-encoded in the
 * address, so that a token's `+`, `/` or `&` reaches the site as it was (`+` would be read as a
 * space) and the page's text cannot add a query field or a path of its own; in a body they are
 * encoded as the body's type asks; in a header they are sent as read. Throws when a header's value
 * would hold a line break (a page's text adding a header of its own).
 */
export function replyRequest(spec: ReplySpec, values: Record<string, string | undefined>, pageUrl: string, encoding?: string, pageValues: Record<string, string> = {}): { url: string; send?: ReplySend } {
  const inUrl = Object.fromEntries(Object.entries(pageValues).map(([k, v]) => [k, encodeURIComponent(v)]));
  const url = new URL(fillTemplate(spec.url, { ...values, ...inUrl }), pageUrl).href;
  const filled = { ...values, ...pageValues };
  const headers = spec.headers && Object.fromEntries(Object.entries(spec.headers).map(([k, v]) => [k, fillTemplate(v, filled)]));
  const unsafe = Object.entries(headers ?? {}).find(([, v]) => unsafeHeaderValue.test(v));
  if (unsafe) throw new Error(`请求头 ${unsafe[0]} 的值含有换行符`);
  const withHeaders = headers ? { headers } : {};
  if (spec.method !== 'POST') return headers ? { url, send: withHeaders } : { url };
  const body = Object.fromEntries(Object.entries(spec.body ?? {}).map(([k, v]) => [k, typeof v === 'string' ? fillTemplate(v, filled) : String(v)]));
  return spec.bodyType === 'json'
    ? { url, send: { body: JSON.stringify(body), contentType: 'application/json', ...withHeaders } }
    : { url, send: { body: encodeForm(body, encoding), contentType: 'application/x-www-form-urlencoded', ...withHeaders } };
}

/**
 * The request of one letter's reply as `replyRequest` makes it, with the cookies the letter's page
 * set (its answer's and its redirects' Set-Cookie, its scripts' `document.cookie` literals) that are
 * in the request's scope.
 */
export function letterReplyRequest(spec: ReplySpec, values: Record<string, string | undefined>, page: CookiePage, encoding: string | undefined, pageValues: Record<string, string>): { url: string; send?: ReplySend } {
  const request = replyRequest(spec, values, page.url, encoding, pageValues);
  const cookie = pageCookies(page, request.url);
  return cookie ? { url: request.url, send: { ...request.send, cookie } } : request;
}

/**
 * Reads the reply of one letter: `fields` the letter's so far (list and page, `siteId` among the
 * template's values), `page` the letter's page as just fetched (with the cookies its answer and the
 * redirects before it set);
 * `fetchText` a polite request. An answer that is not what `format` says is an error too, and so is
 * a `page` value the page does not carry (the token gone) or that cannot be sent (a line break in a
 * header's value): the letter is then left for the next run, as a busy page leaves it, not taken as
 * unanswered.
 */
export async function readReply(spec: ReplySpec, fields: RawFields, siteId: string, page: Omit<CookiePage, 'html'> & { body: string }, fetchText: FetchText, encoding?: string): Promise<ReplyAnswer> {
  const read = readPageValues(spec, page.body);
  if ('missing' in read) return { error: `所需的 ${read.missing} 在详情页中未找到`, url: page.url };
  let request: { url: string; send?: ReplySend };
  try {
    request = letterReplyRequest(spec, { ...fields, siteId }, { ...page, html: page.body }, encoding, read.values);
  } catch (error) {
    return { error: (error as Error).message, url: page.url };
  }
  const { url, send } = request;
  const body = await fetchText(url, send);
  if (body === undefined) return { error: '请求失败或返回错误状态', url };
  try {
    const read = parseDetailPage({ format: spec.format, url: spec.url, method: 'GET', bodyType: 'form', fields: spec.fields, ...(spec.bodyRegex ? { bodyRegex: spec.bodyRegex } : {}) }, body, url);
    return { fields: read.fields };
  } catch (error) {
    return { error: `无法解析（${(error as Error).message.slice(0, 80)}）`, url };
  }
}
