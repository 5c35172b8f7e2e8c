/**
 * How a pager's control to the next page is named on a list page's HTML: by its words (its text,
 * else as a screen reader names it: `aria-label`, an image's `alt`, `title`; 下一页>> and [下一页]
 * read as 下一页), or, with no words, by a class that says "next" on it or on the icon it holds, or
 * (a link, suggest-pagination.ts) by its image's file name. Read alike for a link to an address
 * (suggest-pagination.ts) and for a button or box whose handler opens one (location-pager.ts).
 * 上一条 / 下一条 name a letter's neighbours, never a page. Pure.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { isElement } from './css-path.js';

/** A control's word naming the next page (squeezed, lower case; 下一页> read as 下一页). */
export const nextWords = ['下一页', '下页', '后一页', '后页', '下一頁', '下翻页', '向后翻页', '往后翻页', '›', '>', '»', 'next', 'nextpage'];

/**
 * Words that name the next page on some pagers but say less than 下一页 (翻页 alone, 向后, 往后, 后翻,
 * 向后翻, 往后翻): such a control counts only when it leads to page 2 of the list, as an arrow alone does.
 * 下10页, 下十页, 后10页 (a jump of ten pages, beside the page numbers) are none of these, by design:
 * taken for the next page they would skip nine pages of letters.
 */
export const looseNextWords = ['翻页', '向后', '往后', '后翻', '向后翻', '往后翻'];

/** The words of the previous page that hold a next page's word (上翻页, 向前翻页 hold 翻页): a next link's selector leaves them out. */
export const previousWords = ['上翻页', '前翻页'];

/**
 * Page number 2 as pagers print it: 2, [2], 第2页, [第2页], in Chinese numerals 二, 第二页, 第二頁, and
 * in financial numerals (大写) 贰, 第贰页, 貳, 第貳頁 (wordOf's brackets taken off). Not 两: it counts
 * (两页, 两条), no pager seen numbers a page with it.
 */
export const pageTwoWords = ['2', '第2页', '第2頁', '二', '第二页', '第二頁', '贰', '第贰页', '第贰頁', '貳', '第貳頁', '第貳页'];

/** Whether a control's word is page number 2 (pageTwoWords). */
export const pageTwo = (word: string) => pageTwoWords.includes(word);

/**
 * A class naming the next page: `next`, `nxt`, `xyy` (下一页's initials) as a word of a class
 * (`a.next`, `layui-laypage-next`, `btn-nxt`), or an icon of an arrow pointing right
 * (`icon-right`, `icon-arrow-right`, `el-icon-arrow-right`, `fa-angle-right`, `fa-chevron-right`).
 */
export const nextSign = /(?:^|[\s_-])(?:next|nxt|xyy)(?:$|[\s_-])|(?:^|[\s_-])(?:icon|arrow|angle|chevron)-right(?:$|\s)/i;

/** Where a control's name was read: its text, or an attribute standing for it. */
export type NameSource = 'text' | 'aria-label' | 'alt' | 'title';

/**
 * Text as a name: spaces squeezed out, lower case, and an icon font's glyphs (Unicode's private use
 * area, `<i class="layui-icon">&#xe602;</i>`) left out: they draw an arrow and say nothing.
 */
export const squeezeName = (s: string | undefined) => (s ?? '').replace(/[\s\u3000\u00a0\ue000-\uf8ff]+/g, '').toLowerCase();

/** A control's name as the HTML gives it (`''` when it has none), and where it was read. */
export function controlName($: CheerioAPI, el: Element): { name: string; from: NameSource } {
  const text = squeezeName(el.name === 'input' ? el.attribs.value : $(el).text());
  if (text) return { name: text, from: 'text' };
  const img = el.name === 'img' || (el.name === 'input' && el.attribs.type === 'image') ? el : $(el).find('img[alt]').toArray().filter(isElement)[0];
  const label = squeezeName(el.attribs['aria-label']);
  if (label) return { name: label, from: 'aria-label' };
  const alt = squeezeName(img?.attribs.alt);
  if (alt) return { name: alt, from: 'alt' };
  return { name: squeezeName(el.attribs.title ?? $(el).find('[title]').first().attr('title')), from: 'title' };
}

