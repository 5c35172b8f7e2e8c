/**
 * A list's status column drawn only as icons with no alt or title: the draft reads the images'
 * file names and maps them to the statuses that pinyin-initial or English names stand for, and
 * when a name tells nothing, keeps it as a key of the map and asks staff to fill in its status.
 */
import { describe, expect, it } from 'vitest';
import { parseListPage } from '../extract/pages.js';
import type { ListSpec } from '../source/schema.js';
import { backgroundFileName, iconFileName, statusOfIconName } from './icon-column.js';
import { suggestList } from './suggest-list.js';

/** A list table whose 状态 column shows `marks[i]` (HTML, no text) on row i. */
function markedPage(marks: readonly string[], header = '状态'): string {
  const rows = marks.map((mark, i) => `<tr><td><a href="show.asp?id=${101 + i}">第${i + 1}封来信的标题文字</a></td><td>2023-05-${String(10 + i).padStart(2, '0')}</td><td>${mark}</td></tr>`);
  return `<html><body><table class="xxlb"><tr><th>信件标题</th><th>来信时间</th><th>${header}</th></tr>${rows.join('')}</table></body></html>`;
}

/** A list table whose 状态 column shows the image `icons[i]` on row i, no text. */
const listPage = (icons: readonly string[], header = '状态') => markedPage(icons.map((src) => `<img src="${src}" border="0">`), header);

/** The statuses the drafted list rule reads on `html`, row by row. */
function draftedStatuses(html: string) {
  const draft = suggestList(html, 'http://127.0.0.1/szxx/list.asp');
  const { items } = parseListPage({ format: 'html', items: draft.items, fields: draft.fields } as ListSpec, html, 'http://127.0.0.1/szxx/list.asp');
  return { rule: draft.fields.siteStatus, notes: draft.notes.join('\n'), statuses: items.map((i) => i.fields.siteStatus) };
}

describe('icon file names', () => {
  it.each([
    ['status_yhf.gif', '已回复'],
    ['ybj.png', '已办结'],
    ['ywc.png', '已完成'],
    ['dbl.png', '待办理'],
    ['wbl.gif', '未办理'],
    ['icon-clz.gif', '处理中'],
    ['reply.gif', '已回复'],
    ['ico_done.png', '已办结'],
    ['StatePending.gif', '待办理'],
    ['%E5%B7%B2%E5%8A%9E%E7%BB%93.gif', '已办结'],
    ['not_reply.gif', undefined],
    ['icon1.gif', undefined],
    ['reply_pending.gif', undefined],
    // Class names, as CSS-drawn icons carry them.
    ['ico-yhf', '已回复'],
    ['replied', '已回复'],
    ['status-done', '已办结'],
    ['status done', '已办结'],
    ['weihuifu', '未回复'],
    ['ico ico-not-reply', undefined],
    ['st st2', undefined],
  ])('%s stands for %s', (name, status) => {
    expect(statusOfIconName(name)).toBe(status);
  });

  it('are read from an image address with a folder and a query', () => {
    expect(new RegExp(iconFileName).exec('/images/status_yhf.gif?v=2')?.[1]).toBe('status_yhf.gif');
  });

  it("are read from a style's background image, quoted or not", () => {
    expect(new RegExp(backgroundFileName).exec('background: url(/images/s_01.png) no-repeat')?.[1]).toBe('s_01.png');
    expect(new RegExp(backgroundFileName).exec("background-image:url('../img/ico_yhf.gif?v=3')")?.[1]).toBe('ico_yhf.gif');
    expect(new RegExp(backgroundFileName).exec('background:url(yhf.gif)')?.[1]).toBe('yhf.gif');
  });
});

