/**
 * Applying field rules (source file `fields:`) to one scope: an HTML element or a JSON object.
 * Pure: page in, raw strings out. Normalisation of times etc. happens in `finishFields`.
 */
import iconv from 'iconv-lite';
import type { AnyNode, Cheerio, CheerioAPI } from 'cheerio';
import type { FieldMap, FieldSpec, MessageField } from '../source/schema.js';
import { replyTextOrNone } from '../../core/index.js';
import { cleanText, decodeEntities, fillTemplate, getPath, normalizeDate, normalizeOriginLevel, normalizeTime } from './values.js';

export type RawFields = Partial<Record<MessageField, string>>;

/**
 * Result of applying a field map: values, the fields whose rule matched nothing (on a detail
 * page, a sign of a changed layout), and the fields whose rule found its place on the page but
 * that place was blank (a citizen who wrote no text: not a layout problem).
 */
export interface FieldResult {
  values: RawFields;
  missing: MessageField[];
  empty: MessageField[];
}

const blockTags = new Set(['p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'ul', 'ol', 'section', 'article', 'dd', 'dt', 'pre', 'blockquote']);

/** Text of elements with line breaks where the page shows them (br, block elements). */
export function elementText($: CheerioAPI, nodes: Cheerio<AnyNode>): string {
  let out = '';
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') out += (node as unknown as { data: string }).data.replace(/\s+/g, ' ');
    else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      const el = node as unknown as { name: string; children: AnyNode[] };
      if (el.name === 'script' || el.name === 'style') return;
      if (el.name === 'br') {
        out += '\n';
        return;
      }
      const block = blockTags.has(el.name);
      if (block) out += '\n';
      for (const child of el.children) walk(child);
      if (block) out += '\n';
      else if (el.name === 'td' || el.name === 'th') out += ' ';
    }
  };
  nodes.each((_i, n) => walk(n));
  return cleanText(out);
}

function pick<T>(items: T[], index: number | undefined): T | undefined {
  const i = index ?? 0;
  return i < 0 ? items[items.length + i] : items[i];
}

interface LabelEntry {
  node: AnyNode;
  own: string;
}

/** Elements of a scope that carry text of their own, indexed once per scope (labels are looked up many times). */
const labelIndexes = new WeakMap<AnyNode, LabelEntry[]>();

function labelIndex(scope: Cheerio<AnyNode>): LabelEntry[] {
  const root = scope[0];
  if (!root) return [];
  const cached = labelIndexes.get(root);
  if (cached) return cached;
  const entries: LabelEntry[] = [];
  const walk = (node: AnyNode): void => {
    const el = node as unknown as { type: string; name?: string; children?: AnyNode[] };
    if (el.type !== 'tag' && el.type !== 'root') return;
    if (el.name === 'script' || el.name === 'style') return;
    let own = '';
    for (const child of el.children ?? []) if (child.type === 'text') own += (child as unknown as { data: string }).data;
    own = own.replace(/\s+/g, '');
    if (own && el.type === 'tag' && own.length <= 200) entries.push({ node, own });
    for (const child of el.children ?? []) walk(child);
  };
  walk(root);
  labelIndexes.set(root, entries);
  return entries;
}

/** The text after `label` (whose whitespace was removed) and an optional colon; '' when nothing follows. */
function afterLabel(text: string, label: string): string {
  let j = 0;
  let i = 0;
  for (; i < text.length && j < label.length; i++) {
    const c = text[i] as string;
    if (/\s/.test(c)) continue;
    if (c !== label[j]) return '';
    j++;
  }
  return text.slice(i).replace(/^\s*[：:]\s*/, '').trim();
}

/**
 * The text after a label element inside its parent, when text follows it there
 * (`<p><strong>来信内容：</strong>我家住在…<br>…</p>`): up to the next element of the label's own
 * markup (the next `<strong>` label of the same line), '' when no text follows it.
 */
function textAfterLabelElement($: CheerioAPI, node: AnyNode): string {
  const label = node as unknown as { name?: string; next: AnyNode | null };
  const first = label.next;
  if (!first || first.type !== 'text' || !(first as unknown as { data: string }).data.replace(/[\s\u3000\u00a0]+/g, '').replace(/^[：:]/, '')) return '';
  const following: AnyNode[] = [];
  for (let n: AnyNode | null = first; n && !(n.type === 'tag' && (n as unknown as { name: string }).name === label.name); n = n.next) following.push(n);
  return elementText($, $(following)).replace(/^\s*[：:]\s*/, '');
}

/**
 * Finds `label` (e.g. 回复单位) in the scope and returns the value beside it: after the label in the
 * same element, else the text following the label's element in its parent, else the next cell.
 */
function byLabel($: CheerioAPI, scope: Cheerio<AnyNode>, label: string): Cheerio<AnyNode> | string | undefined {
  const wanted = label.replace(/\s+/g, '').replace(/[：:]$/, '');
  const entry = labelIndex(scope).find((e) => e.own.startsWith(wanted));
  if (!entry) return undefined;
  const el = $(entry.node);
  const rest = afterLabel(elementText($, el), wanted) || textAfterLabelElement($, entry.node);
  if (rest) return rest;
  let next = el.next();
  if (next.length === 0) next = el.parent().next();
  if (next[0] && opensWithLabel(next[0], entry.node)) return '';
  return next.length ? next : undefined;
}