/**
 * A name in brackets, as old templates print their pager (`[下一页]`, `【下一页】`, `[2]`): the
 * brackets are drawn, the word is inside.
 */
export const bracketed = /^(?:\[(.+)\]|【(.+)】|\((.+)\)|（(.+)）|〔(.+)〕)$/u;

/**
 * A control's word: 下一页> and 后页» read as 下一页 and 后页 (the arrow drawn after the word), [下一页]
 * as 下一页; an arrow alone (`>`, `>>`) is its own word.
 */
export function wordOf(name: string): string {
  const inner = bracketed.exec(name);
  const word = inner ? inner.slice(1).find(Boolean)! : name;
  return (word.length > 1 ? word.replace(/[›>»]+$/u, '') : word) || word;
}

/** Words that are only an arrow: a side box's › to its column reads alike, so one counts only when it leads to a page of the list. */
export const arrowWords = ['›', '>', '»'];

/**
 * Arrows drawn twice: the next page on a pager drawing no single arrow (首页 << >> 尾页), the last
 * page on one drawing both (<< < > >>); read after every other name, and only when they lead to page 2.
 */
export const doubledArrows = ['>>', '»»', '››'];

/**
 * An image's file name (without its extension) naming the next page, for an image link with no
 * name at all (no `alt`, no `title`): `next.gif`, `page_next.png`, `btn-next2.jpg`, `xyy.gif` and
 * `xiayiye.gif` (下一页 in pinyin, whole or by initials), `xia.gif`, `arrow_right.gif`, `下一页.gif`.
 */
export const nextFileSign = /(?:^|[\W_])(?:next|nxt|xyy|xyye|xiayiye|xiaye|xia|right)(?:[\W_\d]|$)|下一?页/i;

/** The file name of the image inside `el` (or `el` itself) whose name says next (nextFileSign). */
export function nextImageOf($: CheerioAPI, el: Element): string | undefined {
  const images = el.name === 'img' || el.name === 'input' ? [el] : $(el).find('img[src]').toArray().filter(isElement);
  for (const img of images) {
    const file = (img.attribs.src ?? '').replace(/[?#].*$/, '').split('/').pop() ?? '';
    let stem = file.replace(/\.[a-z0-9]{2,4}$/i, '');
    try {
      stem = decodeURIComponent(stem);
    } catch {
      // A name escaped in another charset than UTF-8 is read as written.
    }
    if (stem && nextFileSign.test(stem)) return file;
  }
  return undefined;
}

/** Whether the control's name reads one of `words`. */
export const namedAs = (name: string, words: readonly string[]) => words.includes(wordOf(name));

/** The class naming the control next, on it or on an icon inside it (`<a><i class="iconfont icon-right">`). */
export function nextSignOf($: CheerioAPI, el: Element): string | undefined {
  const classes = [el, ...$(el).find('[class]').toArray().filter(isElement)].flatMap((e) => (e.attribs.class ?? '').split(/\s+/));
  return classes.find((c) => nextSign.test(c));
}

/** Greyed out: on the last page, or a previous arrow on the first. */
export const greyed = (el: Element) => el.attribs.disabled !== undefined || el.attribs['aria-disabled'] === 'true' || /disabled/i.test(el.attribs.class ?? '');

/** Arrows a pager may have: first, previous, next, last. More alike are a row's icon (查看 ›). */
export const maxArrows = 4;

/** How a control was named, for the draft's notes: 按 title“下一页”, 按 class“next”, 按图片文件名“xyy.gif”. */
export function namedHow(how: { from: NameSource; name: string } | { sign: string } | { file: string } | { placed: string }): string {
  if ('sign' in how) return `没有文字，按它的 class“${how.sign}”认作下一页`;
  if ('file' in how) return `没有文字，按它的图片文件名“${how.file}”认作下一页`;
  if ('placed' in how) return `是没有文字的图片（${how.placed}），按它在翻页栏中的位置（唯一通往第 2 页的图片链接）认作下一页`;
  return how.from === 'text' ? `文字为“${how.name}”` : `没有文字，按它的 ${how.from}“${how.name}”认作下一页`;
}
