import { describe, expect, it } from 'vitest';
import { parseJsLiteral } from './js-literal.js';
import { normalizeTime, normalizeOriginLevel, getPath } from './values.js';
import type { DetailSpec } from '../source/schema.js';
import { parseDetailPage, parseListPage } from './pages.js';

describe('parseJsLiteral', () => {
  it('reads unquoted keys, single quotes, trailing commas and a var prefix', () => {
    const text = "var data = {page:{pageNo:2,total:45}, result:[{letterType:'1', letterTitle:'路灯不亮\\'了', writeDate:\"2023-05-01\",},], ok:true, none: undefined};";
    expect(parseJsLiteral(text)).toEqual({ page: { pageNo: 2, total: 45 }, result: [{ letterType: '1', letterTitle: "路灯不亮'了", writeDate: '2023-05-01' }], ok: true, none: null });
  });
  it('throws a Chinese error on broken input', () => {
    expect(() => parseJsLiteral('{a:1, b:')).toThrow(/JS 字面量解析失败/);
  });
});

describe('values', () => {
  it('normalises site times to China-time ISO', () => {
    expect(normalizeTime('2023-05-01 08:09:10')).toBe('2023-05-01T08:09:10+08:00');
    expect(normalizeTime('2023年5月1日 8时9分')).toBe('2023-05-01T08:09:00+08:00');
    expect(normalizeTime('2023/5/1')).toBe('2023-05-01T00:00:00+08:00');
    expect(normalizeTime('1682899750000')).toBe('2023-05-01T08:09:10+08:00');
    expect(normalizeTime('昨天')).toBeUndefined();
  });
  it('maps origin levels and reads paths', () => {
    expect(normalizeOriginLevel('省政府')).toBe('province');
    expect(normalizeOriginLevel('市级转办')).toBe('city');
    expect(getPath({ a: { b: [{ c: 3 }] } }, 'a.b[0].c')).toBe(3);
  });
});

describe('parseListPage', () => {
  it('applies selectors, index, attr and regex on an HTML list', () => {
    const html = `<table class="listAll"><tr><th>主题</th></tr>
      <tr><td><a href="/d?id=7">标题七</a></td><td>[投诉]</td><td>2023-01-02</td></tr>
      <tr><td><a href="/d?id=8">标题八</a></td><td>[咨询]</td><td>2023-01-03</td></tr></table>`;
    const r = parseListPage(
      { format: 'html', items: 'table.listAll tr:has(td)', fields: { siteId: { selector: 'a', attr: 'href', regex: 'id=(\\d+)' }, title: 'a', detailUrl: { selector: 'a', attr: 'href' }, siteType: { selector: 'td', index: 1, regex: '\\[(.+)\\]' }, postedAt: { selector: 'td', index: -1 } } },
      html,
      'http://x.test/list?p=1',
    );
    expect(r.problems).toEqual([]);
    expect(r.items).toEqual([
      { siteId: '7', fields: { siteId: '7', title: '标题七', detailUrl: 'http://x.test/d?id=7', siteType: '投诉', postedAt: '2023-01-02T00:00:00+08:00' } },
      { siteId: '8', fields: { siteId: '8', title: '标题八', detailUrl: 'http://x.test/d?id=8', siteType: '咨询', postedAt: '2023-01-03T00:00:00+08:00' } },
    ]);
  });
  it('reports a selector that matches nothing', () => {
    const r = parseListPage({ format: 'html', items: 'ul.mt10 > li', fields: { title: 'a' } }, '<div class="new"></div>', 'http://x.test/');
    expect(r.items).toEqual([]);
    expect(r.problems[0]).toMatch(/ul\.mt10 > li/);
  });
  it('reads a JSON list by paths, with an HTML fragment unwrapped by bodyRegex', () => {
    const r = parseListPage({ format: 'json', items: 'data.rows', fields: { siteId: 'id', title: 'subject', content: 'body' } }, '{"data":{"rows":[{"id":5,"subject":"甲","body":"<p>一</p><p>二</p>"}]}}', 'http://x.test/');
    expect(r.items[0]?.fields).toEqual({ siteId: '5', title: '甲', content: '一\n二' });
    const frag = parseListPage({ format: 'html', bodyRegex: '^\\[(.*)\\]$', items: 'li', fields: { siteId: 'span', title: 'a' } }, '[<li><span>9</span><a>乙</a></li>]', 'http://x.test/');
    expect(frag.items[0]?.siteId).toBe('9');
  });
});

describe('parseDetailPage', () => {
  it('reads labelled rows and fixed-order cells, keeping line breaks', () => {
    const html = `<table class="detail"><tr><th>来信内容</th><td>第一行<br>第二行</td></tr><tr><th>回复单位：</th><td>区住建局</td></tr></table>
      <table class="d2"><tr><td class="R">主题甲</td><td class="R">2023-02-03 10:00</td><td class="R">张三</td></tr></table>`;
    const r = parseDetailPage(
      { format: 'html', url: '{detailUrl}', method: 'GET', bodyType: 'form', fields: { content: { label: '来信内容' }, replyUnit: { label: '回复单位' } }, cells: { selector: 'table.d2 td.R', order: ['title', 'postedAt', 'author'] } },
      html,
      'http://x.test/d',
      undefined,
      ['title', 'content'],
    );
    expect(r.problems).toEqual([]);
    expect(r.fields).toEqual({ content: '第一行\n第二行', replyUnit: '区住建局', title: '主题甲', postedAt: '2023-02-03T10:00:00+08:00', author: '张三' });
  });
  it('names the missing required field', () => {
    const r = parseDetailPage({ format: 'html', url: '{detailUrl}', method: 'GET', bodyType: 'form', fields: { content: 'div.gone' } }, '<p>x</p>', 'http://x.test/d', undefined, ['content']);
    expect(r.problems[0]).toMatch(/content/);
  });
  it('takes a blank required field as blank, in a labelled row, a fixed-order cell or a JSON null, but not one whose rule matches nothing', () => {
    const spec: DetailSpec = { format: 'html', url: '{detailUrl}', method: 'GET', bodyType: 'form', fields: { content: { label: '来信内容' } }, cells: { selector: 'td.R', order: ['title'] } };
    const blank = parseDetailPage(spec, '<table><tr><th>来信内容</th><td> </td></tr><tr><td class="R"></td></tr></table>', 'http://x.test/d', undefined, ['title', 'content']);
    expect(blank).toEqual({ fields: {}, problems: [] });
    const json = parseDetailPage({ format: 'json', url: '{detailUrl}', method: 'GET', bodyType: 'form', fields: { title: 'data.title', content: 'data.content' } }, '{"data":{"title":"路灯不亮","content":null}}', 'http://x.test/d', undefined, ['title', 'content']);
    expect(json).toEqual({ fields: { title: '路灯不亮' }, problems: [] });
    const gone = parseDetailPage(spec, '<table><tr><th>信件正文</th><td>x</td></tr><tr><td class="R">题</td></tr></table>', 'http://x.test/d', undefined, ['title', 'content']);
    expect(gone.problems).toEqual(['详情页缺少字段 content（规则未匹配）']);
  });
});
