/**
 * Statuses a stylesheet draws: a list whose status cell or row carries a class that tells nothing
 * (`<span class="zt2"></span>`, `<tr class="st2">`) while the site's stylesheet writes the word in
 * a pseudo-element (`.zt2::after { content: "已办结"; }`, `tr.st2 td:last-child:before { content:
 * '\5DF2\529E\7ED3' }`). Such a class is the word its rule writes, the site's own, so the draft maps
 * it with no letter opened. Read from the list page's inline `<style>`s and a few same-site
 * stylesheets it links; parsed by postcss (rules in `@media` too), the `content` strings unescaped
 * as CSS reads them. A `content` that is no status word (an icon font's `"\e601"`, a counter, `""`,
 * `attr(title)`) draws nothing, and the marks stay as they were drafted before.
 */
import type { CheerioAPI } from 'cheerio';
import { parse, type Rule } from 'postcss';
import { valueLooks } from './field-words.js';
import type { LearnedStatus } from './icon-column.js';

/** Same-site stylesheets read at most, and the longest read (a framework's sheet is no mailbox's). */
const MAX_SHEET_FILES = 3;
const MAX_SHEET_CHARS = 400_000;

/** Stylesheets of libraries and icon fonts, which draw no mailbox's status. */
const librarySheets = /bootstrap|layui|font-?awesome|iconfont|element-ui|ant-?design|swiper|animate/i;

/** A stylesheet's text and where it was read (`<style>`, or the file's address). */
export interface Stylesheet {
  css: string;
  where: string;
}

/** A status word a class's rule writes, and the rule's selector and sheet (for the draft's note). */
export interface DrawnWord {
  status: string;
  selector: string;
  where: string;
}

/**
 * The text `content` sets when it is strings alone (`"已办结"`, `'已' "办结"`), their CSS escapes
 * read (`\5DF2` and its one trailing space, `\"`, an escaped newline dropped); undefined for
 * anything else (`counter(n)`, `attr(title)`, `none`, an image).
 */
export function contentText(value: string): string | undefined {
  const strings = /\s*(?:"((?:[^"\\\n]|\\[\s\S])*)"|'((?:[^'\\\n]|\\[\s\S])*)')\s*/y;
  let text = '';
  let at = 0;
  while (at < value.length) {
    strings.lastIndex = at;
    const m = strings.exec(value);
    if (!m) return undefined;
    text += unescapeCss(m[1] ?? m[2] ?? '');
    at = strings.lastIndex;
  }
  return at > 0 ? text : undefined;
}

/** A CSS string's escapes read: `\` and 1 to 6 hex digits (one white space after ends it), an escaped newline (nothing), any other escaped character (itself). */
function unescapeCss(raw: string): string {
  return raw.replace(/\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|(\r\n|[\n\r\f])|([\s\S]))/g, (_, hex: string | undefined, newline: string | undefined, char: string | undefined) => {
    if (newline) return '';
    if (char !== undefined) return char;
    const code = parseInt(hex!, 16);
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(code);
  });
}

/** A selector ending in a `::after`/`::before` (or the old `:after`/`:before`), that pseudo-element cut off. */
const pseudoElement = /::?(?:after|before)\s*$/i;

/** The classes a selector names (`tr.st2 td:last-child` → st2), escaped ones left out. */
const classesOf = (selector: string) => [...selector.matchAll(/\.(-?[_a-zA-Z][\w-]*)(?![\w\\-])/g)].map((m) => m[1]!);

/**
 * Each class a pseudo-element's rule writing a status word names (on the element itself, `.zt2::after`,
 * or above it, `tr.st2 td:last-child::after`), with that word; a class two rules give different
 * words tells none of them. A sheet postcss cannot parse draws nothing.
 */
export function drawnWords(sheets: readonly Stylesheet[]): Map<string, DrawnWord> {
  const words = new Map<string, DrawnWord[]>();
  for (const sheet of sheets) {
    let root;
    try {
      root = parse(sheet.css);
    } catch {
      continue;
    }
    root.walkRules((rule: Rule) => {
      const content = rule.nodes.filter((n) => n.type === 'decl' && n.prop.toLowerCase() === 'content').at(-1);
      const text = content?.type === 'decl' ? contentText(content.value)?.trim() : undefined;
      if (!text || !valueLooks.status(text)) return;
      for (const selector of rule.selectors.filter((s) => pseudoElement.test(s)))
        for (const name of classesOf(selector.replace(pseudoElement, ''))) words.set(name, [...(words.get(name) ?? []), { status: text, selector, where: sheet.where }]);
    });
  }
  return new Map([...words].flatMap(([name, drawn]) => (new Set(drawn.map((d) => d.status)).size === 1 ? [[name, drawn[0]!] as const] : [])));
}

/**
 * The statuses `drawn` gives the marks `tokens` (a class attribute each, `st st2`, or one class): a
 * token whose classes' rules write one word is that word; one whose classes write none, or two
 * different words, is left out. Undefined when none is drawn. Given as statuses learned
 * (icon-column.ts's LearnedStatus, `by: 'stylesheet'`), as the letters' are.
 */
export function drawnStatuses(tokens: readonly string[], drawn: ReadonlyMap<string, DrawnWord>): Map<string, LearnedStatus> | undefined {
  const found = tokens.flatMap((token) => {
    const words = token.split(/\s+/).flatMap((name) => (drawn.has(name) ? [drawn.get(name)!] : []));
    if (words.length === 0 || new Set(words.map((w) => w.status)).size > 1) return [];
    const word = words[0]!;
    return [[token, { status: word.status, letters: 0, by: 'stylesheet' as const, drawnBy: `${word.where}中 ${word.selector} 的 content` }] as const];
  });
  return found.length > 0 ? new Map(found) : undefined;
}

/**
 * The stylesheets of a list page: its inline `<style>`s, then the first same-site stylesheets it
 * links (`<link rel="stylesheet">`, libraries and icon fonts left out) as `fetchText` reads them;
 * one that cannot be read, or is too long, is left out.
 */
export async function pageStylesheets($: CheerioAPI, pageUrl: string, fetchText: (url: string) => Promise<string>): Promise<Stylesheet[]> {
  const sheets: Stylesheet[] = $('style')
    .toArray()
    .map((el) => ({ css: $(el).text(), where: '页面内 <style> ' }));
  const host = new URL(pageUrl).host;
  const files = $('link[href]')
    .toArray()
    .filter((el) => ($(el).attr('rel') ?? '').toLowerCase().split(/\s+/).includes('stylesheet'))
    .flatMap((el) => {
      try {
        return [new URL($(el).attr('href') ?? '', pageUrl)];
      } catch {
        return [];
      }
    })
    .filter((u) => u.host === host && !librarySheets.test(u.pathname));
  for (const url of files.slice(0, MAX_SHEET_FILES)) {
    try {
      const css = await fetchText(url.href);
      if (css.length <= MAX_SHEET_CHARS) sheets.push({ css, where: `样式表 ${url.pathname} ` });
    } catch {
      // A sheet that cannot be read draws nothing this can tell.
    }
  }
  return sheets;
}

/**
 * What the list page's stylesheets draw for the list's status marks that tell nothing (`tokens`,
 * icon-statuses.ts's opaqueTokens): nothing read when there is none.
 */
export async function stylesheetStatuses($: CheerioAPI, pageUrl: string, tokens: readonly string[], fetchText: (url: string) => Promise<string>): Promise<Map<string, LearnedStatus> | undefined> {
  if (tokens.length === 0) return undefined;
  return drawnStatuses(tokens, drawnWords(await pageStylesheets($, pageUrl, fetchText)));
}
