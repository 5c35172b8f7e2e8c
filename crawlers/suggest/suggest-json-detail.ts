/**
 * Drafts a `detail` of `format: json` from letters' pages that are themselves script pages: their
 * HTML holds no text, their script fetches the letter as JSON (`/api/letter/detail?id=1201`). Given
 * what the script fetched on each page opened in the browser (capture-list-api.ts), the answer
 * carrying the letter is the one holding an object with the letter's title as a value (else the
 * longest Chinese text); its keys are mapped to fields by the list drafter's judges of key names
 * and values (suggest-json-list.ts: `lynr`/`content` → content, `hfnr`/`replyContent` or a reply
 * object's `content` → replyText …), and its address becomes a template over the letter's id. Pure.
 */
import type { FieldMap, MessageField } from '../source/schema.js';
import { escapeRegex } from './field-words.js';
import type { CapturedResponse } from './capture-list-api.js';
import type { DetailPage } from './suggest-detail.js';
import { draftFields, flatItem, parseBody, text } from './suggest-json-list.js';

type Item = Record<string, unknown>;
const isObject = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One letter's page opened in the browser, with its id and what the list showed of it. */
export interface CapturedDetail {
  /** The letter's page. */
  url: string;
  siteId: string;
  /** The title the list showed (the surest mark of the answer that carries the letter). */
  title?: string | undefined;
  responses: readonly CapturedResponse[];
}

export interface JsonDetailDraft {
  format: 'json' | 'js-literal';
  /** The detail request as the engine builds it: its address over `{siteId}`, and for a POST its body. */
  url: string;
  method: 'GET' | 'POST';
  body?: Record<string, string | number | boolean> | undefined;
  bodyType?: 'form' | 'json' | undefined;
  fields: FieldMap;
  /** Each letter's answer, to read the draft back on (its address, its body). */
  answers: { url: string; body: string }[];
  /** X-Requested-With as the script sent it. */
  requestedWith?: string | undefined;
  notes: string[];
}

const chinese = /[\u4e00-\u9fa5]/;

/** Whether a value is the title the list showed: the same, or whole where the list cut it short (`关于幸福路小区…`). */
function isTitle(value: string, listed: string | undefined): boolean {
  if (!listed || !value) return false;
  const cut = listed.replace(/\s*(…|\.\.\.|。。。)$/, '');
  return value === listed || (cut !== listed && cut.length >= 4 && value.startsWith(cut));
}

/**
 * The object of a parsed answer that is the letter: the one holding the title as one of its own
 * values, else the one holding the longest Chinese text (20 characters at least); with its path.
 * A one-item array (`data: [{…}]`) is looked into.
 */
function letterObject(data: unknown, title: string | undefined): { path: string; item: Item; byTitle: boolean } | undefined {
  let best: { path: string; item: Item; byTitle: boolean; length: number } | undefined;
  const visit = (value: unknown, path: string, depth: number) => {
    if (Array.isArray(value)) {
      if (value.length === 1) visit(value[0], path ? `${path}.0` : '0', depth + 1);
      return;
    }
    if (!isObject(value) || depth > 5) return;
    const own = Object.values(value).map(text);
    const byTitle = own.some((v) => isTitle(v, title));
    const length = Math.max(0, ...own.filter((v) => chinese.test(v)).map((v) => v.length));
    const better = byTitle ? !best?.byTitle : !best?.byTitle && length >= 20 && length > (best?.length ?? 0);
    if (better) best = { path, item: value, byTitle, length };
    for (const [k, v] of Object.entries(value)) if (!k.includes('.')) visit(v, path ? `${path}.${k}` : k, depth + 1);
  };
  visit(data, '', 0);
  return best;
}

/** The answer on one letter's page that carries the letter, with the object and its path. */
function letterAnswer(page: CapturedDetail, pathname?: string): { response: CapturedResponse; format: 'json' | 'js-literal'; path: string; item: Item; byTitle: boolean } | undefined {
  let found: ReturnType<typeof letterAnswer>;
  for (const response of page.responses) {
    if (response.status >= 400 || (pathname && new URL(response.url).pathname !== pathname)) continue;
    const parsed = parseBody(response.body);
    const letter = parsed ? letterObject(parsed.data, page.title) : undefined;
    if (parsed && letter && (!found || (letter.byTitle && !found.byTitle))) found = { response, format: parsed.format, ...letter };
  }
  return found;
}

/** `{siteId}` in place of the letter's id in an address (a whole path segment or parameter value), or undefined when it is not there. */
function overId(url: string, id: string): string | undefined {
  const m = new RegExp(`([/=])${escapeRegex(id)}(?=[^A-Za-z0-9_-]|$)`).exec(url);
  return m ? `${url.slice(0, m.index + 1)}{siteId}${url.slice(m.index + m[0].length)}` : undefined;
}

/**
 * The detail request over `{siteId}`: the address with the id in it (GET), or a POST whose flat
 * JSON or form body holds the id as a value; undefined when the id is in neither.
 */
