/**
 * Which charset a page is in, as a browser reads it: the HTTP Content-Type's, else the Chinese
 * charset its `<meta>` declares (where sites that do not say so in the header say it). Shared by
 * the crawl engine and the source drafter (crawlers/suggest/), so both decode a page alike;
 * decideCharset checks what the header says against the page's bytes.
 */
import iconv from 'iconv-lite';

/** The charset an HTTP Content-Type header names, if any. */
export const headerCharset = (contentType: string | null | undefined) => /charset\s*=\s*["']?([\w-]+)/i.exec(contentType ?? '')?.[1];

/** The Chinese charset a page declares in its first 3,000 characters (`<meta charset=gb2312>`), lower case. */
export const declaredCharset = (body: string) => /charset\s*=\s*["']?\s*(gb2312|gbk|gb18030|big5)/i.exec(body.slice(0, 3000))?.[1]?.toLowerCase();

/**
 * The charset a page is in, decided here for the crawl engine and the drafter alike: the source's
 * forced `encoding`, else the charset the answer's Content-Type names, else the Chinese one the
 * page's `<meta>` declares; lower case, undefined when none says. Pages are decoded in it, and the
 * Chinese of their links' query is escaped in it (escapeQueryAs), as a browser does: a GBK site that
 * names its charset only in the HTTP header sends `?lb=市长信箱` as GBK bytes too.
 */
export const pageCharset = (forced: string | undefined, contentType: string | null | undefined, body: string) => (forced ?? headerCharset(contentType) ?? declaredCharset(body))?.toLowerCase();

/** Whether a charset is another than UTF-8 (a page in it escapes its links' Chinese in it). */
export const otherThanUtf8 = (charset: string | undefined): charset is string => !!charset && !/^utf-?8$/i.test(charset);

/**
 * Whether text decoded as UTF-8 came from bytes in another charset: more U+FFFD replacement
 * characters than Chinese characters (GBK bytes read as UTF-8 turn nearly every Chinese character
 * into one). A UTF-8 page with a stray broken character, which real letters carry now and then,
 * is not: its Chinese text far outnumbers it.
 */
export function misdecoded(text: string): boolean {
  const { replaced, chinese } = count(text);
  return replaced >= 3 && replaced > chinese;
}

/** What a page that declares no charset and is not UTF-8 is read as next: GB18030, the superset of GBK and GB2312 that Chinese sites write. */
export const undeclaredChineseCharset = 'gb18030';

/** Charsets of one byte a letter that servers name by default (old IIS and Apache setups), whatever the page is in. */
const westernCharset = /^(?:iso-?8859-1|latin-?1|l1|windows-1252|cp1252|us-ascii|ascii)$/i;

/** The Chinese charsets a page's own declaration (`<meta>`, a byte order mark) may name over the header's. */
const chineseCharset = /^(?:gbk|gb2312|gb18030|big5)$/i;

/** The charset a byte order mark names, if the bytes start with one. */
function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0x84 && bytes[1] === 0x31 && bytes[2] === 0x95 && bytes[3] === 0x33) return 'gb18030';
  return undefined;
}

/** How many U+FFFD replacement characters and Chinese characters a text holds. */
function count(text: string): { replaced: number; chinese: number } {
  let replaced = 0;
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) replaced++;
  return { replaced, chinese: text.match(/\p{Script=Han}/gu)?.length ?? 0 };
}

/**
 * Whether bytes read cleanly in a Chinese charset: no replacement character, or one in a hundred
 * Chinese characters at most (a page cut mid-character, a stray byte in a letter).
 */
function readsCleanlyAs(bytes: Uint8Array, charset: string): boolean {
  if (!iconv.encodingExists(charset)) return false;
  const { replaced, chinese } = count(iconv.decode(Buffer.from(bytes), charset));
  return replaced === 0 || replaced * 100 <= chinese;
}

/**
 * Whether bytes above ASCII are Chinese text in GB2312/GBK rather than letters of a Western charset:
 * at least 20 two-byte characters, and nearly all of them (95 %) in GB2312's rows (both bytes
 * 0xA1-0xFE), most (80 %) of those in its first level of the 3,755 commonest characters (leads
 * 0xB0-0xD7) or its punctuation (leads 0xA1-0xA3). Latin-1 text read as GBK pairs an accented letter
 * with the ASCII letter after it (a trail byte below 0xA1), so a French or German page fails the
 * first test; Chinese text, whose characters are overwhelmingly of the first level, passes both.
 */
function looksLikeGbText(bytes: Uint8Array): boolean {
  let pairs = 0;
  let gb2312 = 0;
  let common = 0;
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0x81) continue;
    const trail = bytes[i + 1] ?? 0;
    pairs++;
    i++;
    if (lead < 0xa1 || lead > 0xfe || trail < 0xa1 || trail > 0xfe) continue;
    gb2312++;
    if ((lead >= 0xb0 && lead <= 0xd7) || lead <= 0xa3) common++;
  }
  return pairs >= 20 && gb2312 >= pairs * 0.95 && common >= gb2312 * 0.8;
}

/** Whether bytes hold any byte above ASCII (pure ASCII reads the same in every charset here). */
const highBytes = (bytes: Uint8Array) => bytes.some((b) => b > 0x7f);

/** Whether bytes read as UTF-8 are GBK or such (misdecoded); a UTF-8 page with a stray broken character is not. */
const notUtf8 = (bytes: Uint8Array) => {
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    strict.decode(bytes);
    return false;
  } catch {
    return misdecoded(new TextDecoder('utf-8').decode(bytes));
  }
};

