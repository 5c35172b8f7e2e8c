/**
 * `suggestPagination` on pagers that name no page by their text: a link known by its title, alt,
 * aria-label or its (icon's) class, and controls with no link whose handler opens an address (a
 * `<button>`, a page-jump `<select>`, a 跳转 box), each drafted as HTTP pagination with a note
 * saying how it was found; pagers naming the next page in other words (>>, [下一页]), by page
 * numbers alone or by images with no `alt` known by their file names or their place beside
 * 第1页/共3页; and what looks alike but is
 * no pager (a side box's 更多 › or » to its column, a › on every row, a greyed arrow, a handler
 * fetching by XHR, a 下一条 to a letter, a number list of related topics, a >> to the last page)
 * drafted as none.
 */
import { describe, expect, it } from 'vitest';
import { loadPage } from './css-path.js';
import { suggestPagination } from './suggest-pagination.js';

const pageUrl = 'http://mail.example.gov.cn/hdjl/list.jsp';
const rows = [1, 2, 3, 4].map((n) => `<li><a href="show.jsp?id=${n}">关于小区第${n}期道路维修的问题</a><span>2026-03-0${n}</span></li>`).join('');

/** The pagination drafted for a list page holding `pager` (and a side box), and its notes. */
function drafted(pager: string, head = ''): { pagination: Record<string, unknown>; notes: string } {
  const notes: string[] = [];
  const $ = loadPage(`<html><head>${head}</head><body><div class="list"><ul>${rows}</ul>${pager}</div></body></html>`);
  return { pagination: suggestPagination($, pageUrl, notes), notes: notes.join('\n') };
}

const found: [string, string, Record<string, unknown>, RegExp, string?][] = [
  ['an icon link known by its class next', '<div class="page"><span>共3页</span><a class="next" href="list.jsp?page=2"><i class="iconfont icon-right"></i></a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'a.next:not([class*=disabled])' }, /class“next”认作下一页：第 2 页为 \/hdjl\/list\.jsp\?page=2/],
  ['a link known by its icon (fa-angle-right) alone', '<div class="page"><a href="list.jsp?page=2"><i class="fa fa-angle-right"></i></a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:has(.fa-angle-right)' }, /class“fa-angle-right”认作下一页/],
  ['an image link of class xyy (下一页\'s initials)', '<div class="page"><a class="xyy" href="list_2.jsp"><img src="xyy.gif"></a></div>', { type: 'path', template: '/hdjl/list_{page}.jsp', start: 1, hasNext: 'a.xyy:not([class*=disabled])' }, /class“xyy”/],
  ['layui\'s next drawing an icon font\'s glyph', '<div class="layui-laypage"><a class="layui-laypage-next" href="?page=2"><i class="layui-icon">&#xe602;</i></a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'a.layui-laypage-next:not([class*=disabled])' }, /layui-laypage-next/],
  ['an image link named by its alt 下页', '<div class="page"><a href="list.jsp?page=2"><img src="n.gif" alt="下页"></a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:has(img[alt="下页"])' }, /按它的 alt“下页”认作下一页/],
  ['a link named by its aria-label', '<nav id="pg"><a href="list.jsp?page=2" aria-label="下一页"><svg></svg></a></nav>', { type: 'query', param: 'page', start: 1, hasNext: 'nav#pg a[aria-label="下一页"]' }, /aria-label“下一页”/],
  ['a <button> opening a written address', '<div class="page"><button onclick="window.location=\'?pageNo=2\'">下一页</button></div>', { type: 'query', param: 'pageNo', start: 1 }, /翻页控件 <button>文字为“下一页”，点击时打开 \?pageNo=2：按参数 pageNo 翻页（query，第 1 页为 1），不需要浏览器/],
  ['a javascript: link whose onclick opens list.jsp?page=2', '<div class="page"><a href="javascript:;" onclick="location.href=\'list.jsp?page=2\'">后页</a></div>', { type: 'query', param: 'page', start: 1 }, /<a>文字为“后页”/],
  ['an <input type=button> titled 下一页', '<div class="page"><input type="button" class="btn" title="下一页" value="" onclick="location.assign(\'list_2.jsp\')"></div>', { type: 'path', template: '/hdjl/list_{page}.jsp', start: 1 }, /<input>没有文字，按它的 title“下一页”认作下一页/],
  ['a <select> whose options are the pages\' addresses', '<div class="page"><select onchange="location.href=this.value"><option value="list.jsp">1</option><option value="list.jsp?p=2">2</option><option value="list.jsp?p=3">3</option></select></div>', { type: 'query', param: 'p', start: 1 }, /页码下拉框（<select>，共 3 项）选中页码时打开所选项的值（第 2 页为 list\.jsp\?p=2）/],
  ['a <select> calling a function that joins the value', '<div class="page">共3页<select onchange="gotoPage(this.options[this.selectedIndex].value)"><option value="1">1</option><option value="2">2</option></select></div>', { type: 'query', param: 'pn', start: 1 }, /所选项的值拼进地址/, '<script>function gotoPage(p) { window.location.href = "list.jsp?pn=" + p; }</script>'],
  ['a <select> numbered from 0', '<div class="page"><select onchange="location.href=\'list.jsp?pageIndex=\'+this.value"><option value="0">1</option><option value="1">2</option></select></div>', { type: 'query', param: 'pageIndex', start: 0 }, /第 1 页的值为 0/],
  ['a <select> of offsets', '<div class="page"><select onchange="location.href=\'list.jsp?start=\'+this.value"><option value="0">1</option><option value="20">2</option><option value="40">3</option></select></div>', { type: 'offset', param: 'start', step: 20, start: 0 }, /offset/],
  ['a 跳转 box whose GO joins the input into the address', '<div class="page">共5页 <input id="pno" size="3"><a href="javascript:void(0)" onclick="location.href=\'list.jsp?page=\'+document.getElementById(\'pno\').value">跳转</a></div>', { type: 'query', param: 'page', start: 1 }, /跳转框：按钮“跳转”把输入框中的页码拼进地址打开（共 5 页，页码从 1 起）/],
  ['a 跳转 box sent as a GET form to the list', '<form action="list.jsp" method="get">第1/4页 <input type="text" name="curPage" size="3"><input type="submit" value="确定"></form>', { type: 'query', param: 'curPage', start: 1 }, /表单以 GET 把输入框 curPage 中的页码提交到列表页本身（共 4 页/],
  ['a 尾页 link alone, named by its title, on a pager printing 共5页', '<div class="page">共5页 <a href="list.jsp?page=5" title="尾页"><img src="last.gif"></a></div>', { type: 'query', param: 'page', start: 1 }, /翻页链接只有尾页（title“尾页”），它的地址 \/hdjl\/list\.jsp\?page=5 是第 5 页（共 5 页），第 2 页为 \/hdjl\/list\.jsp\?page=2/],
  ['a 尾页 link of TRS pages numbered from 0, on a pager printing 1/4页', '<div class="page">1/4页 <a href="index_3.html">尾页</a></div>', { type: 'path', template: '/hdjl/index_{page}.html', start: 0 }, /第 2 页为 \/hdjl\/index_1\.html/],
];

