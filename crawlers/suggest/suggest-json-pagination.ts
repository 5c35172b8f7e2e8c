/**
 * The `pagination` of a list an API answers, read from the request the page's script sent: a query
 * parameter named like a page number (`query`) or an offset (`offset`), a field of a JSON body
 * (`json-body`, also one nested in objects or an array: `{"page":{"pageNo":1}}`, `{"pages":[{"no":1}]}`)
 * or of a form (`post-form`); a field named otherwise the answer echoes beside a total (`{"pager":{"n":1,"total":9}}`),
 * the page size as `{pageSize}` and the request's other
 * fields sent as captured; with a note saying where the page number goes. Pure.
 */
import { parseJsLiteral } from '../extract/js-literal.js';
import type { CapturedResponse } from './capture-list-api.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const pageName = /^(?:.*\.)?(page|page_?no|page_?num|page_?number|page_?index|current|current_?page|cur_?page|cpage|pn|pg|p)$/i;
const sizeName = /^(?:.*\.)?(page_?size|size|rows|limit|per_?page|page_?count|num|length|ps)$/i;
const offsetName = /^(?:.*\.)?(start|offset|skip|begin|from|start_?record|first_?result)$/i;
const intOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : undefined);

/** A field of a request, by its path: one key for a query or a form, the keys (and array indexes) down to it for a nested JSON body (`page.pageNo`, `pages[0].no`). */
type Field = { path: (string | number)[]; value: number };

/**
 * The fields of a request's values, nested JSON objects opened (`{"page":{"pageNo":1}}` gives
 * `page` › `pageNo`, named `page.pageNo`) and arrays by their first element (`{"pages":[{"no":1}]}`
 * gives `pages` › 0 › `no`, named `pages[0].no`), to five levels: wrappers such as
 * `{"params":{"query":{"page":{"current":1}}}}` are common on Spring and Java back ends.
 */
function leaves(values: unknown, under: (string | number)[] = [], out: { path: (string | number)[]; value: unknown }[] = []): { path: (string | number)[]; value: unknown }[] {
  if (under.length < 5 && Array.isArray(values) && isObject(values[0])) leaves(values[0], [...under, 0], out);
  else if (under.length < 5 && isObject(values)) for (const [k, v] of Object.entries(values)) leaves(v, [...under, k], out);
  else if (under.length > 0) out.push({ path: under, value: values });
  return out;
}

/** A field's name as a path names it: `pages[0].no`. */
const nameOf = (field: { path: readonly (string | number)[] }) => field.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/** An object or array of the request holding the pager's fields (`page`, `pages`, `pager`, `pageInfo`, `pagination`, `paging`, `pageable`, `fy` 分页). */
const pagerHolder = /^(page|pages|pager|paging|pagination|page_?info|page_?param|page_?query|pageable|fy|fenye)$/i;
/** A page number's own name inside such a holder (`{"pager":{"no":1}}`, `{"pages":[{"index":0}]}`). */
const numberInHolder = /^(no|num|number|index|idx|n|current|cur|p)$/i;
const sizeInHolder = /^(size|rows|limit|count|s|ps)$/i;
/** A total the answer gives beside the page field it echoes (`{"pager":{"n":1,"total":9}}`). */
const totalName = /^(total|total_?(count|pages?|records?|rows|num|size)|page_?count|pages|count|records|record_?count|zts|zys|zs)$/i;

/** The holder's name of a field (the nearest key above it, past array indexes), or undefined for a top-level field. */
const holderName = (path: readonly (string | number)[]) => [...path.slice(0, -1)].reverse().find((p): p is string => typeof p === 'string');

/**
 * The names of the fields the answer echoes beside a total (the page field of `{"pager":{"n":1,
 * "total":9}}`), with their values: a pager named otherwise than the page words tells which field
 * moves by giving it back with the count of pages or letters.
 */
function echoedBesideTotal(answer: unknown): Map<string, number> {
  const echoed = new Map<string, number>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 4) return;
    if (Array.isArray(value)) return;
    if (!isObject(value)) return;
    const entries = Object.entries(value);
    if (entries.some(([k, v]) => totalName.test(k) && intOf(v) !== undefined)) for (const [k, v] of entries) if (!totalName.test(k) && intOf(v) !== undefined) echoed.set(k, intOf(v)!);
    for (const [, v] of entries) visit(v, depth + 1);
  };
  visit(answer, 0);
  return echoed;
}

/**
 * The page number's, page size's and offset's fields among a request's fields: named like one
 * (`pageNo`, `page.pageNo`), or named for a number in a pager's object (`pages[0].no`), holding a
 * whole number; failing a page field, the field holding 0 or 1 (page 1 of a request for page
 * `back` + 1) that the answer echoes beside a total (`answer`: the parsed answer). A top-level
 * field comes before a nested one.
 */
