/**
 * Which charset a page is in, as a browser reads it: the HTTP Content-Type's, else the Chinese
 * charset its `<meta>` declares (where sites that do not say so in the header say it). Shared by
 * the crawl engine and the source drafter (crawlers/suggest/), so both decode a page alike.
 */

/** The charset an HTTP Content-Type header names, if any. */
export const headerCharset = (contentType: string | null | undefined) => /charset\s*=\s*["']?([\w-]+)/i.exec(contentType ?? '')?.[1];

/** The Chinese charset a page declares in its first 3,000 characters (`<meta charset=gb2312>`), lower case. */
export const declaredCharset = (body: string) => /charset\s*=\s*["']?\s*(gb2312|gbk|gb18030|big5)/i.exec(body.slice(0, 3000))?.[1]?.toLowerCase();
