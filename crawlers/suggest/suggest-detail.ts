/**
 * Drafts `detail.fields` from a site's detail pages. Labels first: a page that prints 来信内容,
 * 办理状态 … beside the values gets `label` rules, which survive reordered rows and restyled pages;
 * a line of several labels (`来信人：… 来信时间：… 办理状态：…`) gets a selector with a `regex` per
 * label. Then class names (`span.author`, `div.mail-content`) for fields no label names. Then, for
 * the letter's text when nothing names it, the longest block of text that differs from letter to
 * letter (a side box or a notice is the same on every page) and comes before the reply; and for
 * the reply's text, the block beside the reply's unit and time. Every rule is checked on the
 * pages with the crawler's own parser and extraction, and refused when what it finds is a
 * neighbour of the value (a heading's next row, a line of other labels). Pure.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { isReplyPlaceholder } from '../../core/index.js';
import { htmlField } from '../extract/fields.js';
import type { FieldMap, FieldSpec, MessageField } from '../source/schema.js';
import type { RawFields } from '../extract/fields.js';
import type { CookieAnswer } from '../engine/page-cookies.js';
import { inFurniture, isElement, loadPage, ownText, pageSelector, textOf, uniqueSelector } from './css-path.js';
import { fieldOfClassName, fieldOfLabel, labelKey, labelsInText, labelValueRegex, startsWithOtherLabel, valueBeforeLabelsRegex } from './field-words.js';
import { lineLabels, longerLabelOf, printsUnknownLabel } from './line-labels.js';
import { suggestCells, type CellsDraft } from './suggest-cells.js';

export interface DetailDraft {
  fields: FieldMap;
  /** Values printed in a fixed order with no labels (`detail.cells`), when the page has them. */
  cells?: CellsDraft | undefined;
  notes: string[];
}


/** One detail page as fetched. */
export interface DetailPage {
  html: string;
  url: string;
  /** What the list printed of this letter (its title, status …), when the page was reached from it. */
  listed?: RawFields | undefined;
  /** The page's answer's Set-Cookie headers: sent back with its reply request (script-reply.ts). */
  setCookies?: readonly string[] | undefined;
  /** The redirects `url` answered before the page, each with its Set-Cookie headers: sent back with the reply request too. */
  redirects?: readonly CookieAnswer[] | undefined;
  /** The page's address after those redirects (absent when there were none): the reply's address is resolved against it. */
  loadedUrl?: string | undefined;
}

interface Parsed extends DetailPage {
  $: CheerioAPI;
  /** The page's elements in document order. */
  order: Map<Element, number>;
}

/**
 * The value a rule gives on the page, with the crawler's own field extraction: undefined when the
 * rule finds no place, '' when its place is blank (答复内容 before the reply: still the place).
 */
function valueOf($: CheerioAPI, spec: FieldSpec): string | undefined {
  return htmlField($, $.root(), spec);
}

/** Fields whose value is text of the citizen or the office, never a bare label. */
const textFields = new Set<MessageField>(['title', 'content', 'replyText']);

/**
 * Whether a rule finds the field's value on the pages: its place is on one page at least, and
 * nowhere is what it finds a neighbour of the value instead (the next row under a heading
 * 来信内容, a line 回复单位：… 回复时间：… taken for the reply, a heading 答复意见 itself), or a
 * short value with the next label run into it (`区住建局答复时间：…`).
 */
function finds(pages: readonly Parsed[], field: MessageField, spec: FieldSpec): boolean {
  const values = pages.map(({ $ }) => valueOf($, spec));
  return values.some((v) => v !== undefined) && !values.some((v) => v && neighbourOf(v, field));
}

const neighbourOf = (value: string, field: MessageField) => startsWithOtherLabel(value, field) || (textFields.has(field) ? !!fieldOfLabel(value) : labelsInText(value).length > 0);

/** A label printed on a page: alone or leading its element (来信人：张三), or one of a line of labels. */
interface PrintedLabel {
  el: Element;
  field: MessageField;
  label: string;
  /** One of several labels sharing the element's text. */
  inRun: boolean;
  /** The known labels of that text, this one included (where its value ends when no space comes before the next). */
  run?: readonly string[] | undefined;
  /** The label that text opens with as printed (受理时间 of `受理时间：…来信人：…`): what names its element. */
  opens?: string | undefined;
}

