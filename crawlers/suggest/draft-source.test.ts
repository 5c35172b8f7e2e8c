/**
 * Drafting from pages written for this test in layouts the look-alike sites do not use: a CMS
 * article list (nav menus, odd/even rows, dates in spans, no ids, "load" links), an ASP.NET page
 * of labelled spans, and a letter whose text no label names.
 */
import { describe, expect, it } from 'vitest';
import { parseDetailPage, parseListPage } from '../extract/pages.js';
import { draftSource } from './draft-source.js';

const nav = '<div class="menu"><ul><li><a href="/">网站首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/zjyt/">走进印台</a></li></ul></div>';
const titles = ['关于城关街道南苑社区供暖不热的问题', '咨询新生儿医保办理需要哪些材料', '建议在陈炉镇增设公交站点方便群众出行', '反映王石凹街道道路破损严重的情况', '请求帮助解决农民工工资拖欠问题', '举报某小区物业乱收费的问题'];
const listPage = `<html><head><title>区长信箱_印台区人民政府</title></head><body>${nav}
<div class="main"><div class="position">当前位置：首页 &gt; 互动交流 &gt; 区长信箱</div>
<div class="xx-list"><ul>
${titles.map((t, i) => `<li class="${i % 2 ? 'even' : 'odd'}"><span class="state">${i % 3 === 0 ? '已回复' : '办理中'}</span><a href="./202611/t2026112${i}_${7000 + i}.html" title="${t}" target="_blank">${t.length > 16 ? `${t.slice(0, 15)}…` : t}</a><span class="date">2026-11-2${i}</span></li>`).join('\n')}
</ul></div>
<div class="page"><a href="index.html">首页</a><a href="index_1.html">下一页</a><a href="index_5.html">尾页</a></div></div>
<div class="footer">主办单位：铜川市印台区人民政府 <a href="/sitemap/">网站地图</a></div></body></html>`;

const trsDetail = (reply: boolean) => `<html><body>${nav}<div class="main"><div class="article">
<h1 class="article-title">关于城关街道南苑社区供暖不热的问题</h1>
<div class="info"><span>来信人：李女士</span><span>来信时间：2026-11-20 09:12</span></div>
<div class="TRS_Editor"><p>我家住在南苑社区5号楼，今年供暖开始后室温一直只有十四度左右，多次给供热公司打电话都说正在处理，但一直没有改善，家里有老人和孩子，请政府督促解决。</p></div>
${reply ? '<div class="hf-box"><p>回复单位：区住建局</p><p>回复时间：2026-11-22</p><div class="hf-content">李女士您好：经核查，该楼供热管道存在堵塞，已于11月21日疏通，现室温已达标。</div></div>' : ''}
</div></div><div class="footer">主办单位：铜川市印台区人民政府</div></body></html>`;

describe('draftSource on a CMS article list', () => {
  const draft = draftSource({
    listUrl: 'http://www.example.gov.cn/hdjl/qzxx/index.html',
    listHtml: listPage,
    detailPages: [
      { url: 'http://www.example.gov.cn/hdjl/qzxx/202611/t20261121_7001.html', html: trsDetail(false) },
      { url: 'http://www.example.gov.cn/hdjl/qzxx/202611/t20261120_7000.html', html: trsDetail(true) },
    ],
    id: 'cms',
    name: '区长信箱',
    channel: 'district_mailbox',
  });

  it('takes the rows of the list, not the menu, whole titles from the title attribute, dates and statuses by their look', () => {
    const listed = parseListPage(draft.source.list, listPage, 'http://www.example.gov.cn/hdjl/qzxx/index.html');
    expect(listed.problems).toEqual([]);
    expect(listed.items.map((i) => i.fields.title)).toEqual(titles);
    expect(listed.items[1]?.fields).toMatchObject({ siteStatus: '办理中', postedAt: '2026-11-21T00:00:00+08:00', detailUrl: 'http://www.example.gov.cn/hdjl/qzxx/202611/t20261121_7001.html' });
    expect(draft.source.pagination).toMatchObject({ type: 'path', template: expect.stringContaining('index_{page}.html') });
  });

  it('reads the letter by its labels and class names, and the reply from an answered letter', () => {
    const read = parseDetailPage(draft.source.detail!, trsDetail(true), 'http://www.example.gov.cn/x.html');
    expect(read.fields).toMatchObject({
      title: '关于城关街道南苑社区供暖不热的问题',
      author: '李女士',
      replyUnit: '区住建局',
      replyText: expect.stringContaining('已于11月21日疏通'),
    });
    expect(read.fields.content).toMatch(/^我家住在南苑社区5号楼/);
    expect(read.fields.postedAt).toBe('2026-11-20T09:12:00+08:00');
    // The open letter's page has no reply box: the rules find nothing there, and that is no error.
    const open = parseDetailPage(draft.source.detail!, trsDetail(false), 'http://www.example.gov.cn/y.html', undefined, ['title', 'content']);
    expect(open.problems).toEqual([]);
    expect(open.fields.replyText).toBeUndefined();
  });
});

