/**
 * Drafts `list` and `pagination` of a source from what a list page's script fetched in the
 * browser (capture-list-api.ts): of the XHR/fetch answers that parse as JSON (or, failing that, as
 * a JavaScript literal), the one holding the largest array of objects that carry a title; its
 * keys mapped to fields by their names (letterTitle, createTime, statusName, bt, tjsj, zt …) and
 * their values (dates, status words, ids unique across items); the page number found in the
 * request's query, JSON body or form (suggest-json-pagination.ts); and, when the rendered page
 * links each item by its id, the detail page's address as a template over `siteId`. Pure: captured answers in, a draft out.
 */
import { parseJsLiteral } from '../extract/js-literal.js';
import type { FieldMap, FieldSpec, MessageField } from '../source/schema.js';
import type { CapturedResponse, RenderedListPage } from './capture-list-api.js';
import { escapeRegex, fieldOfLabel, valueLooks } from './field-words.js';
import { wordsOfCodes } from './json-list-codes.js';
import { draftPagination } from './suggest-json-pagination.js';
import type { ListColumn } from './suggest-list.js';

export interface JsonListDraft {
  /** The answer the list was drafted from. */
  response: CapturedResponse;
  format: 'json' | 'js-literal';
  /** Path of the item array ('' = the root). */
  items: string;
  fields: FieldMap;
  columns: ListColumn[];
  pagination: Record<string, unknown>;
  /** The detail page's address over the item's fields (`{ template: '/hdjl/detail.html?id={siteId}' }`), when the rendered page links each item. */
  detailUrl?: FieldSpec | undefined;
  notes: string[];
}

type Item = Record<string, unknown>;

const isObject = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A body as JSON, else as a JavaScript literal (unquoted keys, JSONP); undefined for HTML or text. */
export function parseBody(body: string): { data: unknown; format: 'json' | 'js-literal' } | undefined {
  const text = body.trim();
  if (!text || text.startsWith('<')) return undefined;
  try {
    return { data: JSON.parse(text), format: 'json' };
  } catch {
    try {
      return { data: parseJsLiteral(text), format: 'js-literal' };
    } catch {
      return undefined;
    }
  }
}

/** Every array of objects in a parsed answer, with its path. */
function arraysIn(value: unknown, path: string, depth: number, out: { path: string; items: Item[] }[]): void {
  if (Array.isArray(value)) {
    const items = value.filter(isObject);
    if (items.length >= 2 && items.length >= value.length * 0.8) out.push({ path, items: items.map((i) => flatItem(i)) });
    return;
  }
  if (!isObject(value) || depth > 5) return;
  for (const [key, v] of Object.entries(value)) if (!key.includes('.')) arraysIn(v, path ? `${path}.${key}` : key, depth + 1, out);
}

/** An array of files (`attachments`, `files`, `fj` 附件, `images` …): its names are no letter's title nor text, and no field holds a file. */
export const attachmentKey = /^(attach|annex|file|fj|fujian|img|image|pic|photo|tp|upload)/i;

/**
 * An item with the values of its nested objects brought up under dotted keys, as the engine's JSON
 * paths read them (`{reply: {content: …}}` gives `reply.content`), two levels down; the nested
 * object's own key is kept too (a `null` reply stays `reply: null`). An array of objects is read by
 * its first element (`{reply: [{content: …}]}` gives `reply[0].content`: the one reply most sites
 * give, or the first of several), as a nested object; an empty one stays as it is (no reply yet).
 * Keys holding a dot or a bracket, which a path cannot name, arrays of files (attachmentKey) and
 * arrays of plain values (parallel arrays are not drafted) are left as they are.
 */
export function flatItem(item: Item, under = '', depth = 0, out: Item = {}): Item {
  for (const [k, v] of Object.entries(item)) {
    if (/[.[\]]/.test(k)) continue;
    const key = `${under}${k}`;
    const first: unknown = Array.isArray(v) && !attachmentKey.test(k) ? v[0] : undefined;
    if (isObject(v) && depth < 2) flatItem(v, `${key}.`, depth + 1, out);
    else if (isObject(first) && depth < 2) flatItem(first, `${key}[0].`, depth + 1, out);
    else out[key] = v;
  }
  return out;
}

