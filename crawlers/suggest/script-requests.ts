/**
 * The request a letter's page script sends for the reply, when it is no quoted address joined to the
 * id (script-reply.ts reads that one): a POST of the id (`$.post('getReply.do', {xjid: '1201'})`,
 * `$.ajax({url: …, type: 'POST', data: {id: id}})`, `fetch('reply.do', {method: 'POST', body:
 * 'id=1201'})`, a `JSON.stringify({…})` body), or a GET of an object (`$.get(url, {id: id})`), with
 * values the page carries: the id, a `var`, a hidden input, a `<meta>` (a token that changes at every
 * load is read from the page at each crawl, `detail.reply.page`, never written in the file), in the
 * body or in a header (`$.ajax({headers: {'X-CSRF-Token': …}})`, `$.ajaxSetup`, `fetch`'s and
 * axios's `headers`, `setRequestHeader`). Read from the page's inline scripts and from the same-site
 * scripts it loads (given as text).
 */
import type { CheerioAPI } from 'cheerio';
import type { FieldSpec } from '../source/schema.js';
import { escapeRegex } from './field-words.js';

/** A reply request as `detail.reply` writes it (engine/reply-request.ts). */
export interface ScriptRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: Record<string, string> | undefined;
  bodyType?: 'form' | 'json' | undefined;
  page?: Record<string, FieldSpec> | undefined;
  /** Headers sent (`X-CSRF-Token: '{x_csrf_token}'`, a constant `X-Requested-With`). */
  headers?: Record<string, string> | undefined;
}

/** One value a script sends: a template (`{siteId}`, a constant, `{token}`) and the page rule it needs, if any. */
interface Sent {
  template: string;
  rule?: { name: string; spec: FieldSpec } | undefined;
}

