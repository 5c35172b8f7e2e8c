/**
 * What a JSON list's codes mean, read off the list as the browser rendered it: an API answering a
 * status as `0`, `1`, `2` while the page's script writes 待回复, 办理中, 已办结 into each item's row.
 * Each item's row is found by its title (the largest element that shows this item's title and no
 * other's), and the one status (or type) word it shows is the code's. Pure.
 */
import type { Element } from 'cheerio';
import { isElement, loadPage, textOf } from './css-path.js';

type Item = Record<string, unknown>;

const text = (v: unknown) => (v === null || v === undefined || typeof v === 'object' ? '' : String(v).trim());
/** A cell's word without its brackets ([已办结]) or its label (状态：已办结). */
const bare = (t: string) => t.replace(/^[\u4e00-\u9fa5]{2,6}\s*[：:]\s*/, '').replace(/^[[【(（]\s*|\s*[\]】)）]$/g, '');

/**
 * The word each code of `key` stands for on the rendered page (`{ '0': '待回复', '2': '已办结' }`),
 * or undefined when the rows do not show one such word each, or show two words for one code. Only
 * codes seen on the page are in the map.
 */
export function wordsOfCodes(html: string, items: readonly Item[], titleKey: string, key: string, looks: (word: string) => boolean): Record<string, string> | undefined {
  if (!html) return undefined;
  const $ = loadPage(html);
  const elements = $('body *').toArray().filter(isElement);
  const titles = items.map((i) => text(i[titleKey]));
  const map: Record<string, string> = {};
  let read = 0;
  for (const [n, item] of items.entries()) {
    const title = titles[n]!;
    const code = text(item[key]);
    if (!title || !code) continue;
    // Elements come in document order, an element before those inside it: the last showing the title is the innermost.
    let row = elements.filter((el) => textOf($, el).includes(title)).pop();
    if (!row) continue;
    const others = titles.filter((t, i) => i !== n && t && !title.includes(t));
    while (row.parent && isElement(row.parent) && row.parent.name !== 'body' && !others.some((t) => textOf($, row!.parent as Element).includes(t))) row = row.parent;
    const words = new Set(
      $(row)
        .find('*')
        .addBack()
        .toArray()
        .filter((el): el is Element => isElement(el) && !el.children.some(isElement))
        .map((el) => bare(textOf($, el)))
        .filter(looks),
    );
    if (words.size !== 1) continue;
    const [word] = [...words] as [string];
    if (map[code] !== undefined && map[code] !== word) return undefined;
    map[code] = word;
    read++;
  }
  return read >= Math.max(2, items.length * 0.5) ? map : undefined;
}