function printedLabels($: CheerioAPI): PrintedLabel[] {
  const found: PrintedLabel[] = [];
  for (const el of $('body *').toArray()) {
    if (!isElement(el) || inFurniture($, el)) continue;
    const own = ownText(el);
    if (!own) continue;
    if (own.length > 40) {
      // A long text opening with its label (`<td>来信内容：我家…<br>…</td>`, as old ASP pages print
      // the letter): the letter's or the reply's text after its label.
      const lead = labelsInText(own.slice(0, 20))[0];
      const colons = own.match(/[\u4e00-\u9fa5]{2,12}\s*[：:]/g) ?? [];
      if (lead && textFields.has(lead.field) && colons.length === 1 && own.replace(/[\s\u3000\u00a0]+/g, '').startsWith(lead.label)) {
        found.push({ el, field: lead.field, label: lead.label, inRun: false });
        continue;
      }
      if (own.length > 200) continue;
    }
    const whole = fieldOfLabel(own);
    if (whole) {
      found.push({ el, field: whole, label: labelKey(own), inRun: false });
      continue;
    }
    const labels = labelsInText(own);
    const compact = own.replace(/[\s\u3000\u00a0]+/g, '');
    if (!labels[0]) continue;
    // Every `label：` of the text, known or not (来信人：张三 联系电话：…): with one, a label rule
    // takes the rest of the element; with more, that rest would run into the next label. A line
    // may open with a label of the site's own (受理时间：…来信人：…): its known labels are read.
    const colons = own.match(/[\u4e00-\u9fa5]{2,12}\s*[：:]/g) ?? [];
    if (colons.length === 1 && own.length <= 40 && compact.startsWith(labels[0].label)) found.push({ el, field: labels[0].field, label: labels[0].label, inRun: false });
    const opens = /^([\u4e00-\u9fa5]{2,12})[：:]/.exec(compact)?.[1];
    if (colons.length > 1 && opens) for (const { field, label } of labels) found.push({ el, field, label, inRun: true, run: labels.map((l) => l.label), opens });
  }
  return found;
}

/** A selector whose first match on the page is `el`, or undefined. */
function selectorOf($: CheerioAPI, el: Element): string | undefined {
  const selector = uniqueSelector($, el) ?? pageSelector($, el);
  return $(selector).toArray()[0] === el ? selector : undefined;
}

/**
 * The rule of a printed label: a `label` rule, or for a line of labels its element with a `regex`.
 * An element no class or id names (an old ASP page's bare `<td>来信人：…来信时间：…</td>`) is named
 * by its tag and the label the line opens with, the innermost such element
 * (`td:contains("来信人"):not(:has(…))`: not the layout table's cell around the page, nor a letter
 * or reply quoting the label, `前次答复时间：…`, printed before the line). The value ends at the
 * line's labels as the pages print them (line-labels.ts), unknown ones too; a label that most
 * pages do not print on that line (a phrase quoted in one reply) gets no rule there.
 */
function labelRule(pages: readonly Parsed[], page: Parsed, printed: PrintedLabel): FieldSpec | undefined {
  if (!printed.inRun) return ownElementRule(pages, printed);
  const selector = lineSelector(page, printed);
  const labels = lineLabels(pages.map((p) => valueOf(p.$, selector)));
  return labels.includes(printed.label) ? { selector, regex: labelValueRegex(printed.label, labels) } : undefined;
}

/** The selector of a line of labels' element: its own, else its tag and the label it opens with. */
function lineSelector(page: Parsed, printed: PrintedLabel): string {
  const tagged = `${printed.el.name}:contains("${printed.opens ?? printed.label}")`;
  return selectorOf(page.$, printed.el) ?? `${tagged}:not(:has(${tagged}))`;
}

/** The site's own label a printed label of a line is only the ending of on most pages (受理时间 for 时间), if any. */
function siteLabelEndingWith(pages: readonly Parsed[], page: Parsed, printed: PrintedLabel): string | undefined {
  if (!printed.inRun) return undefined;
  const selector = lineSelector(page, printed);
  return longerLabelOf(pages.map((p) => valueOf(p.$, selector)), printed.label);
}

/**
 * The rule of a label in an element of its own (`<b>来信人：</b>王先生邮编：727000<b>来信时间：</b>`):
 * a `label` rule, which reads up to the next element of the label's markup; for a short value, with
 * a `regex` ending it at the labels most pages print run together with it (line-labels.ts). The
 * letter's and the reply's text are read whole: a phrase recurring in them (领导您好：) is no label.
 */