/** The key of the object or array a flattened key lies in, its index dropped (`reply[0].content` → `reply`); undefined for an item's own key. */
const holderOf = (key: string) => key.split('.').at(-2)?.replace(/\[\d+\]$/, '');

/** A value as the extraction reads it: text, HTML tags dropped. */
export const text = (v: unknown) => (v === null || v === undefined || typeof v === 'object' ? '' : String(v).replace(/<[^>]+>/g, '').trim());
const chinese = /[\u4e00-\u9fa5]/;
const median = (ns: number[]) => [...ns].sort((a, b) => a - b)[Math.floor(ns.length / 2)] ?? 0;
const isDate = (v: string) => valueLooks.date(v) || /^(19|20)\d{2}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v);

/** Keys whose values are text, numbers or blanks (a nested object's by their dotted paths, flatItem). */
function scalarKeys(items: Item[]): string[] {
  const keys = new Set<string>();
  for (const item of items) for (const [k, v] of Object.entries(item)) if (v === null || typeof v !== 'object') keys.add(k);
  // A nested object blank on some items (`reply: null` on a letter not yet answered) is no value of its own.
  return [...keys].filter((k) => ![...keys].some((other) => other.startsWith(`${k}.`) || other.startsWith(`${k}[`)));
}

const titleName = /^(?:.*\.)?(title|.*title|subject|.*subject|bt|xjbt|lybt|theme|topic)$/i;

/** The key holding each item's title: named like one, else the longest short Chinese text that differs from item to item. */
function titleKey(items: Item[]): { key: string; named: boolean } | undefined {
  const candidates = scalarKeys(items).filter((k) => !inOtherObject(k)).filter((k) => {
    const values = items.map((i) => text(i[k]));
    const filled = values.filter((v) => v && chinese.test(v));
    const length = median(filled.map((v) => v.length));
    return filled.length >= items.length * 0.8 && new Set(filled).size >= filled.length * 0.8 && length >= 4 && !values.some((v) => isDate(v));
  });
  const named = candidates.find((k) => titleName.test(k) || fieldOfLabel(k) === 'title');
  if (named) return { key: named, named: true };
  const short = candidates.filter((k) => median(items.map((i) => text(i[k]).length)) <= 60 && !items.some((i) => /\n/.test(String(i[k] ?? ''))));
  const longest = short.sort((a, b) => median(items.map((i) => text(i[b]).length)) - median(items.map((i) => text(i[a]).length)))[0];
  return longest ? { key: longest, named: false } : undefined;
}

/** Fields by the key's name (API keys in English, pinyin initials or Chinese), most specific first. */
const keyNames: readonly (readonly [MessageField, RegExp])[] = [
  ['replyText', /^((reply|answer|hf|df|huifu|dafu)_?(content|text|nr|body|info|yj|msg)?|hfnr|dfnr|hfyj|dfyj|bljg|cljg|result|handle_?result|opinion)$/i],
  ['replyAt', /^((reply|answer|hf|df|finish|bj|handle|deal|complete)_?(time|date|sj|rq|at)|hfsj|dfsj|bjsj|hfrq|dfrq)$/i],
  ['replyUnit', /((org|dept|unit|department|office)_?(name|names|s)?|^(hfdw|dfdw|bldw|blbm|cbdw|hfbm|dfbm))$/i],
  ['postedAt', /^((create|post|submit|write|add|send|pub|publish|ask|apply|insert)_?(time|date|dt|at|on)|date|time|tjsj|lxsj|xjsj|fbsj|txsj|lysj|rq|sj|gmt_?create)$/i],
  ['siteStatus', /((status|state)_?(name|text|desc|str)?|^(zt|blzt|clzt|hfzt|ztmc))$/i],
  ['siteType', /((type|category|kind|sort)_?(name|text|desc)?|^(lx|xjlx|lylx|lb|xjlb|lxmc))$/i],
  ['author', /^(user_?name|author|writer|sender|nick_?name|real_?name|name|xm|lxr|xjr|fxr|lyr)$/i],
  ['content', /((content|body|question|detail|desc|description)|^(text|nr|xjnr|lynr|lxnr|wtms))$/i],
  ['siteId', /^(id|_id|uuid|guid|code|bh|xh|xjbh|lybh|.*(Id|ID|_id|No|_no|Code))$/],
];

