import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decideCharset, shownCharset } from './charsets.js';
import { escapeQueryAs } from './fields.js';
import { parseJsLiteral } from './js-literal.js';
import { normalizeTime, normalizeOriginLevel, getPath } from './values.js';
import type { DetailSpec } from '../source/schema.js';
import { headerOnlyList, parseDetailPage, parseListPage, unwrapBody } from './pages.js';

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
    expect(normalizeTime('不详')).toBeUndefined();
  });
  it('reads full-width digits and the half of the day (上午, 下午, 晚上, PM) old sites print', () => {
    expect(normalizeTime('２０２６年１１月３日　１４：２０')).toBe('2026-11-03T14:20:00+08:00');
    expect(normalizeTime('２０２６－１１－０３')).toBe('2026-11-03T00:00:00+08:00');
    expect(normalizeTime('2026/11/3 下午2:20')).toBe('2026-11-03T14:20:00+08:00');
    expect(normalizeTime('2026/11/3 上午9:05:30')).toBe('2026-11-03T09:05:30+08:00');
    expect(normalizeTime('2026年11月3日 晚上8点15分')).toBe('2026-11-03T20:15:00+08:00');
    expect(normalizeTime('2026年11月3日 中午12:10')).toBe('2026-11-03T12:10:00+08:00');
    expect(normalizeTime('2026年11月3日 凌晨0:40')).toBe('2026-11-03T00:40:00+08:00');
    expect(normalizeTime('2026/11/3 2:20 PM')).toBe('2026-11-03T14:20:00+08:00');
    expect(normalizeTime('2026/11/3 12:20 AM')).toBe('2026-11-03T00:20:00+08:00');
    expect(normalizeTime('2026-11-03 14点20分')).toBe('2026-11-03T14:20:00+08:00');
    // A 24-hour time after 下午 stays itself; an hour past 12 with 上午 is no time at all.
    expect(normalizeTime('2026/11/3 下午14:20')).toBe('2026-11-03T14:20:00+08:00');
    expect(normalizeTime('2026/11/3 上午14:20')).toBeUndefined();
    const now = new Date('2026-11-30T04:00:00Z');
    expect(normalizeTime('昨天 下午3:40', now)).toBe('2026-11-29T15:40:00+08:00');
    expect(normalizeTime('１１－２７　１４：３０', now)).toBe('2026-11-27T14:30:00+08:00');
  });
  it('maps origin levels and reads paths', () => {
    expect(normalizeOriginLevel('省政府')).toBe('province');
    expect(normalizeOriginLevel('市级转办')).toBe('city');
    expect(getPath({ a: { b: [{ c: 3 }] } }, 'a.b[0].c')).toBe(3);
    // A negative index counts from the end: the last of several replies; none in an empty array.
    expect(getPath({ replies: [{ c: '阶段答复' }, { c: '正式答复' }] }, 'replies[-1].c')).toBe('正式答复');
    expect(getPath({ replies: [] }, 'replies[-1].c')).toBeUndefined();
  });
});

