/**
 * The pager control to page 2, read on the HTML (`showsScriptPager`, cheerio) and in chromium
 * (`findPagerControl` on the same markup): both find the control marked `id="want"` (also one known
 * only by its icon's class, drawing an icon font's glyph, or named in brackets, [下一页], or in Chinese:
 * [第二页], 二, 向后翻页), and neither finds one where there is none (icons repeated on every row, an
 * arrow before the page numbers, a greyed-out arrow, an arrow drawn with no size, a side box's 更多 ›,
 * a letter's 下一条, a 下10页 jumping ten pages).
 */
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs } from '../engine/browser-list.js';
import { loadPage } from './css-path.js';
import { currentPageMarker, findPagerControl, showsScriptPager } from './pager-control.js';

const list = '<ul class="list"><li><a href="show.do?id=11">关于道路积水的问题</a><span>2026-03-01</span></li><li><a href="show.do?id=12">咨询医保异地备案</a><span>2026-03-02</span></li></ul>';
/** Icons drawn with a size, as an icon font draws them. */
const style = '<style>i, .pg-l, .pg-r { display: inline-block; width: 12px; height: 12px; }</style>';

const found: [string, string][] = [
  ['an image link named by its title', '<div class="pages"><a href="javascript:;" title="上一页"><img src="prev.gif" width="12" height="12"></a><a id="want" href="javascript:;" title="下一页"><img src="next.gif" width="12" height="12"></a></div>'],
  ['an icon button named by its aria-label', '<div class="pages"><button aria-label="上一页"><i></i></button><button id="want" aria-label="下一页"><i></i></button></div>'],
  ['an image with onclick named by its alt', '<div><img alt="上一页" onclick="turn(-1)" width="12" height="12"><img id="want" alt="下一页" onclick="turn(1)" width="12" height="12"></div>'],
  ['a link holding an image named by its alt', '<div><a id="want" href="javascript:void(0)" onclick="next()"><img src="n.png" alt="下一页" width="12" height="12"></a></div>'],
  ['an icon link calling goPage(2)', '<div><a onclick="goPage(0)"><i class="iconfont icon-arrow-left"></i></a><a id="want" onclick="goPage(2)"><i class="iconfont icon-arrow-right"></i></a> 共 3 页</div>'],
  ['an icon link whose javascript: address calls toPage(\'2\', 10)', '<div><a id="want" href="javascript:toPage(\'2\', 10)"><i></i></a></div>'],
  ['an arrow after the marker 1/3', '<div class="fy"><span class="pg-l" onclick="turn(-1)"></span><em>1</em>/<em>3</em><span id="want" class="pg-r" onclick="turn(1)"></span></div>'],
  ['an arrow after the page numbers (not links), before the last-page arrow', '<div><a onclick="turn(-1)"><i></i></a><b>1</b><b>2</b><b>3</b><a id="want" onclick="turn(1)"><i></i></a><a onclick="last()"><i></i></a></div>'],
  ['an icon link known only by its icon\'s class (icon-right)', '<div class="fy"><a href="javascript:;" onclick="turnPage(-1)"><i class="iconfont icon-left"></i></a><a id="want" href="javascript:;" onclick="turnPage(1)"><i class="iconfont icon-right"></i></a></div>'],
  ['layui\'s next arrow drawing an icon font\'s glyph', '<div class="layui-laypage"><a href="javascript:;" class="layui-laypage-prev layui-disabled"><i class="layui-icon">&#xe603;</i></a><a id="want" href="javascript:;" class="layui-laypage-next"><i class="layui-icon">&#xe602;</i></a></div>'],
  ['a span of class xyy (下一页\'s initials)', '<div class="fy"><span id="want" class="xyy" onclick="nextPage()"><i></i></span></div>'],
  ['an arrow after 第1页/共3页', '<p><a onclick="prev()"><i></i></a>第1页/共3页<a id="want" onclick="forward()"><i></i></a></p>'],
  ['a javascript: link reading [下一页] in brackets', '<div class="fy"><a href="javascript:;" onclick="turn(-1)">[上一页]</a> <a id="want" href="javascript:;" onclick="turn(1)">[下一页]</a></div>'],
  // Load-more controls: their script appends the next batch (found after the pager's words).
  ['a javascript: link reading 下翻页 beside 上翻页', '<div class="fy"><a href="javascript:;" onclick="turn(-1)">上翻页</a> <a id="want" href="javascript:;" onclick="turn(1)">下翻页</a></div>'],
  ['a javascript: link reading [第2页]', '<div class="fy"><span>[第1页]</span> <a id="want" href="javascript:;" onclick="go(2)">[第2页]</a> <a href="javascript:;" onclick="go(3)">[第3页]</a></div>'],
  ['a span reading 向后 with onclick', '<div class="fy"><span onclick="turn(-1)">向前</span> <span id="want" onclick="turn(1)">向后</span></div>'],
  ['a javascript: link reading [第二页] (Chinese numerals)', '<div class="fy"><span>[第一页]</span> <a id="want" href="javascript:;" onclick="go(2)">[第二页]</a> <a href="javascript:;" onclick="go(3)">[第三页]</a></div>'],
  ['a javascript: link reading [第贰页] (financial numerals)', '<div class="fy"><span>[第壹页]</span> <a id="want" href="javascript:;" onclick="go(2)">[第贰页]</a> <a href="javascript:;" onclick="go(3)">[第叁页]</a></div>'],
  ['a link reading 二 with onclick', '<div class="fy"><span>一</span> <a id="want" onclick="go(2)">二</a> <a onclick="go(3)">三</a></div>'],
  ['a span reading 向后翻页 with onclick', '<div class="fy"><span onclick="turn(-1)">向前翻页</span> <span id="want" onclick="turn(1)">向后翻页</span></div>'],
  ['a next arrow beside a 下10页 arrow, both of a next class', '<div class="fy"><b>1</b><a class="next-10" onclick="goPage(11)"><i></i></a><a id="want" class="next" onclick="goPage(2)"><i></i></a></div>'],
  ['an arrow after 1/12 beside a 下10页 arrow of class next-10 calling jump(cur + 10)', '<div class="fy"><span class="cur">1</span>/<span>12</span><a class="next-10" onclick="jump(cur + 10)"><i></i></a><a id="want" class="pg-r" onclick="jump(cur + 1)"><i></i></a></div>'],
  ['page number 2 before a 下10页 calling go(11)', '<div class="fy"><b>1</b> <a id="want" onclick="go(2)">2</a> <a onclick="go(11)">下10页</a></div>'],
  ['a javascript: link reading 加载更多', '<div class="more"><a id="want" href="javascript:void(0);" onclick="more()">加载更多</a></div>'],
  ['a button reading 查看更多 ∨', '<button id="want" type="button">查看更多 ∨</button>'],
  ['a div with onclick reading 点击加载更多留言', '<div id="want" class="loadmore" onclick="more()">点击加载更多留言</div>'],
  ['a button reading Load more', '<button id="want" type="button">Load more</button>'],
];

