/**
 * List columns drawn as icons: a status (or type) shown only by an image, a background image or
 * a CSS class, no text.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { htmlField } from '../extract/fields.js';
import type { FieldSpec, MessageField } from '../source/schema.js';
import { textOf } from './css-path.js';
import { valueLooks } from './field-words.js';
import { markReaders, noMarks, type MarkReader } from './mark-readers.js';

/** A column of icons and how the draft reads it. */
export interface IconColumn {
  /** What the cells read as: the images' alt (or title) texts, else the statuses their file names stand for (a file name where none is known). */
  values: string[];
  /** The field the column is taken for when neither its header nor its values say: a column of file names differing row by row is a status. */
  guess?: MessageField | undefined;
  /** The rule reading the column under the cell's `selector`, as `field`. */
  rule(selector: string, field: MessageField): FieldSpec;
  /** The draft's note on it (`column`: 第 N 列（header）). */
  note(column: string, field: MessageField): string;
}

export { backgroundFileName, iconFileName } from './mark-readers.js';

/**
 * The words of icon file names that name a status, as mailbox templates name them: pinyin initials
 * (yhf 已回复, dbl 待办理), whole pinyin (yihuifu) and English (reply, done, pending). The statuses are
 * the words sites print (the default closedStatuses hold the closed ones).
 */
const statusWords: Record<string, string> = {
  ...Object.fromEntries(['yhf', 'yihuifu', 'reply', 'replied'].map((w) => [w, '已回复'])),
  ...Object.fromEntries(['ydf', 'yidafu', 'answered'].map((w) => [w, '已答复'])),
  ...Object.fromEntries(['ybj', 'yibanjie', 'done', 'finish', 'finished', 'closed'].map((w) => [w, '已办结'])),
  ...Object.fromEntries(['ywc', 'yiwancheng', 'complete', 'completed'].map((w) => [w, '已完成'])),
  ...Object.fromEntries(['ycl', 'yichuli', 'handled', 'processed'].map((w) => [w, '已处理'])),
  ...Object.fromEntries(['ybl', 'yibanli'].map((w) => [w, '已办理'])),
  ...Object.fromEntries(['ysl', 'yishouli', 'accepted'].map((w) => [w, '已受理'])),
  ...Object.fromEntries(['whf', 'weihuifu', 'unreplied', 'noreply', 'unanswered'].map((w) => [w, '未回复'])),
  ...Object.fromEntries(['dhf', 'daihuifu'].map((w) => [w, '待回复'])),
  ...Object.fromEntries(['dbl', 'daibanli', 'pending', 'wait', 'waiting', 'todo'].map((w) => [w, '待办理'])),
  ...Object.fromEntries(['wbl', 'weibanli'].map((w) => [w, '未办理'])),
  ...Object.fromEntries(['clz', 'chulizhong', 'processing', 'doing', 'handling', 'inprogress'].map((w) => [w, '处理中'])),
  ...Object.fromEntries(['blz', 'banlizhong'].map((w) => [w, '办理中'])),
  ...Object.fromEntries(['dcl', 'daichuli'].map((w) => [w, '待处理'])),
  ...Object.fromEntries(['wcl', 'weichuli'].map((w) => [w, '未处理'])),
  ...Object.fromEntries(['dsl', 'daishouli'].map((w) => [w, '待受理'])),
};

/** Words that turn a status word round (`not_reply`): such a name is not guessed. */
const negations = new Set(['no', 'not', 'non', 'un']);

/**
 * The status an icon's file name stands for, or undefined when it cannot tell: one status word
 * among the name's words (`status_yhf.gif`, `icon-done.png`, `ReplyIcon.gif`), or a name that is a
 * status itself (`已回复.gif`). Two different statuses, or a negation, and it cannot.
 */
export function statusOfIconName(fileName: string): string | undefined {
  let base = fileName.replace(/\.[a-z0-9]{2,5}$/i, '');
  try {
    base = decodeURIComponent(base);
  } catch {
    // a stray % in the name: read as it is
  }
  if (valueLooks.status(base)) return base.trim();
  const words = base
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  if (words.some((w) => negations.has(w))) return undefined;
  const found = new Set(words.flatMap((w) => (statusWords[w] ? [statusWords[w]] : [])));
  return found.size === 1 ? [...found][0] : undefined;
}

/** A status a token was found to stand for by the letters the draft opened (icon-statuses.ts), and why. */
export interface LearnedStatus {
  status: string;
  /** How many opened letters showed the token, all alike. */
  letters: number;
  /** What they showed alike: the status their pages print (`page`, the site's own word), or all a reply or all none; or no letter: the word the site's stylesheet writes for the token (`stylesheet`, stylesheet-statuses.ts). */
  by: 'page' | 'replied' | 'open' | 'stylesheet';
  /** For `stylesheet`: the rule writing it, as the note says it (`样式表 /css/list.css 中 .zt2::after 的 content`). */
  drawnBy?: string | undefined;
}