/** A nested object holding the reply (`reply`, `replyInfo`, `answerVo`, `hfxx` 回复信息, `dfxx`, `feedback` …): its text, time and unit are the reply's. */
const replyObject = /^(reply|replies|answer|feedback|response|handle|deal|result|hf|df|huifu|dafu|bljg|cljg)/i;
/** A nested object describing the writer (`user`, `author`, `sender`, `lxr` 联系人, `xjr` 写信人 …): only its name is drafted (its times, ids and status are the account's). */
const writerObject = /^(user|member|author|writer|sender|creator|citizen|person|petitioner|publisher|poster|lxr|xjr|lyr|fxr|yh)/i;

/** The reply's fields of a field a key names, under a reply object; undefined for what a reply object holds that is no reply field (its id, its own title). */
const asReply: Partial<Record<MessageField, MessageField>> = { content: 'replyText', replyText: 'replyText', postedAt: 'replyAt', replyAt: 'replyAt', replyUnit: 'replyUnit', siteStatus: 'siteStatus' };

/**
 * The field a key names. A dotted key (a nested object's value, flatItem) is read with its object's
 * name: under a reply object (`reply.content`, `hfxx.hfnr`, `answer.createTime`) the letter's
 * fields become the reply's; under the writer's (`user.name`) only the name counts, as the author;
 * under any other (`attrs.title`, `dept.name`, `status.name`) the object's name and the key's
 * together first (`dept_name` → replyUnit), then the key's own, a bare `name` excepted. The id of
 * a reply's or writer's object is no letter's id; a wrapper's (`letter.id`) may be, after the
 * item's own keys (draftFields tries the keys the least nested first).
 */
function fieldOfKey(key: string): MessageField | undefined {
  const byName = (k: string): MessageField | undefined => fieldOfLabel(k) ?? keyNames.find(([, name]) => name.test(k))?.[0];
  const leaf = key.split('.').at(-1)!;
  const parent = holderOf(key);
  if (parent === undefined) return byName(leaf);
  const joined = byName(`${parent}_${leaf}`);
  const own = byName(leaf);
  if (replyObject.test(parent)) {
    const field = joined && joined !== 'siteId' && joined !== 'title' ? joined : own;
    return field ? asReply[field] : undefined;
  }
  if (writerObject.test(parent)) return own === 'author' ? 'author' : undefined;
  return joined ?? (own === 'author' && /^(name|xm)$/i.test(leaf) ? undefined : own);
}

/** Whether a dotted key lies in a reply's or the writer's object (neither holds the letter's title nor text). */
const inOtherObject = (key: string) => key.split('.').slice(0, -1).some((p) => replyObject.test(p) || writerObject.test(p));

/** A page's row numbers (1, 2, 3 …): they move as letters arrive, no id. */
const rowNumbers = (values: string[]) => values.every((v, i) => v === String(i + 1));

/** Whether a key's values fit the field (dates for a time, unique ids, words for a status). */
function fits(field: MessageField, values: string[], titleLength: number): boolean {
  const filled = values.filter(Boolean);
  if (filled.length === 0) return false;
  switch (field) {
    case 'siteId':
      return filled.length === values.length && new Set(values).size === values.length && values.every((v) => v.length <= 64 && !/\s/.test(v)) && !rowNumbers(values);
    case 'postedAt':
    case 'replyAt':
      // A key named for a time may hold epoch seconds or milliseconds (the extraction reads them).
      return filled.every((v) => isDate(v) || /^\d{10}(\d{3})?$/.test(v));
    case 'siteStatus':
    case 'siteType':
      return filled.every((v) => v.length <= 12 && !/^\d+$/.test(v));
    case 'content':
      return filled.some((v) => chinese.test(v)) && median(filled.map((v) => v.length)) > Math.max(titleLength, 10);
    case 'replyText':
    case 'replyUnit':
    case 'author':
    case 'title':
      return filled.every((v) => !/^\d+$/.test(v));
    default:
      return true;
  }
}