const notFound: [string, string][] = [
  // Row 2's icon calls view(2); row 1's stands after the number 1: both are a row's icon, five alike.
  ['an icon on every row after its count, calling view(n)', `<ul>${[1, 2, 3, 4, 5].map((n) => `<li><a href="show.do?id=${n}">来信${n}</a><span>${n}</span><a onclick="view(${n})"><i class="icon-eye"></i></a></li>`).join('')}</ul>`],
  ['an arrow before the page numbers only', '<div><a onclick="turn(-1)"><i></i></a><b>1</b><b>2</b><b>3</b></div>'],
  ['a greyed-out arrow calling goPage(2)', '<div><a class="disabled" onclick="goPage(2)"><i></i></a> 共 1 页</div>'],
  ['an arrow after page numbers with no page 1 shown', '<div><b>7</b><b>8</b><a onclick="turn(1)"><i></i></a></div>'],
  ['a column\'s 查看更多 link to its own page', '<div class="title"><a href="/xjgk/index.html">查看更多</a></div>'],
  ['a bare 更多 with onclick (a tab, a menu)', '<div><a href="javascript:;" onclick="openMenu()">更多</a></div>'],
  ['a side box\'s 更多 › handled by script', '<div class="side"><a href="javascript:;" onclick="openColumn(\'tzgg\')">更多<i class="iconfont icon-right"></i></a></div>'],
  ['a › icon on every row handled by script', `<ul>${[1, 2, 3, 4, 5].map((n) => `<li><a href="show.do?id=${n}">来信${n}</a><a href="javascript:;" onclick="view(${n})"><i class="iconfont icon-right"></i></a></li>`).join('')}</ul>`],
  ['a 下一条 handled by script, showing the next letter', '<div class="sxt"><a href="javascript:;" onclick="showLetter(2)">上一条</a> <a href="javascript:;" onclick="showLetter(2)">下一条</a></div>'],
  ['a 下10页 arrow of class next-10 calling goPage(11)', '<div class="fy"><b>1</b><b>2</b><a class="next-10" onclick="goPage(11)"><i></i></a></div>'],
  ['a 下10页 arrow of class next-10 calling jump(cur + 10) or goPage(page+10)', '<div class="fy"><b>1</b><b>2</b><a class="next-10" onclick="jump(cur + 10)"><i></i></a><a class="next10" href="javascript:goPage(page+10)"><i></i></a></div>'],
  ['a 下10页 calling go(11) and a 下十页', '<div class="fy"><a onclick="go(11)">下10页</a> <a onclick="go(11)">下十页</a> <a onclick="go(11)">后10页</a></div>'],
  ['a link named 下一页 by its title that goes to an address', '<div><a href="list_2.html" title="下一页"><img src="next.gif"></a></div>'],
];

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
});
afterAll(async () => {
  await browser?.close();
});