describe('a status column of icons with only a file name', () => {
  it('is drafted as siteStatus: the file name mapped to the status it stands for, and read so by the crawl', () => {
    const icons = ['/images/status_yhf.gif', '/images/status_dbl.gif', '/images/status_ywc.gif', '/images/status_yhf.gif'];
    const html = listPage(icons);
    const draft = suggestList(html, 'http://127.0.0.1/szxx/list.asp');
    expect(draft.fields.siteStatus).toEqual({
      selector: 'td:nth-of-type(3) img',
      attr: 'src',
      regex: iconFileName,
      map: { 'status_yhf.gif': '已回复', 'status_dbl.gif': '待办理', 'status_ywc.gif': '已完成' },
    });
    expect(draft.notes.join('\n')).toMatch(/第 3 列（状态）只有图标.*按图片文件名区分.*status_yhf\.gif → 已回复/);
    const { items } = parseListPage({ format: 'html', items: draft.items, fields: draft.fields } as ListSpec, html, 'http://127.0.0.1/szxx/list.asp');
    expect(items.map((i) => i.fields.siteStatus)).toEqual(['已回复', '待办理', '已完成', '已回复']);
  });

  it('keeps names it cannot tell as keys with themselves as values, and asks staff to fill in their statuses', () => {
    const html = listPage(['/img/icon1.gif', '/img/icon2.gif', '/img/icon1.gif', '/img/reply.gif'], '');
    const draft = suggestList(html, 'http://127.0.0.1/szxx/list.asp');
    expect(draft.fields.siteStatus).toEqual({ selector: 'td:nth-of-type(3) img', attr: 'src', regex: iconFileName, map: { 'icon1.gif': 'icon1.gif', 'icon2.gif': 'icon2.gif', 'reply.gif': '已回复' } });
    expect(draft.notes.join('\n')).toMatch(/icon1\.gif、icon2\.gif 看不出含义，map 中暂以文件名本身为值：请按网站上图标的含义填写（如 已回复、待办理），办结的状态须列在 closedStatuses 中/);
  });

  it('is no column when every row shows one icon that tells nothing (a decoration)', () => {
    const draft = suggestList(listPage(['/img/dot.gif', '/img/dot.gif', '/img/dot.gif'], ''), 'http://127.0.0.1/szxx/list.asp');
    expect(draft.fields.siteStatus).toBeUndefined();
  });
});

describe('a status column drawn by CSS, no <img>', () => {
  it('is read by the class of an icon font or an empty element, mapped to the status its words stand for', () => {
    const icons = draftedStatuses(markedPage(['<i class="ico-yhf"></i>', '<i class="ico-whf"></i>', '<i class="ico-yhf"></i>']));
    expect(icons.rule).toEqual({ selector: 'td:nth-of-type(3) [class]', attr: 'class', map: { 'ico-yhf': '已回复', 'ico-whf': '未回复' } });
    expect(icons.statuses).toEqual(['已回复', '未回复', '已回复']);
    expect(icons.notes).toMatch(/第 3 列（状态）没有文字，只有以样式类（class）画出的图标.*ico-yhf → 已回复、ico-whf → 未回复 是按常见的拼音首字母或英文命名推断的/);

    const words = draftedStatuses(markedPage(['<em class="status done"></em>', '<em class="status pending"></em>', '<span><em class="status done"></em></span>']));
    expect(words.statuses).toEqual(['已办结', '待办理', '已办结']);
  });

  it("is read by a style's background image, mapped as an image's file name", () => {
    const html = markedPage(['<span style="background:url(/images/s_yhf.png) no-repeat"></span>', '<span style="background:url(/images/s_dbl.png) no-repeat"></span>', '<span style="background:url(/images/s_yhf.png) no-repeat"></span>']);
    const drafted = draftedStatuses(html);
    expect(drafted.rule).toEqual({ selector: 'td:nth-of-type(3) [style*="url("]', attr: 'style', regex: backgroundFileName, map: { 's_yhf.png': '已回复', 's_dbl.png': '待办理' } });
    expect(drafted.statuses).toEqual(['已回复', '待办理', '已回复']);
    expect(drafted.notes).toMatch(/只能按背景图片的文件名区分/);
  });

  it('keeps a negated or opaque class as itself and asks staff to fill in its status', () => {
    const drafted = draftedStatuses(markedPage(['<i class="ico ico-reply"></i>', '<i class="ico ico-not-reply"></i>', '<i class="ico ico-reply"></i>']));
    expect(drafted.rule).toMatchObject({ map: { 'ico ico-reply': '已回复', 'ico ico-not-reply': 'ico ico-not-reply' } });
    expect(drafted.notes).toMatch(/ico ico-not-reply 看不出含义，map 中暂以 class 本身为值/);
  });

  it('is no column when every row shows one class that tells nothing (a decoration)', () => {
    expect(draftedStatuses(markedPage(['<i class="dot"></i>', '<i class="dot"></i>', '<i class="dot"></i>'], '')).rule).toBeUndefined();
  });
});

