/**
 * Drafts `detail.fields` from one detail page. Labels first: a page that prints 来信内容, 办理状态
 * … beside the values gets `label` rules, which survive reordered rows and restyled pages. Then
 * class names (`span.author`, `div.mail-content`) for fields no label names. Then, when nothing
 * names the text, the page's longest block of text is taken for `content`, with a note. Every
 * rule is checked on the page with the crawler's own extraction before it is kept. Pure.
 */
import { load, type CheerioAPI, type Element } from 'cheerio';
import { htmlField } from '../extract/fields.js';
import type { FieldMap, FieldSpec, MessageField } from '../source/schema.js';
import { isElement, ownText, pageSelector, textOf } from './css-path.js';
import { fieldOfClassName, fieldOfLabel, labelKey, noReplyYet } from './field-words.js';

export interface DetailDraft {
  fields: FieldMap;
  notes: string[];
}

/** Page furniture whose text is the site's, not the message's. */
const furniture = 'head, script, style, nav, header, footer, .nav, .top, .foot, .footer, .header, .menu, .breadcrumb';

const inFurniture = ($: CheerioAPI, el: Element) => $(el).closest(furniture).length > 0;

/**
 * The value a rule gives on the page, with the crawler's own field extraction: undefined when the
 * rule finds no place, '' when its place is blank (答复内容 before the reply: still the place).
 */
function valueOf($: CheerioAPI, spec: FieldSpec): string | undefined {
  return htmlField($, $.root(), spec);
}

/** Labels printed on the page: an element whose own text is a label (来信内容; 主题： spaced out with full-width blanks) or starts one (来信人：张三). */
function labelRules($: CheerioAPI): Map<MessageField, string> {
  const found = new Map<MessageField, string>();
  for (const el of $('body *').toArray()) {
    if (!isElement(el) || inFurniture($, el)) continue;
    const own = ownText(el);
    if (!own || own.length > 40) continue;
    const whole = fieldOfLabel(own);
    // 来信人：张三 is read from its element; a run of labels in one element (编号：… 来信人：… 状态：…)
    // is not: a label rule would take the rest of the run.
    // (The colon of a time, 09:12, is no label's.)
    const inline = (own.match(/(?<!\d)[：:]|[：:](?!\d)/g) ?? []).length === 1 ? /^([^：:]{1,8})[：:]/.exec(own) : null;
    const field = whole ?? (inline ? fieldOfLabel(inline[1]!) : undefined);
    const label = whole ? labelKey(own) : inline ? labelKey(inline[1]!) : undefined;
    if (field && label && !found.has(field)) found.set(field, label);
  }
  return found;
}

/**
 * Elements whose class or id names a field, each named by a selector that finds one element. Of
 * nested ones naming the same field (div.mail-reply around div.reply-content) the innermost wins;
 * a reply box saying 尚未答复 is not the reply's place.
 */
function classRules($: CheerioAPI): Map<MessageField, string> {
  const byField = new Map<MessageField, Element[]>();
  for (const el of $('body *').toArray()) {
    if (!isElement(el) || inFurniture($, el)) continue;
    for (const name of [...(el.attribs.class ?? '').split(/\s+/), el.attribs.id ?? ''].filter(Boolean)) {
      const field = fieldOfClassName(name);
      if (!field || (field === 'replyText' && noReplyYet(textOf($, el)))) continue;
      byField.set(field, [...(byField.get(field) ?? []), el]);
      break;
    }
  }
  const found = new Map<MessageField, string>();
  for (const [field, els] of byField) {
    // A wrapper (div.article around the title, the text and the reply) holds other fields: not this one's place.
    const others = [...byField].filter(([f]) => f !== field).flatMap(([, list]) => list);
    const own = els.filter((el) => !others.some((other) => $(el).find(other).length > 0));
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

/** The element holding the page's longest run of text (the letter, on a page that names nothing). */
function longestText($: CheerioAPI): Element | undefined {
  let best: Element | undefined;
  let bestLength = 0;
  for (const el of $('body *').toArray()) {
    if (!isElement(el) || inFurniture($, el) || ['a', 'li', 'option'].includes(el.name)) continue;
    const length = ownText(el).length;
    if (length > bestLength) [best, bestLength] = [el, length];
  }
  return bestLength >= 20 ? best : undefined;
}

/** One detail page as fetched. */
export interface DetailPage {
  html: string;
  url: string;
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
  const parsed = pages.map((p) => ({ ...p, $: load(p.html) }));
  for (const { $ } of parsed) {
    for (const [field, label] of labelRules($)) {
      // A label whose place is on the page counts even when blank (答复内容 before the reply).
      if (fields[field] === undefined && valueOf($, { label }) !== undefined) fields[field] = { label };
    }
  }
  for (const { $ } of parsed) {
    for (const [field, selector] of classRules($)) {
      if (fields[field] === undefined && valueOf($, selector) !== undefined) fields[field] = selector;
    }
  }
  const [first] = parsed;
  if (!fields.content && first) {
    const block = longestText(first.$);
    if (block) {
      fields.content = pageSelector(first.$, block);
      notes.push(`详情页上没有“来信内容”一类的标签：正文按页面上最长的一段文字猜测（${fields.content}），请打开几封信核对`);
    } else notes.push('详情页上没有找到正文（content）：请手工写 detail.fields.content');
  }
  if (!fields.title && !listFields.includes('title') && first) {
    const heading = first.$('h1, h2, h3').toArray().find((el) => isElement(el) && !inFurniture(first.$, el) && textOf(first.$, el).length >= 4);
    if (heading && isElement(heading)) fields.title = pageSelector(first.$, heading);
  }
  for (const field of ['postedAt', 'siteStatus'] as const) {
    if (!fields[field] && !listFields.includes(field)) notes.push(`列表页和详情页上都没有找到 ${field === 'postedAt' ? '留言时间（postedAt）' : '办理状态（siteStatus）'}`);
  }
  if (!fields.replyText) notes.push('详情页上没有找到答复（replyText）的位置：若网站在答复后才显示答复栏，请用一封已答复的信的地址再运行一次（--detail-url）');
  return { fields, notes };
}
