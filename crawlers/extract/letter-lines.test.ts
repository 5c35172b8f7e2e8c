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