describe('draftSource on an ASP.NET page of labelled spans', () => {
  const rows = ['占道经营严重影响通行', '小区门口路灯不亮已经一个月', '学校周边交通拥堵请增派交警'].map(
    (t, i) => `<tr class="GridRow"><td><a id="gv_lnk_${i}" href="CaseDetail.aspx?CaseId=2026112${i}">${t}</a></td><td>2026/11/2${i} 10:00</td><td>已办结</td></tr>`,
  );
  const listHtml = `<html><body><form id="form1"><table id="gvCase"><tr class="GridHeader"><th>标题</th><th>提交时间</th><th>状态</th></tr>${rows.join('')}</table></form></body></html>`;
  const detailHtml = `<html><body><form id="form1"><table class="case">
<tr><td>诉求标题：</td><td><span id="CaseDetail_lbl_Title">占道经营严重影响通行</span></td></tr>
<tr><td>诉求类型：</td><td><span id="CaseDetail_lbl_CaseType">投诉</span></td></tr>
<tr><td>诉求内容：</td><td><span id="CaseDetail_lbl_Content">东风路菜市场门口摊贩占道经营，早晚高峰车辆无法通行。</span></td></tr>
<tr><td>处理结果：</td><td><span id="CaseDetail_lbl_Result">已责成城管执法局清理，并设置临时疏导点。</span></td></tr>
</table></form></body></html>`;

  it('maps the header columns and the labels, and takes the id from the link', () => {
    const draft = draftSource({ listUrl: 'http://12345.example.cn/Case.aspx', listHtml, detailPages: [{ url: 'http://12345.example.cn/CaseDetail.aspx?CaseId=20261120', html: detailHtml }], id: 'aspnet', name: '12345', channel: 'other_web' });
    const listed = parseListPage(draft.source.list, listHtml, 'http://12345.example.cn/Case.aspx');
    expect(listed.items.map((i) => [i.siteId, i.fields.postedAt, i.fields.siteStatus])).toEqual([
      ['20261120', '2026-11-20T10:00:00+08:00', '已办结'],
      ['20261121', '2026-11-21T10:00:00+08:00', '已办结'],
      ['20261122', '2026-11-22T10:00:00+08:00', '已办结'],
    ]);
    const read = parseDetailPage(draft.source.detail!, detailHtml, 'http://12345.example.cn/CaseDetail.aspx?CaseId=20261120');
    expect(read.fields).toMatchObject({ title: '占道经营严重影响通行', siteType: '投诉', content: '东风路菜市场门口摊贩占道经营，早晚高峰车辆无法通行。', replyText: '已责成城管执法局清理，并设置临时疏导点。' });
    // Pages that hold a single list page: the draft says paging was not found.
    expect(draft.notes.join('\n')).toContain('没有在列表页上找到翻页链接');
  });

  it('refuses a page with no repeated linked items, saying what it may be', () => {
    expect(() => draftSource({ listUrl: 'http://x.example.cn/', listHtml: '<html><body><p>系统维护中</p></body></html>', detailPages: [], id: 'x', name: 'x', channel: 'other_web' })).toThrow(/没有找到重复出现、带标题链接的条目/);
  });
});

