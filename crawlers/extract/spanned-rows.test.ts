import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { parseListPage } from './pages.js';
import type { ListSpec } from '../source/schema.js';

const spec: ListSpec = {
  format: 'html',
  items: 'table.l tr',
  fields: { siteId: { selector: 'td:nth-of-type(1)' }, title: { selector: 'a' }, detailUrl: { selector: 'a', attr: 'href' }, siteStatus: { selector: 'td:nth-of-type(4)' } },
};

describe('list rows spanning table lines', () => {
  it('reads a letter printed over two lines (a rowspan cell) as one item with the cells of both', () => {
    const html = `<table class="l"><tr><td rowspan="2">7</td><td><a href="/v?id=7">路灯不亮</a></td><td>2026-11-03</td></tr>
<tr><td colspan="2">已回复</td></tr><tr><td rowspan="2">8</td><td><a href="/v?id=8">道路积水</a></td><td>2026-11-02</td></tr><tr><td colspan="2">办理中</td></tr></table>`;
    const $ = load(html);
    const result = parseListPage(spec, html, 'http://127.0.0.1/list', $);
    expect(result.items.map((i) => [i.siteId, i.fields.title, i.fields.siteStatus])).toEqual([
      ['7', '路灯不亮', '已回复'],
      ['8', '道路积水', '办理中'],
    ]);
    // The page itself is not changed: it is read again as it came.
    expect($('table.l tr')).toHaveLength(4);
  });

  it('leaves lines with their own link as letters of their own beside a shared cell (a date over two letters)', () => {
    const html = `<table class="l"><tr><td>7</td><td rowspan="2">2026-11-03</td><td><a href="/v?id=7">路灯不亮</a></td></tr><tr><td>8</td><td><a href="/v?id=8">道路积水</a></td></tr></table>`;
    const result = parseListPage({ ...spec, fields: { siteId: spec.fields.siteId!, title: spec.fields.title!, detailUrl: spec.fields.detailUrl! } }, html, 'http://127.0.0.1/list');
    expect(result.items.map((i) => [i.siteId, i.fields.title])).toEqual([
      ['7', '路灯不亮'],
      ['8', '道路积水'],
    ]);
  });
});
