/**
 * A site's parsing as pure functions (house style 5): a list page or a detail page, given as
 * text (already decoded), to raw fields. Problems that point at a changed layout are returned,
 * not thrown, so one bad page never stops a crawl.
 */
import { declaredCharset } from './charsets.js';
import { load, type AnyNode, type CheerioAPI } from 'cheerio';
import { BadInputError } from '../../core/index.js';
import { sha256 } from '../../core/index.js';
import type { DetailSpec, ListSpec } from '../source/schema.js';
import { extractFields, finishFields, htmlField, jsonField, linkBase, type RawFields } from './fields.js';
import { parseJsLiteral } from './js-literal.js';
import { joinLetterLines } from './letter-lines.js';
import { joinSpannedItems } from './spanned-rows.js';
import { getPath } from './values.js';

/** One item as a list page shows it. */
export interface ListItem {
  siteId: string;
  fields: RawFields;
}

export interface ListPageResult {
  items: ListItem[];
  /** Layout problems: item selector matched nothing, items without id/title... */
  problems: string[];
  /** The parsed HTML (for pagination rules that read the page), when the list is HTML. */
  $?: CheerioAPI | undefined;
  /**
   * Set when the page says its list is empty and no item was found: a JSON item array that is
   * there and empty, an HTML page showing a notice such as 暂无数据, or a list table showing only
   * its header row (the notice, `[]` or {@link headerOnlyList}).
   * An empty list is not a changed layout (a new channel, items forwarded from above, often has none).
   */
  empty?: string | undefined;
}

/** `ListPageResult.empty` of a list table that shows its header row and no row under it. */
export const headerOnlyList = '<th>';

/** `ListPageResult.empty` of a list whose holder (`<ul>`, `<tbody>`, `<div>`) is there and holds nothing. */
export const emptyListHolder = '<empty>';

/**
 * What an empty list says on a page (one element's whole text): 暂无数据, 暂无记录！, 没有找到相关记录,
 * 查询结果为空, 共0条. Names of other things (暂无公告 in a side box) do not count.
 */
const emptyNotice = /^(?:(?:暂无|没有|无)(?:找到|查询到|检索到)?(?:任何|相关|符合条件的)?(?:数据|记录|信件|来信|留言|信息记录|办件|结果)|查询结果为空|共\s*0\s*条(?:记录)?)[。.!！~]*$/;

/** The empty-list notice an HTML page shows, if any: the text of an element without child elements (`<td colspan="6">暂无数据</td>`). */
function emptyListNotice($: CheerioAPI): string | undefined {
  for (const el of $('body *').toArray()) {
    const node = el as unknown as { name?: string; children?: { type: string; data?: string }[] };
    if (node.name === 'script' || node.name === 'style' || !node.children || node.children.some((c) => c.type === 'tag')) continue;
    const text = node.children.map((c) => (c.type === 'text' ? (c.data ?? '') : '')).join('').replace(/\s+/g, '');
    if (text.length > 0 && text.length <= 20 && emptyNotice.test(text)) return text;
  }
  return undefined;
}

/** A column title: short, no digits (an id, a date, a count is data). */
const columnTitle = /^[^\d０-９]{1,10}$/u;

/** Words a list's column titles hold (信件标题, 来信时间, 办理状态, 序号 ...). */
const columnWord = /标题|主题|题目|时间|日期|状态|编号|序号|类型|类别|来信人|姓名|单位|部门|回复|答复|办理|点击|浏览|留言|信件/u;

/**
 * Whether a table row is a header: inside `<thead>`, made of `<th>` cells only, or (as many sites
 * draw it) the table's first row of two or more `<td>` cells that are all column titles (编号,
 * 标题, 办理状态), one at least a word such titles use, with no link or form field: a message's
 * row has its link, a number or a date.
 */
