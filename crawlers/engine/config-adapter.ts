/** The SiteAdapter of a declarative source: list, pagination and detail rules from the source file. */
import { pageCharset } from '../extract/charsets.js';
import { escapeQueryAs, linkBase } from '../extract/fields.js';
import iconv from 'iconv-lite';
import { parseDetailPage, parseListPage } from '../extract/pages.js';
import { fillTemplate } from '../extract/values.js';
import type { ConfigSource, MessageField, Pagination } from '../source/schema.js';
import type { PageRequest } from '../state/types.js';
import type { FetchedPage, SiteAdapter } from './adapter.js';

/** Form encoding in the site's charset (GBK sites expect GBK percent-escapes). */
export function encodeForm(values: Record<string, string>, encoding?: string): string {
  const enc = encoding && !/^utf-?8$/i.test(encoding) ? encoding : undefined;
  const escape = (s: string) =>
    enc
      ? [...iconv.encode(s, enc)].map((b) => (/[A-Za-z0-9\-_.*]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')
      : encodeURIComponent(s);
  return Object.entries(values)
    .map(([k, v]) => `${escape(k)}=${escape(v)}`)
    .join('&');
}

function pageVars(pageIndex: number, start: number, pageSize: number): Record<string, number> {
  const offset = pageIndex * pageSize;
  return { page: start + pageIndex, index: pageIndex, offset, offset1: offset + 1, end: offset + pageSize, pageSize };
}

function fillBody(body: Record<string, unknown>, vars: Record<string, number>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, fillValue(v, vars)]));
}

/** One value of a body filled: a string's variables (a lone variable as a number), objects and arrays at any depth (`pages: [{ no: '{page}' }]`). */
function fillValue(v: unknown, vars: Record<string, number>): unknown {
  if (typeof v === 'string') {
    const whole = /^\{(\w+)\}$/.exec(v);
    return whole && whole[1] && whole[1] in vars ? vars[whole[1]] : fillTemplate(v, vars);
  }
  if (Array.isArray(v)) return v.map((e) => fillValue(e, vars));
  if (v && typeof v === 'object') return fillBody(v as Record<string, unknown>, vars);
  return v;
}

/**
 * A cursor's JSON body: `body` with the field at `path` (`lastId`, `query.lastId`) set to the last
 * item's value, a number when it reads as one (`1204`, as scripts post ids; `"0120"` stays a string).
 */
function withCursor(body: Record<string, unknown>, path: readonly string[], value: string): Record<string, unknown> {
  const [key, ...rest] = path;
  if (key === undefined) return body;
  const inner = body[key];
  const leaf = /^(0|[1-9]\d{0,14})$/.test(value) ? Number(value) : value;
  return { ...body, [key]: rest.length === 0 ? leaf : withCursor(inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {}, rest, value) };
}

/**
 * `url` with query parameter `name` set to `value` (added at the end when absent). The other
 * parameters are kept byte for byte: a GBK site's `?mailType=%CA%D0%B3%A4` read back through
 * URLSearchParams would be decoded as UTF-8 and sent as `%EF%BF%BD…`, another address to that site.
 */
export function withQueryParam(url: string, name: string, value: string): string {
  const u = new URL(url);
  const decodedName = (pair: string) => {
    const raw = pair.split('=')[0]!.replace(/\+/g, ' ');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  };
  const pairs = u.search.slice(1).split('&').filter(Boolean);
  const set = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  const at = pairs.findIndex((pair) => decodedName(pair) === name);
  if (at < 0) pairs.push(set);
  else pairs.splice(at, 1, set);
  for (let i = pairs.length - 1; i > at && at >= 0; i--) if (decodedName(pairs[i]!) === name) pairs.splice(i, 1);
  u.search = `?${pairs.join('&')}`;
  return u.href;
}

/** The request for list page `pageIndex` of the stateless pagination kinds (undefined for the others). */
export function listRequestAt(source: ConfigSource, pageIndex: number, start = 0): PageRequest | undefined {
  const p: Pagination = source.pagination;
  const startUrl = source.startUrls[start];
  if (startUrl === undefined) return undefined;
  switch (p.type) {
    case 'path':
      return { url: pageIndex === 0 ? startUrl : new URL(fillTemplate(p.template, { page: p.start + pageIndex }), startUrl).href };
    case 'query':
    case 'offset': {
      if (pageIndex === 0) return { url: startUrl };
      return { url: withQueryParam(startUrl, p.param, String(p.start + pageIndex * p.step)) };
    }
    case 'post-form': {
      const values = fillBody(p.body, pageVars(pageIndex, p.start, p.pageSize));
      const form = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
      return { url: p.url ?? startUrl, method: 'POST', body: encodeForm(form, source.encoding), contentType: 'application/x-www-form-urlencoded' };
    }
    case 'json-body':
      return { url: p.url ?? startUrl, method: 'POST', body: JSON.stringify(fillBody(p.body, pageVars(pageIndex, p.start, p.pageSize))), contentType: 'application/json' };
    case 'cursor':
      // Only the first page: the next ones depend on the page before (nextListRequest).
      if (pageIndex !== 0) return undefined;
      return p.body ? { url: p.url ?? startUrl, method: 'POST', body: JSON.stringify(p.body), contentType: 'application/json' } : { url: startUrl };
    default:
      return pageIndex === 0 ? { url: startUrl } : undefined;
  }
}