function pagingFields(values: Record<string, unknown>, answer: unknown, back: number): { page?: Field | undefined; size?: Field | undefined; offset?: Field | undefined; echoed?: boolean } {
  const all = leaves(values).sort((a, b) => a.path.length - b.path.length);
  const inHolder = (name: RegExp) => (path: readonly (string | number)[]) => pagerHolder.test(holderName(path) ?? '') && name.test(String(path.at(-1)));
  const find = (name: RegExp, held: (path: readonly (string | number)[]) => boolean) => all.flatMap(({ path, value }) => ((name.test(path.join('.')) || held(path)) && intOf(value) !== undefined ? [{ path, value: intOf(value)! }] : []))[0];
  const page = find(pageName, inHolder(numberInHolder));
  const size = find(sizeName, inHolder(sizeInHolder));
  const offset = find(offsetName, () => false);
  if (page || offset) return { page, size, offset };
  const echoed = echoedBesideTotal(answer);
  const moving = all.find(({ path, value }) => [back, back + 1].includes(intOf(value) ?? -1) && echoed.get(String(path.at(-1))) === intOf(value));
  return { page: moving ? { path: moving.path, value: intOf(moving.value)! } : undefined, size, echoed: moving !== undefined };
}

/** `values` with the field at `path` set to `value` (nested objects and arrays copied, the caller's left as they were). */
function withField(values: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (typeof key === 'number') {
    const copy = Array.isArray(values) ? [...(values as unknown[])] : [];
    copy[key] = withField(copy[key], rest, value);
    return copy;
  }
  const inner = isObject(values) ? values : {};
  return { ...inner, [key]: withField(inner[key], rest, value) };
}

/** `values` with each of `fields` set to its template variable. */
const withFields = (values: Record<string, unknown>, fields: readonly [Field | undefined, string][]) =>
  fields.reduce<Record<string, unknown>>((body, [field, variable]) => (field ? (withField(body, field.path, variable) as Record<string, unknown>) : body), values);

/**
 * `pagination` from the request that fetched the list, with a note saying where the page number goes.
 * `itself`: the list page's address is the API (no script asked it). `asked`: the request fetched
 * page `page` (a pager's page 2 clicked in the browser: the first page's number is counted back from
 * it), and `what` says where the list came from (default: from a JSON API the page's script asked).
 */
export function draftPagination(response: CapturedResponse, perPage: number, notes: string[], itself: boolean, asked: { page?: number | undefined; what?: string | undefined } = {}): Record<string, unknown> {
  const where = `${response.method} ${new URL(response.url).pathname}`;
  const back = (asked.page ?? 1) - 1;
  const say = (how: string) => notes.push(`${itself ? '列表页本身是数据接口' : (asked.what ?? '列表由浏览器脚本从 JSON 接口取得')}：${where}，${how}，请核对`);
  const answer = parseAnswer(response.body);
  const echoedNote = (page: Field) => `；它不是常见的页码名，接口答复中与总数并列返回了它（${page.path.at(-1)} = ${page.value}）`;
  if (response.method === 'GET') {
    const params = Object.fromEntries(new URL(response.url).searchParams);
    const { page, size, offset, echoed } = pagingFields(params, answer, back);
    if (page) {
      say(`第 N 页由地址参数 ${nameOf(page)} 指定（第一页为 ${page.value - back}${echoed ? echoedNote(page) : ''}）`);
      return { type: 'query', param: nameOf(page), start: page.value - back };
    }
    if (offset) {
      const step = size?.value ?? perPage;
      say(`翻页由地址参数 ${nameOf(offset)} 指定（每页 ${step} 条）`);
      return { type: 'offset', param: nameOf(offset), start: offset.value - back * step, step };
    }
    say('请求中没有找到页码参数，只读第一页');
    return { type: 'none' };
  }
  const body = response.requestBody ?? '';
  const asJson = /json/i.test(response.requestContentType ?? '') || /^\s*\{/.test(body);
  const parsed = asJson ? parseAnswer(body || '{}') : Object.fromEntries(new URLSearchParams(body));
  const values = isObject(parsed) ? parsed : undefined;
  if (!values) {
    say('请求体不是 JSON 对象或表单，只读第一页');
    return { type: 'none' };
  }
  const { page, size, offset, echoed } = pagingFields(values, answer, back);
  const kind = asJson ? 'json-body' : 'post-form';
  // A nested field is set where it was (the engine fills `{page}` at any depth of a JSON body, in arrays too).
  const pageSize = size?.value ?? perPage;
  if (page) {
    say(`第 N 页由请求体${asJson ? '（JSON）' : '（表单）'}字段 ${nameOf(page)} 指定（第一页为 ${page.value - back}${size ? `，每页 ${nameOf(size)} = ${pageSize}` : ''}${echoed ? echoedNote(page) : ''}）`);
    return { type: kind, body: withFields(values, [[size, '{pageSize}'], [page, '{page}']]), start: page.value - back, pageSize };
  }
  const firstOffset = offset ? offset.value - back * pageSize : undefined;
  if (offset && (firstOffset === 0 || firstOffset === 1)) {
    say(`翻页由请求体字段 ${nameOf(offset)} 指定（每页 ${pageSize} 条）`);
    return { type: kind, body: withFields(values, [[size, '{pageSize}'], [offset, firstOffset === 0 ? '{offset}' : '{offset1}']]), pageSize };
  }
  say('请求体中没有找到页码字段，只读第一页');
  return { type: kind, body: values, pageSize, maxPages: 1 };
}

/** A JSON text (or a JavaScript literal) parsed; undefined for an HTML fragment or text. */
function parseAnswer(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    try {
      return parseJsLiteral(text);
    } catch {
      return undefined;
    }
  }
}