function isHeaderRow($: CheerioAPI, row: AnyNode): boolean {
  const r = $(row);
  if (r.closest('thead').length > 0 || (r.children('th').length > 0 && r.children('td').length === 0)) return true;
  const cells = r.children('td, th').toArray();
  if (cells.length < 2 || r.find('a[href], input, button, select').length > 0) return false;
  const first = r.closest('table').find('tr').toArray().find((t) => $(t).closest('table')[0] === r.closest('table')[0]);
  const texts = cells.map((c) => $(c).text().replace(/\s+/g, ''));
  return first === row && texts.every((t) => columnTitle.test(t)) && texts.some((t) => columnWord.test(t));
}

/** A table that has a header row and no other row: the frame of a list with nothing in it. */
function isHeaderOnlyTable($: CheerioAPI, table: AnyNode): boolean {
  const rows = $(table).find('tr').toArray().filter((r) => $(r).closest('table')[0] === table);
  return rows.length > 0 && rows.every((r) => isHeaderRow($, r));
}

/**
 * The selector of what holds the items: each comma-separated part of `items` without its last
 * compound (`table.l tr:has(td)` → `table.l`, `ul.mt10 > li` → `ul.mt10`); undefined when a part has none.
 */
function containerSelector(items: string): string | undefined {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  let lastCut = -1;
  const finish = (): boolean => {
    if (lastCut <= start) return false;
    parts.push(items.slice(start, lastCut).replace(/[\s>+~]+$/, '').trim());
    return true;
  };
  for (let i = 0; i < items.length; i++) {
    const c = items.charAt(i);
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && c === ',') {
      if (!finish()) return undefined;
      start = i + 1;
      lastCut = -1;
    } else if (depth === 0 && /[\s>+~]/.test(c) && items.slice(start, i).trim() !== '') lastCut = i;
  }
  if (!finish()) return undefined;
  return parts.every((p) => p !== '') ? parts.join(', ') : undefined;
}

/**
 * Whether the list is a table showing only its header row (`<tr><th>编号</th><th>标题</th>…</tr>`
 * and nothing under it), as a channel that never had a message shows it: the rows `items` took are
 * all header rows, or, when it took none, every table that holds its items' place has a header
 * row and no other. A header-only table elsewhere on the page (the list moved) does not count.
 */
function headerOnlyListTable($: CheerioAPI, items: string, matched: AnyNode[]): boolean {
  if (matched.length > 0) return matched.every((n) => (n as { name?: string }).name === 'tr' && isHeaderRow($, n));
  const holders = listHolders($, items);
  if (!holders) return false;
  const tables = new Set<AnyNode>();
  for (const h of holders) {
    const own = (h as { name?: string }).name === 'table' ? [h] : $(h).closest('table').toArray();
    for (const t of own.length > 0 ? own : $(h).find('table').toArray()) tables.add(t);
  }
  return tables.size > 0 && [...tables].every((t) => isHeaderOnlyTable($, t));
}

/** The elements holding the list's items (`ul.mails` of `ul.mails > li`); null when `items` names no holder or is not a selector cheerio reads. */
function listHolders($: CheerioAPI, items: string): AnyNode[] | null {
  const container = containerSelector(items.trim());
  if (!container) return null;
  try {
    return $(container).toArray();
  } catch {
    return null;
  }
}

/**
 * Whether the list's holder (`ul.mails` of `ul.mails > li`) is on the page and every one is empty
 * (no element, no text but blanks and comments), as a channel without messages shows it. A holder
 * that is gone, or holds other elements than the items, is a changed layout.
 */
function emptyHolder($: CheerioAPI, items: string): boolean {
  const holders = listHolders($, items);
  return !!holders && holders.length > 0 && holders.every((h) => $(h).children().length === 0 && $(h).text().trim() === '');
}

/**
 * Applies `bodyRegex` (capture group 1). A JSON string literal is decoded: a capture that is one
 * (`"<li class=\"item\">…"`), or the inside of one (the capture stands between two `"` of the
 * body: `"html":"(…)"`), so a fragment a back end sends inside JSON (`{"html":"<li class=\"item\">…"}`)
 * is read as the browser's script reads it, its `\"`, `\/`, `\n` and `\u…` undone. A capture that
 * does not decode as JSON is taken as it is.
 */
