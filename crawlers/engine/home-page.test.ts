/** Whether a detail answer is the site's home page: the same title and links, whatever its headlines and counters say. */
import { describe, expect, it } from 'vitest';
import { pageShape, samePage } from './home-page.js';

const home = (visits: number, headline: string) =>
  `<html><head><title>印台区人民政府</title></head><body><ul>${['/', '/zwgk/', '/zcwj/', '/bsfw/', '/hdjl/', '/hdjl/qzxx.jsp'].map((h) => `<a href="${h}">栏目</a>`).join('')}</ul>` +
  `<p>${headline}</p><p>访问量：${visits}</p></body></html>`;

describe('samePage', () => {
  it('knows the home page again at another address, with other headlines and counters', () => {
    const a = pageShape(home(100, '今日要闻：春耕'), 'http://site.gov.cn/');
    const b = pageShape(home(101, '今日要闻：防汛'), 'http://site.gov.cn/hdjl/detail.jsp?id=9');
    expect(samePage(a, b)).toBe(true);
  });

  it('tells the home page from a detail page, a notice, and a list with another title', () => {
    const a = pageShape(home(100, '今日要闻'), 'http://site.gov.cn/');
    const detail = pageShape('<html><head><title>印台区人民政府</title></head><body><a href="/">首页</a><table><tr><td>来信内容</td></tr></table></body></html>', 'http://site.gov.cn/d?id=1');
    const notice = pageShape('<html><head><title>印台区人民政府</title></head><body><p>该信件不存在</p></body></html>', 'http://site.gov.cn/d?id=1');
    const list = pageShape(home(100, '今日要闻').replace('印台区人民政府', '区长信箱'), 'http://site.gov.cn/list');
    expect([samePage(a, detail), samePage(a, notice), samePage(a, list)]).toEqual([false, false, false]);
  });

  it('compares pages with few links by their text, digits aside', () => {
    const small = (n: number) => pageShape(`<title>首页</title><p>欢迎访问 ${n}</p>`, 'http://site.gov.cn/');
    expect(samePage(small(1), small(2))).toBe(true);
    expect(samePage(small(1), pageShape('<title>首页</title><p>信件详情</p>', 'http://site.gov.cn/'))).toBe(false);
  });
});