export function createConfigAdapter(source: ConfigSource): SiteAdapter {
  // The charset the page router decided for the page (the answer's header among what it reads), else the file's or the `<meta>`'s.
  const charsetOf = (page: FetchedPage) => page.charset ?? pageCharset(source.encoding, undefined, page.body);
  const p = source.pagination;
  const detail = source.detail;
  const listMapped = new Set(Object.keys(source.list.fields));
  const requiredFromDetail = (['title', 'content'] as MessageField[]).filter((f) => !listMapped.has(f));
  return {
    encoding: source.encoding,
    loadMore: p.type === 'load-more' ? { button: p.button, maxClicks: p.maxClicks, waitMs: p.waitMs, itemSelector: source.list.items } : undefined,
    firstListRequest: (start) => listRequestAt(source, 0, start),
    parseList(page) {
      const result = parseListPage(source.list, page.body, page.url, page.$, charsetOf(page));
      if (!detail?.url.includes('{detailUrl}')) return result;
      // Without its link the detail address would be the list page itself: such an item waits
      // (unknown, so tried again next run) and the page says why.
      const linked = result.items.filter((item) => item.fields.detailUrl !== undefined);
      if (linked.length === result.items.length) return result;
      const missing = result.items.length - linked.length;
      const problem = `${missing} 个条目没有取到详情页地址 detailUrl（detail.url 要用它），本次未抓取这些条目`;
      return { ...result, items: linked, problems: [...result.problems, problem] };
    },
    nextListRequest(page: FetchedPage, result) {
      const next = page.pageIndex + 1;
      if ('maxPages' in p && next >= p.maxPages) return undefined;
      if ('hasNext' in p && p.hasNext && result.$ && result.$(p.hasNext).length === 0) return undefined;
      if (p.type === 'next-link') {
        const href = result.$?.(p.selector).first().attr('href');
        if (!href || href.startsWith('javascript:') || href === '#') return undefined;
        const url = new URL(escapeQueryAs(href, charsetOf(page)), linkBase(result.$, page.url)).href;
        return url === page.url ? undefined : { url };
      }
      if (p.type === 'cursor') {
        // The last item's value (its id, or the field `from` names) asks the next page; a page with no item ends the list.
        const last = result.items.at(-1);
        const value = last === undefined ? undefined : p.from === 'siteId' ? last.siteId : last.fields[p.from as MessageField];
        if (!value) return undefined;
        if (p.body) {
          const body = JSON.stringify(withCursor(p.body, p.param.split('.'), value));
          return body === page.request.body ? undefined : { ...page.request, body };
        }
        const url = withQueryParam(page.request.url, p.param, value);
        return url === page.request.url ? undefined : { url };
      }
      if (p.type === 'aspnet-postback') {
        const $ = result.$;
        if (!$) return undefined;
        const form = $(p.form).first();
        const values: Record<string, string> = {};
        form.find('input').each((_i, el) => {
          const input = $(el);
          const name = input.attr('name');
          const type = (input.attr('type') ?? 'text').toLowerCase();
          if (!name || ['submit', 'image', 'button', 'checkbox', 'radio', 'file'].includes(type)) return;
          values[name] = input.attr('value') ?? '';
        });
        form.find('select').each((_i, el) => {
          const name = $(el).attr('name');
          if (name) values[name] = $(el).find('option[selected]').attr('value') ?? $(el).find('option').first().attr('value') ?? '';
        });
        values.__EVENTTARGET = p.target;
        values.__EVENTARGUMENT = fillTemplate(p.argument, { page: p.start + next, index: next });
        for (const [k, v] of Object.entries(p.extra)) values[k] = fillTemplate(String(v), { page: p.start + next, index: next });
        const action = form.attr('action');
        const url = action ? new URL(action, linkBase($, page.url)).href : page.url;
        return { url, method: 'POST', body: encodeForm(values, source.encoding), contentType: 'application/x-www-form-urlencoded' };
      }
      return listRequestAt(source, next, page.start);
    },
    detailRequest(item, listPageUrl) {
      if (!detail) return undefined;
      const vars = { ...item.fields, siteId: item.siteId };
      const url = new URL(fillTemplate(detail.url, vars), listPageUrl).href;
      if (detail.method === 'GET') return { url };
      const body = Object.fromEntries(Object.entries(detail.body ?? {}).map(([k, v]) => [k, typeof v === 'string' ? fillTemplate(v, vars) : v]));
      return detail.bodyType === 'json'
        ? { url, method: 'POST', body: JSON.stringify(body), contentType: 'application/json' }
        : { url, method: 'POST', body: encodeForm(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])), source.encoding), contentType: 'application/x-www-form-urlencoded' };
    },
    parseDetail(page) {
      if (!detail) return { fields: {}, problems: [] };
      return parseDetailPage(detail, page.body, page.url, page.$, requiredFromDetail);
    },
  };
}