export function unwrapBody(body: string, bodyRegex: string | undefined): string {
  if (!bodyRegex) return body;
  const m = new RegExp(bodyRegex, 'sd').exec(body);
  if (!m) throw new BadInputError(`正文不符合 bodyRegex ${bodyRegex}`);
  const captured = m[1] ?? m[0];
  const [from, to] = m.indices?.[m[1] === undefined ? 0 : 1] ?? [-1, -1];
  const literal = /^\s*"[\s\S]*"\s*$/.test(captured) ? captured : body[from - 1] === '"' && body[to] === '"' ? `"${captured}"` : undefined;
  if (literal === undefined) return captured;
  try {
    const decoded: unknown = JSON.parse(literal);
    return typeof decoded === 'string' ? decoded : captured;
  } catch {
    return captured;
  }
}

/** Parses a JSON or JS-literal body, or throws BadInputError (broken page). */
export function parseData(body: string, format: 'json' | 'js-literal'): unknown {
  try {
    return format === 'json' ? JSON.parse(body) : parseJsLiteral(body);
  } catch (error) {
    throw new BadInputError(`${format === 'json' ? 'JSON' : 'JS 字面量'}解析失败：${(error as Error).message}`, { cause: error });
  }
}

/** The site id when none is mapped: the detail URL without origin. */
function fallbackId(fields: RawFields): string | undefined {
  if (!fields.detailUrl) return undefined;
  try {
    const u = new URL(fields.detailUrl);
    return `${u.pathname}${u.search}`;
  } catch {
    return sha256(fields.detailUrl).slice(0, 16);
  }
}

/** Parses one list page. `$` may be passed when the crawler already parsed the HTML. */
/** `charset`: the page's, in which links write the Chinese of their query (default: what its `<meta>` declares). */
export function parseListPage(spec: ListSpec, body: string, pageUrl: string, parsed?: CheerioAPI, charset: string | undefined = declaredCharset(body)): ListPageResult {
  const problems: string[] = [];
  const items: ListItem[] = [];
  let rawItems: { get: (f: Parameters<typeof htmlField>[2]) => string | undefined }[];
  let $: CheerioAPI | undefined;
  let emptyArray = false;
  let nodes: AnyNode[] = [];
  if (spec.format === 'html') {
    $ = parsed && !spec.bodyRegex ? parsed : load(unwrapBody(body, spec.bodyRegex));
    // A letter printed over several table lines with no rowspan: read on a copy with its lines joined (letter-lines.ts).
    if (spec.linesPerLetter) {
      $ = load($.html());
      joinLetterLines($, spec.items, spec);
    }
    const page = $;
    // A letter printed over two table lines (a `rowspan` cell) is one item (spanned-rows.ts).
    nodes = joinSpannedItems(page, page(spec.items).toArray());
    rawItems = nodes.map((node) => ({ get: (f) => htmlField(page, page(node), f) }));
    if (nodes.length === 0) problems.push(`条目选择器 "${spec.items}" 未匹配任何元素`);
  } else {
    const data = parseData(unwrapBody(body, spec.bodyRegex), spec.format);
    const list = getPath(data, spec.items);
    if (!Array.isArray(list)) {
      problems.push(`条目路径 "${spec.items}" 不是数组`);
      rawItems = [];
    } else {
      emptyArray = list.length === 0;
      rawItems = list.map((item: unknown) => ({ get: (f) => jsonField(item, f) }));
    }
  }
  const missingCount = new Map<string, number>();
  let scriptLinks = 0;
  // Links are read as a browser reads them: against the page's `<base href>` when it has one.
  const base = linkBase($, pageUrl);
  for (const raw of rawItems) {
    const { values, missing, empty } = extractFields(spec.fields, raw.get);
    // A blank id or link is the site's fault, as useless as none; a blank title or text is the citizen's.
    const absent = [...missing, ...empty.filter((f) => f === 'siteId' || f === 'detailUrl')];
    for (const m of absent) missingCount.set(m, (missingCount.get(m) ?? 0) + 1);
    const fields = finishFields(values, base, spec.format === 'html' ? charset : undefined);
    if (values.detailUrl !== undefined && fields.detailUrl === undefined) scriptLinks++;
    const siteId = fields.siteId ?? fallbackId(fields);
    if (!siteId) continue;
    items.push({ siteId, fields });
  }
  if (rawItems.length > 0) {
    for (const key of ['siteId', 'title', 'content', 'detailUrl'] as const) {
      if (spec.fields[key] && missingCount.get(key) === rawItems.length) problems.push(`列表字段 ${key} 在本页所有条目中都未取到`);
    }
    if (scriptLinks > 0 && items.length < rawItems.length) {
      problems.push(`列表字段 detailUrl 取到的不是网址（如 javascript: 脚本链接）：请映射 siteId（可用 regex 从链接或 onclick 中取出编号），并用 detail.url 模板拼出详情页地址`);
    }
    if (items.length === 0) problems.push('本页条目都无法识别（缺少 siteId/detailUrl）');
  }
  const notice =
    items.length === 0
      ? emptyArray
        ? '[]'
        : $
          ? (emptyListNotice($) ?? (headerOnlyListTable($, spec.items, nodes) ? headerOnlyList : nodes.length === 0 && emptyHolder($, spec.items) ? emptyListHolder : undefined))
          : undefined
      : undefined;
  return { items, problems, $, ...(notice ? { empty: notice } : {}) };
}

