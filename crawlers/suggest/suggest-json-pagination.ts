/**
 * The `pagination` of a list an API answers, read from the request the page's script sent: a query
 * parameter named like a page number (`query`) or an offset (`offset`), a field of a JSON body
 * (`json-body`, also one nested in an object: `{"page":{"pageNo":1}}`) or of a form (`post-form`),
 * the page size as `{pageSize}` and the request's other
 * fields sent as captured; with a note saying where the page number goes. Pure.
 */
import type { CapturedResponse } from './capture-list-api.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const pageName = /^(?:.*\.)?(page|page_?no|page_?num|page_?number|page_?index|current|current_?page|cur_?page|cpage|pn|pg|p)$/i;
const sizeName = /^(?:.*\.)?(page_?size|size|rows|limit|per_?page|page_?count|num|length|ps)$/i;
const offsetName = /^(?:.*\.)?(start|offset|skip|begin|from|start_?record|first_?result)$/i;
const intOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : undefined);

/** A field of a request, by its path: one key for a query or a form, the keys down to it for a nested JSON body (`page.pageNo`). */
type Field = { path: string[]; value: number };

/**
 * The fields of a request's values, nested JSON objects opened (`{"page":{"pageNo":1}}` gives
 * `page` › `pageNo`, named `page.pageNo`), to three levels: the page may sit in a wrapper object.
 */
function leaves(values: Record<string, unknown>, under: string[] = [], out: { path: string[]; value: unknown }[] = []): { path: string[]; value: unknown }[] {
  for (const [k, v] of Object.entries(values)) {
    if (isObject(v) && under.length < 2) leaves(v, [...under, k], out);
    else out.push({ path: [...under, k], value: v });
  }
  return out;
}

/**
 * The page number's, page size's and offset's fields among a request's fields: named like one
 * (`pageNo`, `page.pageNo`), holding a whole number. A top-level field comes before a nested one.
 */
function pagingFields(values: Record<string, unknown>): { page?: Field | undefined; size?: Field | undefined; offset?: Field | undefined } {
  const all = leaves(values).sort((a, b) => a.path.length - b.path.length);
  const find = (name: RegExp) => all.flatMap(({ path, value }) => (name.test(path.join('.')) && intOf(value) !== undefined ? [{ path, value: intOf(value)! }] : []))[0];
  return { page: find(pageName), size: find(sizeName), offset: find(offsetName) };
}

const nameOf = (field: Field) => field.path.join('.');

/** `values` with the field at `path` set to `value` (nested objects copied, the caller's left as they were). */
function withField(values: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [key, ...rest] = path;
  if (key === undefined) return values;
  const inner = values[key];
  return { ...values, [key]: rest.length === 0 ? value : withField(isObject(inner) ? inner : {}, rest, value) };
}

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
  if (response.method === 'GET') {
    const params = Object.fromEntries(new URL(response.url).searchParams);
    const { page, size, offset } = pagingFields(params);
    if (page) {
      say(`第 N 页由地址参数 ${nameOf(page)} 指定（第一页为 ${page.value - back}）`);
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
  let values: Record<string, unknown> | undefined;
  if (asJson) {
    try {
      const parsed: unknown = JSON.parse(body || '{}');
      if (isObject(parsed)) values = parsed;
    } catch {
      values = undefined;
    }
  } else values = Object.fromEntries(new URLSearchParams(body));
  if (!values) {
    say('请求体不是 JSON 对象或表单，只读第一页');
    return { type: 'none' };
  }
  const { page, size, offset } = pagingFields(values);
  const kind = asJson ? 'json-body' : 'post-form';
  // A nested field is set where it was (the engine fills `{page}` at any depth of a JSON body).
  let filled: Record<string, unknown> = { ...values };
  if (size) filled = withField(filled, size.path, '{pageSize}');
  const pageSize = size?.value ?? perPage;
  if (page) {
    filled = withField(filled, page.path, '{page}');
    say(`第 N 页由请求体${asJson ? '（JSON）' : '（表单）'}字段 ${nameOf(page)} 指定（第一页为 ${page.value - back}${size ? `，每页 ${nameOf(size)} = ${pageSize}` : ''}）`);
    return { type: kind, body: filled, start: page.value - back, pageSize };
  }
  const firstOffset = offset ? offset.value - back * pageSize : undefined;
  if (offset && (firstOffset === 0 || firstOffset === 1)) {
    filled = withField(filled, offset.path, firstOffset === 0 ? '{offset}' : '{offset1}');
    say(`翻页由请求体字段 ${nameOf(offset)} 指定（每页 ${pageSize} 条）`);
    return { type: kind, body: filled, pageSize };
  }
  say('请求体中没有找到页码字段，只读第一页');
  return { type: kind, body: values, pageSize, maxPages: 1 };
}