describe('links under a <base href>', () => {
  const page = (body: string) => `<html><head><base href="/gbmail/"></head><body>${body}</body></html>`;
  it('resolves list and detail links against the base, as a browser does', () => {
    const list = parseListPage({ format: 'html', items: 'li', fields: { title: 'a', detailUrl: { selector: 'a', attr: 'href' } } }, page('<ul><li><a href="letter/show.do?xh=7">路灯</a></li></ul>'), 'http://x.test/gbmail/pages/mail/list.jsp');
    expect(list.items[0]?.fields.detailUrl).toBe('http://x.test/gbmail/letter/show.do?xh=7');
    const detail = parseDetailPage({ format: 'html', url: '{detailUrl}', method: 'GET', fields: { title: 'h1', detailUrl: { selector: 'a.moved', attr: 'href' } } } as DetailSpec, page('<h1>路灯</h1><a class="moved" href="letter/7.html">原文</a>'), 'http://x.test/gbmail/pages/x.jsp');
    expect(detail.fields.detailUrl).toBe('http://x.test/gbmail/letter/7.html');
  });
  it('ignores a base that is no http(s) address', () => {
    const html = '<html><head><base href="javascript:void(0)"></head><body><ul><li><a href="d?id=1">甲</a></li></ul></body></html>';
    const list = parseListPage({ format: 'html', items: 'li', fields: { title: 'a', detailUrl: { selector: 'a', attr: 'href' } } }, html, 'http://x.test/a/list.jsp');
    expect(list.items[0]?.fields.detailUrl).toBe('http://x.test/a/d?id=1');
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
  it('gives a rule\'s default where its place is there but shows nothing, and leaves a place not found missing', () => {
    const html = `<ul><li class="odd"><a href="/d?id=1">一</a></li><li class="even done"><a href="/d?id=2">二</a></li><li><a href="/d?id=3">三</a></li></ul>`;
    const status = { selector: ':self', attr: 'class', regex: '(?:^|\\s)(done)(?:\\s|$)', map: { done: '已办结' }, default: '处理中' };
    const r = parseListPage({ format: 'html', items: 'ul > li', fields: { title: 'a', detailUrl: { selector: 'a', attr: 'href' }, siteStatus: status, siteType: { selector: 'em', default: '咨询' } } }, html, 'http://x.test/');
    expect(r.items.map((i) => [i.fields.title, i.fields.siteStatus, i.fields.siteType])).toEqual([['一', '处理中', undefined], ['二', '已办结', undefined], ['三', '处理中', undefined]]);
    const json = parseListPage({ format: 'json', items: 'rows', fields: { siteId: 'subject', title: 'subject', siteStatus: { path: 'state', default: '待处理' }, siteType: { path: 'kind', default: '咨询' } } }, '{"rows":[{"subject":"甲","state":null},{"subject":"乙","state":"已办结"}]}', 'http://x.test/');
    expect(json.items.map((i) => [i.fields.siteStatus, i.fields.siteType])).toEqual([['待处理', undefined], ['已办结', undefined]]);
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
  it('reads the text after a label standing in its own element inside a line (<p><strong>来信内容：</strong>…</p>)', () => {
    const html = `<p><strong>来信内容：</strong>第一行<br>第二行</p><p><b>来信人</b>：张三&#12288;<b>来信时间：</b>2023-02-03 10:00</p><table><tr><th>回复内容</th><td>已办理</td></tr></table>`;
    const spec: DetailSpec = { format: 'html', url: '{detailUrl}', method: 'GET', bodyType: 'form', fields: { content: { label: '来信内容' }, author: { label: '来信人' }, postedAt: { label: '来信时间' }, replyText: { label: '回复内容' } } };
    expect(parseDetailPage(spec, html, 'http://x.test/d').fields).toEqual({ content: '第一行\n第二行', author: '张三', postedAt: '2023-02-03T10:00:00+08:00', replyText: '已办理' });
  });
  it('reads a label left blank as blank when the next label of its markup follows, not that label and its value', () => {
    const html = `<p><b>来信内容：</b>路灯不亮</p><p><b>回复单位：</b></p><p><b>回复时间：</b></p><p><b>回复内容：</b>暂无回复</p><div><span>办理状态：</span><span>回复内容：</span></div><table><tr><th>来信人：</th><td>尊敬的领导：</td></tr></table>`;
    const spec: DetailSpec = { format: 'html', url: '{detailUrl}', method: 'GET', bodyType: 'form', fields: { content: { label: '来信内容' }, replyUnit: { label: '回复单位' }, replyAt: { label: '回复时间' }, siteStatus: { label: '办理状态' }, author: { label: '来信人' } } };
    // Blank, not missing: required, they raise no problem.
    const r = parseDetailPage(spec, html, 'http://x.test/d', undefined, ['replyUnit', 'replyAt', 'siteStatus']);
    // The value's cell of another tag than the label's is read even when it ends with a colon.
    expect(r.fields).toEqual({ content: '路灯不亮', author: '尊敬的领导：' });
    expect(r.problems).toEqual([]);
  });
  it('reads a label left blank as blank when the next row is a line of labels left blank (答复单位：联系电话：答复时间：)', () => {
    const html = `<table><tr><td>来信内容：路灯不亮</td></tr><tr><td>答复内容：</td></tr><tr><td>答复单位：联系电话：答复时间：</td></tr></table>`;
    const spec: DetailSpec = { format: 'html', url: '{detailUrl}', method: 'GET', bodyType: 'form', fields: { content: { label: '来信内容' }, replyText: { label: '答复内容' } } };
    const r = parseDetailPage(spec, html, 'http://x.test/d', undefined, ['replyText']);
    expect(r.fields).toEqual({ content: '路灯不亮' });
    expect(r.problems).toEqual([]);
  });
  it('leaves a reply box placeholder out of the reply, for every rule, and keeps a reply opening with the same words', () => {
    const spec: DetailSpec = { format: 'html', url: '{detailUrl}', method: 'GET', bodyType: 'form', fields: { content: { label: '来信内容' }, replyText: { label: '回复内容' } } };
    const page = (reply: string) => `<table><tr><th>来信内容</th><td>路灯不亮</td></tr><tr><th>回复内容</th><td>${reply}</td></tr></table>`;
    for (const reply of ['正在办理中', '—', '-', '/', '无', '暂无回复', '尚未答复。', '等待回复', '办理中', '处理中', '待回复']) {
      expect(parseDetailPage(spec, page(reply), 'http://x.test/d').fields, reply).toEqual({ content: '路灯不亮' });
    }
    for (const reply of ['正在办理中，现答复如下：路灯已修复。', '未办结的原因是施工单位尚未进场。', '您好，暂无相关政策。']) {
      expect(parseDetailPage(spec, page(reply), 'http://x.test/d').fields.replyText).toBe(reply);
    }
    const json = parseDetailPage({ format: 'json', url: '{detailUrl}', method: 'GET', bodyType: 'form', fields: { content: 'data.content', replyText: 'data.reply' } }, '{"data":{"content":"路灯不亮","reply":" -- "}}', 'http://x.test/d');
    expect(json.fields).toEqual({ content: '路灯不亮' });
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

describe('text a site escapes or links in code', () => {
  it('decodes HTML character references in JSON text, as a browser shows them', () => {
    const spec = { format: 'json' as const, items: 'list', fields: { siteId: 'id', title: 'title', content: 'content' } };
    const body = JSON.stringify({
      list: [{ id: 1, title: '关于&quot;停水&quot;的问题 &amp; 建议', content: '内容&lt;b&gt;粗&lt;/b&gt;<p>第一段</p><p>第二段&nbsp;结束&hellip;</p>' }, { id: 2, title: '&#25552;&#x95EE;：路灯&ldquo;不亮&rdquo;', content: 'A&B 公司；&nosuch; 与 &#0; 照写' }],
    });
    const { items } = parseListPage(spec, body, 'http://x.test/api');
    expect(items.map((i) => i.fields)).toEqual([
      { siteId: '1', title: '关于"停水"的问题 & 建议', content: '内容<b>粗</b>第一段\n第二段 结束…' },
      { siteId: '2', title: '提问：路灯“不亮”', content: 'A&B 公司；&nosuch; 与 &#0; 照写' },
    ]);
  });
  it('never takes a script link for an address: the message links to its detail page, and items without an id say why', () => {
    const spec = { format: 'html' as const, items: 'li', fields: { siteId: 'span', title: 'a', detailUrl: { selector: 'a', attr: 'href' } } };
    const page = '<ul><li><a href="javascript:void(0)" onclick="show(11)">一</a><span>11</span></li><li><a href="javascript:void(0)">二</a><span>12</span></li></ul>';
    expect(parseListPage(spec, page, 'http://x.test/list')).toMatchObject({ items: [{ siteId: '11', fields: { title: '一' } }, { siteId: '12', fields: { title: '二' } }], problems: [] });
    expect(parseListPage(spec, page, 'http://x.test/list').items[0]?.fields.detailUrl).toBeUndefined();
    // Without an id, every item would have had the same fallback id (`void(0)`): one message kept, the rest lost.
    const noId = { ...spec, fields: { title: 'a', detailUrl: { selector: 'a', attr: 'href' } } };
    const result = parseListPage(noId, page, 'http://x.test/list');
    expect(result.items).toEqual([]);
    expect(result.problems[0]).toMatch(/^列表字段 detailUrl 取到的不是网址（如 javascript: 脚本链接）：请映射 siteId/);
  });
  it('tells an empty list from a list it cannot read', () => {
    const html = { format: 'html' as const, items: 'table.l tr:has(td)', fields: { title: 'td', detailUrl: { selector: 'a', attr: 'href' } } };
    const frame = (rows: string) => `<html><body><div class="side">暂无公告</div><table class="l"><tr><th>标题</th></tr>${rows}</table></body></html>`;
    expect(parseListPage(html, frame('<tr><td colspan="3">暂无数据！</td></tr>'), 'http://x.test/l').empty).toBe('暂无数据！');
    expect(parseListPage(html, frame('<tr><td colspan="3"> 没有找到相关记录 </td></tr>'), 'http://x.test/l').empty).toBe('没有找到相关记录');
    expect(parseListPage(html, frame(''), 'http://x.test/l').empty).toBe(headerOnlyList); // the list's header row only; 暂无公告 is not about the list
    expect(parseListPage(html, '<html><body><div class="side">暂无公告</div><div class="l"></div></body></html>', 'http://x.test/l').empty).toBeUndefined();
    // The header rows the selector takes (`table.l tr`), or a header in <thead> over an empty <tbody>: no message, an empty list.
    expect(parseListPage({ ...html, items: 'table.l tr' }, frame(''), 'http://x.test/l')).toMatchObject({ items: [], empty: headerOnlyList });
    const thead = '<table class="l"><thead><tr><td>编号</td><td>标题</td></tr></thead><tbody></tbody></table>';
    expect(parseListPage({ ...html, items: 'table.l > tbody > tr' }, thead, 'http://x.test/l').empty).toBe(headerOnlyList);
    // A header-only table that is not where the items are (the list is now a <ul>) says nothing of the list.
    expect(parseListPage(html, '<table class="x"><tr><th>通知</th></tr></table><ul class="l"><li>一</li></ul>', 'http://x.test/l').empty).toBeUndefined();
    // Rows that are not header rows but yield no item are a layout problem, not an empty list.
    expect(parseListPage({ ...html, items: 'table.l tr' }, frame('<tr><td>无链接</td></tr>').replace('<tr><th>标题</th></tr>', ''), 'http://x.test/l').empty).toBeUndefined();
    expect(parseListPage(html, frame('<tr><td><a href="/d?id=1">路灯</a></td></tr>'), 'http://x.test/l').empty).toBeUndefined();
    const json = { format: 'json' as const, items: 'data.list', fields: { siteId: 'id', title: 'title' } };
    expect(parseListPage(json, '{"data":{"list":[]}}', 'http://x.test/api')).toMatchObject({ items: [], problems: [], empty: '[]' });
    const renamed = parseListPage(json, '{"data":{"records":[]}}', 'http://x.test/api');
    expect(renamed).toMatchObject({ items: [], problems: ['条目路径 "data.list" 不是数组'] });
    expect(renamed.empty).toBeUndefined();
  });
});

describe('short times boards print', () => {
  // 2026-01-02 10:00 in China.
  const now = new Date('2026-01-02T02:00:00Z');
  it('reads 今天/昨天/前天 and dates without a year as the same moment at every run', () => {
    expect(normalizeTime('今天 09:12', now)).toBe('2026-01-02T09:12:00+08:00');
    expect(normalizeTime('昨天 14:30', now)).toBe('2026-01-01T14:30:00+08:00');
    expect(normalizeTime('前天', now)).toBe('2025-12-31T00:00:00+08:00');
    expect(normalizeTime('01-02 08:05:09', now)).toBe('2026-01-02T08:05:09+08:00');
    expect(normalizeTime('1月2日', now)).toBe('2026-01-02T00:00:00+08:00');
    // Read on 2 January: a 12-27 message is of the year before.
    expect(normalizeTime('12-27 14:30', now)).toBe('2025-12-27T14:30:00+08:00');
    // The same message a day later reads the same.
    expect(normalizeTime('昨天 09:12', new Date('2026-01-03T02:00:00Z'))).toBe(normalizeTime('今天 09:12', now));
  });
  it('reads a year of two digits as 20YY when no later than tomorrow, and month-day dates as before', () => {
    const late = new Date('2026-11-30T02:00:00Z');
    expect(normalizeTime('26-11-03', late)).toBe('2026-11-03T00:00:00+08:00');
    expect(normalizeTime('26/11/03 14:20', late)).toBe('2026-11-03T14:20:00+08:00');
    expect(normalizeTime('２６．１１．０３', late)).toBe('2026-11-03T00:00:00+08:00');
    expect(normalizeTime('09-1-5 下午2:20', late)).toBe('2009-01-05T14:20:00+08:00');
    // Not a date of ours: a year ahead, no such month, separators that differ.
    expect(normalizeTime('30-11-25', late)).toBeUndefined();
    expect(normalizeTime('26-13-03', late)).toBeUndefined();
    expect(normalizeTime('26-11/03', late)).toBeUndefined();
    expect(normalizeTime('11-27 14:30', late)).toBe('2026-11-27T14:30:00+08:00');
    expect(normalizeTime('11/03', late)).toBe('2026-11-03T00:00:00+08:00');
  });
  it('leaves counts and other text as they are', () => {
    expect(normalizeTime('3小时前', now)).toBeUndefined();
    expect(normalizeTime('今天天气', now)).toBeUndefined();
    expect(normalizeTime('13-45', now)).toBeUndefined();
    expect(normalizeTime('2023-05-01 08:09', now)).toBe('2023-05-01T08:09:00+08:00');
  });
});

describe('links on a GBK page', () => {
  it('escape the Chinese of their query in GBK, as a browser sends it; the path and UTF-8 pages are left alone', () => {
    expect(escapeQueryAs('view.jsp?lb=市长信箱&id=7#top', 'gbk')).toBe('view.jsp?lb=%CA%D0%B3%A4%D0%C5%CF%E4&id=7#top');
    expect(escapeQueryAs('view.jsp?lb=%CA%D0&id=7', 'gb2312')).toBe('view.jsp?lb=%CA%D0&id=7');
    expect(escapeQueryAs('/信箱/view.jsp?id=7', 'gbk')).toBe('/信箱/view.jsp?id=7');
    expect(escapeQueryAs('view.jsp?lb=市长信箱', 'utf-8')).toBe('view.jsp?lb=市长信箱');
    expect(escapeQueryAs('view.jsp?lb=市长信箱', undefined)).toBe('view.jsp?lb=市长信箱');
  });

  it('are read with the page\'s own <meta> charset by parseListPage', () => {
    const body = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><ul><li><a href="show.asp?lb=市长信箱&id=3">来信</a></li></ul></body></html>';
    const { items } = parseListPage({ format: 'html', items: 'li', fields: { title: 'a', detailUrl: { selector: 'a', attr: 'href' } } } as never, body, 'http://x.gov.cn/list.asp');
    expect(items[0]?.fields.detailUrl).toBe('http://x.gov.cn/show.asp?lb=%CA%D0%B3%A4%D0%C5%CF%E4&id=3');
  });
});

describe('decideCharset', () => {
  const page = (head: string, body = '关于小区停车难的问题反映，希望有关部门尽快解决。') => `<html><head>${head}<title>市长信箱</title></head><body>${body}</body></html>`;
  const gbk = (text: string) => iconv.encode(text, 'gbk');
  const utf8 = (text: string) => Buffer.from(text, 'utf8');

  it('names the header charset it overrules, as shown to staff (a name, cut at 40 characters)', () => {
    expect(decideCharset(undefined, 'text/html; charset="UTF-8"; x="<b>"', gbk(page('<meta charset="gbk">')))).toMatchObject({ charset: 'gbk', header: 'utf-8' });
    expect(decideCharset(undefined, 'text/html; charset=gbk', gbk(page('')))).not.toHaveProperty('header');
    expect(shownCharset('windows-1252')).toBe('windows-1252');
    expect(shownCharset('x'.repeat(300))).toBe(`${'x'.repeat(40)}…`);
  });

  it('takes the header where the bytes agree with it, or where nothing on the page says otherwise', () => {
    expect(decideCharset(undefined, 'text/html; charset=gbk', gbk(page('')))).toEqual({ charset: 'gbk' });
    expect(decideCharset(undefined, 'text/html; charset=UTF-8', utf8(page('<meta charset="gbk">')))).toEqual({ charset: 'utf-8' });
    // A UTF-8 letter with a stray broken character is still a UTF-8 page.
    expect(decideCharset(undefined, 'text/html; charset=utf-8', Buffer.concat([utf8(page('<meta charset="gbk">')), Buffer.from([0xff, 0x20])]))).toEqual({ charset: 'utf-8' });
    // A Latin-1 page with no Chinese <meta>: as said.
    expect(decideCharset(undefined, 'text/html; charset=iso-8859-1', Buffer.from(page('', 'Café crème'), 'latin1'))).toEqual({ charset: 'iso-8859-1' });
    expect(decideCharset(undefined, 'text/html; charset=iso-8859-1', utf8(page('<meta charset="gb2312">', 'plain ASCII')))).toEqual({ charset: 'iso-8859-1' });
    expect(decideCharset(undefined, 'text/html', utf8(page('')))).toEqual({ charset: undefined });
    expect(decideCharset(undefined, 'text/html', gbk(page('<meta charset="gb2312">')))).toEqual({ charset: 'gb2312' });
  });

  it('takes the source\'s `encoding` whatever the bytes are', () => {
    expect(decideCharset('GBK', 'text/html; charset=utf-8', utf8(page('')))).toEqual({ charset: 'gbk' });
  });

  it('takes the <meta>\'s Chinese charset (or a byte order mark\'s) over a header the bytes belie, and says why', () => {
    expect(decideCharset(undefined, 'text/html; charset=utf-8', gbk(page('<meta charset="gbk">')))).toMatchObject({ charset: 'gbk', overrode: expect.stringContaining('与页面内容不符') });
    expect(decideCharset(undefined, 'text/html; charset=windows-1252', gbk(page('<meta http-equiv="Content-Type" content="text/html; charset=GB2312">')))).toMatchObject({ charset: 'gb2312' });
    expect(decideCharset(undefined, 'text/html; charset=us-ascii', iconv.encode(page('<meta charset="big5">'), 'big5'))).toMatchObject({ charset: 'big5' });
    expect(decideCharset(undefined, 'text/html; charset=utf-8', Buffer.concat([Buffer.from([0x84, 0x31, 0x95, 0x33]), iconv.encode(page(''), 'gb18030')]))).toMatchObject({ charset: 'gb18030' });
    // Not when the bytes do not read cleanly in the <meta>'s charset either: as said (and reported as garbled by the engine).
    expect(decideCharset(undefined, 'text/html; charset=utf-8', Buffer.concat([Buffer.from(page('<meta charset="gbk">').slice(0, 60)), Buffer.from([0x81, 0x20, 0x81, 0x20, 0x81, 0x20, 0xff, 0xff])]))).toEqual({ charset: 'utf-8' });
  });

  it('reads GBK text under a header naming UTF-8 or Latin-1 as GB18030 when the page declares no charset, but leaves a Western page as said', () => {
    const letter = page('', '我家住在印台区城关街道，小区门口的路灯已经坏了半个多月，晚上出门很不方便，希望有关部门尽快维修。');
    expect(decideCharset(undefined, 'text/html; charset=iso-8859-1', gbk(letter))).toMatchObject({ charset: 'gb18030', overrode: expect.stringContaining('内容是 GBK 编码的中文') });
    expect(decideCharset(undefined, 'text/html; charset=utf-8', gbk(letter))).toMatchObject({ charset: 'gb18030', overrode: expect.stringContaining('内容是 GBK 编码的中文') });
    // Western pages full of accented letters read "cleanly" as GBK too, but not as Chinese text.
    const french = page('', 'Élève très âgé, où êtes-vous ? Ça déçoit: la mère a mangé une crème brûlée près du théâtre. Über größere Übungen für Schüler, Straße, Mädchen, Käse. '.repeat(4));
    expect(decideCharset(undefined, 'text/html; charset=iso-8859-1', Buffer.from(french, 'latin1'))).toEqual({ charset: 'iso-8859-1' });
    expect(decideCharset(undefined, 'text/html; charset=windows-1252', Buffer.from(french, 'latin1'))).toEqual({ charset: 'windows-1252' });
    // Too little Chinese to tell (a title only): as said.
    expect(decideCharset(undefined, 'text/html; charset=iso-8859-1', gbk(page('', '路灯')))).toEqual({ charset: 'iso-8859-1' });
  });

  it('reads a page naming no charset whose bytes are not UTF-8 as GB18030, and a UTF-8 page under a stale <meta> as UTF-8', () => {
    expect(decideCharset(undefined, 'text/html', gbk(page('')))).toMatchObject({ charset: 'gb18030', overrode: expect.stringContaining('gb18030') });
    expect(decideCharset(undefined, undefined, utf8(page('<meta charset="gbk">')))).toMatchObject({ charset: 'utf-8', overrode: expect.stringContaining('UTF-8') });
  });
});

describe('unwrapBody', () => {
  it('decodes a fragment captured inside a JSON string, escapes and all, and leaves other captures as sent', () => {
    const answer = JSON.stringify({ code: 0, html: '<li class="item"><a href="show.do?id=3">路灯\n不亮</a></li>' });
    expect(unwrapBody(answer, '"html"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"')).toBe('<li class="item"><a href="show.do?id=3">路灯\n不亮</a></li>');
    expect(unwrapBody(`["<li class=\\"item\\">a<\\/li>"]`, '^\\s*\\[(.*)\\]\\s*$')).toBe('<li class="item">a</li>');
    expect(unwrapBody('[<tr><td>a</td></tr>]', '^\\s*\\[(.*)\\]\\s*$')).toBe('<tr><td>a</td></tr>');
    // Between quotes but no JSON string (a stray backslash): as sent.
    expect(unwrapBody('x="a\\qb"', 'x="(.*)"')).toBe('a\\qb');
    expect(unwrapBody('plain', undefined)).toBe('plain');
  });
});