describe('draftSource on a TRS channel whose pager is a script and whose labels are bold words inside paragraphs', () => {
  const letters = [
    { t: '关于城关街道南苑社区供暖不热的问题', body: '家里室温只有十四度。', reply: '已疏通管道，室温已达标。' },
    { t: '咨询新生儿医保办理需要哪些材料', body: '孩子刚出生，想办医保。' },
  ];
  const listHtml = `<html><body>${nav}<div class="list"><ul>${[...letters, ...letters, ...letters].map((l, i) => `<li><a href="./202611/t2026112${i}_${7000 + i}.html">${l.t}</a><span>2026-11-2${i}</span></li>`).join('')}</ul>
<div class="page"><script language="JavaScript">var countPage = 5; createPageHTML(countPage, 0, "index", "html");</script></div></div></body></html>`;
  // No element of its own for the values: the label is a <strong>, the value the text after it.
  const detail = (l: (typeof letters)[number]) => `<html><body>${nav}<div class="box"><h2>${l.t}</h2>
<p><strong>来信人：</strong>张先生</p><p><strong>来信时间：</strong>2026-11-20 10:00</p><p><strong>来信内容：</strong>${l.body}<br>请尽快处理。</p>
<p><strong>答复单位：</strong>${l.reply ? '区住建局' : ''}</p><p><strong>答复内容：</strong>${l.reply ?? '暂无答复'}</p></div></body></html>`;
  const draft = draftSource({
    listUrl: 'http://www.example.gov.cn/hdjl/qzxx/index.html',
    listHtml,
    detailPages: letters.map((l, i) => ({ url: `http://www.example.gov.cn/hdjl/qzxx/202611/t2026112${i}_${7000 + i}.html`, html: detail(l) })),
    id: 'trs',
    name: '区长信箱',
    channel: 'district_mailbox',
  });

  it('pages as the script would (index_1.html, index_2.html …) and says the pager was read from a script', () => {
    expect(draft.source.pagination).toMatchObject({ type: 'path', template: '/hdjl/qzxx/index_{page}.html', start: 0 });
    expect(draft.notes.join('\n')).toContain('createPageHTML');
  });

  it('reads each value after its bold label, and an open letter’s 暂无答复 as no reply', () => {
    const [answered, open] = letters.map((l) => parseDetailPage(draft.source.detail!, detail(l), 'http://www.example.gov.cn/d.html').fields);
    expect(answered).toMatchObject({ author: '张先生', postedAt: '2026-11-20T10:00:00+08:00', content: '家里室温只有十四度。\n请尽快处理。', replyText: '已疏通管道，室温已达标。' });
    expect(open?.content).toBe('孩子刚出生，想办医保。\n请尽快处理。');
    expect(open?.replyText).toBeUndefined();
  });

  it('reads a label left blank on an open letter as empty, not the next line', () => {
    // <p><strong>答复单位：</strong></p> on the open letter: the label rule must not take 答复内容：暂无答复.
    expect(draft.source.detail?.fields.replyUnit).toEqual({ label: '答复单位' });
    expect(draft.notes.join('\n')).not.toContain('读到的是旁边的内容');
    const [answered, open] = letters.map((l) => parseDetailPage(draft.source.detail!, detail(l), 'http://www.example.gov.cn/d.html'));
    expect(answered?.fields.replyUnit).toBe('区住建局');
    expect(open?.problems).toEqual([]);
    expect(open?.fields.replyUnit).toBeUndefined();
  });
});

