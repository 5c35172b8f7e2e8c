import { describe, expect, it } from 'vitest';
import { parseListPage } from '../extract/pages.js';
import { suggestList } from './suggest-list.js';

const pageUrl = 'http://127.0.0.1:8000/hdjl/index.jsp';
const titles = ['关于幸福路小区地下车库积水的问题', '咨询城乡居民医保异地就医备案流程', '建议在北关小学门口增设人行横道', '反映城东农贸市场周边占道经营问题', '咨询灵活就业人员社保补贴申领条件', '建议增开区医院至新区的公交线路'];
const li = (t: string, i: number, href = `show.jsp?id=${120 + i}`) => `<li><a href="${href}">${t}</a><span>2023-05-${20 - i}</span></li>`;
const page = (main: string) => `<html><head><title>来信公开</title></head><body>${main}<div class="page"><a href="index.jsp?page=2">下一页</a></div></body></html>`;
/** The titles the drafted list rule reads from the page, in page order. */
const read = (html: string) => {
  const list = suggestList(html, pageUrl);
  return { items: list.items, notes: list.notes, titles: parseListPage({ format: 'html', items: list.items, fields: list.fields }, html, pageUrl).items.map((i) => i.fields.title) };
};

describe('a list in columns', () => {
  it('is named one selector per column when no selector finds the columns alone, and a side box linking elsewhere stays out', () => {
    const notices = titles.slice(0, 4).map((t, i) => li(`通知：${t}`, i, `/zwgk/tzgg/t2023051${i}_1.html`)).join('');
    const html = page(`<div class="main"><ul id="colA">${titles.slice(0, 3).map((t, i) => li(t, i)).join('')}</ul><ul id="colB">${titles.slice(3).map((t, i) => li(t, i + 3)).join('')}</ul><ul id="news">${notices}</ul></div>`);
    const got = read(html);
    expect(got.items).toBe('ul#colA > li, ul#colB > li');
    expect(got.titles).toEqual(titles);
    expect(got.notes.join('\n')).toContain('列表分在页面上 2 个并列的同样容器中');
  });

  it('is not joined with a box of the same look far from it on the page (a 最新信件 box in the side column)', () => {
    const html = `<html><body><div class="main"><div class="con"><div class="bd"><ul class="list">${titles.map((t, i) => li(t, i)).join('')}</ul></div></div>
<div class="page"><a href="index.jsp?page=2">下一页</a></div></div>
<div class="side"><div class="box"><div class="bd"><ul class="list">${titles.slice(0, 4).map((t, i) => li(`${t}（续）`, i + 10)).join('')}</ul></div></div></div></body></html>`;
    const got = read(html);
    expect(got.titles).toEqual(titles);
    expect(got.notes.join('\n')).not.toContain('并列');
  });

  it('is not joined with a box of the same look near it but nested otherwise (a 热点信件 box in a sidebar)', () => {
    const html = `<html><body><div class="main"><ul class="list">${titles.map((t, i) => li(t, i)).join('')}</ul>
<div class="page"><a href="index.jsp?page=2">下一页</a></div></div>
<div class="side"><div class="box"><ul class="list">${titles.slice(0, 4).map((t, i) => li(`${t}（热点）`, i + 10)).join('')}</ul></div></div></body></html>`;
    const got = read(html);
    expect(got.titles).toEqual(titles);
    expect(got.notes.join('\n')).not.toContain('并列');
  });
});