/** What chromium clicks on `html`: the marked element's id (or its tag), or null. */
async function clickedIn(html: string): Promise<string | null> {
  const page = await browser.newPage();
  try {
    await page.setContent(`<html><head>${style}</head><body>${list}${html}</body></html>`);
    const control = await page.evaluate(findPagerControl);
    if (!control) return null;
    return await page.$eval('[data-minsheng-pager]', (el) => el.id || el.tagName.toLowerCase());
  } finally {
    await page.close();
  }
}

describe('the pager control to page 2', () => {
  it.each(found)('is found on the HTML and clicked in chromium: %s', async (_name, html) => {
    expect(showsScriptPager(loadPage(`<html><body>${list}${html}</body></html>`))).toBe(true);
    expect(await clickedIn(html)).toBe('want');
  });

  it.each(notFound)('is not found where there is none: %s', async (_name, html) => {
    expect(showsScriptPager(loadPage(`<html><body>${list}${html}</body></html>`))).toBe(false);
    expect(await clickedIn(html)).toBeNull();
  });
});

const markers: [string, string, number | null][] = [
  ['a span of class cur', '<div class="pages"><a onclick="turn(-1)"><i></i></a><span class="cur">11</span>/<span>12</span></div>', 11],
  ['第3页/共12页', '<div class="pages"><a onclick="go(1)">首页</a> 第3页/共12页 <a onclick="go(4)">下一页</a></div>', 3],
  ['1/3 between arrows', '<div class="fy"><span class="pg-l" onclick="turn(-1)"></span> <em>1</em>/<em>3</em> <span class="pg-r" onclick="turn(1)"></span></div>', 1],
  ['a bold number among linked ones', '<div><a onclick="go(1)">1</a> <b>2</b> <a onclick="go(3)">3</a></div>', 2],
  ['none: dates 5/12 in cells, a menu item of class active', '<table><tr><td><a href="a.html">来信</a></td><td>5/12</td></tr></table><ul><li class="active">首页</li></ul>', null],
];

describe('the current page the pager shows', () => {
  it.each(markers)('is read in chromium: %s', async (_name, html, want) => {
    const page = await browser.newPage();
    try {
      await page.setContent(`<html><body>${list}${html}</body></html>`);
      expect(await page.evaluate(currentPageMarker)).toBe(want);
    } finally {
      await page.close();
    }
  });
});