const notFound: [string, string, string?][] = [
  ['a side box\'s 更多 › link to its own column', '<div class="side"><h3>通知公告</h3><a class="more" href="/tzgg/index.html">更多<i class="iconfont icon-right"></i></a></div>'],
  ['a side box\'s bare arrow to its column, numbered in another folder', '<div class="side"><h3>通知公告</h3><a class="more" href="/tzgg/list_2.html"><i class="icon-arrow-right"></i></a></div>'],
  ['a side box\'s arrow titled 更多', '<div class="side"><a href="/tzgg/" title="更多"><img src="more.gif"></a></div>'],
  ['a › icon on every row', `<ul>${[1, 2, 3].map((n) => `<li><a class="go" href="show.jsp?id=${n}"><i class="icon-right"></i></a></li>`).join('')}</ul>`],
  ['a greyed next arrow', '<div class="page"><a class="next disabled" href="list.jsp?page=2"><i class="icon-right"></i></a></div>'],
  ['a 下一页 button fetching page 2 by XHR', '<div class="page"><button onclick="$.get(\'list.do?page=2\', show)">下一页</button></div>'],
  ['a page-jump <select> posting a form', '<form name="f" action="list.jsp" method="post"><select name="page" onchange="document.f.submit()"><option>1</option><option>2</option></select></form>'],
  ['a site search\'s GO box', '<div class="search"><input id="kw" size="20"><button onclick="location.href=\'list.jsp?q=\'+document.getElementById(\'kw\').value">GO</button></div>'],
  ['a site search sent as a GET form to the list', '<form action="list.jsp"><input type="text" name="keyword"><input type="submit" value="确定"></form>'],
  ['a 尾页 link on a pager printing no page count', '<div class="page"><a href="list.jsp?page=5">尾页</a></div>'],
  ['a GO box with no page-number input', '<div class="search"><button onclick="location.href=\'search.jsp?q=\'+q">GO</button></div>'],
];

