/**
 * A status drawn only by a class on the list's row (`<tr class="st2">`, `<li class="done">`), no
 * status cell: the draft reads the row's own class, a named one (done) mapped to its status, one
 * telling nothing kept for the letters to teach or for staff; rows striped odd/even or one row
 * highlighted `on` are no status.
 */
import { describe, expect, it } from 'vitest';
import { parseListPage } from '../extract/pages.js';
import type { ListSpec } from '../source/schema.js';
import { opaqueTokens } from './icon-statuses.js';
import { unmarkedRow } from './row-marks.js';
import { suggestList } from './suggest-list.js';

const pageUrl = 'http://127.0.0.1/hdjl/list.asp';

/** A list table whose row i carries `classes[i]` (undefined: none), no status cell. */
const tablePage = (classes: readonly (string | undefined)[]) =>
  `<html><body><table class="xxlb"><tr><th>编号</th><th>信件标题</th><th>来信时间</th></tr>${classes
    .map((c, i) => `<tr${c === undefined ? '' : ` class="${c}"`}><td>${301 + i}</td><td><a href="show.asp?id=${301 + i}">第${i + 1}封来信的标题文字</a></td><td>2023-05-${String(10 + i).padStart(2, '0')}</td></tr>`)
    .join('')}</table></body></html>`;

/** A list of `<li>` rows whose row i carries `classes[i]`. */
const itemsPage = (classes: readonly string[]) =>
  `<html><body><ul class="xjlist">${classes.map((c, i) => `<li class="${c}"><a href="show.asp?id=${401 + i}">关于第${i + 1}个小区道路维修的问题</a><span>2023-06-${String(10 + i).padStart(2, '0')}</span></li>`).join('')}</ul></body></html>`;

/** The drafted status rule, its notes, and the statuses it reads row by row. */
function drafted(html: string) {
  const draft = suggestList(html, pageUrl);
  const { items } = parseListPage({ format: 'html', items: draft.items, fields: draft.fields } as ListSpec, html, pageUrl);
  return { items: draft.items, rule: draft.fields.siteStatus, notes: draft.notes.join('\n'), statuses: items.map((i) => i.fields.siteStatus) };
}

