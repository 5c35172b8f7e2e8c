/** List columns drawn as icons: a status (or type) shown only by an image, no text. */
import type { CheerioAPI, Element } from 'cheerio';
import { textOf } from './css-path.js';

/**
 * The values of a column whose cells show no text, only an image naming the value in its `alt`
 * (or `title`) on every item (`<td><img src="yhf.gif" alt="已回复"></td>`, as old templates draw
 * 已回复/未回复), and the attribute holding them. An image without such a text (only its file name
 * tells, `yhf.gif`) is not read: that needs a `map` by hand.
 */
export function iconColumn($: CheerioAPI, cells: readonly (Element | undefined)[]): { attr: 'alt' | 'title'; values: string[] } | undefined {
  if (cells.length === 0 || cells.some((c) => !c || textOf($, c) !== '')) return undefined;
  for (const attr of ['alt', 'title'] as const) {
    const values = cells.map((c) => ($(c!).find('img').first().attr(attr) ?? '').trim());
    if (values.every((v) => v !== '')) return { attr, values };
  }
  return undefined;
}