describe('a pager naming no page by its text', () => {
  it.each(found)('is drafted as HTTP pagination, saying how it was found: %s', (_name, pager, pagination, note, head) => {
    const got = drafted(pager, head);
    expect(got.pagination).toEqual(pagination);
    expect(got.notes).toMatch(note);
  });

  it.each(notFound)('is not taken where there is none: %s', (_name, pager) => {
    expect(drafted(pager).pagination).toEqual({ type: 'none' });
  });
});

/** Pagers naming the next page in other words than 下一页, or by page numbers or images alone. */
const otherWords: [string, string, Record<string, unknown>, RegExp?][] = [
  ['a doubled arrow >> between 首页 and 尾页', '<div class="page"><a href="list.jsp?page=1">首页</a> <a href="list.jsp?page=2">&gt;&gt;</a> <a href="list.jsp?page=9">尾页</a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:contains(">>")' }],
  ['a doubled arrow » » drawn with a space', '<div class="page"><a href="list_2.html">» »</a></div>', { type: 'path', template: '/hdjl/list_{page}.html', start: 1, hasNext: 'div.page a:contains("» »")' }],
  ['a single > beside << and >> (the last page)', '<div class="page"><a href="list.jsp?page=1">&lt;&lt;</a><a href="list.jsp?page=2">&gt;</a><a href="list.jsp?page=9">&gt;&gt;</a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:contains(">")' }],
  ['[下一页] in brackets', '<div class="page">[首页] [上一页] <a href="index_1.htm">[下一页]</a> <a href="index_8.htm">[尾页]</a></div>', { type: 'path', template: '/hdjl/index_{page}.htm', start: 0, hasNext: 'div.page a:contains("[下一页]")' }],
  ['【下一頁】 in full-width brackets', '<div class="page"><a href="list.jsp?page=2">【下一頁】</a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:contains("【下一頁】")' }],
  ['page numbers in brackets, the current page unlinked', '<div class="page">[1] <a href="list.jsp?page=2">[2]</a> <a href="list.jsp?page=3">[3]</a> … <a href="list.jsp?page=9">末页</a></div>', { type: 'query', param: 'page', start: 1 }],
  ['下翻页 beside 上翻页', '<div class="page"><span>上翻页</span> <a href="list.jsp?page=2">下翻页</a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:contains("下翻页")' }],
  ['翻页 alone to page 2, its selector leaving out a last page\'s 上翻页', '<div class="page">共3页 <a href="list_2.jsp">翻页</a></div>', { type: 'path', template: '/hdjl/list_{page}.jsp', start: 1, hasNext: 'div.page a:contains("翻页"):not(:contains("上翻页")):not(:contains("前翻页"))' }],
  ['向前 向后', '<div class="page"><span>向前</span> <a href="list.jsp?page=2">向后</a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:contains("向后")' }],
  ['往后 after a side box\'s 往后 to its column', '<div class="side"><a href="/tzgg/list_2.html">往后</a></div><div class="page"><a href="list.jsp?page=2">往后</a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:contains("往后")' }],
  ['前翻 后翻', '<div class="page"><a href="list.jsp?page=2">后翻</a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:contains("后翻")' }],
  ['pages named 第1页 第2页 第3页, the current unlinked', '<div class="page"><span>第1页</span> <a href="list.jsp?page=2">第2页</a> <a href="list.jsp?page=3">第3页</a></div>', { type: 'query', param: 'page', start: 1 }],
  ['pages named [第2页] in brackets after a topic\'s 第2页 outside the list\'s folder', '<div class="zt"><a href="/ztzl/list_2.jsp">第2页</a></div><div class="page">[第1页] <a href="list_2.jsp">[第2页]</a> <a href="list_3.jsp">[第3页]</a></div>', { type: 'path', template: '/hdjl/list_{page}.jsp', start: 1 }],
  ['page numbers after a box of related topics numbered 1 2 3', '<div class="zt"><h3>相关专题</h3><a href="/ztzl/zt1/index.html">1</a><a href="/ztzl/zt2/index.html">2</a><a href="/ztzl/zt3/index.html">3</a></div><div class="page"><span>1</span> <a href="list.jsp?page=2">2</a> <a href="list.jsp?page=3">3</a> <a href="list.jsp?page=9">末页</a></div>', { type: 'query', param: 'page', start: 1 }],
  ['images with no alt, 上一页 and 下一页 by their file names', '<div class="page"><img src="/images/syy.gif"><a href="list.jsp?page=2"><img src="/images/xyy.gif" border="0"></a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:has(img[src$="xyy.gif"])' }, /图片文件名“xyy\.gif”认作下一页：第 2 页为 \/hdjl\/list\.jsp\?page=2/],
  ['images with no alt named page_prev.png and page_next.png', '<div class="page"><a href="list_2.jsp"><img src="/skin/page_next.png"></a><a href="list_9.jsp"><img src="/skin/page_last.png"></a></div>', { type: 'path', template: '/hdjl/list_{page}.jsp', start: 1, hasNext: 'div.page a:has(img[src$="page_next.png"])' }, /图片文件名“page_next\.png”/],
  ['images naming nothing (fy_03.gif) in a box printing 第1页/共3页', '<div class="page"><img src="/images/fy_01.gif"><img src="/images/fy_02.gif"> 第1页/共3页 <a href="list.jsp?page=2"><img src="/images/fy_03.gif"></a><a href="list.jsp?page=3"><img src="/images/fy_04.gif"></a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:has(img[src$="fy_03.gif"])' }, /翻页链接是没有文字的图片（fy_03\.gif），按它在翻页栏中的位置（唯一通往第 2 页的图片链接）认作下一页：第 2 页为 \/hdjl\/list\.jsp\?page=2/],
  ['a 下一页 beside a 下一条 to a letter', '<div class="tip"><a href="show.jsp?id=5">下一条</a></div><div class="page"><a href="list.jsp?page=2">下一页</a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:contains("下一页")' }],
  ['a pager\'s » after a side box\'s » to its column', '<div class="side"><a href="/tzgg/list_2.html">»</a></div><div class="page"><a href="list.jsp?page=2">»</a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:contains("»")' }],
];

