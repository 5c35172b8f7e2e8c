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
    ['the same note after every letter', titles.flatMap((t, i) => [letter(i + 1, t), note])],
    ['a note of its own after every letter, printing no field of it', titles.flatMap((t, i) => [letter(i + 1, t), `<tr class="note"><td colspan="4">温馨提示：第 ${i + 1} 封信的内容仅代表来信人观点</td></tr>`])],
    ['a line of 更新时间 after the last letter only', [...titles.map((t, i) => letter(i + 1, t)), '<tr><td colspan="4">更新时间：2026-11-09 08:00</td></tr>']],
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

describe('drafting a list table whose letters take lines varying in number', () => {
  const linked = (i: number, t: string) => `<tr><td><a href="show.asp?id=${i + 1}">${t}</a></td><td>投诉</td><td>2026-11-0${i + 1}</td></tr>`;
  const replyLine = (i: number) => `<tr class="hf"><td colspan="3">办理状态：已办结\u3000答复单位：区第${i + 1}局</td></tr>`;
  const head = '<html><body><table class="list"><tr><th>标题</th><th>类别</th><th>日期</th></tr>';

  it('takes every unlinked line up to the next linked one, and reads their fields by label wherever they stand', () => {
    // Answered letters (the first, second and fourth) have a reply line; the second a note above it.
    const rows = titles.flatMap((t, i) => [linked(i, t), ...(i === 1 ? [note] : []), ...(i === 2 ? [] : [replyLine(i)])]);
    const draft = suggestList(`${head}${rows.join('\n')}</table></body></html>`, 'http://127.0.0.1/list.asp');
    expect(draft.linesPerLetter).toBe('until-next-link');
    expect(draft.linkLine).toBeUndefined();
    expect(draft.notes.join('\n')).toMatch(/每封信的行数不定.*list\.linesPerLetter: until-next-link/);
    expect([draft.fields.siteType, draft.fields.postedAt]).toEqual(['td:nth-of-type(2)', 'td:nth-of-type(3)']);
    expect(draft.fields.siteStatus).toMatchObject({ selector: 'td:nth-of-type(n+4)', all: true });
    expect(draft.fields.replyUnit).toMatchObject({ selector: 'td:nth-of-type(n+4)', all: true });
  });

  it('is not drafted when only the last letter has a labelled line after it', () => {
    const rows = [...titles.map((t, i) => linked(i, t)), replyLine(3)];
    expect(suggestList(`${head}${rows.join('\n')}</table></body></html>`, 'http://127.0.0.1/list.asp').linesPerLetter).toBeUndefined();
  });
});

describe('drafting a list table whose letters print their link on the last line', () => {
  it('takes the lines above each linked line as its own, the first letter\'s too', () => {
    const rows = titles.flatMap((t, i) => [`<tr class="info"><td>2026-11-0${i + 1}</td><td>${i ? '已回复' : '待回复'}</td></tr>`, `<tr><td><a href="show.asp?id=${i + 1}">${t}</a></td><td>投诉</td></tr>`]);
    const draft = suggestList(`<html><body><table class="list"><tr><th>日期</th><th>状态</th><th>标题</th><th>类别</th></tr>${[...rows, note].join('\n')}</table></body></html>`, 'http://127.0.0.1/list.asp');
    expect([draft.linesPerLetter, draft.linkLine]).toEqual([2, 'last']);
    expect(draft.notes.join('\n')).toMatch(/标题链接在最后一行.*list\.linesPerLetter: 2 和 list\.linkLine: last/);
    expect([draft.fields.postedAt, draft.fields.siteStatus, draft.fields.siteType]).toEqual(['td:nth-of-type(1)', 'td:nth-of-type(2)', 'td:nth-of-type(4)']);
  });
});

describe('drafting a list table whose letters print their link on a middle line', () => {
  const middle = (i: number, t: string) =>
    `<tr><td>编号：${1201 + i}</td><td>2026-11-0${i + 1}</td></tr><tr><td colspan="2"><a href="show.asp?id=${1201 + i}">${t}</a></td></tr><tr><td>投诉</td><td>${i ? '已回复' : '待回复'}</td></tr>`;

  it.each([
    ['a header drawn with <th>, a note after the last letter (else taken for the link on the first line)', '<tr><th>编号 / 标题</th><th>日期 / 状态</th></tr>', note],
    ['a header drawn with <td> (else taken for the link on the last line)', '<tr><td>编号 / 标题 / 类别</td><td>日期 / 状态</td></tr>', ''],
  ])('takes the line above each linked line and the line below as its own (%s)', (_name, head, after) => {
    const draft = suggestList(`<html><body><table class="list">${head}${titles.map((t, i) => middle(i, t)).join('\n')}${after}</table></body></html>`, 'http://127.0.0.1/list.asp');
    expect([draft.linesPerLetter, draft.linkLine]).toEqual([3, 2]);
    expect(draft.notes.join('\n')).toMatch(/标题链接在第 2 行.*list\.linesPerLetter: 3 和 list\.linkLine: 2/);
    expect([draft.fields.postedAt, draft.fields.siteType, draft.fields.siteStatus]).toEqual(['td:nth-of-type(2)', 'td:nth-of-type(4)', 'td:nth-of-type(5)']);
    expect(draft.fields.siteId).toMatchObject({ selector: 'td:nth-of-type(1)' });
  });
});

describe('drafting a list table whose letters take lines varying in number, the link on the last', () => {
  // Answered letters (all but the third) begin with a 答复单位 line, then every letter's 办理状态 line.
  const lettersOf = (spacer: string) =>
    titles.map((t, i) =>
      [
        ...(i === 2 ? [] : [`<tr><td colspan="2">答复单位：区第${i + 1}局</td></tr>`]),
        `<tr><td colspan="2">办理状态：${i === 2 ? '办理中' : '已办结'}</td></tr>`,
        `<tr><td><a href="show.asp?id=${i + 1}">${t}</a></td><td>投诉</td></tr>${spacer}`,
      ].join(''),
    );
  const page = (spacer: string) => `<html><body><table class="list"><tr><th>标题</th><th>类别</th></tr>${lettersOf(spacer).join('\n')}</table></body></html>`;

  it('takes every line since the previous linked one when a spacer stands under every linked line, the linked line\'s columns first', () => {
    const draft = suggestList(page('<tr><td colspan="2" class="line"></td></tr>'), 'http://127.0.0.1/list.asp');
    expect([draft.linesPerLetter, draft.linkLine]).toEqual(['until-next-link', 'last']);
    expect(draft.notes.join('\n')).toMatch(/每封信的行数不定，标题链接在最后一行.*list\.linesPerLetter: until-next-link 和 list\.linkLine: last/);
    expect(draft.fields.siteType).toBe('td:nth-of-type(2)');
    expect(draft.fields.siteStatus).toMatchObject({ selector: 'td:nth-of-type(n+3)', all: true });
    expect(draft.fields.replyUnit).toMatchObject({ selector: 'td:nth-of-type(n+3)', all: true });
  });

  it('drafts no split when no letter\'s start is seen (first lines of two shapes, no spacer): the draft fails saying what to write', () => {
    expect(() => suggestList(page(''), 'http://127.0.0.1/list.asp')).toThrow(/没有找到重复出现.*标题链接似乎在最后一行.*看不出每封信从哪一行开始.*list\.linesPerLetter: until-next-link 和 list\.linkLine: last/);
  });
});