/** Fields of the item array's keys, by names, then by values; with the notes' account of each. */
export function draftFields(items: Item[], title: string): { fields: FieldMap; columns: ListColumn[]; coded: { key: string; field: 'siteStatus' | 'siteType' }[] } {
  const fields: FieldMap = { title };
  const columns: ListColumn[] = [];
  const coded: { key: string; field: 'siteStatus' | 'siteType' }[] = [];
  const titleLength = median(items.map((i) => text(i[title]).length));
  const listed = scalarKeys(items);
  // The item's own keys before a nested object's: an `id` before `letter.id`, a `content` before `attrs.content`.
  const keys = [...listed].sort((a, b) => a.split('.').length - b.split('.').length);
  const valuesOf = (k: string) => items.map((i) => text(i[k]));
  const taken = new Set([title]);
  const take = (field: MessageField, key: string) => {
    fields[field] = key;
    taken.add(key);
  };
  for (const key of keys) {
    if (taken.has(key)) continue;
    const found = fieldOfKey(key);
    const field = found === 'siteId' && inOtherObject(key) ? undefined : found;
    if (!field || fields[field] !== undefined) continue;
    if (fits(field, valuesOf(key), titleLength)) take(field, key);
    else if ((field === 'siteStatus' || field === 'siteType') && valuesOf(key).every((v) => /^\d*$/.test(v))) coded.push({ key, field });
  }
  // Keys no name tells: by their values.
  for (const key of keys) {
    if (taken.has(key)) continue;
    const values = valuesOf(key);
    const filled = values.filter(Boolean);
    if (filled.length === 0) continue;
    if (key.includes('.') && key.split('.').slice(0, -1).some((p) => writerObject.test(p))) continue;
    const found: MessageField | undefined = filled.every(isDate)
      ? filled.length === values.length ? 'postedAt' : 'replyAt'
      : filled.every(valueLooks.status)
        ? 'siteStatus'
        : filled.every(valueLooks.type)
          ? 'siteType'
          : fits('content', values, titleLength) && new Set(filled).size === filled.length
            ? 'content'
            : undefined;
    // In a reply's object, a date is the reply's time and a long text its text.
    const byValues = found && inOtherObject(key) ? asReply[found] : found;
    if (byValues && fields[byValues] === undefined) take(byValues, key);
  }
  if (!fields.siteId) {
    const id = keys.find((k) => !taken.has(k) && !inOtherObject(k) && valuesOf(k).every((v) => valueLooks.id(v)) && fits('siteId', valuesOf(k), titleLength));
    if (id) take('siteId', id);
  }
  for (const key of listed) {
    const field = (Object.entries(fields) as [MessageField, unknown][]).find(([, k]) => k === key)?.[0];
    columns.push({ selector: key, field, sample: text(items[0]?.[key]) });
  }
  return { fields, columns, coded };
}

/** An address written as a path when it is on the API's host. */
const onHost = (url: string, apiUrl: string) => {
  const origin = new URL(apiUrl).origin;
  return url.startsWith(`${origin}/`) ? url.slice(origin.length) : url;
};

const commonPrefix = (texts: readonly string[]) => texts.reduce((a, t) => {
  let n = 0;
  while (n < a.length && a[n] === t[n]) n++;
  return a.slice(0, n);
});
const reversed = (t: string) => [...t].reverse().join('');

type DetailAddress = { spec: Exclude<FieldSpec, string>; shown: string };

/**
 * When the detail addresses differ by one part (cut at the address's separators) that another key's
 * value decides, one value per kind of page shared by several items: that key with a `map` to the part.
 */