export interface DetailPageResult {
  fields: RawFields;
  problems: string[];
}

/**
 * Parses one detail page; `required` lists fields that must come from it: a rule that finds no
 * place for one on the page is a layout problem, a place found blank is not.
 */
export function parseDetailPage(spec: DetailSpec, body: string, pageUrl: string, parsed?: CheerioAPI, required: string[] = []): DetailPageResult {
  const problems: string[] = [];
  let values: RawFields;
  let missing: string[];
  let empty: string[];
  let base = pageUrl;
  if (spec.format === 'html') {
    const $ = parsed && !spec.bodyRegex ? parsed : load(unwrapBody(body, spec.bodyRegex));
    base = linkBase($, pageUrl);
    const root = $.root();
    ({ values, missing, empty } = extractFields(spec.fields, (f) => htmlField($, root, f)));
    if (spec.cells) {
      const cells = $(spec.cells.selector).toArray();
      const wanted = spec.cells.order.filter((f) => f && f !== 'skip').length;
      if (cells.length < spec.cells.order.length) problems.push(`固定顺序单元格 "${spec.cells.selector}" 只有 ${cells.length} 个，应有 ${spec.cells.order.length} 个`);
      spec.cells.order.forEach((name, i) => {
        const cell = cells[i];
        if (!name || name === 'skip' || !cell) return;
        const text = htmlField($, $(cell), ':self');
        if (text === '' && values[name] === undefined) empty = [...empty, name];
        else if (text !== undefined && values[name] === undefined) values[name] = text;
      });
      if (cells.length === 0 && wanted > 0) missing = [...missing, ...spec.cells.order.filter((f): f is NonNullable<typeof f> => !!f && f !== 'skip')];
    }
  } else {
    const data = parseData(unwrapBody(body, spec.bodyRegex), spec.format);
    ({ values, missing, empty } = extractFields(spec.fields, (f) => jsonField(data, f)));
  }
  const fields = finishFields(values, base);
  // A required field whose place is on the page but blank (a letter with a title and no text) is
  // the citizen's doing, not a changed layout: the message is taken as it is.
  for (const r of required) {
    if (fields[r as keyof RawFields] === undefined && !empty.includes(r)) problems.push(`详情页缺少字段 ${r}${missing.includes(r) ? '（规则未匹配）' : ''}`);
  }
  return { fields, problems };
}