/** Whether bytes are valid UTF-8 holding letters beyond ASCII (a UTF-8 page, whatever its `<meta>` says). */
const utf8WithLetters = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return highBytes(bytes);
  } catch {
    return false;
  }
};

/** A page's charset as decided from its bytes: `overrode`, when it is not the one the HTTP header names (or none names one), says why in Chinese. */
export interface CharsetDecision {
  /** Lower case; undefined when nothing names one (read as UTF-8). */
  charset: string | undefined;
  /** Why the header's charset was not taken (or why one nobody named was): a warning for staff, and a note for a draft. */
  overrode?: string | undefined;
  /** The charset the HTTP header named when it was not taken: the site's text, a name cut at 40 characters (shownCharset). */
  header?: string | undefined;
}

/**
 * A charset named by the site, as shown to staff: only what headerCharset takes (letters, digits,
 * `-`, `_`), cut at 40 characters; the overrides here happen only under names far shorter.
 */
export const shownCharset = (name: string) => (name.length > 40 ? `${name.slice(0, 40)}…` : name);

/** A header's charset overruled by bytes that are plainly Chinese GBK text, where the page declares none. */
const undeclaredGb = (header: string): CharsetDecision => ({
  charset: undeclaredChineseCharset,
  overrode: `网站在 HTTP 头中声明的编码（${shownCharset(header)}）与页面内容不符，页面内未声明编码，内容是 GBK 编码的中文，按 ${undeclaredChineseCharset} 读取`,
  header: shownCharset(header),
});

/** A header's charset overruled by the Chinese one the page's `<meta>` names, which its bytes read cleanly in. */
const metaOverHeader = (header: string, chinese: string): CharsetDecision => ({
  charset: chinese,
  overrode: `网站在 HTTP 头中声明的编码（${shownCharset(header)}）与页面内容不符，按页面内 meta 的 ${chinese} 读取`,
  header: shownCharset(header),
});

/**
 * The charset a page is in, decided from its bytes as well as what the header and the page say:
 * pageCharset's order, checked against the bytes where servers are known to lie. Old IIS/ASP
 * servers of Chinese government sites send `charset=utf-8` or `charset=iso-8859-1` by default over
 * GBK pages that declare their charset in `<meta>`: taken as said (as browsers do), every letter
 * was stored garbled, without a word.
 *
 * - the source's `encoding` is taken as it is;
 * - a header naming UTF-8 over bytes that are not UTF-8, when the page's `<meta>` (or a byte order
 *   mark) names a Chinese charset the bytes read cleanly in: that one;
 * - a header naming a Western charset of one byte a letter (iso-8859-1, windows-1252, us-ascii …)
 *   over a page whose `<meta>` names a Chinese charset the bytes read cleanly in: that one;
 * - either header (UTF-8 over bytes that are not UTF-8, or a Western one) over a page declaring no
 *   charset at all, whose bytes are plainly Chinese text in GBK (looksLikeGbText) and read cleanly
 *   as GB18030: GB18030 (taken as said, every letter was stored garbled);
 * - no header charset, a page declaring a Chinese charset in `<meta>` whose bytes are UTF-8 with
 *   letters beyond ASCII and do not read cleanly in that charset: UTF-8 (a template's stale `<meta>`);
 * - nothing naming a charset, bytes that are not UTF-8 but read cleanly as GB18030: GB18030, the
 *   commonest charset of old Chinese government sites that name none (and the superset of GBK and
 *   GB2312), as a browser set to Chinese reads them;
 * - else as pageCharset: the header's, else the `<meta>`'s.
 *
 * Where header and bytes agree nothing changes: a UTF-8 page under a header naming UTF-8 stays
 * UTF-8 whatever its `<meta>` says.
 */
export function decideCharset(forced: string | undefined, contentType: string | null | undefined, bytes: Uint8Array): CharsetDecision {
  if (forced) return { charset: forced.toLowerCase() };
  const header = headerCharset(contentType)?.toLowerCase();
  const head = Buffer.from(bytes.subarray(0, 3000)).toString('latin1');
  const declared = bomCharset(bytes) ?? declaredCharset(head);
  const chinese = declared && chineseCharset.test(declared) ? declared : undefined;
  if (header && /^utf-?8$/.test(header)) {
    if (chinese && notUtf8(bytes) && readsCleanlyAs(bytes, chinese)) {
      return metaOverHeader(header, chinese);
    }
    if (!declared && notUtf8(bytes) && looksLikeGbText(bytes) && readsCleanlyAs(bytes, undeclaredChineseCharset)) return undeclaredGb(header);
    return { charset: header };
  }
  if (header && westernCharset.test(header)) {
    if (chinese && highBytes(bytes) && readsCleanlyAs(bytes, chinese)) {
      return metaOverHeader(header, chinese);
    }
    if (!declared && looksLikeGbText(bytes) && readsCleanlyAs(bytes, undeclaredChineseCharset)) return undeclaredGb(header);
    return { charset: header };
  }
  if (header) return { charset: header };
  if (declared) {
    if (chinese && utf8WithLetters(bytes) && !readsCleanlyAs(bytes, chinese)) {
      return { charset: 'utf-8', overrode: `页面内 meta 声明的编码（${chinese}）与内容不符，内容是 UTF-8，按 UTF-8 读取` };
    }
    return { charset: declared };
  }
  // Nothing names a charset: the commonest of old Chinese government sites that name none.
  if (highBytes(bytes) && notUtf8(bytes) && readsCleanlyAs(bytes, undeclaredChineseCharset)) {
    return { charset: undeclaredChineseCharset, overrode: `页面未声明编码，内容不是 UTF-8，按 ${undeclaredChineseCharset} 读取` };
  }
  return { charset: undefined };
}