function addressByKind(ranked: readonly (readonly [string, Set<string>])[], rows: readonly { id: string; item: Item }[]): DetailAddress | undefined {
  const templates = ranked.map(([t]) => t);
  let head = commonPrefix(templates);
  head = head.slice(0, Math.max(...[...'/=?&.'].map((c) => head.lastIndexOf(c))) + 1);
  let end = reversed(commonPrefix(templates.map((t) => reversed(t.slice(head.length)))));
  const cut = end.search(/[/=?&.]/);
  end = cut < 0 ? '' : end.slice(cut);
  if (!`${head}${end}`.includes('{siteId}')) return undefined;
  const partById = new Map<string, string>();
  for (const [t, ids] of ranked) for (const id of ids) partById.set(id, t.slice(head.length, t.length - end.length));
  for (const key of scalarKeys(rows.map((r) => r.item))) {
    const kinds = new Set(rows.map((r) => text(r.item[key])));
    if (kinds.size >= rows.length || kinds.has('')) continue;
    const map: Record<string, string> = {};
    const consistent = rows.every(({ id, item }) => {
      const part = partById.get(id);
      const value = text(item[key]);
      if (part === undefined) return true;
      if (map[value] !== undefined && map[value] !== part) return false;
      map[value] = part;
      return true;
    });
    if (!consistent || Object.keys(map).length !== new Set(Object.values(map)).size) continue;
    const template = `${head}{value}${end}`;
    return { spec: { path: key, map, template }, shown: `${template}（{value} 按 ${key}：${Object.entries(map).map(([v, p]) => `${v} → ${p}`).join('，')}）` };
  }
  return undefined;
}

/**
 * The detail page's address over the item's fields: the links that hold an item's id (as a whole
 * path segment or parameter value), as the template most items' links share; when the links differ
 * by one part another key decides (Beijing's `consultDetail`, `suggesDetail`, `complainDetail` by
 * `letterType` 1, 2, 3), that key with a `map` to the part. `given`: the links are letters the
 * administrator named (--detail-url), each enough; the page's links must cover half the items.
 */
function detailAddress(links: readonly string[], rows: readonly { id: string; item: Item }[], apiUrl: string, listUrl: string, given = false): DetailAddress | undefined {
  const byTemplate = new Map<string, Set<string>>();
  for (const href of new Set(links)) {
    if (!/^https?:/i.test(href) || href.split('#')[0] === listUrl.split('#')[0]) continue;
    const origin = new URL(href).origin;
    const tail = href.slice(origin.length).split('#')[0]!;
    for (const { id } of rows) {
      const m = new RegExp(`([/=])${escapeRegex(id)}(?=[^A-Za-z0-9_-]|$)`).exec(tail);
      if (!m) continue;
      const template = onHost(`${origin}${tail.slice(0, m.index + 1)}{siteId}${tail.slice(m.index + m[0].length)}`, apiUrl);
      byTemplate.set(template, new Set([...(byTemplate.get(template) ?? []), id]));
    }
  }
  const ranked = [...byTemplate].sort((a, b) => b[1].size - a[1].size);
  const enough = (n: number) => n >= (given ? 1 : Math.max(2, rows.length * 0.5));
  const [best, covered] = ranked[0] ?? [];
  if (!best || !covered) return undefined;
  const single = { spec: { template: best }, shown: best };
  if (covered.size >= rows.length * 0.9 || ranked.length === 1) return enough(covered.size) ? single : undefined;
  const linked = new Set(ranked.flatMap(([, ids]) => [...ids]));
  return (enough(linked.size) ? addressByKind(ranked, rows) : undefined) ?? (enough(covered.size) ? single : undefined);
}

/**
 * The list drafted from the answers a list page's script fetched; undefined when none holds an
 * array of objects with a title. `givenDetailUrls`: letters' pages the administrator named, read for
 * the detail address when the page links none. A list page that is itself the API (an address of the JSON) is
 * given as a page with no HTML whose one answer is the page.
 */
