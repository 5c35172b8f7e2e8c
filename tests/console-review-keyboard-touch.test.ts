/**
 * 分类审核 as each hand and role meets it, in a real browser against the running app: a clerk working
 * the queue by keyboard who presses Enter on a case flagged 疑似不予受理 without a 说明 is told, where
 * the cursor lands and to a screen reader, that the case was not registered and what is needed, and
 * stays on the case; the next Enter after writing the 说明 registers it and moves on. On a phone the
 * buttons carry no keyboard hints (Enter, x, 1–5, c, u, b, Esc) as the hint row carries none; and a
 * role that may only look (区政府办) is shown neither shortcuts it cannot use nor the 批量确认 button.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, phoneWindow, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
let flagged = '';
let plain = '';

beforeAll(async () => {
  f = await openConsoleFixture();
  // The oldest first: the queue opens on the flagged case.
  flagged = await f.addMessage({ title: '上门开锁电话多少', content: '老人被锁门外，开锁公司随叫随到但要价很高，社区能否帮忙联系？', category: '求助', confidence: 0.93, outOfScope: [{ code: 'advertising', evidence: ['随叫随到'] }] });
  plain = await f.addMessage({ title: '北关街路灯不亮', content: '北关街路灯连续一周不亮，夜间出行不便。', category: '投诉', confidence: 0.95, unit: '区交通运输局' });
  await f.addMessage({ title: '咨询老年证办理', content: '请问老年证在哪里办理？需要带什么材料？', category: '咨询', confidence: 0.9 });
});

afterAll(async () => {
  await f?.close();
});

const stateOf = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).state;

/** The texts of the `kbd` key hints a reader of the page sees (laid out, not hidden). */
const shownKeyHints = (page: Page) => page.evaluate(`[...document.querySelectorAll('#view kbd')].filter((k) => k.getClientRects().length > 0).map((k) => k.textContent)`) as Promise<string[]>;

describe('console: 分类审核 by keyboard, a case flagged 疑似不予受理', () => {
  it('on Enter without a 说明 says, at the box and to a screen reader, that it was not registered and what is needed, and stays on the case', async () => {
    const { context, page } = await f.signIn('egov');
    const errors = watchPageErrors(page);
    await page.goto(`${f.url}/#/review`);
    await expect.poll(() => page.textContent('#review-title')).toBe('上门开锁电话多少');
    await page.locator(`#queue .queue-item[data-case-id="${flagged}"] .qi-title`).click();
    await page.keyboard.press('Enter');

    const message = page.locator('#review-actions .override-note [role=alert]');
    await expect.poll(() => message.textContent()).toBe('未登记：该留言疑似不予受理，登记须先在说明中写明受理理由；如确属不予受理，请选「不予受理…」');
    expect(await message.isVisible()).toBe(true);
    // Where the cursor went (the 说明 box), with the message right under it, both on the screen.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('register-note');
    const box = (await page.locator('#register-note').boundingBox())!;
    const said = (await message.boundingBox())!;
    expect(said.y).toBeGreaterThanOrEqual(box.y + box.height);
    expect(said.y - (box.y + box.height)).toBeLessThan(20);
    expect(said.y + said.height).toBeLessThanOrEqual(900);
    // Not registered, and still on the case.
    expect(await stateOf(flagged)).toBe('awaiting_review');
    expect(await page.textContent('#review-title')).toBe('上门开锁电话多少');

    // The next Enter, after writing the 说明, registers it and moves on to the next case.
    await page.keyboard.type('实为求助：老人被锁门外，不是广告');
    await page.keyboard.press('Enter');
    await expect.poll(() => stateOf(flagged)).toBe('registered');
    await expect.poll(() => page.textContent('#review-title')).toBe('北关街路灯不亮');
    const event = await f.store.db.event.findFirstOrThrow({ where: { caseId: flagged, type: 'register' } });
    expect(event.data).toMatchObject({ note: '实为求助：老人被锁门外，不是广告', corrected: ['outOfScope'] });
    expect(await stateOf(plain)).toBe('awaiting_review');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('console: 分类审核 on a phone and for a role that only looks', () => {
  it('shows no keyboard hints on the buttons of a phone (390x844, touch), as on the hint row; a desktop keeps them', async () => {
    const { context: desk, page: deskPage } = await f.signIn('egov');
    await deskPage.goto(`${f.url}/#/review`);
    await deskPage.waitForSelector('#accept');
    // The control: a desktop shows them, on the row and on the buttons.
    expect(await shownKeyHints(deskPage)).toEqual(expect.arrayContaining(['Enter', 'x', '1', '5', 'c', 'u', 'b']));
    await desk.close();

    const { context, page } = await f.signIn('egov', phoneWindow);
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#accept');
    expect(await shownKeyHints(page)).toEqual([]);
    expect(await page.textContent('#batch-open')).toContain('批量确认高置信度建议');
    expect(await page.locator('#batch-open').innerText()).not.toContain('(b)');
    // The dialogs' buttons too: 不予受理 (Ctrl+Enter, Esc) and 批量确认 (Esc).
    await page.tap('#reject-open');
    await page.waitForSelector('#reject-form');
    expect(await page.locator('#reject-form').innerText()).not.toMatch(/Esc|Ctrl/);
    expect(await shownKeyHints(page)).toEqual([]);
    await page.locator('#reject-form button', { hasText: '取消' }).tap();
    await page.tap('#batch-open');
    await page.waitForSelector('#batch-panel');
    expect(await page.locator('#batch-panel').innerText()).not.toContain('Esc');
    expect(await shownKeyHints(page)).toEqual([]);
    await context.close();
  });

  it('shows 区政府办 (who may not register) neither the confirming shortcuts nor the 批量确认 button', async () => {
    const { context, page } = await f.signIn('office');
    const errors = watchPageErrors(page);
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#review-title');
    expect(await page.locator('#batch-open').count()).toBe(0);
    expect(await page.locator('#batch-threshold').count()).toBe(0);
    // The row names only what the role can do on the page: move through the queue.
    expect(await page.locator('.keys kbd').allTextContents()).toEqual(['j/k']);
    expect(await page.textContent('#review-detail')).toContain('您的角色只能查看');
    // And it does move.
    const first = await page.textContent('#review-title');
    await page.keyboard.press('j');
    await expect.poll(() => page.textContent('#review-title')).not.toBe(first);
    expect(errors).toEqual([]);
    await context.close();
  });
});