const notPagers: [string, string][] = [
  ['a 下一条 on the list page linking to a letter', '<div class="tip"><a href="show.jsp?id=5">下一条</a> <a href="show.jsp?id=3">上一条</a></div>'],
  ['a 下一条 linking to a letter of the list\'s folder numbered as a page', '<div class="tip"><a href="list_2.jsp">下一条</a></div>'],
  ['a side box\'s » 更多 link', '<div class="side"><h3>通知公告</h3><a href="/tzgg/list_2.html">» 更多</a></div>'],
  ['a side box\'s lone » to its column', '<div class="side"><h3>通知公告</h3><a href="/tzgg/list_2.html">»</a></div>'],
  ['a number list of related topics', '<div class="zt"><h3>相关专题</h3><a href="/ztzl/zt1/index.html">1</a> <a href="/ztzl/zt2/index.html">2</a> <a href="/ztzl/zt3/index.html">3</a></div>'],
  ['a number list of related topics numbered in their file names', '<div class="zt"><a href="/ztzl/1.html">1</a> <a href="/ztzl/2.html">2</a></div>'],
  ['a doubled arrow >> to the last page alone', '<div class="page">共9页 <a href="list.jsp?page=9">&gt;&gt;</a></div>'],
  ['a doubled arrow >> to the last page beside a page number 2', '<div class="side"><a href="/zt/2.html">2</a></div><div class="page"><a href="list_9.jsp">&gt;&gt;</a></div>'],
  ['an image link with no alt whose file name says nothing', '<div class="page"><a href="list.jsp?page=2"><img src="/images/fy_03.gif"></a></div>'],
  ['images naming nothing, a 首页 to ?page=1 beside the next to ?page=2', '<div class="page">第1页/共3页 <a href="list.jsp?page=1"><img src="/images/a.gif"></a><a href="list.jsp?page=2"><img src="/images/b.gif"></a></div>'],
  ['an image naming nothing in a box printing 共3页, to a topic in a folder below the list\'s', '<div class="zt">共3页专题 <a href="zt/2.html"><img src="/images/zt.jpg"></a></div>'],
  ['a 第2页 leading outside the list\'s folder', '<div class="zt"><h3>专题</h3><a href="/ztzl/list_2.jsp">第2页</a></div>'],
  ['a side box\'s 向后 to its column', '<div class="side"><a href="/tzgg/list_2.html">向后</a></div>'],
  ['a 翻页 to a letter', '<div class="tip"><a href="show.jsp?id=5">翻页</a></div>'],
  ['a side box\'s arrow image right.gif to its column', '<div class="side"><a href="/tzgg/index_1.html"><img src="/images/right.gif"></a></div>'],
];

