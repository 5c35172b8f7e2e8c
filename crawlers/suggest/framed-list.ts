/**
 * Lists shown in a frame: a portal's column page (`/hdjl/szxx/index.html`) that holds no letter,
 * only an `<iframe>` (or a `<frameset>`'s `<frame>`) showing a page of the mailbox system
 * (`/mailbox/list.jsp?lx=szxx`), possibly through framed pages of its own (a frameset whose main
 * frame frames a box framing the list), or whose frame's address the page's script writes
 * (`document.write('<iframe src="list.jsp?lm=xx">')`, `frame.src = 'list.jsp?lm=xx'` on load).
 * The crawler reads the framed page itself, so the draft is made from it: its address is the
 * source's start URL.
 */
import type { CheerioAPI } from 'cheerio';
import { linkBase } from '../extract/fields.js';
import { loadPage } from './css-path.js';

/** At most this many frames of a page are tried (a page of many frames is a portal of widgets). */
const maxFrames = 3;
/** Frames in frames are followed this many levels down from the page given. */
const maxLevels = 3;
/** At most this many framed pages are read in all. */
const maxReads = 12;

/** A page shown in a frame of another, and whether its address came from the page's script. */
export interface FramedPage {
  url: string;
  byScript: boolean;
}

/** A page holding the list, found through frames, with the pages framing it (outermost first, itself last). */
export interface FramedList extends FramedPage {
  html: string;
  chain: string[];
}

/** `<iframe … src="…">` markup in a script's quoted string (document.write, innerHTML), its address a literal. */
const frameMarkup = /<i?frame\b[^<>]*?\bsrc\s*=\s*\\?(["']?)([^"'\\\s<>+]+)\\?\1(?=[\s>\\/'"])/gi;
/** `x.src = '…'`, `x.location = '…'`, `x.location.href = '…'`: the target before, the literal address. */
const addressAssigned = /([\w$.[\]'"()#-]+?)\s*\.(?:src|location(?:\.href)?)\s*=\s*(["'])([^"'\\\s]+)\2/g;
/** `x.setAttribute('src', '…')`, jQuery's `x.attr('src', '…')`. */
const addressSet = /([\w$.[\]'"()#-]+?)\s*\.(?:setAttribute|attr|prop)\(\s*(["'])src\2\s*,\s*(["'])([^"'\\\s]+)\3\s*\)/g;
/** Targets that are the window itself: setting their address moves the page, no frame. */
const windowTarget = /(^|\.)(window|document|top|parent|self|opener)$/;

/**
 * Whether a script's assignment target is a frame: it names a frame of the page (by id or name),
 * says frame (`frames['main']`, `mailFrame`), or is a variable the script made as an iframe.
 * An image's or a script's `src` (a visit counter) is not.
 */
function isFrameTarget(target: string, frameNames: readonly string[], madeFrames: readonly string[]): boolean {
  if (windowTarget.test(target)) return false;
  return /frame/i.test(target) || frameNames.some((name) => target.includes(`'${name}'`) || target.includes(`"${name}"`) || target.includes(`'#${name}'`) || target.includes(`"#${name}"`) || target === name) || madeFrames.includes(target);
}

/** Frame addresses the page's inline scripts write as quoted literals (an address built in code is not read). */
function scriptFrameAddresses($: CheerioAPI): string[] {
  const frameNames = $('iframe, frame')
    .toArray()
    .flatMap((el) => [el.attribs.id, el.attribs.name].filter((n): n is string => !!n && /^[\w-]+$/.test(n)));
  const addresses: string[] = [];
  for (const script of $('script:not([src])').toArray()) {
    const code = $(script).text();
    const madeFrames = [...code.matchAll(/([\w$]+)\s*=\s*document\.createElement\(\s*["']i?frame["']\s*\)/gi)].map((m) => m[1]!);
    for (const m of code.matchAll(frameMarkup)) addresses.push(m[2]!);
    for (const m of code.matchAll(addressAssigned)) if (isFrameTarget(m[1]!, frameNames, madeFrames)) addresses.push(m[3]!);
    for (const m of code.matchAll(addressSet)) if (isFrameTarget(m[1]!, frameNames, madeFrames)) addresses.push(m[4]!);
  }
  return addresses;
}

/**
 * The pages the page frames, in page order, resolved as a browser resolves them (against its
 * `<base href>`): the frames' `src`, then the addresses its scripts give frames; http(s) only, the
 * page itself and `about:blank` left out.
 */
export function framedPages($: CheerioAPI, pageUrl: string): FramedPage[] {
  const base = linkBase($, pageUrl);
  const found: FramedPage[] = [];
  const add = (src: string, byScript: boolean) => {
    try {
      const url = new URL(src.trim(), base);
      url.hash = '';
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.href !== pageUrl && !found.some((f) => f.url === url.href)) found.push({ url: url.href, byScript });
    } catch {
      // Not an address: no frame to read.
    }
  };
  for (const el of $('iframe[src], frame[src]').toArray()) add(el.attribs.src!, false);
  for (const src of scriptFrameAddresses($)) add(src, true);
  return found.slice(0, maxFrames);
}

/**
 * The first framed page holding a list, looked for level by level down to `maxLevels` frames deep
 * (`read` gives a page's HTML, or nothing when it cannot be read). A page is read once: a frame
 * pointing back to a page framing it (a loop) or to one seen beside it is not followed again.
 */
export async function findFramedList(pageUrl: string, html: string, read: (url: string) => Promise<string | undefined>, holdsList: (html: string, url: string) => boolean): Promise<FramedList | undefined> {
  const seen = new Set([pageUrl]);
  let level: FramedList[] = [{ url: pageUrl, html, chain: [pageUrl], byScript: false }];
  for (let depth = 1; depth <= maxLevels && level.length > 0; depth++) {
    const next: FramedList[] = [];
    for (const page of level) {
      for (const frame of framedPages(loadPage(page.html), page.url)) {
        if (seen.has(frame.url) || seen.size > maxReads) continue;
        seen.add(frame.url);
        const text = await read(frame.url);
        if (text === undefined) continue;
        const framed = { url: frame.url, html: text, chain: [...page.chain, frame.url], byScript: page.byScript || frame.byScript };
        if (holdsList(text, frame.url)) return framed;
        next.push(framed);
      }
    }
    level = next;
  }
  return undefined;
}

/** The note a draft made from a framed page opens with. */
export function framedListNote(found: FramedList): string {
  const levels = found.chain.length > 2 ? `，列表在第 ${found.chain.length - 1} 层框架中（${found.chain.join(' → ')}）` : '';
  const script = found.byScript ? '，框架地址由页面脚本写出' : '';
  return `列表在页面的 iframe 中：${found.chain[0]} 本身没有留言列表${levels}${script}，草稿按框架页 ${found.url} 起草（startUrls 为框架页的地址，采集时直接读它），请在浏览器中核对`;
}