function ownElementRule(pages: readonly Parsed[], printed: PrintedLabel): FieldSpec {
  const rule = { label: printed.label };
  if (textFields.has(printed.field)) return rule;
  const labels = lineLabels(pages.map((p) => valueOf(p.$, rule)));
  return labels.length ? { ...rule, regex: valueBeforeLabelsRegex(labels) } : rule;
}

/**
 * Whether a detail page prints a value run together with a label field-words.ts does not know
 * (`来信人：王先生邮编：727000`), on a line of labels or after a label in its own element: more
 * letters' pages are read then, to tell the label by its recurring.
 */
export function printsUnknownRunLabel(html: string): boolean {
  const $ = loadPage(html);
  const runOn = (l: PrintedLabel) => (l.inRun ? ownText(l.el) : textFields.has(l.field) ? '' : (valueOf($, { label: l.label }) ?? ''));
  return printedLabels($).some((l) => printsUnknownLabel(runOn(l)));
}

/**
 * Elements whose class or id names a field, each named by a selector that finds one element. Of
 * nested ones naming the same field (div.mail-reply around div.reply-content) the innermost wins;
 * a reply box saying 尚未答复 is not the reply's place, nor a box holding the labels of other
 * fields (a page's `div.content` around the whole letter, its 来信人： and 回复单位： included).
 */
function classRules($: CheerioAPI, labels: readonly PrintedLabel[] = printedLabels($)): Map<MessageField, string> {
  const byField = new Map<MessageField, Element[]>();
  for (const el of $('body *').toArray()) {
    if (!isElement(el) || inFurniture($, el)) continue;
    for (const name of [...(el.attribs.class ?? '').split(/\s+/), el.attribs.id ?? ''].filter(Boolean)) {
      const field = fieldOfClassName(name);
      if (!field || (field === 'replyText' && isReplyPlaceholder(textOf($, el)))) continue;
      byField.set(field, [...(byField.get(field) ?? []), el]);
      break;
    }
  }
  const found = new Map<MessageField, string>();
  for (const [field, els] of byField) {
    // A wrapper (div.article around the title, the text and the reply) holds other fields: not this one's place.
    const others = [...byField].filter(([f]) => f !== field).flatMap(([, list]) => list);
    const labelled = labels.filter((l) => l.field !== field).map((l) => l.el);
    const own = els.filter((el) => ![...others, ...labelled].some((other) => $(el).find(other).length > 0));
    const innermost = own.filter((el) => !own.some((other) => other !== el && $(el).find(other).length > 0));
    for (const el of innermost) {
      const selector = pageSelector($, el);
      if ($(selector).length === 1) {
        found.set(field, selector);
        break;
      }
    }
  }
  return found;
}

const inlineTags = new Set(['p', 'span', 'font', 'strong', 'b', 'em', 'i', 'u', 'pre']);
const notBlocks = new Set(['a', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'th', 'dt', 'label', 'img']);

/** The text an element holds as a block of its own: its own text and that of its paragraphs and inline children (not of nested boxes). */
function blockLength($: CheerioAPI, el: Element): number {
  return ownText(el).length + el.children.filter((c): c is Element => isElement(c) && inlineTags.has(c.name)).reduce((n, c) => n + textOf($, c).length, 0);
}

/** Whether a block's text is the letter's or the reply's kind of text: no label, no line of labels. */
function plainText(text: string, field: MessageField): boolean {
  return text !== '' && !fieldOfLabel(text) && !startsWithOtherLabel(text, field) && !(labelsInText(text)[0] && text.startsWith(labelsInText(text)[0]!.label));
}

/**
 * The letter's text on a page that names it nowhere: the longest block that differs from letter
 * to letter (what every page shows alike is the site's: a 信箱说明 box, a notice) and comes before
 * the reply (`replyFrom`: the first element of the reply, in document order).
 */
function letterBlock(pages: readonly Parsed[], replyFrom: number | undefined): string | undefined {
  const [first] = pages;
  if (!first) return undefined;
  const { $ } = first;
  let best: { selector: string; length: number } | undefined;
  for (const el of $('body *').toArray()) {
    if (!isElement(el) || inFurniture($, el) || notBlocks.has(el.name)) continue;
    if (replyFrom !== undefined && (first.order.get(el) ?? 0) >= replyFrom) break;
    const length = blockLength($, el);
    if (length < (pages.length > 1 ? 2 : 20) || (best && length <= best.length)) continue;
    if (!plainText(textOf($, el), 'content')) continue;
    const selector = selectorOf($, el);
    if (!selector) continue;
    const values = pages.map((p) => valueOf(p.$, selector)).filter((v): v is string => !!v);
    if (pages.length > 1 && (values.length < 2 || new Set(values).size < 2)) continue;
    best = { selector, length };
  }
  return best?.selector;
}