export function suggestJsonList(page: RenderedListPage, listUrl: string, givenDetailUrls: readonly string[] = [], asked: Parameters<typeof draftPagination>[4] = {}): JsonListDraft | undefined {
  let best: { response: CapturedResponse; format: 'json' | 'js-literal'; path: string; items: Item[]; title: { key: string; named: boolean } } | undefined;
  for (const response of page.responses) {
    if (response.status >= 400) continue;
    const parsed = parseBody(response.body);
    if (!parsed) continue;
    const arrays: { path: string; items: Item[] }[] = [];
    arraysIn(parsed.data, '', 0, arrays);
    for (const { path, items } of arrays) {
      const title = titleKey(items);
      if (!title) continue;
      const better = !best || items.length > best.items.length || (items.length === best.items.length && title.named && !best.title.named);
      if (better) best = { response, format: parsed.format, path, items, title };
    }
  }
  if (!best) return undefined;
  const { response, format, path, items, title } = best;
  const notes: string[] = [];
  const { fields, columns, coded } = draftFields(items, title.key);
  if (!title.named) notes.push(`接口数据中没有名为标题的字段：标题取了 ${title.key}（各条不同的最长短文本），请核对`);
  const unmapped: { key: string; note: string }[] = [];
  for (const { key, field } of coded) {
    // Codes the page's script turns into words: read off the rendered list, row by row.
    const map = fields[field] === undefined ? wordsOfCodes(page.html, items, title.key, key, field === 'siteStatus' ? valueLooks.status : valueLooks.type) : undefined;
    if (map) {
      fields[field] = { path: key, map };
      const column = columns.find((c) => c.selector === key);
      if (column) column.field = field;
      notes.push(`${field === 'siteStatus' ? '办理状态' : '类型'}在接口数据中是代码（${key}），按浏览器中列表显示的文字对应：${Object.entries(map).map(([c, w]) => `${c} → ${w}`).join('，')}；列表上没有出现的代码不会转换，请核对`);
    } else if (fields[field] === undefined) unmapped.push({ key, note: `接口字段 ${key} 是代码（如 ${text(items[0]?.[key])}），没有映射：若它是${field === 'siteStatus' ? '办理状态' : '类型'}，请用 map 写出代码对应的文字` });
  }
  const pagination = draftPagination(response, items.length, notes, response.url === listUrl && page.html === '', asked);
  const named = Object.entries(fields).map(([f, k]) => `${f} ← ${typeof k === 'string' ? k : (k?.path ?? '')}`).join('，');
  notes.push(`列表字段按接口数据的键名和取值猜测（${path ? `条目数组 ${path}` : '条目数组为根'}，${items.length} 条）：${named}`);
  const fromArrays = [...new Set(Object.values(fields).flatMap((f) => /^(.*?)\[0\]\./.exec(typeof f === 'string' ? f : (f?.path ?? ''))?.[1] ?? []))];
  for (const array of fromArrays) notes.push(`接口数据中 ${array} 是数组：各字段取它的第一项（${array}[0].…）；若网站把多次答复依次排列、最后一项才是正式答复，请改为 ${array}[-1].…`);
  const files = [...new Set(items.flatMap((i) => Object.entries(i).filter(([k, v]) => attachmentKey.test(k.split('.').at(-1)!) && Array.isArray(v) && v.length > 0).map(([k]) => k)))];
  if (files.length) notes.push(`接口数据中有附件（${files.join('，')}）：附件不采集，只有附件的答复读不到正文，请打开一两封信核对`);
  if (format === 'js-literal') notes.push('接口返回的不是严格的 JSON，按 JS 对象字面量解析（list.format: js-literal）');
  if (!fields.siteId) notes.push('接口数据中没有找到各条不同的编号字段：siteId 未映射，请手工指定');
  if (!fields.siteStatus) notes.push('接口数据中没有找到办理状态：答复和状态变化只能靠按时重访详情页发现（watch.revisitOpenAfter）');
  let detailUrl: Exclude<FieldSpec, string> | undefined;
  if (typeof fields.siteId === 'string') {
    const idKey = fields.siteId;
    const rows = items.map((item) => ({ id: text(item[idKey]), item }));
    // Letters' addresses the administrator gave (--detail-url) stand for links the page does not show.
    const address = detailAddress(page.links, rows, response.url, listUrl) ?? (givenDetailUrls.length ? detailAddress(givenDetailUrls, rows, response.url, listUrl, true) : undefined);
    detailUrl = address?.spec;
    if (address) notes.push(`详情页地址按浏览器中列表的链接拼出：${address.shown}，请打开一两封信核对`);
  }
  for (const { key, note } of unmapped) if (key !== detailUrl?.path) notes.push(note);
  return { response, format, items: path, fields, columns, pagination, ...(detailUrl ? { detailUrl } : {}), notes };
}
