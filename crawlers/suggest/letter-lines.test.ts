import { describe, expect, it } from 'vitest';
import { suggestList } from './suggest-list.js';

const letter = (id: number, title: string) => `<tr><td class="bt"><a href="show.asp?id=${id}">${title}</a></td><td>投诉</td><td>2026-11-0${id % 9}</td><td>已回复</td></tr>`;
const titles = ['幸福路小区地下车库积水', '北关小学门口增设减速带', '东风街夜市油烟扰民', '公交十二路发车间隔过长'];
const note = '<tr class="note"><td colspan="4">注：以上信件已转交区政府督查室协调办理</td></tr>';
const table = (rows: string[]) => `<html><body><table class="list"><tr><th>标题</th><th>类别</th><th>日期</th><th>状态</th></tr>${rows.join('\n')}</table></body></html>`;

describe('drafting a list table of one line a letter with unlinked note lines', () => {
  it.each([
    ['a note after the second letter', titles.flatMap((t, i) => [letter(i + 1, t), ...(i === 1 ? [note] : [])])],
    ['a note after the last letter', [...titles.map((t, i) => letter(i + 1, t)), note]],
    ['a note after every letter but one', titles.flatMap((t, i) => [letter(i + 1, t), ...(i === 2 ? [] : [note])])],
  ])('is no list of letters printed over two lines (%s)', (_name, rows) => {
    const draft = suggestList(table(rows), 'http://127.0.0.1/list.asp');
    expect(draft.linesPerLetter).toBeUndefined();
    expect(draft.notes.join('\n')).not.toMatch(/linesPerLetter/);
    expect(draft.fields.siteStatus).toBe('td:nth-of-type(4)');
  });
});

describe('drafting a list table of two lines a letter', () => {
  it('takes the second line of each letter as its own, with a note; a trailing note line does not break it', () => {
    const rows = titles.flatMap((t, i) => [`<tr><td><a href="show.asp?id=${i + 1}">${t}</a></td><td>投诉</td></tr>`, `<tr class="sub"><td>2026-11-0${i + 1}</td><td>${i ? '已回复' : '待回复'}</td></tr>`]);
    const draft = suggestList(table([...rows, note]), 'http://127.0.0.1/list.asp');
    expect(draft.linesPerLetter).toBe(2);
    expect(draft.notes.join('\n')).toMatch(/每封信占 2 行.*list\.linesPerLetter: 2/);
    expect([draft.fields.siteType, draft.fields.postedAt, draft.fields.siteStatus]).toEqual(['td:nth-of-type(2)', 'td:nth-of-type(3)', 'td:nth-of-type(4)']);
  });
});