/** A label's own text alone: a few Chinese words and a colon (`回复内容：`), no value; or a line of such labels (`答复单位：联系电话：答复时间：`). */
const bareLabel = /^([\u4e00-\u9fa5\s\u3000\u00a0]{2,12}[：:])+$/;

/**
 * Whether the element after a label is the next label in the label's own markup, not its value:
 * `<b>回复内容：</b>` after `<b>回复单位：</b>`, or a `<p>` opening with one
 * (`<p><b>回复单位：</b></p><p><b>回复内容：</b>暂无回复</p>`, a unit left blank on an open letter).
 * The label's place is then blank. Only a label ending with a colon counts, so a value that merely
 * opens with words (`<td>尊敬的领导：…</td>`, another tag than the label's) is still read.
 */
function opensWithLabel(node: AnyNode, label: AnyNode): boolean {
  const tag = (label as unknown as { name?: string }).name;
  const isLabel = (n: AnyNode | undefined): boolean => {
    const el = n as unknown as { type: string; name?: string; children?: AnyNode[] } | undefined;
    if (!el || el.type !== 'tag' || el.name !== tag) return false;
    const own = (el.children ?? []).map((c) => (c.type === 'text' ? (c as unknown as { data: string }).data : '')).join('').trim();
    return bareLabel.test(own);
  };
  if (isLabel(node)) return true;
  const first = ((node as unknown as { children?: AnyNode[] }).children ?? []).find((c) => c.type !== 'text' || (c as unknown as { data: string }).data.trim() !== '');
  return isLabel(first);
}

/** One field from an HTML scope: undefined when the rule matched nothing, '' when what it matched is blank. */
export function htmlField($: CheerioAPI, scope: Cheerio<AnyNode>, spec: FieldSpec): string | undefined {
  const rule = typeof spec === 'string' ? { selector: spec } : spec;
  if (rule.const !== undefined) return applyPost(rule.const, rule);
  let raw: string | undefined;
  let nodes: Cheerio<AnyNode> | undefined;
  if (rule.label) {
    const found = byLabel($, scope, rule.label);
    if (typeof found === 'string') raw = found;
    else nodes = found;
  } else if (rule.selector && rule.selector !== ':self') {
    const all = scope.find(rule.selector);
    nodes = rule.all ? all : (() => {
      const one = pick(all.toArray(), rule.index);
      return one ? $(one) : undefined;
    })();
  } else {
    nodes = scope;
  }
  const found = raw !== undefined || (!!nodes && nodes.length > 0);
  if (raw === undefined && nodes && nodes.length > 0) {
    if (rule.attr) raw = nodes.attr(rule.attr);
    else if (rule.html) raw = nodes.html() ?? undefined;
    else if (rule.all) raw = nodes.toArray().map((n) => elementText($, $(n))).filter(Boolean).join(rule.joinWith ?? '\n');
    else raw = elementText($, nodes);
  }
  return orDefault(applyPost(raw, rule), found, rule);
}

/** One field from a JSON object: undefined when the path is absent, '' when its value is blank or null. */
export function jsonField(item: unknown, spec: FieldSpec): string | undefined {
  const rule = typeof spec === 'string' ? { path: spec } : spec;
  if (rule.const !== undefined) return applyPost(rule.const, rule);
  const path = rule.path ?? rule.selector;
  if (path === undefined) return undefined;
  const value = getPath(item, path);
  let raw: string | undefined;
  if (value === undefined) raw = undefined;
  else if (value === null) raw = '';
  else if (Array.isArray(value)) raw = value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(rule.joinWith ?? '、');
  else if (typeof value === 'object') raw = JSON.stringify(value);
  else raw = String(value);
  if (raw !== undefined && !rule.html) {
    // HTML inside JSON strings is reduced to the text a browser shows: tags dropped, then `&quot;` and `&#25552;` decoded.
    if (/<[a-z][^>]*>/i.test(raw)) raw = raw.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>/gi, '\n').replace(/<[^>]+>/g, '');
    raw = decodeEntities(raw);
  }
  return orDefault(applyPost(raw, rule), value !== undefined, rule);
}

/** A rule's `default` where its place was `found` but gave no value (blank, no such attribute, `regex` not matching). */
function orDefault(value: string | undefined, found: boolean, rule: Exclude<FieldSpec, string>): string | undefined {
  return found && !value && rule.default !== undefined ? rule.default : value;
}

function applyPost(raw: string | undefined, rule: Exclude<FieldSpec, string>): string | undefined {
  if (raw === undefined) return undefined;
  let value = rule.html ? raw.trim() : cleanText(raw);
  if (value === '') return '';
  if (rule.regex) {
    const m = new RegExp(rule.regex).exec(value);
    if (!m) return undefined;
    value = (m[1] ?? m[0]).trim();
  }
  if (rule.map) value = rule.map[value] ?? value;
  return value;
}

