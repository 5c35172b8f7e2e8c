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
