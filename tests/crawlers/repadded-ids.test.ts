/**
 * The crawler's watch state and a site that re-numbers its letters by zero-padding their ids
 * (tests/crawlers/repadding-site.ts): the letters are the ones it knew, handed on once each for
 * their new address under the id the store knows them by, not as new; their old addresses, which
 * the renumbered site answers 404 or still serves, are neither removals nor news.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CrawledMessage } from '../../core/index.js';
import { crawlSource, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { repaddingSource, startRepaddingSite, twelveLetters, type RepaddingSite } from './repadding-site.js';

let site: RepaddingSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('a site that re-pads its ids', () => {
  for (const oldAddressesServed of [false, true]) {
    it(`takes every re-padded letter for the one it knew (old addresses ${oldAddressesServed ? 'still served' : 'answering 404'}), and a reply given after it for a change`, async () => {
      site = await startRepaddingSite(twelveLetters());
      const box = site;
      const source = repaddingSource(site);
      const state = new MemoryCrawlStateStore();
      const handed: CrawledMessage[] = [];
      const onMessage = (m: CrawledMessage) => void handed.push(m);
      const first = await crawlSource(source, { state, onMessage });
      expect(first.changes.filter((c) => c.kind === 'new')).toHaveLength(12);

      box.pad = 4;
      box.oldAddressesServed = oldAddressesServed;
      handed.length = 0;
      const repadded = await crawlSource(source, { state, onMessage });
      // Red team: 12 'new' letters under 0001 … 0012, each recorded a second time.
      expect(repadded.changes).toEqual(box.letters.map((l) => ({ siteId: box.idOf(l.no), kind: 'changed', fields: ['url'] })));
      expect(handed.map((m) => [m.siteId, m.url])).toEqual(box.letters.map((l) => [String(l.no), `${box.url}/letter/${box.idOf(l.no)}.html`]));
      expect(repadded.health).toMatchObject({ newItems: 0, changedItems: 12, removedItems: 0, pageErrors: [], knownItems: 12, openItems: 12 });
      expect(repadded.health.layoutAlert).toBeUndefined();

      // The letters are known under their new ids: a reply on one is its change, the old addresses are not asked again.
      const seventh = box.letters.find((l) => l.no === 7)!;
      seventh.status = '已办结';
      seventh.reply = '经核实，已安排相关单位处理，感谢您的监督。';
      handed.length = 0;
      box.paths.length = 0;
      const replied = await crawlSource(source, { state, onMessage });
      expect(replied.changes).toEqual([{ siteId: '0007', kind: 'changed', fields: ['siteStatus', 'replyText'] }]);
      expect(handed.map((m) => [m.siteId, m.siteStatus, m.replyText])).toEqual([['7', '已办结', seventh.reply]]);
      expect(box.paths.filter((p) => /^\/letter\/\d{1,3}\.html$/.test(p))).toEqual([]);
      expect(replied.health.pageErrors).toEqual([]);
    });
  }

  it('takes the letters back when the padding is dropped again, and keeps a letter listed beside another padding of its id as a letter of its own', async () => {
    site = await startRepaddingSite(twelveLetters().slice(8));
    const box = site;
    const source = repaddingSource(site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    box.pad = 3;
    const padded = await crawlSource(source, { state });
    expect(padded.changes.map((c) => [c.siteId, c.kind])).toEqual(['004', '003', '002', '001'].map((id) => [id, 'changed']));
    box.pad = 0;
    const unpadded = await crawlSource(source, { state });
    expect(unpadded.changes.map((c) => [c.siteId, c.kind])).toEqual(['4', '3', '2', '1'].map((id) => [id, 'changed']));
    expect(unpadded.health.newItems).toBe(0);

    // Another letter numbered 0004 on the list beside 4 (the same page, or one before it): two letters.
    const other = { title: '印台区实验小学门口早高峰拥堵', content: '每天早上七点半学校门口车辆乱停，孩子过马路很危险，建议安排交警疏导。', status: '待回复' };
    box.letters.unshift({ no: 104, id: '0004', ...other });
    const beside = await crawlSource(source, { state });
    expect(beside.changes).toEqual([{ siteId: '0004', kind: 'new' }]);
    // 0003 on the first page, the 3 it knew on the second: the site holds two letters, 0003 is new
    // (the move undone by 0003's page or by the second list, whichever the run reads first: crawlers/engine/repadded-ids.test.ts).
    box.letters.unshift({ no: 105, id: '0003', title: '北街社区广场舞噪音扰民', content: '北街社区广场每晚广场舞音响开得很大，一直到十点，影响老人孩子休息。', status: '待回复' });
    box.letters.unshift(...Array.from({ length: 4 }, (_, i) => ({ no: 200 + i, title: `关于陈炉镇第${i + 1}号水井的问题`, content: `陈炉镇第${i + 1}号水井水质浑浊，请检测。`, status: '待回复' })));
    const later = await crawlSource(source, { state });
    expect(later.changes.map((c) => [c.siteId, c.kind]).sort()).toEqual([['0003', 'new'], ['200', 'new'], ['201', 'new'], ['202', 'new'], ['203', 'new']]);
    expect(later.health.pageErrors).toEqual([]);
    expect(later.health.knownItems).toBe(10);
    const again = await crawlSource(source, { state });
    expect(again.changes).toEqual([]);
  });

  it('takes a letter whose re-padded id shows another letter (title and text) for a new one, and keeps the one it knew', async () => {
    site = await startRepaddingSite(twelveLetters().slice(8));
    const box = site;
    const source = repaddingSource(site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    // Letter 3 leaves the list (its page stays); 0003, another letter, comes in.
    const three = box.letters.find((l) => l.no === 3)!;
    box.letters = box.letters.filter((l) => l !== three);
    box.letters.unshift({ no: 103, id: '0003', title: '北街社区广场舞噪音扰民', content: '北街社区广场每晚广场舞音响开得很大，一直到十点，影响老人孩子休息。', status: '待回复' });
    const handed: CrawledMessage[] = [];
    const result = await crawlSource(source, { state, onMessage: (m) => void handed.push(m) });
    expect(result.changes.filter((c) => c.siteId !== '3')).toEqual([{ siteId: '0003', kind: 'new' }]);
    expect(handed.filter((m) => m.siteId !== '3').map((m) => [m.siteId, m.title])).toEqual([['0003', '北街社区广场舞噪音扰民']]);
    // The letter it knew keeps its id (and is read at its own page again).
    box.letters.push(three);
    const back = await crawlSource(source, { state });
    expect(back.changes.filter((c) => c.kind === 'new')).toEqual([]);
  });
});
