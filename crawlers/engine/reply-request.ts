/**
 * A reply the letter's page does not hold: its script fetches it after loading (`fetch('/reply?id=1201')`,
 * `$.post('getReply.do', {xjid: '1201', token: …})`), so the page's HTML shows an empty box and a crawl
 * of the HTML alone reads every letter as unanswered. A source says where it is (`detail.reply`); the
 * reply is asked for once per letter read, politely (the host's gate, counted), and its fields are
 * added to the page's. Values the request carries from the page (a token that changes on every load)
 * are read from the page just fetched, never kept.
 */
import { load } from 'cheerio';
import type { RawFields } from '../extract/fields.js';
import { htmlField } from '../extract/fields.js';
import { parseDetailPage } from '../extract/pages.js';
import { fillTemplate } from '../extract/values.js';
import type { DetailSpec, FieldSpec } from '../source/schema.js';
import { encodeForm } from './config-adapter.js';

export type ReplySpec = NonNullable<DetailSpec['reply']>;

/** What a reply request sends besides its address: a POST body (none for a GET). */
export interface ReplySend {
  body: string;
  contentType: string;
}

/** A polite request (a GET, or a POST of `send`): the answer's text, undefined when it failed or answered an error. */
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

/**
 * The request of one letter's reply: its address and, for a POST, its body (encoded in `encoding` when
 * a form). `pageValues` (read from the page: a token) are percent-encoded in the address, so that a
 * token's `+`, `/` or `&` reaches the site as it was (`+` would be read as a space) and the page's text
 * cannot add a query field or a path of its own; in a body they are encoded as the body's type asks.
 */
export function replyRequest(spec: ReplySpec, values: Record<string, string | undefined>, pageUrl: string, encoding?: string, pageValues: Record<string, string> = {}): { url: string; send?: ReplySend } {
  const inUrl = Object.fromEntries(Object.entries(pageValues).map(([k, v]) => [k, encodeURIComponent(v)]));
  const url = new URL(fillTemplate(spec.url, { ...values, ...inUrl }), pageUrl).href;
  if (spec.method !== 'POST') return { url };
  const inBody = { ...values, ...pageValues };
  const body = Object.fromEntries(Object.entries(spec.body ?? {}).map(([k, v]) => [k, typeof v === 'string' ? fillTemplate(v, inBody) : String(v)]));
  return spec.bodyType === 'json'
    ? { url, send: { body: JSON.stringify(body), contentType: 'application/json' } }
    : { url, send: { body: encodeForm(body, encoding), contentType: 'application/x-www-form-urlencoded' } };
}

/**
 * Reads the reply of one letter: `fields` the letter's so far (list and page, `siteId` among the
 * template's values), `page` the letter's page as just fetched; `fetchText` a polite request. An
 * answer that is not what `format` says is an error too, and so is a `page` value the page does
 * not carry (the token gone): the letter is then left for the next run, as a busy page leaves it,
 * not taken as unanswered.
 */
export async function readReply(spec: ReplySpec, fields: RawFields, siteId: string, page: { url: string; body: string }, fetchText: FetchText, encoding?: string): Promise<ReplyAnswer> {
  const read = readPageValues(spec, page.body);
  if ('missing' in read) return { error: `所需的 ${read.missing} 在详情页中未找到`, url: page.url };
  const { url, send } = replyRequest(spec, { ...fields, siteId }, page.url, encoding, read.values);
  const body = await fetchText(url, send);
  if (body === undefined) return { error: '请求失败或返回错误状态', url };
  try {
    const read = parseDetailPage({ format: spec.format, url: spec.url, method: 'GET', bodyType: 'form', fields: spec.fields, ...(spec.bodyRegex ? { bodyRegex: spec.bodyRegex } : {}) }, body, url);
    return { fields: read.fields };
  } catch (error) {
    return { error: `无法解析（${(error as Error).message.slice(0, 80)}）`, url };
  }
}