/**
 * The reply's text on a page that names it nowhere: the block beside the element printing the
 * reply's unit or time (回复单位：…), within a few levels up (in the page's body, only after it),
 * that is neither those labels nor the letter.
 */
function replyBlock(page: Parsed, near: Element, letter: string | undefined): string | undefined {
  const { $ } = page;
  let container: Element | null = near;
  for (let level = 0; level < 3 && container; level++) {
    container = container.parent && isElement(container.parent) && container.name !== 'body' ? container.parent : null;
    if (!container) break;
    const after = container.name === 'body' ? (page.order.get(near) ?? 0) : -1;
    let best: { el: Element; length: number } | undefined;
    for (const el of $(container).find('*').toArray()) {
      if (!isElement(el) || el === near || (page.order.get(el) ?? 0) <= after || notBlocks.has(el.name) || $(el).find(near).length > 0 || $(near).find(el).length > 0 || inFurniture($, el)) continue;
      const text = textOf($, el);
      const length = blockLength($, el);
      if (length === 0 || (best && length <= best.length) || !plainText(text, 'replyText') || isReplyPlaceholder(text)) continue;
      if (letter && (text.includes(letter) || letter.includes(text))) continue;
      best = { el, length };
    }
    if (best) return selectorOf($, best.el);
  }
  return undefined;
}

/**
 * Drafts the detail rules from one or more detail pages of the site (an answered letter shows the
 * reply's place, which an open one may not). A rule is kept when it finds its place on some page.
 * `listFields` are the fields the list already gives: the draft still maps them when the page
 * prints them (the detail's value wins and is whole: list titles are often cut short), but a
 * missing one is no note.
 */