/**
 * Applies a field map to one scope. A rule with `template` is filled after the others: `{value}`
 * is what its own selector/path found (after `regex` and `map`), `{name}` any other field of the
 * item; a rule with no selector/path/label/attr applies its `regex` to the filled text.
 */
export function extractFields(map: FieldMap, get: (spec: FieldSpec) => string | undefined, base: RawFields = {}): FieldResult {
  const values: RawFields = {};
  const missing: MessageField[] = [];
  const empty: MessageField[] = [];
  const entries = Object.entries(map) as [MessageField, FieldSpec][];
  const templated = (spec: FieldSpec): spec is Exclude<FieldSpec, string> & { template: string } => typeof spec === 'object' && spec.template !== undefined;
  for (const [name, spec] of entries) {
    if (templated(spec)) continue;
    const v = get(spec);
    if (v === undefined) missing.push(name);
    else if (v === '') empty.push(name);
    else values[name] = v;
  }
  for (const [name, spec] of entries) {
    if (!templated(spec)) continue;
    const own = spec.selector !== undefined || spec.label !== undefined || spec.path !== undefined || spec.attr !== undefined;
    const found = own ? get({ ...spec, template: undefined }) : undefined;
    if (own && found === undefined) {
      missing.push(name);
      continue;
    }
    if (own && found === '') {
      empty.push(name);
      continue;
    }
    const filled = fillTemplate(spec.template, { ...base, ...values, value: found });
    const v = applyPost(filled, own ? {} : { regex: spec.regex });
    if (v === undefined || v === '') missing.push(name);
    else values[name] = v;
  }
  return { values, missing, empty };
}

/**
 * The address a page's relative links are resolved against, as a browser resolves them: its first
 * `<base href>` (itself resolved against the page's address), else the page's own address. JSP
 * templates print `<base href="<%=basePath%>">` and write every link against it: resolved against
 * the page instead, a page forwarded from a deeper folder links to addresses that do not exist.
 * A base that is no http(s) address is ignored, as browsers ignore it.
 */
export function linkBase($: CheerioAPI | undefined, pageUrl: string): string {
  const href = $?.('base[href]').first().attr('href')?.trim();
  if (!href) return pageUrl;
  try {
    const base = new URL(href, pageUrl);
    return base.protocol === 'http:' || base.protocol === 'https:' ? base.href : pageUrl;
  } catch {
    return pageUrl;
  }
}

/**
 * A link's query with its Chinese characters percent-escaped in the page's charset, as a browser
 * sends it: `show.asp?lb=市长信箱` on a GBK page is `?lb=%CA%D0%B3%A4%D0%C5%CF%E4` (the server reads
 * its query as GBK bytes; the UTF-8 escapes `new URL` would write name another, unknown address).
 * The path stays for `new URL` (browsers write a path in UTF-8 on every page). UTF-8 pages, and
 * links with no Chinese in their query, are returned unchanged.
 */
export function escapeQueryAs(href: string, charset: string | undefined): string {
  if (!charset || /^utf-?8$/i.test(charset) || !iconv.encodingExists(charset)) return href;
  const query = href.indexOf('?');
  if (query < 0) return href;
  const hash = href.indexOf('#', query);
  const end = hash < 0 ? href.length : hash;
  const escaped = href.slice(query, end).replace(/[^\p{ASCII}]+/gu, (run) => [...iconv.encode(run, charset)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
  return href.slice(0, query) + escaped + href.slice(end);
}

/**
 * Normalises times, dates, origin level and the detail URL (absolute, against `pageUrl`: the page's
 * address or its `<base href>`, linkBase; its
 * query's Chinese escaped in `charset`, the page's: escapeQueryAs), and
 * leaves out a reply that is only the reply box's placeholder (暂无回复, 正在办理中, —:
 * core/reply-placeholder.ts), so an open letter has no reply whatever rule read its box.
 */
export function finishFields(values: RawFields, pageUrl: string, charset?: string): RawFields {
  const out: RawFields = { ...values };
  out.replyText = replyTextOrNone(out.replyText);
  for (const f of ['postedAt', 'replyAt'] as const) if (out[f] !== undefined) out[f] = normalizeTime(out[f]) ?? out[f];
  if (out.upperDeadline !== undefined) out.upperDeadline = normalizeDate(out.upperDeadline) ?? out.upperDeadline;
  if (out.originLevel !== undefined) out.originLevel = normalizeOriginLevel(out.originLevel);
  if (out.detailUrl !== undefined) {
    try {
      const url = new URL(escapeQueryAs(out.detailUrl, charset), pageUrl);
      // A script link (`javascript:show(12)`, the page opens the detail in code) is no address:
      // never the message's link, nor a detail request, nor the fallback id of every item alike.
      out.detailUrl = url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      out.detailUrl = undefined;
    }
  }
  for (const key of Object.keys(out) as MessageField[]) if (out[key] === undefined || out[key] === '') delete out[key];
  return out;
}
