import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { parseListPage } from './pages.js';
import type { ListSpec } from '../source/schema.js';

const spec: ListSpec = {
  format: 'html',
  items: 'table.l tr:has(a[href^="/v"])',
  fields: { title: { selector: 'a' }, detailUrl: { selector: 'a', attr: 'href' }, postedAt: { selector: 'td:nth-of-type(3)' }, siteStatus: { selector: 'td:nth-of-type(4)' } },
  linesPerLetter: 2,
};

const header = '<tr><td>标题</td><td>类别</td></tr>';
const spacer = '<tr><td colspan="2" class="line"></td></tr>';
const page = `<table class="l">${header}
<tr><td><a href="/v?id=7">路灯不亮</a></td><td>投诉</td></tr><tr><td>2026-11-03</td><td>已回复</td></tr>${spacer}${header}
<tr><td><a href="/v?id=8">道路积水</a></td><td>求助</td></tr>${spacer}<tr><td>2026-11-02</td><td>办理中</td></tr><tr><td>注：已转交督查室</td></tr>
<tr><td colspan="2"><a href="/l?page=2">下一页</a></td></tr></table>`;

describe('list.linesPerLetter: letters printed over table lines with no rowspan', () => {
  it('reads each linked line with the lines after it, past spacers and a repeated header, leaving a note beyond its lines out', () => {
    const $ = load(page);
    const result = parseListPage(spec, page, 'http://127.0.0.1/list', $);
    expect(result.items.map((i) => [i.fields.title, i.fields.postedAt, i.fields.siteStatus])).toEqual([
      ['路灯不亮', '2026-11-03T00:00:00+08:00', '已回复'],
      ['道路积水', '2026-11-02T00:00:00+08:00', '办理中'],
    ]);
    // The page the crawler goes on reading (its pager) is left as it came.
    expect($('table.l tr')).toHaveLength(10);
  });

  it('reads a one-line table as before without it: an unlinked line is no part of the letter above', () => {
    const { linesPerLetter: _, ...oneLine } = spec;
    const result = parseListPage(oneLine, page, 'http://127.0.0.1/list');
    expect(result.items.map((i) => i.fields.siteStatus)).toEqual([undefined, undefined]);
  });
});

describe('list.linesPerLetter: until-next-link, letters of lines varying in number', () => {
  const varying: ListSpec = {
    format: 'html',
    items: 'table.l tr:has(a[href^="/v"])',
    fields: {
      title: { selector: 'a' },
      detailUrl: { selector: 'a', attr: 'href' },
      postedAt: { selector: 'td:nth-of-type(2)' },
      siteStatus: { selector: 'td:nth-of-type(n+3)', all: true, regex: '办理状态：(\\S+)' },
    },
    linesPerLetter: 'until-next-link',
  };
  const note = '<tr><td colspan="2">注：来信人要求不公开个人信息</td></tr>';
  const page = `<table class="l"><tr><th>标题</th><th>日期</th></tr>
<tr><td><a href="/v?id=7">路灯不亮</a></td><td>2026-11-03</td></tr><tr><td colspan="2">办理状态：已办结\u3000答复单位：区城管局</td></tr>${spacer}
<tr><td><a href="/v?id=8">道路积水</a></td><td>2026-11-02</td></tr>${note}${spacer}<tr><th>标题</th><th>日期</th></tr>
<tr><td><a href="/v?id=9">噪音扰民</a></td><td>2026-11-01</td></tr>${note}<tr><td colspan="2">办理状态：已转办</td></tr>
<tr><td colspan="2"><a href="/l?page=2">下一页</a></td></tr></table>`;

  it('reads each linked line with every unlinked line up to the next: a reply line under some letters, a note before it under one', () => {
    const result = parseListPage(varying, page, 'http://127.0.0.1/list');
    expect(result.items.map((i) => [i.fields.title, i.fields.postedAt, i.fields.siteStatus])).toEqual([
      ['路灯不亮', '2026-11-03T00:00:00+08:00', '已办结'],
      ['道路积水', '2026-11-02T00:00:00+08:00', undefined],
      ['噪音扰民', '2026-11-01T00:00:00+08:00', '已转办'],
    ]);
  });

  it('reads a fixed count as before: the second letter\'s note is its second line, the third\'s status line is left out', () => {
    const result = parseListPage({ ...varying, linesPerLetter: 2 }, page, 'http://127.0.0.1/list');
    expect(result.items.map((i) => i.fields.siteStatus)).toEqual(['已办结', undefined, undefined]);
  });
});