export function suggestDetail(pages: readonly DetailPage[], listFields: readonly string[] = []): DetailDraft {
  const notes: string[] = [];
  const fields: FieldMap = {};
  const parsed: Parsed[] = pages.map((p) => {
    const $ = loadPage(p.html);
    return { ...p, $, order: new Map($('body *').toArray().filter(isElement).map((el, i) => [el, i])) };
  });
  const printed = parsed.map((page) => ({ page, labels: printedLabels(page.$) }));
  const tryRule = (field: MessageField, spec: FieldSpec | undefined) => {
    if (fields[field] === undefined && spec && finds(parsed, field, spec)) fields[field] = spec;
  };
  // Labels alone or leading their element, then lines of labels; the first that finds the value wins.
  for (const inRun of [false, true]) {
    for (const { page, labels } of printed) for (const label of labels) if (label.inRun === inRun) tryRule(label.field, labelRule(parsed, page, label));
  }
  for (const { page, labels } of printed) for (const [field, selector] of classRules(page.$, labels)) tryRule(field, selector);

  // Where the reply starts on each page: its first label or reply-named box.
  const replyFields = new Set<MessageField>(['replyText', 'replyUnit', 'replyAt']);
  const replyStart = (page: Parsed) => {
    const marks = printedLabels(page.$).filter((l) => replyFields.has(l.field)).map((l) => page.order.get(l.el) ?? Infinity);
    for (const [field, selector] of classRules(page.$)) if (replyFields.has(field)) marks.push(page.order.get(page.$(selector).toArray()[0] as Element) ?? Infinity);
    const first = Math.min(...marks);
    return Number.isFinite(first) ? first : undefined;
  };
  // Values in a fixed order with no labels (td.R cells beside image labels, a line of bare
  // <span>s beside the letter's text): read by their order.
  const cells = suggestCells(parsed, fields.content ? new Set(Object.keys(fields)) : undefined);
  if (cells) {
    cells.order = cells.order.map((f) => (f !== 'skip' && fields[f] !== undefined ? 'skip' : f));
    const what = cells.order.includes('content') ? '详情页的内容没有文字标签' : '详情页上有一行没有文字标签的值';
    notes.push(`${what}：按单元格 ${cells.selector} 的顺序读取（${cells.order.join('、')}），顺序是按读到的几封信猜测的，请打开几封信核对`);
  }
  const inCells = (field: MessageField) => !!cells?.order.includes(field);
  if (!fields.content && !inCells('content') && parsed[0]) {
    const block = letterBlock(parsed, replyStart(parsed[0]));
    if (block) {
      fields.content = block;
      notes.push(`详情页上没有可用的正文标签（如“来信内容”）：正文按各封信不同的最长一段文字猜测（${block}），请打开几封信核对`);
    } else notes.push('详情页上没有找到正文（content）：请手工写 detail.fields.content');
  }
  if (!fields.replyText && !inCells('replyText')) {
    // The reply's text beside its unit or time, on a page where they are filled in.
    for (const { page, labels } of printed) {
      const letter = fields.content ? valueOf(page.$, fields.content) : undefined;
      const near = labels.find((l) => (l.field === 'replyUnit' || l.field === 'replyAt') && fields[l.field] && valueOf(page.$, fields[l.field]!));
      const block = near ? replyBlock(page, near.el, letter) : undefined;
      if (block && finds(parsed, 'replyText', block)) {
        fields.replyText = block;
        notes.push(`详情页上没有可用的答复标签（如“答复内容”）：答复正文按答复单位、时间旁的文字猜测（${block}），请用几封已答复的信核对`);
        break;
      }
    }
  }
  // An open letter's reply box saying 暂无回复 holds no reply: extraction leaves such a text out of
  // every source's reply (core/reply-placeholder.ts), whether or not the letters read here showed
  // one, so the rule needs no regex for it. Said in the notes when one was seen.
  const reply = fields.replyText;
  if (reply && parsed.some((p) => isReplyPlaceholder(valueOf(p.$, reply) ?? ''))) notes.push('未答复的信在答复栏显示“暂无回复”一类的文字：采集时按未答复处理，不记为答复');
  if (!fields.title && !inCells('title') && !listFields.includes('title') && parsed[0]) {
    const { $ } = parsed[0];
    // A heading of the letter differs from letter to letter (a side box's 最新公告 does not).
    const heading = $('h1, h2, h3')
      .toArray()
      .filter(isElement)
      .find((el) => {
        if (inFurniture($, el) || textOf($, el).length < 4) return false;
        const selector = selectorOf($, el);
        return !!selector && (parsed.length < 2 || new Set(parsed.map((p) => valueOf(p.$, selector))).size > 1);
      });
    if (heading) fields.title = selectorOf($, heading)!;
  }
  // A label seen on the pages whose rule was refused: said, so the field is not missed unnoticed.
  const unread = new Map<MessageField, string>();
  for (const { page, labels } of printed) {
    for (const label of labels) {
      if (fields[label.field] !== undefined || unread.has(label.field)) continue;
      const rule = labelRule(parsed, page, label);
      const wrong = rule && parsed.map((p) => valueOf(p.$, rule)).find((v) => v && neighbourOf(v, label.field));
      if (wrong) unread.set(label.field, `详情页上有标签“${label.label}”，但按它读到的是旁边的内容（“${wrong.replace(/\s+/g, ' ').slice(0, 20)}”）：${label.field} 未映射，请手工写规则`);
    }
  }
  notes.push(...unread.values());
  // A time label of the site's own (受理时间, 转办时间) is not the letter's: said when the page prints no other.
  if (!fields.postedAt && !inCells('postedAt')) {
    const own = printed.flatMap(({ page, labels }) => labels.filter((l) => l.field === 'postedAt').map((l) => siteLabelEndingWith(parsed, page, l))).find((l) => l !== undefined);
    if (own) notes.push(`详情页上只有“${own}”，没有来信时间：${own}不是来信时间，postedAt 没有按它读取；如这个网站的${own}就是来信时间，请手工写规则`);
  }
  for (const field of ['postedAt', 'siteStatus'] as const) {
    if (!fields[field] && !inCells(field) && !listFields.includes(field)) notes.push(`列表页和详情页上都没有找到 ${field === 'postedAt' ? '留言时间（postedAt）' : '办理状态（siteStatus）'}`);
  }
  if (!fields.replyText && !inCells('replyText')) notes.push('详情页上没有找到答复（replyText）的位置：若网站在答复后才显示答复栏，请用一封已答复的信的地址再运行一次（--detail-url）');
  return { fields, ...(cells ? { cells } : {}), notes };
}
