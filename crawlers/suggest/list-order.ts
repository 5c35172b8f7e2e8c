/**
 * Whether a list shows its oldest letters first (new ones arriving on its last page): read from the
 * list page's own items, by their dates, else by their ids. Such a list is drafted with
 * `list.order: oldest-first`, so the crawl reads its tail at every run (engine/list-tails.ts).
 */
import type { ListItem } from '../extract/pages.js';

/** Items a judgement needs at least: fewer say nothing of an order. */
const fewest = 3;

/** Ascending, and not all equal: the first before the last. */
const ascending = (values: readonly number[]) => values.every((v, i) => i === 0 || v >= values[i - 1]!) && values[0]! < values.at(-1)!;

/**
 * The order of a list page's items, with what showed it: `dates` when every item's `postedAt` reads
 * as a time and they go forward down the page, `ids` when there is no such date and every id is a
 * number, each larger than the one before. Nothing when the page shows newest first or cannot tell.
 */
export function oldestFirst(items: readonly ListItem[]): 'dates' | 'ids' | undefined {
  if (items.length < fewest) return undefined;
  const times = items.map((i) => Date.parse(i.fields.postedAt ?? ''));
  if (times.every((t) => !Number.isNaN(t))) return ascending(times) ? 'dates' : undefined;
  const ids = items.map((i) => (/^\d{1,15}$/.test(i.siteId) ? Number(i.siteId) : Number.NaN));
  if (ids.every((n) => !Number.isNaN(n)) && new Set(ids).size === ids.length) return ascending(ids) ? 'ids' : undefined;
  return undefined;
}

/** The note of a list drafted as oldest first. */
export const oldestFirstNote = (by: 'dates' | 'ids') =>
  `列表按${by === 'dates' ? '日期' : '编号'}从早到晚排列（最早的在前，新来信出现在最后一页）：已设置 list.order: oldest-first，每次运行除第 1 页外还从上次的最后一页读到列表末尾；网站实际按最新在前排列时请删去此项`;
