/**
 * Fetches what `draftSource` reads: the list page, then a few of its letters' detail pages (the
 * first, and an answered one, whose page shows where the reply goes), one at a time.
 */
import iconv from 'iconv-lite';
import { decideCharset, declaredCharset, headerCharset, otherThanUtf8, pageCharset, type CharsetDecision } from '../extract/charsets.js';
import { parseListPage } from '../extract/pages.js';
import { defaultUserAgent } from '../engine/user-agent.js';
import { loadPage } from './css-path.js';
import { draftSource, type DraftInput, type SourceDraft } from './draft-source.js';
import { suggestList } from './suggest-list.js';

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
}


/** One page as text; throws an Error in Chinese naming the address when it cannot be read. */
export async function fetchPageText(url: string, options: { encoding?: string | undefined; timeoutMs?: number | undefined } = {}): Promise<string> {
  return (await fetchPage(url, options)).text;
}

/**
 * One page as text, with the charset its answer's Content-Type names (a site naming GBK only there)
 * and the one it was read in (decideCharset: checked against the bytes, as the crawl engine does).
 */
async function fetchPage(url: string, options: { encoding?: string | undefined; timeoutMs?: number | undefined }): Promise<{ text: string; headerCharset: string | undefined; decided: CharsetDecision }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { 'user-agent': defaultUserAgent, accept: 'text/html,application/xhtml+xml,*/*' }, redirect: 'follow', signal: AbortSignal.timeout(options.timeoutMs ?? 20_000) });
  } catch (error) {
    throw new Error(`无法打开 ${url}：${(error as Error).name === 'TimeoutError' ? '超时' : (error as Error).message}`, { cause: error });
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`无法打开 ${url}：网站答复 HTTP ${response.status}`);
  const contentType = response.headers.get('content-type');
  const decided = decideCharset(options.encoding, contentType, bytes);
  const charset = decided.charset ?? 'utf8';
  return { text: iconv.decode(bytes, iconv.encodingExists(charset) ? charset : 'utf8'), headerCharset: headerCharset(contentType)?.toLowerCase(), decided };
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

export async function draftSourceFromSite(options: DraftFromSiteOptions): Promise<SiteDraft> {
  options.onPage?.(options.listUrl);
  const { text: listHtml, headerCharset: header, decided } = await fetchPage(options.listUrl, { encoding: options.encoding, timeoutMs: options.timeoutMs });
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
  const fetchOptions = { encoding, timeoutMs: options.timeoutMs };
  const list = suggestList(listHtml, options.listUrl, charset);
  const $ = loadPage(listHtml);
  const read = (items: string) => parseListPage({ format: 'html', items, fields: list.fields }, listHtml, options.listUrl, $, charset).items.filter((i) => i.fields.detailUrl);
  // An answered letter, whose page shows where the reply goes: by the list's status, or a row that says so anywhere.
  const answeredItem = read(list.items).find((i) => answered.test(i.fields.siteStatus ?? '')) ?? answeredWords.map((w) => read(`${list.items}:contains("${w}")`)[0]).find(Boolean);
  const [firstItem, secondItem] = read(list.items);
  const urlOf = (item: typeof firstItem) => (item?.fields.detailUrl ? [item.fields.detailUrl] : []);
  const urls = [...new Set([...(options.detailUrls ?? []), ...urlOf(firstItem), ...urlOf(answeredItem)])];
  // Two letters at least: what every page shows alike (a side box, a notice) is the site's, not a letter's.
  for (const url of urlOf(secondItem)) if (urls.length < 2 && !urls.includes(url)) urls.push(url);
  urls.splice(4);
  // What the list printed of each letter: a detail page printing values with no labels is read against it.
  const listed = new Map(read(list.items).map((item) => [item.fields.detailUrl!, item.fields]));
  const detailPages = [];
  for (const url of urls) {
    options.onPage?.(url);
    detailPages.push({ url, html: await fetchPageText(url, fetchOptions), listed: listed.get(url) });
  }
  // The list page's own title names the site and, often, the channel (…区长信箱).
  const title = $('title').first().text().replace(/\s+/g, ' ').trim() || new URL(options.listUrl).hostname;
  const guessed = { ...(options.name ? {} : { name: title.slice(0, 60) }), ...(options.channel ? {} : { channel: guessChannel(title) }) };
  const overrode = decided.overrode ?? (staleMeta ? `页面内 meta 声明的编码（${staleMeta}）与内容不符，网站声明的 ${decided.charset} 与内容相符，按 UTF-8 读取` : undefined);
  const notes = fromBytes
    ? [`${overrode}：已设置 encoding: ${fromBytes}（页面按它解码，链接中的中文按它转义）`]
    : fromHeader
      ? [`网站在 HTTP 头 Content-Type 中声明编码为 ${fromHeader}：已设置 encoding: ${fromHeader}（链接中的中文按它转义）`]
      : [];
  const draft = draftSource({ ...options, encoding, name: options.name ?? guessed.name!, channel: options.channel ?? guessed.channel!, listHtml, detailPages, notes });
  return { ...draft, guessed };
}
