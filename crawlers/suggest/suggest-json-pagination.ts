/**
 * The `pagination` of a list an API answers, read from the request the page's script sent: a query
 * parameter named like a page number (`query`) or an offset (`offset`), a field of a JSON body
 * (`json-body`) or of a form (`post-form`), the page size as `{pageSize}` and the request's other
 * fields sent as captured; with a note saying where the page number goes. Pure.
 */
import type { CapturedResponse } from './capture-list-api.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const pageName = /^(?:.*\.)?(page|page_?no|page_?num|page_?number|page_?index|current|current_?page|cur_?page|cpage|pn|pg|p)$/i;
const sizeName = /^(?:.*\.)?(page_?size|size|rows|limit|per_?page|page_?count|num|length|ps)$/i;
const offsetName = /^(?:.*\.)?(start|offset|skip|begin|from|start_?record|first_?result)$/i;
const intOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : undefined);

/** The page number's, page size's and offset's names among a request's fields. */
function pagingFields(values: Record<string, unknown>): { page?: [string, number] | undefined; size?: [string, number] | undefined; offset?: [string, number] | undefined } {
  const find = (name: RegExp) => Object.entries(values).flatMap(([k, v]) => (name.test(k) && intOf(v) !== undefined ? [[k, intOf(v)!] as [string, number]] : []))[0];
  return { page: find(pageName), size: find(sizeName), offset: find(offsetName) };
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
      say(`第 N 页由地址参数 ${page[0]} 指定（第一页为 ${page[1] - back}）`);
      return { type: 'query', param: page[0], start: page[1] - back };
    }
    if (offset) {
      const step = size?.[1] ?? perPage;
      say(`翻页由地址参数 ${offset[0]} 指定（每页 ${step} 条）`);
      return { type: 'offset', param: offset[0], start: offset[1] - back * step, step };
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
  const filled: Record<string, unknown> = { ...values };
  if (size) filled[size[0]] = '{pageSize}';
  const pageSize = size?.[1] ?? perPage;
  if (page) {
    filled[page[0]] = '{page}';
    say(`第 N 页由请求体${asJson ? '（JSON）' : '（表单）'}字段 ${page[0]} 指定（第一页为 ${page[1] - back}${size ? `，每页 ${size[0]} = ${pageSize}` : ''}）`);
    return { type: kind, body: filled, start: page[1] - back, pageSize };
  }
  const firstOffset = offset ? offset[1] - back * pageSize : undefined;
  if (offset && (firstOffset === 0 || firstOffset === 1)) {
    filled[offset[0]] = firstOffset === 0 ? '{offset}' : '{offset1}';
    say(`翻页由请求体字段 ${offset[0]} 指定（每页 ${pageSize} 条）`);
    return { type: kind, body: filled, pageSize };
  }
  say('请求体中没有找到页码字段，只读第一页');
  return { type: kind, body: values, pageSize, maxPages: 1 };
}
