/**
 * Letters' pages whose reply is not in their HTML: the page prints the letter and an empty reply box,
 * and its script fetches the reply after loading (`fetch('reply.do?id=' + letterId)`). Drafted from
 * the HTML alone, such a source reads every letter as unanswered. The address the script asks is
 * read from its text (a quoted address joined to the letter's id, or holding it), asked once for an
 * answered letter, and when the answer is JSON carrying a text the page does not show, the draft gets
 * `detail.reply` (engine/reply-request.ts) with its fields; otherwise a note says plainly that the
 * crawl will not see replies.
 */
import { escapeRegex, valueLooks } from './field-words.js';
import { loadPage } from './css-path.js';
import { flatItem, parseBody, text } from './suggest-json-list.js';
import type { DetailPage } from './suggest-detail.js';

/** What a page's script uses to ask for more after loading. */
const asks = /\b(fetch|ajax|getJSON|\$\.get|\$\.post|axios|XMLHttpRequest|\.open\s*\()/;
/** A handling unit's name (区住房和城乡建设局, 某某街道办事处). */
const unitName = /^[\u4e00-\u9fa5（）()]{2,30}(局|委|办|室|中心|政府|街道|办事处|公司|所|院|队|站|部|会)$/;

/** The reply drafted for a source: `detail.reply` as written in the file, with the note saying so. */
export interface ScriptReplyDraft {
  reply?: { url: string; format: 'json'; fields: Record<string, { path: string }> } | undefined;
  note: string;
}

/**
 * The address template (`reply.do?id={siteId}`) a page's script asks with the letter's id, from the
 * text of its inline scripts; undefined when none asks for anything joined to, or holding, the id.
 */
export function scriptReplyAddress(html: string, siteId: string): string | undefined {
  const $ = loadPage(html);
  for (const script of $('script:not([src])').toArray()) {
    const code = $(script).text();
    if (!asks.test(code)) continue;
    // 'reply.do?id=' + letterId, "/api/reply/" + id
    const joined = /(["'])([\w./?&=-]*[=/])\1\s*\+\s*[\w.$]+/.exec(code);
    if (joined) return `${joined[2]}{siteId}`;
    const holding = new RegExp(`(["'])([\\w./?&=-]*[=/]${escapeRegex(siteId)})(?:&[\\w.=&-]*)?\\1`).exec(code);
    if (holding) return holding[2]!.replace(new RegExp(`${escapeRegex(siteId)}$`), '{siteId}');
  }
  return undefined;
}

/**
 * `detail.reply` drafted from one answered letter's page and what its script's address answered:
 * the object holding the longest Chinese text the page does not show is the reply, that text its
 * `replyText`, a date beside it `replyAt`, a unit's name `replyUnit`. Undefined when the answer is no
 * JSON or holds no such text.
 */
export function draftScriptReply(page: DetailPage, template: string, answer: string): ScriptReplyDraft['reply'] {
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
  const fields: Record<string, { path: string }> = { replyText: { path: replyPath } };
  const at = flat.find(([path, v]) => near(path) && valueLooks.date(v.slice(0, 19)));
  if (at) fields.replyAt = { path: at[0] };
  const unit = flat.find(([path, v]) => near(path) && unitName.test(v));
  if (unit) fields.replyUnit = { path: unit[0] };
  return { url: template, format: 'json', fields };
}

/**
 * The reply of letters whose pages fetch it by script: `answered` an answered letter's page with its
 * id, `fetchText` a GET. Nothing when that page's script asks for nothing by the id.
 */
export async function scriptReplyOf(answered: { page: DetailPage; siteId: string } | undefined, fetchText: (url: string) => Promise<string>): Promise<ScriptReplyDraft | undefined> {
  if (!answered) return undefined;
  const template = scriptReplyAddress(answered.page.html, answered.siteId);
  if (!template) return undefined;
  const url = new URL(template.replace('{siteId}', encodeURIComponent(answered.siteId)), answered.page.url).href;
  let reply: ScriptReplyDraft['reply'];
  try {
    reply = draftScriptReply(answered.page, template, await fetchText(url));
  } catch {
    reply = undefined;
  }
  return reply
    ? { reply, note: `答复不在详情页的 HTML 中，由页面脚本在打开后另行请求（${url}）：已按该接口设置 detail.reply（每封信多一次请求），请核对其字段` }
    : { note: `答复可能不在详情页的 HTML 中，由页面脚本另行请求（${url}），但其答复中没有找到答复内容：采集读不到答复，请按 crawlers/README.md 的 detail.reply 手工填写` };
}
