/**
 * The places a text-less list cell may carry a status mark, in the order icon-column.ts tries
 * them: an image's file name, a background image's file name, the class of an element inside the
 * cell (the first having one, then each other one), a `data-` attribute or an id on an element
 * inside the cell or on the cell itself, and last the cell's own class (`<td class="st2">`).
 * Each is a rule relative to the cell (`:self` for the cell itself) the crawler reads as it is.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { isElement } from './css-path.js';

/** The file name at the end of an image's address (`/images/status_yhf.gif?v=2` → `status_yhf.gif`). */
export const iconFileName = '([^/?#]+)(?:[?#].*)?$';

/** The file name of a style's background image (`background:url('/images/s_01.png?v=2') no-repeat` → `s_01.png`). */
export const backgroundFileName = `url\\(\\s*['"]?(?:[^'")]*/)?([^/'")?#]+)`;

/** Where a cell's mark is read, and how the draft's note says so. */
export interface MarkReader {
  /** A selector under the cell (`img`, `span > i[class]`), or `:self` for the cell itself. */
  under: string;
  attr: string;
  regex?: string | undefined;
  /** How the column is shown (第 N 列…), `took` what the rule takes, `itself` names the token kept as its own value. */
  shown: string;
  took: string;
  itself: string;
  /** Values on the cell's elements rather than a drawing's name (an id, a `data-` value): one per row is an element's own number, no mark. */
  ownValues?: boolean | undefined;
}

const drawnByClass = '没有文字，只有以样式类（class）画出的图标';

/** The readers every cell is tried with first, as drafts have always read them. */
const fixedReaders: readonly MarkReader[] = [
  { under: 'img', attr: 'src', regex: iconFileName, shown: '只有图标，图标没有 alt 或 title 文字，只能按图片文件名区分', took: '取文件名（regex）', itself: '文件名' },
  { under: '[style*="url("]', attr: 'style', regex: backgroundFileName, shown: '没有文字，只有以 style 背景图片画出的图标，只能按背景图片的文件名区分', took: '取背景图片文件名（regex）', itself: '文件名' },
  { under: '[class]', attr: 'class', shown: `${drawnByClass}，只能按元素的 class 区分`, took: '取元素的 class 属性', itself: ' class ' },
];

const ident = /^[A-Za-z][\w-]*$/;

/** `el`'s place under `cell` by tags (`span > i`), or undefined when a tag is not a plain name. */
function pathUnder(cell: Element, el: Element): string | undefined {
  const tags: string[] = [];
  for (let at: Element | null = el; at && at !== cell; at = at.parent && isElement(at.parent) ? at.parent : null) tags.unshift(at.name);
  return tags.every((t) => ident.test(t)) ? tags.join(' > ') : undefined;
}

/**
 * The readers to try on a column whose first cell is `cell`: the fixed ones, then one per further
 * classed element inside it (by its place under the cell, then by each of its classes), one per
 * `data-` attribute and id inside it or on it, and the cell's own class. Duplicates left out.
 */
export function markReaders($: CheerioAPI, cell: Element): MarkReader[] {
  const readers: MarkReader[] = [...fixedReaders];
  const inside = $(cell).find('*').toArray().filter(isElement);
  for (const el of inside.filter((e) => e.attribs.class?.trim())) {
    const path = pathUnder(cell, el);
    const classes = el.attribs.class!.split(/\s+/).filter((c) => ident.test(c));
    for (const under of [...(path ? [`${path}[class]`] : []), ...classes.map((c) => `${el.name}.${c}`)])
      readers.push({ under, attr: 'class', shown: `${drawnByClass}，只能按其中 ${under} 的 class 区分`, took: `取元素 ${under} 的 class 属性`, itself: ' class ' });
  }
  for (const [el, under] of [...inside.map((e) => [e, undefined] as const), [cell, ':self'] as const]) {
    const where = under ? '单元格自身' : '元素';
    for (const attr of Object.keys(el.attribs).filter((a) => /^data-[a-z][\w-]*$/i.test(a)))
      readers.push({ under: under ?? `[${attr}]`, attr, shown: `没有文字，只有${where}的 ${attr} 属性，只能按它区分`, took: `取${where}的 ${attr} 属性`, itself: ` ${attr} 属性值`, ownValues: true });
    if (el.attribs.id?.trim()) readers.push({ under: under ?? '[id]', attr: 'id', shown: `没有文字，只有${where}的 id，只能按 id 区分`, took: `取${where}的 id 属性`, itself: ' id ', ownValues: true });
  }
  if (cell.attribs.class?.trim()) readers.push({ under: ':self', attr: 'class', shown: '没有文字，状态以单元格自身的样式类（class）画出，只能按单元格的 class 区分', took: '取单元格的 class 属性', itself: ' class ' });
  const seen = new Set<string>();
  return readers.filter((r) => {
    const key = `${r.under}|${r.attr}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Class words a table stripes or highlights rows with: tokens made of them alone are no mark. */
const rowStyles = new Set(['odd', 'even', 'alt', 'alternate', 'first', 'last', 'on', 'hover', 'active', 'current', 'selected']);

/** A class (or classes) made of those words alone (`odd`, `row-even`, `on`): a stripe, no mark. */
export function isRowStyle(token: string): boolean {
  const words = token.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  return words.length > 0 && words.every((w) => rowStyles.has(w));
}

/**
 * Whether the tokens read on a column tell nothing of a status whatever their names: row styles
 * (`odd`/`even`), or, for an id or a `data-` value, a different one on each of four rows or more
 * (an element's own number, `data-id="1201"`).
 */
export function noMarks(reader: MarkReader, tokens: readonly string[]): boolean {
  if (tokens.every(isRowStyle)) return true;
  return !!reader.ownValues && tokens.length >= 4 && new Set(tokens).size === tokens.length;
}