function requestOverId(response: CapturedResponse, id: string, listUrl: string): Pick<JsonDetailDraft, 'url' | 'method' | 'body' | 'bodyType'> | undefined {
  const origin = new URL(listUrl).origin;
  const shown = (url: string) => (url.startsWith(`${origin}/`) ? url.slice(origin.length) : url);
  const inUrl = overId(response.url, id);
  if (response.method === 'GET') return inUrl ? { url: shown(inUrl), method: 'GET' } : undefined;
  if (response.method !== 'POST') return undefined;
  const raw = response.requestBody ?? '';
  const asJson = /json/i.test(response.requestContentType ?? '') || /^\s*\{/.test(raw);
  let values: Record<string, unknown> | undefined;
  try {
    values = asJson ? (JSON.parse(raw || '{}') as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw));
  } catch {
    return undefined;
  }
  // `detail.body` holds flat values only: a body nested in objects is not drafted.
  if (!isObject(values) || Object.values(values).some((v) => typeof v === 'object' && v !== null)) return undefined;
  let seen = !!inUrl;
  const body = Object.fromEntries(
    Object.entries(values).map(([k, v]) => {
      if (String(v) === id) {
        seen = true;
        return [k, '{siteId}'];
      }
      return [k, v === null ? '' : (v as string | number | boolean)];
    }),
  );
  return seen ? { url: shown(inUrl ?? response.url), method: 'POST', body, bodyType: asJson ? 'json' : 'form' } : undefined;
}

/**
 * The `detail` of letters whose pages fetch them as JSON; undefined when no page's script fetched
 * an answer carrying its letter, or the letter's id is not in that request. `listFields`: the
 * fields the list already gives (the detail must give the text when the list does not).
 */
export function suggestJsonDetail(pages: readonly CapturedDetail[], listFields: readonly string[], listUrl: string): JsonDetailDraft | undefined {
  const first = pages.map((page) => ({ page, answer: letterAnswer(page) })).find((p) => p.answer);
  if (!first?.answer) return undefined;
  const pathname = new URL(first.answer.response.url).pathname;
  const request = requestOverId(first.answer.response, first.page.siteId, listUrl);
  if (!request) return undefined;
  const read = pages.flatMap((page) => {
    const answer = page === first.page ? first.answer : letterAnswer(page, pathname);
    return answer && answer.path === first.answer!.path ? [{ page, answer }] : [];
  });
  const prefix = first.answer.path ? `${first.answer.path}.` : '';
  const items = read.map(({ answer }) => flatItem(answer.item));
  // The title's key: the one holding the list's title on every letter, else none (the list gives it).
  const titleKey = Object.keys(items[0] ?? {}).find((k) => read.every(({ page }, i) => isTitle(text(items[i]?.[k]), page.title)));
  const drafted = draftFields(items, titleKey ?? '\u0000none').fields;
  const fields: FieldMap = {};
  for (const [field, key] of Object.entries(drafted) as [MessageField, unknown][]) {
    // As on an HTML detail page, fields the list gives are mapped too: the detail's value wins and is whole (a list's date without its time, a title cut short).
    if (typeof key !== 'string' || key === '\u0000none' || field === 'siteId' || field === 'detailUrl') continue;
    fields[field] = `${prefix}${key}`;
  }
  if (!fields.content && !listFields.includes('content')) return undefined;
  const where = `${first.answer.response.method} ${pathname}`;
  const notes = [
    `详情页的 HTML 中没有信件内容，由浏览器脚本从 JSON 接口取得：${where}，按信件编号请求 ${request.url}${request.body && Object.keys(request.body).length ? `（请求体 ${JSON.stringify(request.body)}）` : ''}（detail.format: ${first.answer.format}），请核对`,
    `详情字段按接口数据的键名和取值猜测（${read.length} 封信）：${Object.entries(fields).map(([f, k]) => `${f} ← ${String(k)}`).join('，')}`,
  ];
  if (!titleKey && !listFields.includes('title')) notes.push('详情接口数据中没有找到与列表标题相同的字段：标题未从详情映射');
  return {
    format: first.answer.format,
    ...request,
    fields,
    answers: read.map(({ answer }) => ({ url: answer.response.url, body: answer.response.body })),
    requestedWith: first.answer.response.requestedWith,
    notes,
  };
}

/** The `detail` of the source file: `format: json`, the address over `{siteId}`, a POST's body. */
export function jsonDetailRaw(draft: JsonDetailDraft): Record<string, unknown> {
  return {
    format: draft.format,
    url: draft.url,
    ...(draft.method === 'POST' ? { method: 'POST', body: draft.body ?? {}, bodyType: draft.bodyType ?? 'form' } : {}),
    fields: draft.fields,
  };
}

/** The captured answers as the pages the draft is read back on (the crawler parses the answer's text). */
export const jsonDetailPages = (draft: JsonDetailDraft): DetailPage[] => draft.answers.map((a) => ({ url: a.url, html: a.body }));
