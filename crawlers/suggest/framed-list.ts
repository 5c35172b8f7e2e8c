/**
 * Lists shown in a frame: a portal's column page (`/hdjl/szxx/index.html`) that holds no letter,
 * only an `<iframe>` (or a `<frameset>`'s `<frame>`) showing a page of the mailbox system
 * (`/mailbox/list.jsp?lx=szxx`). The crawler reads the framed page itself, so the draft is made from
 * it: its address is the source's start URL.
 */
import type { CheerioAPI } from 'cheerio';
import { linkBase } from '../extract/fields.js';

/** At most this many frames of a page are tried (a page of many frames is a portal of widgets). */
const maxFrames = 3;

/**
 * The addresses of the page's frames, in page order, resolved as a browser resolves them (against
 * its `<base href>`): http(s) only, the page itself and `about:blank` left out.
 */
export function framedPageUrls($: CheerioAPI, pageUrl: string): string[] {
  const base = linkBase($, pageUrl);
  const urls: string[] = [];
  for (const el of $('iframe[src], frame[src]').toArray()) {
    try {
      const url = new URL($(el).attr('src')!.trim(), base);
      url.hash = '';
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.href !== pageUrl && !urls.includes(url.href)) urls.push(url.href);
    } catch {
      // Not an address: no frame to read.
    }
  }
  return urls.slice(0, maxFrames);
}

/** The note a draft made from a framed page opens with. */
export const framedListNote = (pageUrl: string, framed: string) =>
  `列表在页面的 iframe 中：${pageUrl} 本身没有留言列表，草稿按框架页 ${framed} 起草（startUrls 为框架页的地址，采集时直接读它），请在浏览器中核对`;
