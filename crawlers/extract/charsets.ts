/**
 * Which charset a page is in, as a browser reads it: the HTTP Content-Type's, else the Chinese
 * charset its `<meta>` declares (where sites that do not say so in the header say it). Shared by
 * the crawl engine and the source drafter (crawlers/suggest/), so both decode a page alike.
 */

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
  let replaced = 0;
  let chinese = 0;
  for (const ch of text) {
    if (ch === '\uFFFD') replaced++;
    else if (/\p{Script=Han}/u.test(ch)) chinese++;
  }
  return replaced >= 3 && replaced > chinese;
}

/** What a page that declares no charset and is not UTF-8 is read as next: GB18030, the superset of GBK and GB2312 that Chinese sites write. */
export const undeclaredChineseCharset = 'gb18030';
