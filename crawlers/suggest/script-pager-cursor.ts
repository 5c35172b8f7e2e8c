/**
 * A script pager that asks its next batch by a value of the last letter shown (`?lastId=1204`, or
 * `{"lastId":1204}` in a JSON body: a cursor, no page number): which field of the request is the
 * cursor (`cursorField`), and whether the engine can page by it over HTTP (`cursorOverHttp`:
 * `pagination: cursor`), else why not, in Chinese. Used by draft-script-pager.ts.
 */
import { defaultUserAgent } from '../engine/user-agent.js';
import { parseListPage, type ListItem } from '../extract/pages.js';
import type { CapturedResponse } from './capture-list-api.js';
import type { SourceDraft } from './draft-source.js';
import { samePage, type Drafted, type HtmlListRead, type Start } from './script-pager-request.js';

/** A request's fields and values: its address's query, and its body's (a form, or a JSON object's leaves to three levels). */
function requestFields(response: CapturedResponse): [string, string][] {
  const fields: [string, string][] = [...new URL(response.url).searchParams];
  const body = response.requestBody ?? '';
  let parsed: unknown;
  try {
    parsed = /^\s*\{/.test(body) ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  const visit = (value: unknown, name: string, depth: number) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && depth < 3) for (const [k, v] of Object.entries(value)) visit(v, name ? `${name}.${k}` : k, depth + 1);
    else if (typeof value === 'string' || typeof value === 'number') fields.push([name, String(value)]);
  };
  if (parsed !== undefined) visit(parsed, '', 0);
  else if (body) fields.push(...new URLSearchParams(body));
  return fields;
}

/** An item's own values: its id, and its address's query values and path segments (`detail.do?id=1204`, `/xj/1204.html`). */
function valuesOf(item: ListItem): Set<string> {
  const values = new Set([item.siteId]);
  if (item.fields.detailUrl) {
    const address = new URL(item.fields.detailUrl);
    for (const value of address.searchParams.values()) values.add(value);
    for (const segment of address.pathname.split('/')) values.add(segment.replace(/\.[a-z]+$/i, ''));
  }
  return values;
}

/**
 * The request's field holding a value of the last letter the page showed before it, and not of the
 * first (a channel's name in every letter's address is no cursor): the next batch asked after that
 * letter (`lastId=1204`, `minId`, `cursor`), not by a page number. Values of one character are not
 * taken (a page number 2 is no cursor).
 */
export function cursorField(response: CapturedResponse, items: readonly ListItem[]): { name: string; value: string } | undefined {
  const [first, last] = [items[0], items.at(-1)];
  if (!first || !last || first === last) return undefined;
  const lastValues = valuesOf(last);
  const firstValues = valuesOf(first);
  const found = requestFields(response).find(([, value]) => value.length >= 2 && lastValues.has(value) && !firstValues.has(value));
  return found ? { name: found[0], value: found[1] } : undefined;
}

/**
 * A cursor's pagination over HTTP (`type: cursor`): the endpoint asked without the cursor must give
 * the HTML's first batch, and the cursor's value must be a field of that batch's last item read with
 * the draft's rules (its `siteId`, or a field the list maps), the field the engine then sends. A
 * cursor in the address's query (GET), or in a JSON body (POST, `{"lastId":1204}`: the body without
 * it is the first page's, `body` in the draft); not one in a form; else why not, in Chinese.
 */
export async function cursorOverHttp(drafted: Drafted, cursor: { name: string; value: string }, source: SourceDraft['source'], htmlTitles: readonly string[], read: HtmlListRead): Promise<{ draft: Start; body: string; from: string; where: string } | { why: string }> {
  const { response } = drafted;
  const start = new URL(response.url);
  let request: { method: 'GET' } | { method: 'POST'; body: Record<string, unknown> };
  if (response.method === 'GET') {
    if (!start.searchParams.has(cursor.name)) return { why: `${cursor.name} 不在地址参数中（引擎的 cursor 翻页只设地址参数或 JSON 请求体字段）` };
    start.searchParams.delete(cursor.name);
    request = { method: 'GET' };
  } else {
    const body = jsonBodyWithout(response.requestBody ?? '', cursor.name.split('.'));
    if (response.method !== 'POST' || !body) return { why: `接口用 ${response.method} 请求，${cursor.name} 不在地址参数或 JSON 请求体中（引擎的 cursor 翻页只设地址参数或 JSON 请求体字段）` };
    request = { method: 'POST', body };
  }
  const sent = request.method === 'POST' ? JSON.stringify(request.body) : undefined;
  read.onPage?.(`${start.href}${sent ? `（${sent}）` : ''}`);
  let body: string;
  try {
    const answer = await fetch(start.href, {
      method: request.method,
      headers: { 'user-agent': defaultUserAgent, ...source.politeness.headers, ...(sent ? { 'content-type': 'application/json' } : {}) },
      ...(sent ? { body: sent } : {}),
      signal: AbortSignal.timeout(read.timeoutMs ?? 20_000),
    });
    body = await answer.text();
    if (!answer.ok) return { why: `不带 ${cursor.name} 请求该接口，答复 HTTP ${answer.status}` };
  } catch (error) {
    return { why: `不带 ${cursor.name} 请求该接口未成功（${(error as Error).message}）` };
  }
  const items = parseListPage(source.list, body, start.href).items;
  if (!samePage(htmlTitles, items.map((i) => i.fields.title ?? ''))) return { why: `不带 ${cursor.name} 请求该接口没有得到页面上的第一批（${items.length === 0 ? '没有条目' : `得到 ${items.length} 条不同的`}）` };
  const last = items.at(-1)!;
  const from = ['siteId', ...Object.keys(source.list.fields)].find((f) => (f === 'siteId' ? last.siteId : last.fields[f as keyof typeof last.fields]) === cursor.value);
  if (!from) return { why: `第一批最后一条的字段中没有 ${cursor.name} 的值 ${cursor.value}` };
  const pagination = { type: 'cursor', param: cursor.name, from, ...(request.method === 'POST' ? { body: request.body } : {}) };
  return { draft: { url: start.href, pagination }, body, from, where: request.method === 'POST' ? '请求体（JSON）字段' : '地址参数' };
}

/** A JSON object body with the field at `path` taken out (the request for the first batch), or undefined when the body is no JSON object holding it. */
function jsonBodyWithout(text: string, path: readonly string[]): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const without = (value: unknown, [key, ...rest]: readonly string[]): Record<string, unknown> | undefined => {
    if (!isObject(value) || key === undefined || !(key in value)) return undefined;
    if (rest.length === 0) return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
    const inner = without(value[key], rest);
    return inner ? { ...value, [key]: inner } : undefined;
  };
  return without(parsed, path);
}