describe('draftSource on a detail whose labels run together in one text', () => {
  // An old JSP template joins the labels with no space: `答复单位：…答复时间：…` is one text node.
  const detail = (reply: { unit: string; at: string; text: string } | undefined) => `<html><body><div class="mail">
<h2 class="mail-title">关于南苑社区供暖不热的问题</h2>
<div class="mail-info">来信人：李女士来信时间：2026-11-20 09:12</div>
<div class="mail-body"><p>我家住在南苑社区5号楼，今年供暖开始后室温一直只有十四度左右，请政府督促解决。</p></div>
<div class="mail-answer">答复单位：${reply?.unit ?? ''}答复时间：${reply?.at ?? ''}</div>
<div class="reply-text">${reply?.text ?? ''}</div></div></body></html>`;
  const answered = detail({ unit: '区住房和城乡建设局', at: '2026-03-02 10:30', text: '李女士您好：关于答复时间较长的问题，我局已整改，管道已于3月1日疏通。' });
  const draft = draftSource({
    listUrl: 'http://www.example.gov.cn/mail/list.jsp',
    listHtml: listPage,
    detailPages: [
      { url: 'http://www.example.gov.cn/mail/view.jsp?id=1', html: detail(undefined) },
      { url: 'http://www.example.gov.cn/mail/view.jsp?id=2', html: answered },
    ],
    id: 'jsp',
    name: '书记信箱',
    channel: 'district_mailbox',
  });

  it('reads each labelled value up to the next label with its colon, and a reply quoting a label word whole', () => {
    const read = parseDetailPage(draft.source.detail!, answered, 'http://www.example.gov.cn/x.html');
    expect(read.fields).toMatchObject({ author: '李女士', postedAt: '2026-11-20T09:12:00+08:00', replyUnit: '区住房和城乡建设局', replyAt: '2026-03-02T10:30:00+08:00' });
    expect(read.fields.replyText).toBe('李女士您好：关于答复时间较长的问题，我局已整改，管道已于3月1日疏通。');
    expect(draft.notes.join('\n')).not.toContain('读到的是旁边的内容');
    // The open letter prints the labels with nothing after them: no unit, no time.
    const open = parseDetailPage(draft.source.detail!, detail(undefined), 'http://www.example.gov.cn/y.html', undefined, ['title', 'content']);
    expect(open.problems).toEqual([]);
    expect(open.fields.replyUnit).toBeUndefined();
    expect(open.fields.replyAt).toBeUndefined();
  });
});

describe('draftSource on a list whose pager a script writes from its page count', () => {
  const withPager = (script: string) => listPage.replace(/<div class="page">.*?<\/div>/, `<div class="page"><script>${script}</script></div>`);
  const draftOf = (html: string, listUrl: string) =>
    draftSource({ listUrl, listHtml: html, detailPages: [{ url: 'http://www.example.gov.cn/hdjl/qzxx/202611/t20261120_7000.html', html: trsDetail(true) }], id: 'p', name: '区长信箱', channel: 'district_mailbox' });

  it('pages by the address the script joins a page number into, numbered from the page or the current page it declares', () => {
    const path = draftOf(withPager("var pageCount = 4; var currentPage = 1; for (var i = 1; i <= pageCount; i++) document.write('<a href=\"list_' + i + '.html\">' + i + '</a>');"), 'http://www.example.gov.cn/hdjl/qzxx/list_1.html');
    expect(path.source.pagination).toMatchObject({ type: 'path', template: '/hdjl/qzxx/list_{page}.html', start: 1 });
    expect(path.notes.join('\n')).toContain('pageCount');
    const query = draftOf(withPager("var totalPage = 4; var curPage = 1; if (curPage < totalPage) document.write(\"<a href='?page=\" + (curPage + 1) + \"'>下一页</a>\");"), 'http://www.example.gov.cn/hdjl/qzxx/list.aspx');
    expect(query.source.pagination).toMatchObject({ type: 'query', param: 'page', start: 1 });
  });

  it('leaves a script with no page count alone', () => {
    const none = draftOf(withPager("document.write('<a href=\"list_' + 2 + '.html\">更多</a>');"), 'http://www.example.gov.cn/hdjl/qzxx/list.html');
    expect(none.source.pagination).toEqual({ type: 'none' });
  });
});

