/**
 * A list's status column drawn only as icons with no alt or title: the draft reads the images'
 * file names and maps them to the statuses that pinyin-initial or English names stand for, and
 * when a name tells nothing, keeps it as a key of the map and asks staff to fill in its status.
 */
import { describe, expect, it } from 'vitest';
import { parseListPage } from '../extract/pages.js';
import type { ListSpec } from '../source/schema.js';
import { iconFileName, statusOfIconName } from './icon-column.js';
import { suggestList } from './suggest-list.js';

/** A list table whose 状态 column shows `icons[i]` on row i, no text. */
function listPage(icons: readonly string[], header = '状态'): string {
  const rows = icons.map((src, i) => `<tr><td><a href="show.asp?id=${101 + i}">第${i + 1}封来信的标题文字</a></td><td>2023-05-${String(10 + i).padStart(2, '0')}</td><td><img src="${src}" border="0"></td></tr>`);
  return `<html><body><table class="xxlb"><tr><th>信件标题</th><th>来信时间</th><th>${header}</th></tr>${rows.join('')}</table></body></html>`;
}

describe('icon file names', () => {
  it.each([
    ['status_yhf.gif', '已回复'],
    ['ybj.png', '已办结'],
    ['ywc.png', '已完成'],
    ['dbl.png', '待办理'],
    ['wbl.gif', '未办理'],
    ['icon-clz.gif', '处理中'],
    ['reply.gif', '已回复'],
    ['ico_done.png', '已办结'],
    ['StatePending.gif', '待办理'],
    ['%E5%B7%B2%E5%8A%9E%E7%BB%93.gif', '已办结'],
    ['not_reply.gif', undefined],
    ['icon1.gif', undefined],
    ['reply_pending.gif', undefined],
  ])('%s stands for %s', (name, status) => {
    expect(statusOfIconName(name)).toBe(status);
  });

  it('are read from an image address with a folder and a query', () => {
    expect(new RegExp(iconFileName).exec('/images/status_yhf.gif?v=2')?.[1]).toBe('status_yhf.gif');
  });
});

describe('a status column of icons with only a file name', () => {
  it('is drafted as siteStatus: the file name mapped to the status it stands for, and read so by the crawl', () => {
    const icons = ['/images/status_yhf.gif', '/images/status_dbl.gif', '/images/status_ywc.gif', '/images/status_yhf.gif'];
    const html = listPage(icons);
    const draft = suggestList(html, 'http://127.0.0.1/szxx/list.asp');
    expect(draft.fields.siteStatus).toEqual({
      selector: 'td:nth-of-type(3) img',
      attr: 'src',
      regex: iconFileName,
      map: { 'status_yhf.gif': '已回复', 'status_dbl.gif': '待办理', 'status_ywc.gif': '已完成' },
    });
    expect(draft.notes.join('\n')).toMatch(/第 3 列（状态）只有图标.*按图片文件名区分.*status_yhf\.gif → 已回复/);
    const { items } = parseListPage({ format: 'html', items: draft.items, fields: draft.fields } as ListSpec, html, 'http://127.0.0.1/szxx/list.asp');
    expect(items.map((i) => i.fields.siteStatus)).toEqual(['已回复', '待办理', '已完成', '已回复']);
  });

  it('keeps names it cannot tell as keys with themselves as values, and asks staff to fill in their statuses', () => {
    const html = listPage(['/img/icon1.gif', '/img/icon2.gif', '/img/icon1.gif', '/img/reply.gif'], '');
    const draft = suggestList(html, 'http://127.0.0.1/szxx/list.asp');
    expect(draft.fields.siteStatus).toEqual({ selector: 'td:nth-of-type(3) img', attr: 'src', regex: iconFileName, map: { 'icon1.gif': 'icon1.gif', 'icon2.gif': 'icon2.gif', 'reply.gif': '已回复' } });
    expect(draft.notes.join('\n')).toMatch(/icon1\.gif、icon2\.gif 看不出含义，map 中暂以文件名本身为值：请按网站上图标的含义填写（如 已回复、待办理），办结的状态须列在 closedStatuses 中/);
  });

  it('is no column when every row shows one icon that tells nothing (a decoration)', () => {
    const draft = suggestList(listPage(['/img/dot.gif', '/img/dot.gif', '/img/dot.gif'], ''), 'http://127.0.0.1/szxx/list.asp');
    expect(draft.fields.siteStatus).toBeUndefined();
  });
});