describe('list.linkLine: last, the link on the last of a letter\'s lines', () => {
  const lastSpec: ListSpec = {
    format: 'html',
    items: 'table.l tr:has(a)',
    fields: { detailUrl: { selector: 'a', attr: 'href' }, postedAt: { selector: 'td:nth-of-type(1)' }, siteStatus: { selector: 'td:nth-of-type(2)' }, title: { selector: 'td:nth-of-type(3) a' }, siteType: { selector: 'td:nth-of-type(4)' } },
    linesPerLetter: 2,
    linkLine: 'last',
  };
  const head = '<tr><td>日期 / 标题</td><td>状态 / 类别</td></tr>';
  const letter = (id: number, day: string, status: string, title: string) => `<tr><td>${day}</td><td>${status}</td></tr><tr><td><a href="/v?id=${id}">${title}</a></td><td>投诉</td></tr>${spacer}`;
  // The first and the third letter share their status line's text: it is no header printed again.
  const page = `<table class="l">${head}\n${letter(7, '2026-11-03', '已回复', '路灯不亮')}${letter(8, '2026-11-02', '待回复', '道路积水')}${head}${letter(9, '2026-11-03', '已回复', '噪音扰民')}<tr><td colspan="2">注：以上信件已转交督查室</td></tr></table>`;

  it('reads each linked line with the lines above it, in the page\'s order, past spacers and a header drawn with <td> printed again', () => {
    const $ = load(page);
    const result = parseListPage(lastSpec, page, 'http://127.0.0.1/list', $);
    expect(result.items.map((i) => [i.fields.title, i.fields.postedAt, i.fields.siteStatus, i.fields.siteType])).toEqual([
      ['路灯不亮', '2026-11-03T00:00:00+08:00', '已回复', '投诉'],
      ['道路积水', '2026-11-02T00:00:00+08:00', '待回复', '投诉'],
      ['噪音扰民', '2026-11-03T00:00:00+08:00', '已回复', '投诉'],
    ]);
    expect($('table.l tr')).toHaveLength(12);
  });
});

