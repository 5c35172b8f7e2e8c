/**
 * 批量回访 (第五条㈥) of a case several people raised (de-duplication linked their letters to one
 * case): the row names every writer, so the staff member can reach each, not only the first. Each
 * writer once however often they posted (as 反映人数 counts them: the same name is one person, each
 * anonymous letter a person of its own), the first letter's writer first, each with where they wrote
 * and the link to their letter, and 「共 N 人反映」 above them; a name is text, never markup. On a
 * phone the writers stay within the card. A case one person raised reads as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { openConsoleFixture, phoneWindow, watchPageErrors, type ConsoleFixture, type SeedMessage } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});

afterAll(async () => {
  await f?.close();
});

/** A letter (and its copies), walked to 已回复 by the fixture's accounts. */
async function replied(m: Omit<SeedMessage, 'content' | 'category' | 'confidence'>): Promise<string> {
  const id = await f.addMessage({ ...m, content: `${m.title}，请尽快处理。`, category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(id, 'u-roads');
  await f.publishReply(id);
  return id;
}

/** Each writer of a row as shown: the name, and the line under it (source · channel … 原文) with the link's address. */
const writersOf = (page: Page, caseId: string) =>
  page.locator(`#visit-rows tr[data-case-id="${caseId}"] .visit-writer-entry`).evaluateAll((entries) =>
    entries.map((e) => ({
      name: e.querySelector('.visit-writer')?.textContent,
      where: e.querySelector('.muted')?.textContent,
      link: e.querySelector('a')?.getAttribute('href') ?? null,
    })),
  );

describe('批量回访: a case several people raised', () => {
  it('lists every distinct writer with their source, channel and link, and says how many raised it', async () => {
    const hostile = '<img src=x onerror="window.__owned=2">周女士';
    const many = await replied({
      title: '城关街道阳光小区门口公交站牌倒塌',
      author: '王先生',
      url: 'https://www.yintai.gov.cn/letter/1',
      copies: [
        { author: '李女士', url: 'https://liuyan.people.com.cn/threads/2' },
        // The first writer posting again: one person, listed once.
        { author: '王 先生', url: 'https://liuyan.people.com.cn/threads/3' },
        { url: 'https://liuyan.people.com.cn/threads/4' },
        { author: hostile, url: 'https://liuyan.people.com.cn/threads/5' },
      ],
    });
    const one = await replied({ title: '陈炉镇道路破损', author: '张先生', url: 'https://www.yintai.gov.cn/letter/9', copies: [{ author: '张先生', url: 'https://liuyan.people.com.cn/threads/9' }] });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: many } })).reporterCount).toBe(4);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: one } })).reporterCount).toBe(1);

    const { context, page } = await f.signIn('duchashi');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/visits`);
      await page.waitForSelector(`#visit-rows tr[data-case-id="${one}"]`);
      expect(await writersOf(page, many)).toEqual([
        { name: '王先生', where: '印台区区长信箱 · 区长信箱 原文', link: 'https://www.yintai.gov.cn/letter/1' },
        { name: '李女士', where: '人民网领导留言板 · 区长信箱 原文', link: 'https://liuyan.people.com.cn/threads/2' },
        { name: '匿名', where: '人民网领导留言板 · 区长信箱 原文', link: 'https://liuyan.people.com.cn/threads/4' },
        { name: hostile, where: '人民网领导留言板 · 区长信箱 原文', link: 'https://liuyan.people.com.cn/threads/5' },
      ]);
      expect(await page.textContent(`#visit-rows tr[data-case-id="${many}"] .visit-writers-count`)).toBe('共 4 人反映');
      expect(await page.locator(`#visit-rows tr[data-case-id="${many}"] img`).count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
      // One person, however many letters: as before, no count.
      expect(await writersOf(page, one)).toEqual([{ name: '张先生', where: '印台区区长信箱 · 区长信箱 原文', link: 'https://www.yintai.gov.cn/letter/9' }]);
      expect(await page.locator(`#visit-rows tr[data-case-id="${one}"] .visit-writers-count`).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // On a phone: the writers and their links within the card, the page never scrolled sideways.
    const phone = await f.signIn('duchashi', phoneWindow);
    try {
      await phone.page.goto(`${f.url}/#/visits`);
      await phone.page.waitForSelector(`#visit-rows tr[data-case-id="${many}"] .visit-writer-entry`);
      const boxes = await phone.page.locator(`#visit-rows tr[data-case-id="${many}"] .visit-writer-entry, #visit-rows tr[data-case-id="${many}"] .visit-writer-entry a`).evaluateAll((els) =>
        els.map((el) => { const r = el.getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth; }),
      );
      expect(boxes).toEqual(boxes.map(() => true));
      expect(boxes.length).toBe(8);
      expect(await phone.page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await phone.context.close();
    }
  }, 120_000);
});