describe('draftSource on a list paged by script calls (goPage(2))', () => {
  const withPager = (pager: string, script: string) => listPage.replace(/<div class="page">.*?<\/div>/, `<div class="page">${pager}</div><script>${script}</script>`);
  const draftOf = (html: string, listUrl: string) =>
    draftSource({ listUrl, listHtml: html, detailPages: [{ url: 'http://www.example.gov.cn/hdjl/qzxx/202611/t20261120_7000.html', html: trsDetail(true) }], id: 'p', name: '区长信箱', channel: 'district_mailbox' });

  it('pages by the path the function sends the browser to, numbered from the call of page 2 less one', () => {
    const pager = '<a href="javascript:void(0)" onclick="toPage(1)">2</a> <a href="javascript:toPage(1)">下一页</a>';
    const draft = draftOf(withPager(pager, "function toPage(p) { if (p > 9) { return; } location = 'list_' + p + '.html'; }"), 'http://www.example.gov.cn/hdjl/qzxx/list.html');
    expect(draft.source.pagination).toMatchObject({ type: 'path', template: '/hdjl/qzxx/list_{page}.html', start: 0 });
    expect(draft.notes.join('\n')).toContain('toPage(1)');
  });

  it('pages by a query parameter when the function submits a form by GET to the list itself', () => {
    const pager = '<a href="javascript:goPage(2)">下一页</a><form id="f" action="list.jsp"><input type="hidden" id="pn" name="pageNo" value="1"></form>';
    const draft = draftOf(withPager(pager, "function goPage(n) { document.getElementById('pn').value = n; document.getElementById('f').submit(); }"), 'http://www.example.gov.cn/hdjl/qzxx/list.jsp');
    expect(draft.source.pagination).toMatchObject({ type: 'query', param: 'pageNo', start: 1 });
  });

  it('posts the form with its hidden fields, the page number in the field the function fills', () => {
    const pager = '<a href="#" onclick="goPage(2)">2</a><form name="pf" action="/hdjl/search.do" method="POST"><input type="hidden" name="lb" value="市长信箱"><input type="hidden" name="curPage" value="1"><input type="submit" value="跳转"></form>';
    const draft = draftOf(withPager(pager, "function goPage(n) { document.pf.curPage.value = n; document.pf.submit(); }"), 'http://www.example.gov.cn/hdjl/list.do');
    expect(draft.source.pagination).toMatchObject({ type: 'post-form', url: 'http://www.example.gov.cn/hdjl/search.do', body: { lb: '市长信箱', curPage: '{page}' }, start: 1 });
  });

  it('leaves a function it cannot read alone', () => {
    const draft = draftOf(withPager('<a href="javascript:goPage(2)">2</a>', 'function goPage(n) { loadList(n); }'), 'http://www.example.gov.cn/hdjl/qzxx/list.html');
    expect(draft.source.pagination).toEqual({ type: 'none' });
  });
});

describe('draftSource on a list whose meta line runs its labels together', () => {
  const cards = titles.map((t, i) => `<div class="item"><h4><a href="view.jsp?id=88${i}">${t}</a></h4><p class="meta">编号：XJ2026112${i}时间：2026-11-2${i}状态：${i % 2 ? '办理中' : '已答复'}</p></div>`);
  const listHtml = `<html><head><title>书记信箱</title></head><body>${nav}<div class="list">${cards.join('\n')}</div></body></html>`;
  const draft = draftSource({ listUrl: 'http://www.example.gov.cn/mail/list.jsp', listHtml, detailPages: [{ url: 'http://www.example.gov.cn/mail/view.jsp?id=880', html: trsDetail(true) }], id: 'meta', name: '书记信箱', channel: 'district_mailbox' });

  it('reads each label of the line up to the next', () => {
    const listed = parseListPage(draft.source.list, listHtml, 'http://www.example.gov.cn/mail/list.jsp');
    expect(listed.items[1]?.fields).toMatchObject({ siteId: 'XJ20261121', postedAt: '2026-11-21T00:00:00+08:00', siteStatus: '办理中' });
  });
});
