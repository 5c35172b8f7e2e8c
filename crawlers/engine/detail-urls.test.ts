/** Where a redirected detail request landed, and which landings say the message was removed. */
import { describe, expect, it } from 'vitest';
import { addressKind, DetailAddresses } from './detail-urls.js';
import { removedPageReason } from './removals.js';

describe('DetailAddresses', () => {
  const addresses = new DetailAddresses(['http://site.gov.cn/zmhd/list.jsp?type=1'], ['http://site.gov.cn/zmhd/detail.jsp?id=17', 'http://site.gov.cn/art/2023/5/1/art_12_4567.html']);

  it('learns the kind of detail address from the ones the source requested', () => {
    expect(addressKind('http://site.gov.cn/art/2024/11/30/art_12_99.html')).toBe(addressKind('http://site.gov.cn/art/2023/5/1/art_12_4567.html'));
    expect(addresses.isDetail('https://www.site.gov.cn/zmhd/detail.jsp?id=18')).toBe(true); // scheme and host may change
    expect(addresses.isDetail('http://site.gov.cn/art/2024/1/2/art_12_5.html')).toBe(true);
    expect(addresses.isDetail('http://site.gov.cn/zmhd/detail.jsp?id=18&from=search')).toBe(false); // other parameters
    expect(addresses.isDetail('http://site.gov.cn/zmhd/list.jsp?type=1')).toBe(false);
  });

  it('tells home, list, another detail page and elsewhere apart; no redirect is `same`', () => {
    const asked = 'http://site.gov.cn/zmhd/detail.jsp?id=17';
    expect(addresses.landing(asked, 'http://site.gov.cn/zmhd/detail.jsp?id=17#top')).toBe('same');
    expect(addresses.landing('http://site.gov.cn/%e4%bf%a1?id=1', 'http://site.gov.cn/%E4%BF%A1?id=1')).toBe('same');
    expect(addresses.landing(asked, 'http://site.gov.cn/')).toBe('home');
    expect(addresses.landing(asked, 'https://www.site.gov.cn/index.html')).toBe('home');
    expect(addresses.landing(asked, 'http://site.gov.cn/zmhd/list.jsp?type=1')).toBe('list');
    expect(addresses.landing(asked, 'http://site.gov.cn/zmhd/detail.jsp?id=170')).toBe('detail');
    expect(addresses.landing(asked, 'http://site.gov.cn/zmhd/error.jsp?code=404')).toBe('elsewhere');
    addresses.addList('http://site.gov.cn/zmhd/list.jsp?type=1&page=2');
    expect(addresses.landing(asked, 'http://site.gov.cn/zmhd/list.jsp?type=1&page=2')).toBe('list');
  });
});

describe('removedPageReason', () => {
  const page = { url: 'http://site.gov.cn/x', body: '<p>该信件不存在或已被删除</p>' };
  const notice = /信件不存在/i;
  it('reads home and list landings as removals, even when the rules find something there', () => {
    expect(removedPageReason(page, 'home', true, undefined)).toBe('详情页被转到网站首页（http://site.gov.cn/x）');
    expect(removedPageReason(page, 'list', true, undefined)).toBe('详情页被转到列表页（http://site.gov.cn/x）');
  });
  it('reads a landing elsewhere as a removal only when the page shows no message', () => {
    expect(removedPageReason(page, 'elsewhere', false, undefined)).toBe('详情页被转到非详情页地址（http://site.gov.cn/x）');
    expect(removedPageReason(page, 'elsewhere', true, undefined)).toBeUndefined();
  });
  it('never reads a landing on another detail page as a removal by itself; the notice still counts there', () => {
    expect(removedPageReason(page, 'detail', false, undefined)).toBeUndefined();
    expect(removedPageReason(page, 'detail', false, notice)).toBe('详情页显示“信件不存在”');
    expect(removedPageReason(page, 'same', true, notice)).toBeUndefined();
  });
  it('reads an in-page redirect or a list page answered at the detail address as a removal only when the page shows no message', () => {
    const home = { sendsTo: { url: 'http://site.gov.cn/', landing: 'home' as const } };
    expect(removedPageReason(page, 'same', false, undefined, home)).toBe('详情页跳转到网站首页（http://site.gov.cn/）');
    expect(removedPageReason(page, 'same', true, undefined, home)).toBeUndefined();
    expect(removedPageReason(page, 'same', false, undefined, { sendsTo: { url: 'http://site.gov.cn/l', landing: 'list' } })).toBe('详情页跳转到列表页（http://site.gov.cn/l）');
    expect(removedPageReason(page, 'same', false, undefined, { looksLikeList: true })).toBe('详情页显示为列表页（http://site.gov.cn/x）');
    expect(removedPageReason(page, 'same', true, undefined, { looksLikeList: true })).toBeUndefined();
  });
  it('never reads an in-page redirect to another detail page as a removal, not even with the notice', () => {
    expect(removedPageReason(page, 'same', false, notice, { sendsTo: { url: 'http://site.gov.cn/x2', landing: 'detail' }, looksLikeList: true })).toBeUndefined();
  });
});