const quoted = /^(["'])([^"'\\]*)\1$/;

/** Splits `a: 1, b: f(x, y)` at the commas outside brackets and quotes. */
function topLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The text from an opening bracket at `from` to its match (brackets and quotes counted), without them. */
function bracketed(code: string, from: number): string | undefined {
  const open = code[from];
  const close = open === '{' ? '}' : open === '(' ? ')' : undefined;
  if (!close) return undefined;
  let depth = 0;
  let quote: string | undefined;
  for (let i = from; i < code.length; i++) {
    const c = code[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return code.slice(from + 1, i);
    }
  }
  return undefined;
}

/** An object literal's entries (`{id: id, 'token': t}`); undefined when it is none. */
function objectEntries(text: string): [string, string][] | undefined {
  const inner = text.trim().startsWith('{') ? bracketed(text.trim(), 0) : undefined;
  if (inner === undefined) return undefined;
  const entries: [string, string][] = [];
  for (const part of topLevel(inner, ',')) {
    const m = /^(["']?)([\w$-]+)\1\s*:\s*([\s\S]+)$/.exec(part);
    if (!m) return undefined;
    entries.push([m[2]!, m[3]!.trim()]);
  }
  return entries;
}

/** A value of an object literal's key (`url`, `type`), as written. */
const entryOf = (entries: readonly [string, string][], ...keys: string[]) => entries.find(([k]) => keys.includes(k))?.[1];

/** Reads what a script expression sends, against the page (`$`, its HTML) and the letter's id. */
class Values {
  constructor(
    private readonly $: CheerioAPI,
    private readonly html: string,
    private readonly code: string,
    private readonly siteId: string,
  ) {}

  /** What expression `expr`, sent under `name`, is: undefined when it cannot be told. */
  of(expr: string, name: string, depth = 0): Sent | undefined {
    const text = expr.trim();
    const literal = quoted.exec(text);
    if (literal) return { template: literal[2] === this.siteId ? '{siteId}' : literal[2]! };
    if (/^\d+$/.test(text)) return { template: text === this.siteId ? '{siteId}' : text };
    const selector = this.selectorOf(text);
    if (selector) {
      const value = this.$(selector.css).first().attr(selector.attr);
      if (value === undefined) return undefined;
      if (value === this.siteId) return { template: '{siteId}' };
      return { template: `{${name}}`, rule: { name, spec: { selector: selector.css, attr: selector.attr } } };
    }
    if (/^[A-Za-z_$][\w$]*$/.test(text) && depth < 3) {
      // A variable: its value set in the page's own script is the page's (read fresh); one set in the script file, a constant.
      const declared = new RegExp(`\\b(?:var|let|const)\\s+${escapeRegex(text)}\\s*=\\s*([^;\\n]+)`);
      const onPage = declared.exec(this.html);
      const inCode = onPage ? undefined : declared.exec(this.code);
      const assigned = (onPage ?? inCode)?.[1]?.trim();
      if (assigned === undefined) return undefined;
      const value = quoted.exec(assigned);
      if (value && onPage && value[2] !== this.siteId && value[2]) {
        const q = value[1]!;
        return { template: `{${name}}`, rule: { name, spec: { regex: `\\b(?:var|let|const)\\s+${escapeRegex(text)}\\s*=\\s*${q}([^${q}]*)${q}` } } };
      }
      return this.of(assigned, name, depth + 1);
    }
    return undefined;
  }

  /** The element and attribute a DOM read names (`$('#token').val()`, `document.querySelector('meta[name="csrf-token"]').content`). */
  private selectorOf(text: string): { css: string; attr: string } | undefined {
    const byId = /^document\.getElementById\(\s*(["'])([\w-]+)\1\s*\)\.(value|getAttribute\(\s*(["'])([\w-]+)\4\s*\)|content)$/.exec(text);
    if (byId) return { css: `#${byId[2]}`, attr: byId[5] ?? (byId[3] === 'content' ? 'content' : 'value') };
    const byQuery = /^(?:document\.querySelector|\$|jQuery)\(\s*(["'])(.+?)\1\s*\)(?:\.first\(\))?\.(value|val\(\)|content|(?:attr|getAttribute)\(\s*(["'])([\w-]+)\4\s*\))$/.exec(text);
    if (!byQuery) return undefined;
    const attr = byQuery[5] ?? (byQuery[3] === 'content' ? 'content' : 'value');
    return { css: byQuery[2]!, attr };
  }
}

/** A body string (`'id=' + id + '&token=' + t`, `'id=1201'`) as the form it sends; undefined when a part cannot be told. */
function formOfString(expr: string, values: Values, siteId: string): Sent[] | undefined {
  const parts = topLevel(expr, '+');
  let template = '';
  const rules: NonNullable<Sent['rule']>[] = [];
  for (const part of parts) {
    const literal = quoted.exec(part);
    if (literal) {
      template += literal[2];
      continue;
    }
    const name = /([\w$-]+)=$/.exec(template)?.[1]?.replace(/\W/g, '_') ?? 'value';
    const sent = values.of(part, name);
    if (!sent) return undefined;
    template += sent.template;
    if (sent.rule) rules.push(sent.rule);
  }
  return template.split('&').map((pair) => {
    const [k, v = ''] = pair.split('=');
    return { template: `${k}=${v === siteId ? '{siteId}' : v}`, rule: rules.find((r) => v === `{${r.name}}`) };
  });
}

/** What a request call sends: its object or string, read into `{key: template}` and the page rules. */
function sentOf(data: string, values: Values, siteId: string): { body: Record<string, string>; json: boolean; page: Record<string, FieldSpec> } | undefined {
  const stringified = /^JSON\.stringify\(([\s\S]*)\)$/.exec(data.trim());
  const entries = objectEntries(stringified ? stringified[1]! : data);
  const body: Record<string, string> = {};
  const page: Record<string, FieldSpec> = {};
  if (entries) {
    for (const [key, expr] of entries) {
      const sent = values.of(expr, key.replace(/\W/g, '_'));
      if (!sent) return undefined;
      body[key] = sent.template;
      if (sent.rule) page[sent.rule.name] = sent.rule.spec;
    }
    return { body, json: !!stringified, page };
  }
  const form = formOfString(data, values, siteId);
  if (!form) return undefined;
  for (const { template, rule } of form) {
    const [k, v = ''] = template.split('=');
    body[k!] = v;
    if (rule) page[rule.name] = rule.spec;
  }
  return { body, json: false, page };
}

/** A request call as written: its address, method, what it sends (`''` for nothing) and its own `headers: {…}`. */
interface RequestCall {
  url: string;
  method: 'GET' | 'POST';
  data: string;
  /** An object it sends as JSON (axios's default), not a form. */
  json?: boolean | undefined;
  headers?: string | undefined;
}

/** The calls that send a request (`$.post`, `$.ajax`, `fetch`, `axios`), as written. */
function requestCalls(code: string): RequestCall[] {
  const calls: RequestCall[] = [];
  const argsAt = (index: number) => topLevel(bracketed(code, index) ?? '', ',');
  for (const m of code.matchAll(/(?:\$|jQuery)\.(post|get|getJSON)\s*\(/g)) {
    const args = argsAt(m.index + m[0].length - 1);
    if (args[0]) calls.push({ url: args[0], method: m[1] === 'post' ? 'POST' : 'GET', data: args[1]?.startsWith('{') ? args[1] : '' });
  }
  for (const m of code.matchAll(/(?:\$|jQuery)\.ajax\s*\(|\baxios\s*\(/g)) {
    const entries = objectEntries(bracketed(code, m.index + m[0].length - 1) ?? '');
    const url = entries && entryOf(entries, 'url');
    if (!url) continue;
    const method = /post/i.test(entryOf(entries, 'type', 'method') ?? '') ? 'POST' : 'GET';
    const axios = m[0].startsWith('axios');
    const data = (method === 'GET' && axios ? entryOf(entries, 'params') : entryOf(entries, 'data')) ?? '';
    calls.push({ url, method, data, json: axios && method === 'POST' && data.startsWith('{'), headers: entryOf(entries, 'headers') });
  }
  for (const m of code.matchAll(/\baxios\.(post|get)\s*\(/g)) {
    const args = argsAt(m.index + m[0].length - 1);
    const post = m[1] === 'post';
    const config = objectEntries((post ? args[2] : args[1]) ?? '') ?? [];
    const data = (post ? args[1] : entryOf(config, 'params')) ?? '';
    if (args[0]) calls.push({ url: args[0], method: post ? 'POST' : 'GET', data, json: post && data.startsWith('{'), headers: entryOf(config, 'headers') });
  }
  for (const m of code.matchAll(/\bfetch\s*\(/g)) {
    const args = argsAt(m.index + m[0].length - 1);
    const init = args[1] ? objectEntries(args[1]) : undefined;
    if (!args[0]) continue;
    const post = /post/i.test((init && entryOf(init, 'method')) ?? '');
    calls.push({ url: args[0], method: post ? 'POST' : 'GET', data: (post && init && entryOf(init, 'body')) || '', headers: init && entryOf(init, 'headers') });
  }
  return calls;
}

/** Headers the request sets itself, never drafted. */
const ownHeaders = /^(cookie|host|content-type|content-length)$/i;

/**
 * What headers a script sends, as written: those every request of the page carries
 * (`$.ajaxSetup({headers: {…}})`, `axios.defaults.headers.common['X-CSRF-TOKEN'] = …`,
 * `xhr.setRequestHeader('X-CSRF-Token', …)`), then the call's own (`own`, an object's text).
 */
function headerExpressions(code: string, own: string | undefined): [string, string][] {
  const found: [string, string][] = [];
  for (const m of code.matchAll(/(?:\$|jQuery)\.ajaxSetup\s*\(/g)) {
    const entries = objectEntries(bracketed(code, m.index + m[0].length - 1) ?? '');
    const headers = entries && entryOf(entries, 'headers');
    found.push(...((headers ? objectEntries(headers) : undefined) ?? []));
  }
  for (const m of code.matchAll(/\baxios\.defaults\.headers(?:\.common)?\[\s*(["'])([\w-]+)\1\s*\]\s*=\s*([^;\n]+)/g)) found.push([m[2]!, m[3]!.trim()]);
  for (const m of code.matchAll(/\.setRequestHeader\s*\(/g)) {
    const [name, value] = topLevel(bracketed(code, m.index + m[0].length - 1) ?? '', ',');
    const header = name && quoted.exec(name)?.[2];
    if (header && value) found.push([header, value]);
  }
  found.push(...((own ? objectEntries(own) : undefined) ?? []));
  return found.filter(([name]) => !ownHeaders.test(name));
}

/** A header whose name says it proves who asks (a token, a signature): a request is refused without it. */
const credentialHeader = /csrf|xsrf|token|auth|sign|key|session/i;

/**
 * The headers a request sends, as `detail.reply.headers` writes them, with the page values they
 * need: a token read from the page (`$('meta[name=csrf-token]').attr('content')`, a hidden input, a
 * `var` of the page's script) as a `page` value named after the header (`{x_csrf_token}`), a
 * literal (`'XMLHttpRequest'`) as a constant. A header whose value cannot be told is left out
 * (`X-Timestamp: Date.now()`), unless its name says it is a credential (`X-Sign: sign(id)`): then
 * undefined, the request untold.
 */
function headersOf(values: Values, code: string, own: string | undefined): { headers: Record<string, string>; page: Record<string, FieldSpec> } | undefined {
  const headers: Record<string, string> = {};
  const page: Record<string, FieldSpec> = {};
  for (const [name, expr] of headerExpressions(code, own)) {
    const sent = values.of(expr, name.toLowerCase().replace(/\W/g, '_'));
    if (!sent && credentialHeader.test(name)) return undefined;
    if (!sent) continue;
    headers[name] = sent.template;
    if (sent.rule) page[sent.rule.name] = sent.rule.spec;
  }
  return { headers, page };
}

/** `headers` and `page` of a request, each left out when empty. */
function withHeaders(request: ScriptRequest, sent: { headers: Record<string, string>; page: Record<string, FieldSpec> }): ScriptRequest {
  const page = { ...request.page, ...sent.page };
  return { ...request, page: Object.keys(page).length ? page : undefined, ...(Object.keys(sent.headers).length ? { headers: sent.headers } : {}) };
}

/**
 * The headers sent with the request of a quoted address joined to the id (`fetch('reply.do?id=' +
 * id, {headers: {…}})`, `address` its quoted part): those of the call it is written in, and those every
 * request of the page carries; undefined when a header's value cannot be told.
 */
export function joinedRequestHeaders(request: ScriptRequest, address: string, code: string, $: CheerioAPI, html: string, siteId: string, shared = ''): ScriptRequest | undefined {
  const values = new Values($, html, code, siteId);
  const call = requestCalls(code).find((c) => c.url.includes(address));
  const sent = headersOf(values, `${code}\n${shared}`, call?.headers);
  return sent && withHeaders(request, sent);
}

/**
 * The reply request a script sends (`code`: an inline script or a same-site script file's text), the
 * page (`$`, `html`) giving the values it reads, `shared` the page's inline scripts (where headers
 * every request carries may be set: `$.ajaxSetup`); undefined when it sends none this can tell.
 */
export function scriptRequest(code: string, $: CheerioAPI, html: string, siteId: string, shared = ''): ScriptRequest | undefined {
  const values = new Values($, html, code, siteId);
  for (const call of requestCalls(code)) {
    const url = quoted.exec(call.url)?.[2];
    const sent = url && call.data ? sentOf(call.data, values, siteId) : undefined;
    // The letter's id sent, or a value of its page: a request about this letter.
    if (!url || !sent || !Object.values(sent.body).some((v) => v === '{siteId}' || v.startsWith('{'))) continue;
    // A credential header the draft cannot read (`X-Sign: sign(id)`) leaves the request untold: sent without it, it would be refused.
    const headers = headersOf(values, `${code}\n${shared}`, call.headers);
    if (!headers) return undefined;
    const page = Object.keys(sent.page).length ? sent.page : undefined;
    if (call.method === 'GET') {
      const query = Object.entries(sent.body).map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');
      return withHeaders({ url: `${url}${url.includes('?') ? '&' : '?'}${query}`, method: 'GET', page }, headers);
    }
    return withHeaders({ url, method: 'POST', body: sent.body, bodyType: sent.json || call.json ? 'json' : 'form', page }, headers);
  }
  return undefined;
}