describe('a status drawn only by a class on the row', () => {
  it('reads <tr class="st2"> on the row itself, keeping marks that tell nothing for staff, every row an item', () => {
    const got = drafted(tablePage(['st2', 'st1', 'st2', 'st1', 'st1']));
    expect(got.statuses).toHaveLength(5);
    expect(got.rule).toEqual({ selector: ':self', attr: 'class', map: { st2: 'st2', st1: 'st1' } });
    expect(got.statuses).toEqual(['st2', 'st1', 'st2', 'st1', 'st1']);
    expect(got.notes).toMatch(/状态只以每行（条目自身）的样式类（class）画出.*st2、st1 看不出含义/);
  });

  it('maps <li class="done"> and <li class="doing"> to the statuses their names say', () => {
    const got = drafted(itemsPage(['done', 'doing', 'done', 'doing']));
    expect(got.statuses).toEqual(['已办结', '处理中', '已办结', '处理中']);
    expect(got.notes).toMatch(/done → 已办结、doing → 处理中 是按常见的拼音首字母或英文命名推断的/);
  });

  it('reads the mark of rows striped besides (<tr class="odd st2">) by the class that is no stripe', () => {
    const got = drafted(tablePage(['odd st2', 'even st1', 'odd st1', 'even st2', 'odd st1']));
    expect(got.rule).toEqual({ selector: ':self', attr: 'class', regex: '(?:^|\\s)(st2|st1)(?:\\s|$)', map: { st2: 'st2', st1: 'st1' } });
    expect(got.statuses).toEqual(['st2', 'st1', 'st1', 'st2', 'st1']);
  });

  it('reads <li class="done"> among rows with no class, the rows with none as the rule\'s default, kept for the letters to teach', () => {
    const html = `<html><body><ul class="xjlist">${['', 'done', '', 'done', ''].map((c, i) => `<li${c ? ` class="${c}"` : ''}><a href="show.asp?id=${401 + i}">关于第${i + 1}个小区道路维修的问题</a><span>2023-06-1${i}</span></li>`).join('')}</ul></body></html>`;
    const got = drafted(html);
    expect(got.items).toBe('ul.xjlist > li');
    expect(got.rule).toEqual({ selector: ':self', attr: 'class', regex: '(?:^|\\s)(done)(?:\\s|$)', map: { done: '已办结' }, default: unmarkedRow });
    expect(got.statuses).toEqual([unmarkedRow, '已办结', unmarkedRow, '已办结', unmarkedRow]);
    expect(got.notes).toMatch(/done → 已办结 是按常见的拼音首字母或英文命名推断的.*3 行没有状态 class，取规则的 default：暂为“无标记”，请按网站上这些行的含义填写/);
    expect(opaqueTokens(got.rule)).toEqual([unmarkedRow]);
  });

  it('reads the mark of rows carrying the list\'s class and a stripe besides it (<tr class="odd item st2">), some rows with no mark', () => {
    const got = drafted(tablePage(['odd item st2', 'even item', 'odd item', 'even item st2', 'odd item']));
    expect(got.rule).toEqual({ selector: ':self', attr: 'class', regex: '(?:^|\\s)(st2)(?:\\s|$)', map: { st2: 'st2' }, default: unmarkedRow });
    expect(got.statuses).toEqual(['st2', unmarkedRow, unmarkedRow, 'st2', unmarkedRow]);
    expect(opaqueTokens(got.rule)).toEqual(['st2', unmarkedRow]);
    const marked = drafted(tablePage(['odd item st2', 'even item st1', 'odd item st1', 'even item st2']));
    expect(marked.rule).toEqual({ selector: ':self', attr: 'class', regex: '(?:^|\\s)(st2|st1)(?:\\s|$)', map: { st2: 'st2', st1: 'st1' } });
    expect(marked.statuses).toEqual(['st2', 'st1', 'st1', 'st2']);
  });

  it('reads the status mark of rows carrying a mark of new letters besides (<tr class="odd item st2 new">), and of rows whose other mark names a status', () => {
    const got = drafted(tablePage(['odd item st2 new', 'even item new', 'odd item st2', 'even item', 'odd item st2']));
    expect(got.rule).toEqual({ selector: ':self', attr: 'class', regex: '(?:^|\\s)(st2)(?:\\s|$)', map: { st2: 'st2' }, default: unmarkedRow });
    expect(got.statuses).toEqual(['st2', unmarkedRow, 'st2', unmarkedRow, 'st2']);
    const named = drafted(tablePage(['odd item done hl', 'even item hl', 'odd item done', 'even item', 'odd item']));
    expect(named.rule).toMatchObject({ regex: '(?:^|\\s)(done)(?:\\s|$)', map: { done: '已办结' } });
    // Two marks neither of which names a status nor a notice: nothing drafted.
    expect(drafted(tablePage(['odd item st2 ab', 'even item ab', 'odd item st2', 'even item', 'odd item'])).rule).toBeUndefined();
  });

  it('reads the statuses the opened letters taught for a mark and for rows with none', () => {
    const html = tablePage(['st2', undefined, undefined, 'st2', undefined]);
    const learned = new Map([['st2', { status: '已回复', letters: 2, by: 'replied' as const }], [unmarkedRow, { status: '未回复', letters: 2, by: 'open' as const }]]);
    const draft = suggestList(html, pageUrl, undefined, learned);
    expect(draft.fields.siteStatus).toEqual({ selector: ':self', attr: 'class', regex: '(?:^|\\s)(st2)(?:\\s|$)', map: { st2: '已回复' }, default: '未回复' });
    expect(draft.notes.join('\n')).toMatch(/3 行没有状态 class，取规则的 default：未回复（是按草稿打开的详情页推断的：这些行的 2 封信都没有答复）/);
  });

  it.each([
    ['rows striped odd / even', tablePage(['odd', 'even', 'odd', 'even', 'odd'])],
    ['rows striped alt and the rest plain', tablePage([undefined, 'alt', undefined, 'alt', undefined])],
    ['the current row highlighted on, the others plain', itemsPage(['on', '', '', ''].map((c) => c))],
    ['rows all of one class', itemsPage(['item', 'item', 'item', 'item'])],
    ['one row pinned among rows with no class', tablePage(['top', undefined, undefined, undefined, undefined])],
    ['a class of its own on every row', itemsPage(['row-1201', 'row-1202', 'row-1203', 'row-1204'])],
  ])('takes no status where the row\'s class tells none: %s', (_name, html) => {
    const got = drafted(html);
    expect(got.rule).toBeUndefined();
    expect(got.statuses.length).toBeGreaterThanOrEqual(4);
    expect(got.notes).toMatch(/列表上没有找到办理状态/);
  });
});
