/**
 * 督查室's 集中回访复核 and 批量归档 on the console, in a real browser against the running app: its
 * 待我办理 lists the replied cases awaiting 回访 (and the centre's still does), each row awaiting 归档
 * (已回访办结, 不予受理) has a tick box; 「归档所选」 files each by the category it has, says where it
 * would go first, and, with one case visited again and found dissatisfied and one re-opened while
 * the page was open, archives the others and lists the two refused with their reasons after the
 * ledger is read again; 使用说明 says 督查室 visits (第五条㈥) and archives in batches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../workflow/calendar/index.js';
import { correctCategory, decideNotAccepted, recordVisit, reopenCase, type Satisfaction } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const ids: Record<'complaint' | 'suggestion' | 'unreachable' | 'refused' | 'reopened' | 'replied', string> = {} as never;

/** A message handled by the roads bureau and replied (已回复). */
async function replied(title: string): Promise<string> {
  const id = await f.addMessage({ title, content: `${title}，请尽快处理。`, category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(id, 'u-roads');
  await f.publishReply(id);
  return id;
}

async function closed(title: string, satisfaction: Satisfaction = 'satisfied'): Promise<string> {
  const id = await replied(title);
  await recordVisit(f.store.db, { caseId: id, satisfaction, method: 'phone', actor: f.actors.egov });
  return id;
}

async function notAccepted(title: string): Promise<string> {
  const id = await f.addMessage({ title, content: `${title}，联系电话见图。`, category: '其他', confidence: 0.9, outOfScope: [{ code: 'advertising', evidence: ['广告'] }] });
  await decideNotAccepted(f.store.db, { caseId: id, reasons: ['advertising'], note: '商业广告', actor: f.actors.egov });
  return id;
}

beforeAll(async () => {
  f = await openConsoleFixture();
  ids.complaint = await closed('城关街道路面破损');
  ids.suggestion = await closed('建议增设公交站');
  await correctCategory(f.store.db, { caseId: ids.suggestion, category: '建议', note: '网民提出的是建议', actor: f.actors.egov });
  ids.unreachable = await closed('新华路路灯不亮', 'unreachable');
  ids.refused = await notAccepted('专业开锁换锁芯');
  ids.reopened = await notAccepted('红土镇集市占道');
  ids.replied = await replied('王石凹小区门口积水');
});

afterAll(async () => {
  await f?.close();
});

const row = (id: string) => `#ledger tr[data-case-id="${id}"]`;
const state = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).state;
const ledgerNo = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;

describe('console: 督查室 visiting replied cases and archiving in batches', () => {
  it("lists the replied cases in both 督查室's and the centre's 待我办理, with no tick box on them", async () => {
    for (const username of ['duchashi', 'egov']) {
      const { context, page } = await f.signIn(username);
      try {
        await page.goto(`${f.url}/#/ledger?todo=true`);
        await page.waitForSelector(row(ids.replied));
        expect(await page.locator(`${row(ids.replied)} input[type=checkbox]`).count(), username).toBe(0);
      } finally {
        await context.close();
      }
    }
  });

  it('archives the ticked cases by their categories, listing with its reason each case changed meanwhile', async () => {
    const year = chinaDate(new Date()).slice(0, 4);
    const { context, page } = await f.signIn('duchashi');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/ledger?todo=true`);
      await page.waitForSelector(row(ids.refused));
      expect(await page.isVisible('#ledger-archive-batch')).toBe(true);
      expect(await page.locator('#ledger-propose-batch').count()).toBe(0);
      const archivable = [ids.complaint, ids.suggestion, ids.unreachable, ids.refused, ids.reopened];
      for (const id of archivable) expect(await page.locator(`${row(id)} input.archive-pick`).count()).toBe(1);

      await page.locator(`${row(ids.complaint)} input.archive-pick`).check();
      await expect.poll(() => page.textContent('#ledger-archive')).toBe('归档所选（1 件）');
      await page.click('#ledger-archive-all');
      await expect.poll(() => page.textContent('#ledger-archive')).toBe('归档所选（5 件）');
      const volumes = await page.textContent('#ledger-archive-volumes');
      for (const part of [`${year}-投诉 2 件`, `${year}-建议 1 件`, `${year}-不予受理 2 件`]) expect(volumes).toContain(part);

      // Meanwhile the citizen not reached is reached and is not satisfied (the case is back with the
      // roads bureau), and a 不予受理 decision is taken back.
      await recordVisit(f.store.db, { caseId: ids.unreachable, satisfaction: 'dissatisfied', method: 'phone', note: '路灯修好两天又不亮了', actor: f.actors.egov });
      await reopenCase(f.store.db, { caseId: ids.reopened, note: '经核实是群众反映占道问题', actor: f.actors.egov });

      await page.click('#ledger-archive');
      // Answered once the ledger was read again: the bar says what was done, though no row is left to archive.
      await expect.poll(() => page.textContent('#ledger-archive-summary').catch(() => null)).toMatch(/^已归档 3 件/);
      const summary = await page.textContent('#ledger-archive-summary');
      expect(summary).toMatch(/^已归档 3 件（.*），未归档 2 件：$/);
      for (const part of [`${year}-投诉 1 件`, `${year}-建议 1 件`, `${year}-不予受理 1 件`]) expect(summary).toContain(part);
      const reasons = await page.locator('#ledger-archive-result li').allTextContents();
      expect(reasons).toHaveLength(2);
      expect(reasons).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^案件 ${await ledgerNo(ids.unreachable)}：已由 电子政务中心 王敏（egov）于 .* 回访（不满意，重新交办）（现为「已交办办理中」），不能再立卷归档；请刷新后再操作$`)),
          expect.stringMatching(new RegExp(`^案件 ${await ledgerNo(ids.reopened)}：已由 电子政务中心 王敏（egov）于 .* 重新受理（现为「待审核分类」），不能再立卷归档`)),
        ]),
      );
      expect([await state(ids.complaint), await state(ids.suggestion), await state(ids.refused), await state(ids.unreachable), await state(ids.reopened)]).toEqual(['archived', 'archived', 'archived', 'assigned', 'awaiting_review']);
      expect(await f.store.db.case.findUniqueOrThrow({ where: { id: ids.suggestion } })).toMatchObject({ archiveCategory: '建议', archiveVolume: `${year}-建议` });
      const event = await f.store.db.event.findFirstOrThrow({ where: { caseId: ids.refused, type: 'archive' } });
      expect(event).toMatchObject({ actor: 'duchashi', role: 'supervision', data: { from: 'not_accepted', archiveVolume: `${year}-不予受理` } });
      // The ledger was read again: the archived cases left 待我办理, the replied one is still there.
      for (const id of [ids.complaint, ids.suggestion, ids.refused]) expect(await page.locator(row(id)).count()).toBe(0);
      expect(await page.locator(row(ids.replied)).count()).toBe(1);
      expect(errors).toEqual([]);

      // 使用说明 says 督查室 visits replied cases (第五条㈥) and archives in batches.
      await page.click('#help-link');
      await page.waitForSelector('.help-section.mine');
      const mine = await page.locator('.help-section.mine').textContent();
      expect(mine).toContain('集中回访复核（第五条㈥）');
      expect(mine).toContain('点「归档所选」');
    } finally {
      await context.close();
    }
  });
});