describe('list.linkLine: n, the link on a middle line of a letter\'s lines', () => {
  const middleSpec: ListSpec = {
    format: 'html',
    items: 'table.m tr:has(a)',
    fields: { siteId: { selector: 'td:nth-of-type(1)' }, postedAt: { selector: 'td:nth-of-type(2)' }, title: { selector: 'td:nth-of-type(3) a' }, siteType: { selector: 'td:nth-of-type(4)' }, siteStatus: { selector: 'td:nth-of-type(5)' } },
    linesPerLetter: 3,
    linkLine: 2,
  };
  const head = '<tr><th>编号 / 标题 / 类别</th><th>日期 / 状态</th></tr>';
  const letter = (id: number, day: string, title: string, status: string) =>
    `<tr><td>${id}</td><td>${day}</td></tr><tr><td colspan="2"><a href="/v?id=${id}">${title}</a></td></tr><tr><td>投诉</td><td>${status}</td></tr>${spacer}`;
  const page = `<table class="m">${head}\n${letter(7, '2026-11-03', '路灯不亮', '已回复')}${letter(8, '2026-11-02', '道路积水', '待回复')}${head}${letter(9, '2026-11-01', '噪音扰民', '已回复')}<tr><td colspan="2">注：以上信件已转交督查室</td></tr></table>`;

  it('reads each linked line with the line above it and the line below, in the page\'s order, past spacers, a repeated header and a closing note', () => {
    const result = parseListPage(middleSpec, page, 'http://127.0.0.1/list');
    expect(result.items.map((i) => [i.fields.siteId, i.fields.postedAt, i.fields.title, i.fields.siteType, i.fields.siteStatus])).toEqual([
      ['7', '2026-11-03T00:00:00+08:00', '路灯不亮', '投诉', '已回复'],
      ['8', '2026-11-02T00:00:00+08:00', '道路积水', '投诉', '待回复'],
      ['9', '2026-11-01T00:00:00+08:00', '噪音扰民', '投诉', '已回复'],
    ]);
  });

  it('reads linkLine 1 as first and the last line\'s number as last', () => {
    const fields = (l: ListSpec['linkLine'], body: string, f = spec.fields) => parseListPage({ ...spec, fields: f, linkLine: l }, body, 'http://127.0.0.1/list').items.map((i) => i.fields);
    expect(fields(1, page)).toEqual(fields(undefined, page));
    const twoLast = `<table class="l"><tr><td>2026-11-03</td><td>已回复</td></tr><tr><td><a href="/v?id=7">路灯不亮</a></td><td>投诉</td></tr><tr><td>2026-11-02</td><td>待回复</td></tr><tr><td><a href="/v?id=8">道路积水</a></td><td>投诉</td></tr></table>`;
    const read = (linkLine: ListSpec['linkLine']) => fields(linkLine, twoLast, { ...spec.fields, siteStatus: { selector: 'td:nth-of-type(2)' } }).map((f) => f.siteStatus);
    expect(read(2)).toEqual(['已回复', '待回复']);
    expect(read(2)).toEqual(read('last'));
  });
});

describe('list.linesPerLetter: until-next-link with linkLine: last, letters of lines varying in number ending at their link', () => {
  const varyingSpec: ListSpec = {
    format: 'html',
    items: 'table.v tr:has(a)',
    fields: {
      title: { selector: 'td:nth-of-type(1) a' },
      siteType: { selector: 'td:nth-of-type(2)' },
      siteId: { selector: 'td:nth-of-type(n+3)', all: true, regex: '编号：(\\d+)' },
      siteStatus: { selector: 'td:nth-of-type(n+3)', all: true, regex: '办理状态：(\\S+)' },
      replyUnit: { selector: 'td:nth-of-type(n+3)', all: true, regex: '答复单位：(\\S+)' },
    },
    linesPerLetter: 'until-next-link',
    linkLine: 'last',
  };
  const letter = (id: number, status: string, title: string, unit?: string) =>
    `<tr><td colspan="2">编号：${id} 办理状态：${status}</td></tr>${unit ? `<tr><td colspan="2">答复单位：${unit}</td></tr>` : ''}<tr><td><a href="/v?id=${id}">${title}</a></td><td>投诉</td></tr>`;
  // A line of the page's own above the table's header, and a closing note under the last letter.
  const page = `<table class="v"><tr><td colspan="2">更新时间：2026-11-04</td></tr><tr><th>标题</th><th>类别</th></tr>
${letter(7, '已办结', '路灯不亮', '区城管局')}${letter(8, '办理中', '道路积水')}${letter(9, '已办结', '噪音扰民', '区环保局')}<tr><td colspan="2">注：答复内容详见信件页面</td></tr></table>`;

  it('reads each linked line with every line since the previous one, the linked line\'s cells first; the first letter\'s lines stop at the header', () => {
    const $ = load(page);
    const result = parseListPage(varyingSpec, page, 'http://127.0.0.1/list', $);
    expect(result.items.map((i) => [i.fields.title, i.fields.siteType, i.fields.siteId, i.fields.siteStatus, i.fields.replyUnit])).toEqual([
      ['路灯不亮', '投诉', '7', '已办结', '区城管局'],
      ['道路积水', '投诉', '8', '办理中', undefined],
      ['噪音扰民', '投诉', '9', '已办结', '区环保局'],
    ]);
  });
});
