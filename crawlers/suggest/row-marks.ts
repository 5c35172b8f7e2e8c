/**
 * A status drawn only by a class on the list's row itself (`<tr class="st2">`, `<li class="done">`)
 * where no cell of the row shows one: read as icon-column.ts reads a cell's mark, on the row.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { statusOfIconName, tokenColumn, type IconColumn, type LearnedStatus } from './icon-column.js';
import type { FieldSpec } from '../source/schema.js';
import { escapeRegex } from './field-words.js';
import { isRowStyle, noMarks, type MarkReader } from './mark-readers.js';

const rowClass: MarkReader = {
  under: ':self',
  attr: 'class',
  shown: '列表上没有状态列，状态只以每行（条目自身）的样式类（class）画出，只能按行的 class 区分',
  took: '取条目自身的 class 属性',
  itself: ' class ',
};

/** What a row with no status class reads as until its status is known: the rule's `default`, kept for the letters to teach (icon-statuses.ts) or for staff. */
export const unmarkedRow = '无标记';

/**
 * The rows' own classes as a status mark, or undefined when they tell nothing: one class alike on
 * every row, a class of its own on every row (`row-1201`), or only the words a table stripes or
 * highlights rows with (`odd`/`even`, `on`, `current`: mark-readers.ts's noMarks). Rows striped
 * besides (`<tr class="odd st2">`) are read by the one class of each row that is no stripe (a regex
 * taking it). Where rows carry no class, or more than one besides their stripes, marksBeside reads
 * them. Tokens are mapped as a cell's are (a class naming a status, `done`; else one `learned` from
 * the letters the draft opened; else the class itself, for staff).
 */
export function rowMarks($: CheerioAPI, rows: readonly Element[], learned: ReadonlyMap<string, LearnedStatus> = new Map()): IconColumn | undefined {
  const classes = rows.map((r) => ($(r).attr('class') ?? '').trim().split(/\s+/).filter(Boolean));
  if (rows.length < 2 || noMarks(rowClass, classes.map((c) => c.join(' ')))) return undefined;
  // Striped rows: the one class of each that is no stripe is the mark.
  const unstriped = classes.map((c) => c.filter((w) => !isRowStyle(w)));
  const striped = unstriped.some((u, i) => u.length < classes[i]!.length);
  if (classes.some((c) => c.length === 0) || (striped && unstriped.some((u) => u.length !== 1))) return marksBeside(classes, learned);
  const tokens = striped ? unstriped.map((u) => u[0]!) : classes.map((c) => c.join(' '));
  const distinct = [...new Set(tokens)];
  // One class alike tells nothing; one of its own on each of four rows or more is the row's number (`row-1201`).
  if (distinct.length < 2 || (tokens.length >= 4 && distinct.length === tokens.length)) return undefined;
  const statuses = new Map(distinct.map((t) => [t, statusOfIconName(t) ?? learned.get(t)?.status]));
  const regex = striped ? { regex: tokenRegex(distinct) } : {};
  return tokenColumn(rowClass, { selector: ':self', attr: 'class', ...regex }, tokens, statuses, learned);
}

/** A regex taking whichever of `tokens` a class attribute holds as one of its words. */
const tokenRegex = (tokens: readonly string[]) => `(?:^|\\s)(${tokens.map(escapeRegex).join('|')})(?:\\s|$)`;

/**
 * Class words marking a letter as new, hot or pinned (`new`, `hot`, `top`, `today`, `zd` 置顶), not
 * its status: they come and go with the day, whatever the letter's status.
 */
const noticeWords = new Set(['new', 'news', 'hot', 'top', 'today', 'latest', 'recent', 'fresh', 'pin', 'pinned', 'sticky', 'zd', 'zhiding', 'xin', 'is', 'icon', 'tag', 'flag']);
const isNotice = (w: string) => {
  const words = w.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  return words.length > 0 && words.every((x) => noticeWords.has(x)) && !words.every((x) => ['is', 'icon', 'tag', 'flag'].includes(x));
};

/**
 * Each row's status mark (none or one) among the classes it carries besides its stripes and those
 * every row shares. A row carrying two (`st2 new`) keeps the one that is a status: its name says
 * one (`done`) or the letters taught it (`learned`), else the one that marks no notice (`new`,
 * `hot`, `top`: dropped from every row). Undefined when a row still has two.
 */
function statusMarks(marks: readonly string[][], learned: ReadonlyMap<string, LearnedStatus>): string[][] | undefined {
  if (marks.every((m) => m.length <= 1)) return [...marks];
  const told = (w: string) => statusOfIconName(w) !== undefined || learned.has(w);
  if (marks.flat().some(told)) {
    const kept = marks.map((m) => m.filter(told));
    if (kept.every((m) => m.length <= 1)) return kept;
  }
  const kept = marks.map((m) => m.filter((w) => !isNotice(w)));
  return kept.every((m) => m.length <= 1) ? kept : undefined;
}

/**
 * A mark where some rows carry no class (`<li>` open, `<li class="done">` answered) or each row
 * carries the list's class beside its stripe and mark (`<tr class="odd item st2">`): the mark is
 * the one class a row has besides its stripes and the classes every row shares, taken by a regex;
 * a row with none reads as the rule's `default` (its status when the name says it or the letters
 * taught it, else unmarkedRow for staff); a row carrying two (`odd item st2 new`) is read by the one
 * statusMarks keeps. Undefined when a row keeps two such classes, when no row
 * has one, or when rows with none are there but fewer than two of them or of the marked ones (one
 * row highlighted, the current or a pinned one, is no status).
 */
function marksBeside(classes: readonly string[][], learned: ReadonlyMap<string, LearnedStatus>): IconColumn | undefined {
  const shared = new Set(classes[0]!.filter((w) => classes.every((c) => c.includes(w))));
  const marks = statusMarks(classes.map((c) => c.filter((w) => !isRowStyle(w) && !shared.has(w))), learned);
  if (!marks) return undefined;
  const tokens = marks.flatMap((m) => m);
  const unmarked = classes.length - tokens.length;
  const distinct = [...new Set(tokens)];
  if (distinct.length === 0 || distinct.length + (unmarked > 0 ? 1 : 0) < 2) return undefined;
  if (unmarked > 0 && (unmarked < 2 || tokens.length < 2)) return undefined;
  if (tokens.length >= 4 && distinct.length === tokens.length) return undefined;
  const statuses = new Map(distinct.map((t) => [t, statusOfIconName(t) ?? learned.get(t)?.status]));
  const column = tokenColumn(rowClass, { selector: ':self', attr: 'class', regex: tokenRegex(distinct) }, tokens, statuses, learned);
  if (unmarked === 0) return column;
  const status = learned.get(unmarkedRow);
  return {
    ...column,
    rule: (selector, field) => ({ ...(column.rule(selector, field) as Exclude<FieldSpec, string>), default: (field === 'siteStatus' && status?.status) || unmarkedRow }),
    note: (where, field) =>
      `${column.note(where, field)}；${unmarked} 行没有状态 class，取规则的 default：${
        status && field === 'siteStatus'
          ? `${status.status}（是按草稿打开的详情页推断的：这些行的 ${status.letters} 封信${status.by === 'page' ? `的详情页都写着“${status.status}”` : status.by === 'replied' ? '都有答复' : '都没有答复'}），请对照网站核对`
          : `暂为“${unmarkedRow}”，请按网站上这些行的含义填写（如 未回复、处理中）`
      }`,
  };
}
