/**
 * List rows that span table lines: a letter printed over two `<tr>`s, its first line holding a cell
 * with `rowspan="2"` (the number) beside the title, the next line only the cells under it (类别,
 * 办理状态 under a `colspan`). A browser shows one record; read row by row, the second line is an
 * item of its own (no title, no link) and its cells are out of the first's reach. So a row holding a
 * `<td rowspan=N>` is read with the cells of the N-1 lines it covers after its own, in page order,
 * and those lines are no items, when they hold no link of their own. Lines that carry their own
 * link are letters sharing the spanned cell (a date over several letters): left as they are.
 */
import type { AnyNode, CheerioAPI, Element } from 'cheerio';

/** How many lines a row's spanning `<td>` covers (1: none spans), and the lines after it that it covers. */
function covered($: CheerioAPI, row: Element): Element[] {
  if (row.name !== 'tr') return [];
  const span = Math.max(1, ...$(row).children('td[rowspan]').toArray().map((td) => Number($(td).attr('rowspan')) || 1));
  if (span < 2) return [];
  const lines = $(row).nextAll('tr').slice(0, span - 1).toArray();
  // Continuation lines only: a line with its own link is another letter beside a shared cell.
  return lines.some((line) => $(line).find('a[href]').length > 0) ? [] : lines;
}

/**
 * The items of a list page with each spanning row read as one (a detached copy holding its cells and
 * those of the lines it covers) and the covered lines dropped. The page itself is left as it is.
 */
export function joinSpannedItems($: CheerioAPI, nodes: readonly AnyNode[]): AnyNode[] {
  const skip = new Set<AnyNode>();
  const items: AnyNode[] = [];
  for (const node of nodes) {
    if (skip.has(node)) continue;
    const lines = node.type === 'tag' ? covered($, node as Element) : [];
    if (lines.length === 0) {
      items.push(node);
      continue;
    }
    for (const line of lines) skip.add(line);
    const joined = $(node).clone();
    for (const line of lines) joined.append($(line).children('td, th').clone());
    items.push(joined.get(0)!);
  }
  return items;
}

/** The same joining done in the page itself (a page parsed for drafting only): each spanning row takes its lines' cells, the lines are removed. */
export function joinSpannedRows($: CheerioAPI): void {
  for (const row of $('tr').toArray()) {
    if (!row.parent) continue;
    const lines = covered($, row);
    for (const line of lines) {
      $(row).append($(line).children('td, th'));
      $(line).remove();
    }
    if (lines.length > 0) $(row).children('td[rowspan]').removeAttr('rowspan');
  }
}
