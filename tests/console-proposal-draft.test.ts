/**
 * The 拟办 form's draft, in a real browser against the running app: the office chooses the lead unit
 * (not the suggestion), ticks 协办单位, writes its 拟办意见 and sets the complexity, then the page is
 * reloaded before sending. The whole form comes back (QA, office's day: only the opinion did, and
 * sending it as restored proposed the suggested unit without the assisting units the opinion
 * named); what is sent is what was chosen. A form whose choices were left as they start keeps no
 * draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCase } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});
afterAll(async () => {
  await f?.close();
});

describe('console: the 拟办 form across a reload', () => {
  it('keeps the lead unit, the 协办单位 and the complexity chosen with the opinion, and sends them', async () => {
    const caseId = await f.addMessage({ title: '东风路下雨积水路面坑洼', content: '东风路一下雨全是积水，路面坑坑洼洼，排水口也堵了，请尽快处理。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });

    const { context, page } = await f.signIn('office');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline');
      const form = page.locator('form[data-action="propose"]');
      const summary = page.locator('#case-actions details', { has: form }).locator('summary');

      // Opened and left as it starts: nothing kept.
      await summary.click();
      await form.locator('textarea[name="opinion"]').fill('x');
      await form.locator('textarea[name="opinion"]').fill('');
      await page.reload();
      await page.waitForSelector('#timeline');
      expect(await form.locator('.draft-note').count()).toBe(0);
      expect(await form.locator('select[name="unitId"]').inputValue()).toBe('u-roads');

      await summary.click();
      await form.locator('select[name="unitId"]').selectOption('u-housing');
      await form.locator('input[name="assistUnitIds"][value="u-water"]').check();
      await form.locator('input[name="assistUnitIds"][value="u-roads"]').check();
      await form.locator('textarea[name="opinion"]').fill('拟请区住建局牵头，区水务局、区交通运输局配合办理');
      await form.locator('select[name="complexity"]').selectOption('complex');

      await page.reload();
      await page.waitForSelector('#timeline');
      expect(await form.locator('.draft-note').textContent()).toContain('已恢复未提交的内容');
      expect(await form.isVisible()).toBe(true);
      expect(await form.locator('select[name="unitId"]').inputValue()).toBe('u-housing');
      expect(await form.locator('input[name="assistUnitIds"]:checked').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value).sort())).toEqual(['u-roads', 'u-water']);
      expect(await form.locator('textarea[name="opinion"]').inputValue()).toBe('拟请区住建局牵头，区水务局、区交通运输局配合办理');
      expect(await form.locator('select[name="complexity"]').inputValue()).toBe('complex');

      await form.locator('button[type="submit"]').click();
      await expect.poll(() => f.store.db.proposal.count({ where: { caseId } })).toBe(1);
      const proposal = await f.store.db.proposal.findFirstOrThrow({ where: { caseId } });
      expect(proposal.unitId).toBe('u-housing');
      expect([...proposal.assistUnitIds].sort()).toEqual(['u-roads', 'u-water']);
      expect(proposal.complexity).toBe('complex');
      // Sent: the draft is gone with it.
      expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('.propose')))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