/** A list table whose third cell is `cells[i]` (a whole `<td>`, empty of text) on row i. */
function cellPage(cells: readonly string[]): string {
  const rows = cells.map((cell, i) => `<tr><td><a href="show.asp?id=${101 + i}">第${i + 1}封来信的标题文字</a></td><td>2023-05-${String(10 + i).padStart(2, '0')}</td>${cell}</tr>`);
  return `<html><body><table class="xxlb"><tr><th>信件标题</th><th>来信时间</th><th>状态</th></tr>${rows.join('')}</table></body></html>`;
}

describe('a status mark drawn elsewhere than on the first classed element inside the cell', () => {
  it("is read by the cell's own class (<td class=\"zt-yhf\">), the column named by its place, not by that class", () => {
    const drafted = draftedStatuses(cellPage(['<td class="zt-yhf"></td>', '<td class="zt-whf"></td>', '<td class="zt-yhf"></td>']));
    expect(drafted.rule).toEqual({ selector: 'td:nth-of-type(3)', attr: 'class', map: { 'zt-yhf': '已回复', 'zt-whf': '未回复' } });
    expect(drafted.statuses).toEqual(['已回复', '未回复', '已回复']);
    expect(drafted.notes).toMatch(/状态以单元格自身的样式类（class）画出，只能按单元格的 class 区分/);
  });

  it('is read by a data- attribute of an element whose class is alike on every row', () => {
    const drafted = draftedStatuses(markedPage(['<i class="icon" data-status="yhf"></i>', '<i class="icon" data-status="dbl"></i>', '<i class="icon" data-status="yhf"></i>']));
    expect(drafted.rule).toEqual({ selector: 'td:nth-of-type(3) [data-status]', attr: 'data-status', map: { yhf: '已回复', dbl: '待办理' } });
    expect(drafted.statuses).toEqual(['已回复', '待办理', '已回复']);
  });

  it("is read by an element's id where the image is alike on every row", () => {
    const drafted = draftedStatuses(markedPage(['<img id="ico_yhf" src="dot.gif">', '<img id="ico_whf" src="dot.gif">', '<img id="ico_yhf" src="dot.gif">']));
    expect(drafted.rule).toEqual({ selector: 'td:nth-of-type(3) [id]', attr: 'id', map: { ico_yhf: '已回复', ico_whf: '未回复' } });
    expect(drafted.statuses).toEqual(['已回复', '未回复', '已回复']);
  });

  it('is read by the class of an icon nested in a classed wrapper alike on every row', () => {
    const drafted = draftedStatuses(markedPage(['<span class="wrap"><i class="ico-ybj"></i></span>', '<span class="wrap"><i class="ico-clz"></i></span>', '<span class="wrap"><i class="ico-ybj"></i></span>']));
    expect(drafted.rule).toEqual({ selector: 'td:nth-of-type(3) span > i[class]', attr: 'class', map: { 'ico-ybj': '已办结', 'ico-clz': '处理中' } });
    expect(drafted.statuses).toEqual(['已办结', '处理中', '已办结']);
  });

  it("is no column when the cells' classes only stripe the rows, or each row's data- value or id is its own", () => {
    // The empty column under 状态 is still drafted as text (the header names it), never as marks.
    expect(typeof draftedStatuses(cellPage(['<td class="odd"></td>', '<td class="even"></td>', '<td class="odd"></td>', '<td class="even"></td>'])).rule).not.toBe('object');
    const own = (attr: string) => draftedStatuses(markedPage([1, 2, 3, 4].map((n) => `<i class="icon" ${attr}="r${100 + n}"></i>`))).rule;
    expect(typeof own('data-id')).not.toBe('object');
    expect(typeof own('id')).not.toBe('object');
  });
});