/**
 * The column whose cells show no text, only an icon on every item: read by the images' `alt`
 * (or `title`) naming the value (`<td><img src="yhf.gif" alt="已回复"></td>`, as old templates draw
 * 已回复/未回复); else by a token each cell carries (mark-readers.ts: `status_yhf.gif`, a background's
 * `s_01.png`, a class `st st2` or `ico-yhf` on any element inside the cell, a `data-status` or an
 * id, the cell's own class `<td class="st2">`), the first place whose tokens differ row by row or
 * each name a status, mapped to the statuses the tokens stand for (statusOfIconName), or that `learned` found
 * from the letters. A token that tells nothing stays a key of the map with itself as value and the
 * note asks staff to fill in its status. Icons all alike whose token tells nothing (a decoration)
 * are no column.
 */
export function iconColumn($: CheerioAPI, cells: readonly (Element | undefined)[], learned: ReadonlyMap<string, LearnedStatus> = new Map()): IconColumn | undefined {
  if (cells.length === 0 || cells.some((c) => !c || textOf($, c) !== '')) return undefined;
  for (const attr of ['alt', 'title'] as const) {
    const values = cells.map((c) => ($(c!).find('img').first().attr(attr) ?? '').trim());
    if (values.every((v) => v !== ''))
      return { values, rule: (selector) => ({ selector: `${selector} img`, attr }), note: (column, field) => `${column}只有图标，没有文字：${field} 取图标的 ${attr} 文字（如“${values[0]}”）` };
  }
  for (const reader of markReaders($, cells[0]!)) {
    const spec = { selector: reader.under, attr: reader.attr, ...(reader.regex ? { regex: reader.regex } : {}) };
    const tokens = cells.map((c) => htmlField($, $(c!), spec) ?? '');
    if (tokens.some((t) => t === '') || noMarks(reader, tokens)) continue;
    const distinct = [...new Set(tokens)];
    const statuses = new Map(distinct.map((t) => [t, statusOfIconName(t) ?? learned.get(t)?.status]));
    // One mark alike on every row that tells nothing (a decoration, a column's own class): the next place is tried.
    if (distinct.length < 2 && !statuses.get(distinct[0]!)) continue;
    return tokenColumn(reader, spec, tokens, statuses, learned);
  }
  return undefined;
}

/** The column read by each cell's (or row's: row-marks.ts) token, mapped to the statuses known for them. */
export function tokenColumn(reader: MarkReader, spec: Exclude<FieldSpec, string>, tokens: string[], statuses: ReadonlyMap<string, string | undefined>, learned: ReadonlyMap<string, LearnedStatus>): IconColumn {
  const distinct = [...statuses.keys()];
  const unknown = distinct.filter((t) => !statuses.get(t));
  return {
    values: tokens.map((t) => statuses.get(t) ?? t),
    guess: 'siteStatus',
    rule: (selector, field) => ({
      ...spec,
      selector: reader.under === ':self' ? selector : `${selector} ${reader.under}`,
      map: Object.fromEntries(distinct.map((t) => [t, (field === 'siteStatus' && statuses.get(t)) || t])),
    }),
    note(column, field) {
      const known = field === 'siteStatus' ? distinct.filter((t) => statuses.get(t)) : [];
      const guessed = known.filter((t) => !learned.has(t));
      const found = known.filter((t) => learned.has(t) && learned.get(t)!.by !== 'stylesheet');
      const drawn = known.filter((t) => learned.get(t)?.by === 'stylesheet');
      const left = field === 'siteStatus' ? unknown : distinct;
      const said = [`${column}${reader.shown}：${field} ${reader.took}再按 map 换成文字`];
      if (guessed.length) said.push(`${guessed.map((t) => `${t} → ${statuses.get(t)}`).join('、')} 是按常见的拼音首字母或英文命名推断的，请对照网站上图标的含义核对`);
      if (drawn.length) said.push(`${drawn.map((t) => `${t} → ${statuses.get(t)}`).join('、')} 是网站样式表为它画出的文字（${drawn.map((t) => learned.get(t)!.drawnBy).join('；')}），请对照网站核对`);
      if (found.length) said.push(`${found.map((t) => `${t} → ${statuses.get(t)}`).join('、')} 是按草稿打开的详情页推断的（${found.map((t) => `${t} 的 ${learned.get(t)!.letters} 封信${learnedBy(learned.get(t)!)}`).join('，')}），请对照网站上图标的含义核对`);
      if (left.length) said.push(`${left.join('、')} 看不出含义，map 中暂以${reader.itself}本身为值：请按网站上图标的含义填写（如 已回复、待办理）${field === 'siteStatus' ? '，办结的状态须列在 closedStatuses 中' : ''}`);
      return said.join('；');
    },
  };
}

/** What a learned token's letters showed alike, as the note says it. */
function learnedBy(learned: LearnedStatus): string {
  return learned.by === 'page' ? `的详情页都写着“${learned.status}”` : learned.by === 'replied' ? '都有答复' : '都没有答复';
}
