/**
 * A reply the letter's page does not hold: its script fetches it after loading (`fetch('/reply?id=1201')`),
 * so the page's HTML shows an empty box and a crawl of the HTML alone reads every letter as
 * unanswered. A source says where it is (`detail.reply`); the reply is asked for once per letter
 * read, politely (the host's gate, counted), and its fields are added to the page's.
 */
import type { RawFields } from '../extract/fields.js';
import { parseDetailPage } from '../extract/pages.js';
import { fillTemplate } from '../extract/values.js';
import type { DetailSpec } from '../source/schema.js';

export type ReplySpec = NonNullable<DetailSpec['reply']>;

/** The reply's answer: its fields (none for a letter not answered yet), or why it could not be read. */
export type ReplyAnswer = { fields: RawFields } | { error: string; url: string };

/**
 * Reads the reply of one letter: `fields` the letter's so far (list and page, `siteId` among the
 * template's values), `pageUrl` the letter's page; `fetchText` a polite GET (undefined when it failed
 * or answered an error). An answer that is not what `format` says is an error too: the letter is
 * then left for the next run, as a busy page leaves it, not taken as unanswered.
 */
export async function readReply(spec: ReplySpec, fields: RawFields, siteId: string, pageUrl: string, fetchText: (url: string) => Promise<string | undefined>): Promise<ReplyAnswer> {
  const url = new URL(fillTemplate(spec.url, { ...fields, siteId }), pageUrl).href;
  const body = await fetchText(url);
  if (body === undefined) return { error: '请求失败或返回错误状态', url };
  try {
    const read = parseDetailPage({ format: spec.format, url: spec.url, method: 'GET', bodyType: 'form', fields: spec.fields, ...(spec.bodyRegex ? { bodyRegex: spec.bodyRegex } : {}) }, body, url);
    return { fields: read.fields };
  } catch (error) {
    return { error: `无法解析（${(error as Error).message.slice(0, 80)}）`, url };
  }
}
