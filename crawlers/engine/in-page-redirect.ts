/**
 * Where a page sends the browser by itself, answered with HTTP 200 (crawlers/README.md, Removals):
 * a `<meta http-equiv="refresh" content="0;url=/">`, or a short inline script that assigns
 * `location` / `location.href` or calls `location.replace` / `location.assign`. Sites that "delete"
 * a message this way send its detail address to the home or list page; the engine reads the
 * target like the target of an HTTP redirect (detail-urls.ts `landing`).
 *
 * Only what a browser would do at once: a refresh delayed more than `MAX_DELAY_SECONDS` (a page
 * that reloads itself every few minutes) and scripts longer than `MAX_SCRIPT_CHARS` (a site's
 * general code, where a `location` assignment is usually behind a click or a condition) are not
 * read. No script is run.
 *
 * The other plain form such a page takes is a message box and a step back,
 * `<script>alert('该信件不存在或已被删除');history.back();</script>`: `alertAndBack` gives the
 * box's text, which only the caller can judge (a removal, or 系统繁忙).
 */

/** A refresh later than this many seconds is not "the page is gone, go there" (removed-notice pages wait 0 to 5 s). */
const MAX_DELAY_SECONDS = 10;
/** An inline script longer than this is not a one-line redirect. */
const MAX_SCRIPT_CHARS = 300;

const metaTag = /<meta\b[^>]*>/gi;
const refreshEquiv = /\bhttp-equiv\s*=\s*["']?\s*refresh\b/i;
const contentAttr = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
/** `0;url=/x`, `0; URL='/x'`, `3,url=/x`: the delay, then the target. */
const refreshContent = /^\s*(\d+(?:\.\d*)?)?\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"']*)["']?\s*$/i;
const inlineScript = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const scriptAssign = /\b(?:(?:window|self|top|parent|document)\s*\.\s*)?location(?:\s*\.\s*href)?\s*=\s*(["'])([^"']*)\1/;
const scriptCall = /\b(?:(?:window|self|top|parent|document)\s*\.\s*)?location\s*\.\s*(?:replace|assign)\s*\(\s*(["'])([^"']*)\1\s*\)/;

/** The absolute address `target` means on `pageUrl`, or undefined for an empty, `javascript:` or unparseable one. */
function resolve(target: string, pageUrl: string): string | undefined {
  const t = target.trim().replaceAll('&amp;', '&');
  if (!t || /^javascript:/i.test(t) || t === '#') return undefined;
  try {
    return new URL(t, pageUrl).href;
  } catch {
    return undefined;
  }
}

/** The target of the page's meta refresh, when it refreshes soon enough. */
function metaRefreshTarget(body: string, pageUrl: string): string | undefined {
  for (const [tag] of body.matchAll(metaTag)) {
    if (!refreshEquiv.test(tag)) continue;
    const c = contentAttr.exec(tag);
    const m = refreshContent.exec(c?.[1] ?? c?.[2] ?? c?.[3] ?? '');
    if (!m?.[2] || Number(m[1] ?? 0) > MAX_DELAY_SECONDS) continue;
    const url = resolve(m[2], pageUrl);
    if (url) return url;
  }
  return undefined;
}

/** The target of a short inline script that sends the browser elsewhere. */
function scriptTarget(body: string, pageUrl: string): string | undefined {
  for (const [, attrs = '', code = ''] of body.matchAll(inlineScript)) {
    if (/\bsrc\s*=/i.test(attrs) || code.trim().length > MAX_SCRIPT_CHARS) continue;
    const m = scriptAssign.exec(code) ?? scriptCall.exec(code);
    const url = m?.[2] === undefined ? undefined : resolve(m[2], pageUrl);
    if (url) return url;
  }
  return undefined;
}

/** A literal alert('…') and a step back in history (history.back(), history.go(-1)) or window.close(). */
const scriptAlert = /\balert\s*\(\s*(["'])([^"']*)\1\s*\)/;
const scriptBack = /\bhistory\s*\.\s*(?:back\s*\(\s*\)|go\s*\(\s*-\s*1\s*\))|\b(?:window|self|top)\s*\.\s*close\s*\(\s*\)/;

/**
 * The text of the message box a page shows before it sends the browser back (or closes the
 * window), from a short inline script, or undefined. The text is the site's, untrusted: shown as text.
 */
export function alertAndBack(body: string): string | undefined {
  for (const [, attrs = '', code = ''] of body.matchAll(inlineScript)) {
    if (/\bsrc\s*=/i.test(attrs) || code.trim().length > MAX_SCRIPT_CHARS || !scriptBack.test(code)) continue;
    const text = scriptAlert.exec(code)?.[2]?.replace(/\\n|\s+/g, ' ').trim();
    if (text) return text.slice(0, 100);
  }
  return undefined;
}

/** Where the page at `pageUrl` sends the browser without an HTTP redirect, or undefined. */
export function inPageRedirect(body: string, pageUrl: string): string | undefined {
  return metaRefreshTarget(body, pageUrl) ?? scriptTarget(body, pageUrl);
}