describe('a pager naming the next page in other words, by page numbers or by images alone', () => {
  it.each(otherWords)('is drafted as HTTP pagination: %s', (_name, pager, pagination, note) => {
    const got = drafted(pager);
    expect(got.pagination).toEqual(pagination);
    if (note) expect(got.notes).toMatch(note);
  });

  it.each(notPagers)('is not taken for the pager: %s', (_name, pager) => {
    expect(drafted(pager).pagination).toEqual({ type: 'none' });
  });
});

const img = (href: string | undefined, file: string) => (href ? `<a href="${href}"><img src="/images/${file}"></a>` : `<img src="/images/${file}">`);

/**
 * Chinese pagers: 向后翻页 / 向后翻, pages named in Chinese numerals, images naming nothing told by
 * their place outside a 第1页/共N页 box, and a 下10页 (a jump of ten pages, whatever it looks like:
 * words, an image `next10.gif`, a class `next-10`) that must never be the next page.
 */
const chinese: [string, string, Record<string, unknown>, RegExp?][] = [
  ['向后翻页 beside 向前翻页', '<div class="page"><span>向前翻页</span> <a href="list.jsp?page=2">向后翻页</a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:contains("向后翻页")' }],
  ['向后翻 beside 向前翻', '<div class="page">向前翻 | <a href="list_2.jsp">向后翻</a></div>', { type: 'path', template: '/hdjl/list_{page}.jsp', start: 1, hasNext: 'div.page a:contains("向后翻")' }],
  ['pages named [第一页] [第二页] [第三页]', '<div class="page">[第一页] <a href="list.jsp?page=2">[第二页]</a> <a href="list.jsp?page=3">[第三页]</a></div>', { type: 'query', param: 'page', start: 1 }],
  ['pages named 第一頁 第二頁 (traditional)', '<div class="page">第一頁 <a href="list_2.jsp">第二頁</a></div>', { type: 'path', template: '/hdjl/list_{page}.jsp', start: 1 }],
  ['bare Chinese numerals 一 二 三 after a topic\'s 第二页 elsewhere', '<div class="zt"><a href="/ztzl/list_2.jsp">第二页</a></div><div class="page">共3页 一 <a href="list.jsp?page=2">二</a> <a href="list.jsp?page=3">三</a></div>', { type: 'query', param: 'page', start: 1 }],
  ['page numbers beside 下10页 to ?page=11', '<div class="page"><b>1</b> <a href="list.jsp?page=2">2</a> <a href="list.jsp?page=3">3</a> <a href="list.jsp?page=11">下10页</a> <a href="list.jsp?page=20">尾页</a></div>', { type: 'query', param: 'page', start: 1 }],
  ['下十页 before the page numbers, 后10页 after them', '<div class="page"><a href="list_11.jsp">下十页</a> <b>1</b> <a href="list_2.jsp">2</a> <a href="list_11.jsp">后10页</a></div>', { type: 'path', template: '/hdjl/list_{page}.jsp', start: 1 }],
  ['a 下一页 beside a 下10页', '<div class="page"><b>1</b> <a href="list.jsp?page=11">下10页</a> <a href="list.jsp?page=2">下一页</a></div>', { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:contains("下一页")' }],
  ['page numbers beside a 下10页 image next10.gif', '<div class="page"><b>1</b> <a href="list.jsp?page=2">2</a> <a href="list.jsp?page=3">3</a> <a href="list.jsp?page=11"><img src="/images/next10.gif"></a></div>', { type: 'query', param: 'page', start: 1 }],
  ['page numbers beside a 下10页 image xyy10.gif to list_11.jsp', '<div class="page"><b>1</b> <a href="list_2.jsp">2</a> <a href="list_11.jsp"><img src="/images/xyy10.gif"></a></div>', { type: 'path', template: '/hdjl/list_{page}.jsp', start: 1 }],
  ['page numbers beside a 下10页 arrow of class next-10', '<div class="page"><b>1</b> <a href="list.jsp?page=2">2</a> <a class="next-10" href="list.jsp?page=11"></a></div>', { type: 'query', param: 'page', start: 1 }],
  ['images naming nothing beside a 下10页 image next10.gif and 第1页/共20页', `<div class="page">第1页/共20页 ${img(undefined, 'fy_01.gif')}${img(undefined, 'fy_02.gif')}${img('list.jsp?page=2', 'fy_03.gif')}${img('list.jsp?page=11', 'next10.gif')}${img('list.jsp?page=20', 'fy_04.gif')}</div>`, { type: 'query', param: 'page', start: 1, hasNext: 'div.page a:has(img[src$="fy_03.gif"])' }, /（fy_03\.gif），按它在翻页栏中的位置/],
  ['an image next.gif to an offset ?start=20 (one step of a parameter not named for a page)', `<div class="page">${img('list.jsp?start=20', 'next.gif')}</div>`, { type: 'offset', param: 'start', step: 20, start: 0, hasNext: 'div.page a:has(img[src$="next.gif"])' }],
  ['a row of four images naming nothing, 首页 and 上一页 unlinked', `<div class="fy">${img(undefined, 'btn_01.gif')} ${img(undefined, 'btn_02.gif')} ${img('list_2.jsp', 'btn_03.gif')} ${img('list_9.jsp', 'btn_04.gif')}</div>`, { type: 'path', template: '/hdjl/list_{page}.jsp', start: 1, hasNext: 'div.fy a:has(img[src$="btn_03.gif"])' }, /（btn_03\.gif），按它在翻页栏中的位置（唯一通往第 2 页的图片链接）认作下一页：第 2 页为 \/hdjl\/list_2\.jsp/],
  ['a row of four images naming nothing, 首页 and 上一页 linked to the list page itself', `<div class="fy">${img('list.jsp', 'b1.gif')}${img('list.jsp', 'b2.gif')}${img('list.jsp?page=2', 'b3.gif')}${img('list.jsp?page=5', 'b4.gif')}</div>`, { type: 'query', param: 'page', start: 1, hasNext: 'div.fy a:has(img[src$="b3.gif"])' }],
  ['an image naming nothing right after the current page [1]', `<p class="pg">[1] ${img('list.jsp?p=2', 'pg_r.gif')}</p>`, { type: 'query', param: 'p', start: 1, hasNext: 'p.pg a:has(img[src$="pg_r.gif"])' }],
];

const chineseNone: [string, string][] = [
  ['a 下10页 alone', '<div class="page"><a href="list.jsp?page=11">下10页</a></div>'],
  ['a 下10页 image next10.gif alone, to ?page=11', `<div class="page">第1页/共20页 ${img('list.jsp?page=11', 'next10.gif')}</div>`],
  ['a 下10页 image next10.gif alone, no page count printed', `<div class="page">${img('list.jsp?page=11', 'next10.gif')}</div>`],
  ['a <button> of class next-10 opening ?page=11 (a 下10页)', '<div class="page"><button class="next-10" onclick="location.href=\'list.jsp?page=11\'"></button></div>'],
  ['a side box\'s 向后翻 to its column', '<div class="side"><a href="/tzgg/list_2.html">向后翻</a></div>'],
  ['a topic\'s 第二页 outside the list\'s folder', '<div class="zt"><h3>专题</h3><a href="/ztzl/list_2.jsp">第二页</a></div>'],
  ['a row of images, one leading to another column', `<div class="links">${img('list.jsp?page=2', 'a.gif')}${img('/other/x.html', 'b.gif')}</div>`],
  ['a row of five images naming nothing', `<div class="fy">${img(undefined, 'c1.gif')}${img(undefined, 'c2.gif')}${img('list.jsp?page=2', 'c3.gif')}${img('list.jsp?page=3', 'c4.gif')}${img('list.jsp?page=3', 'c5.gif')}</div>`],
  ['a row of images naming nothing, to ?page=1 and ?page=2', `<div class="fy">${img('list.jsp?page=1', 'd1.gif')}${img('list.jsp?page=2', 'd2.gif')}</div>`],
  ['an image naming nothing right after a [1] leading to another column', `<p class="pg">[1] ${img('/tzgg/list_2.html', 'pg_r.gif')}</p>`],
  ['an image naming nothing after the current [1] but before page number 2', `<p class="pg">[1] ${img('/zt/x.html', 'pg_r.gif')} 2</p>`],
];

describe('a Chinese pager', () => {
  it.each(chinese)('is drafted as HTTP pagination: %s', (_name, pager, pagination, note) => {
    const got = drafted(pager);
    expect(got.pagination).toEqual(pagination);
    if (note) expect(got.notes).toMatch(note);
  });

  it.each(chineseNone)('is not taken for the pager: %s', (_name, pager) => {
    expect(drafted(pager).pagination).toEqual({ type: 'none' });
  });
});
