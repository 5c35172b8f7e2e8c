/**
 * A handling unit's clerk on the console (QA as 承办单位), in a real browser against the running
 * app: after its own 退回交办 the case leaves its hands, so the page goes back to its ledger (not a
 * 加载失败) and the case's address says why it is not shown; its extension request says where it
 * stands (待督查室答复, then the days granted and the due date now in force); in 待我办理 a reply sent
 * back to be redone (退回重办) is told apart from new work; 本单位退回 lists what it returned, why and
 * where each went (待重新交办, 已改交 another unit, handed back with a link), nothing of the case since;
 * on a phone its reasons, and its export files' names, read on lines of a readable length.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { assignCase, decideExtension, decideProposal, proposeHandling, registerCase, requestExtension, returnCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import { goodReply } from './helpers/case-steps.js';
import { openConsoleFixture, phoneWindow, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await openConsoleFixture();
});
afterAll(async () => {
  await f?.close();
});

/** Opens the action form `action` of the case page shown. */
async function openForm(page: Page, action: string) {
  const form = page.locator(`form[data-action="${action}"]`);
  await page.locator('#case-actions details', { has: form }).locator('summary').click();
  return form;
}

describe('console: a unit clerk', () => {
  it('returns a case from its page and is taken back to its ledger, where the case no longer is', async () => {
    const caseId = await f.addMessage({ title: '玉门路小区停水三天', content: '玉门路小区已经停水三天，供水公司一直不给说法，请尽快恢复供水。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    const kept = await f.addMessage({ title: '王益路公交站牌损坏', content: '王益路公交站牌被车撞坏已一个月，一直没人修理，请尽快修复。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(caseId, 'u-roads');
    await f.assignTo(kept, 'u-roads');
    const { page, context } = await f.signIn('roads');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline');
      const form = await openForm(page, 'return_case');
      await form.locator('textarea[name="reason"]').fill('停水属区水务局和供水公司职责，不属本单位');
      await form.locator('button[type="submit"]').click();
      await expect.poll(() => page.url()).toMatch(/#\/ledger$/);
      await expect.poll(() => page.locator('.toast').allTextContents()).toContain('退回交办：已完成。案件已退回区政府办，不再由本单位办理，也不再列在本单位台账中');
      await expect.poll(() => page.locator('#ledger tr[data-case-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.caseId))).toEqual([kept]);
      expect(await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ state: 'returned' });

      // Its address (a bookmark, the browser's history) says why the case is not shown and leads back.
      await page.goto(`${f.url}/#/case/${caseId}`);
      await expect.poll(() => page.locator('#case-not-ours').textContent()).toContain('本单位已退回交办（退回后由区政府办重新拟办，不再由本单位办理）');
      await page.locator('#case-not-ours a').click();
      await expect.poll(() => page.url()).toMatch(/#\/ledger$/);
      // The only failed request is the case page's 404 the page explains.
      expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('sees its extension request awaiting 督查室, then the days granted and the due date now in force', async () => {
    const caseId = await f.addMessage({ title: '东风路路灯不亮', content: '东风路一段十几盏路灯晚上不亮，行人出行很不安全，请尽快维修。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(caseId, 'u-roads');
    const { page, context } = await f.signIn('roads');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline');
      const form = await openForm(page, 'request_extension');
      await form.locator('textarea[name="progress"]').fill('已派员查看，线路老化需整体更换');
      await form.locator('textarea[name="reason"]').fill('需采购电缆和灯具');
      await form.locator('input[name="days"]').fill('3');
      await form.locator('button[type="submit"]').click();
      const request = page.locator('li.extension');
      await expect.poll(() => request.textContent()).toContain('交通运输局 刘伟（roads） 申请 3 个工作日：需采购电缆和灯具 待督查室答复');

      // 督查室 grants fewer days than asked: the unit reads how many and its new deadline.
      const granted = await decideExtension(f.store.db, { caseId, approve: true, days: 1, answer: '同意延期 1 个工作日，请抓紧办理', actor: f.actors.supervision });
      await page.reload();
      await page.waitForSelector('#timeline');
      await expect.poll(() => request.locator('.badge').textContent()).toBe('同意延期');
      const answer = await request.locator('.extension-answer').textContent();
      expect(answer).toContain(`督查室 赵丽（duchashi） 答复：同意延期 1 个工作日，办理时限改为 ${granted.dueDate}。同意延期 1 个工作日，请抓紧办理`);
      await expect.poll(() => page.locator('#case-due').textContent()).toContain(granted.dueDate);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('tells a reply sent back to be redone (退回重办) from new work in 待我办理', async () => {
    const redo = await f.addMessage({ title: '北环路夜间施工扰民', content: '北环路夜间施工到凌晨两点，噪音很大，周边居民无法休息，请管一管。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    const fresh = await f.addMessage({ title: '南街公交线路调整咨询', content: '听说南街的公交线路要调整，请问调整后的站点设在哪里，什么时候开始？', category: '咨询', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(redo, 'u-roads');
    await f.assignTo(fresh, 'u-roads');
    await submitReport(f.store.db, { caseId: redo, text: goodReply, actor: f.actors.roads });
    await reviewReport(f.store.db, { caseId: redo, accept: false, note: '答复未说明施工时间如何调整，请补充后重新报送', actor: f.actors.supervision });
    const { page, context } = await f.signIn('roads');
    try {
      await page.goto(`${f.url}/#/ledger?todo=true`);
      const stateOf = (caseId: string) => page.locator(`#ledger tr[data-case-id="${caseId}"] td:nth-child(5)`).textContent();
      await expect.poll(() => stateOf(redo)).toBe('已交办办理中退回重办');
      await expect.poll(() => stateOf(fresh)).toBe('已交办办理中');
    } finally {
      await context.close();
    }
  });

  it('finds the cases it returned under 本单位退回: why, by whom, and where each went, without what happened since', async () => {
    const db = f.store.db;
    const water = { userId: 'water', username: 'water', role: 'unit' as const, unitId: 'u-water' };
    const moved = await f.addMessage({ title: '金锁关镇自来水管爆裂', content: '金锁关镇街道自来水管爆裂两天了，水流满街，请尽快抢修。', category: '求助', confidence: 0.9, unit: '区交通运输局' });
    const waiting = await f.addMessage({ title: '城关街道垃圾清运不及时', content: '城关街道垃圾箱满了好几天没人清运，气味很大，请尽快处理。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    const back = await f.addMessage({ title: '红旗街公交站台积水', content: '红旗街公交站台一下雨就积水，乘客无法候车，请尽快整修。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    for (const id of [moved, waiting, back]) await f.assignTo(id, 'u-roads');
    for (const [id, reason] of [[moved, '供水管道属区水务局职责'], [waiting, '垃圾清运属城管部门职责'], [back, '站台积水属排水问题']] as const) {
      await returnCase(db, { caseId: id, reason, actor: f.actors.roads });
    }
    // One goes to the water bureau, which reports on it; one comes back to roads; one waits.
    await proposeHandling(db, { caseId: moved, unitId: 'u-water', opinion: '拟请区水务局抢修', actor: f.actors.office });
    await decideProposal(db, { caseId: moved, approve: true, note: '同意，尽快抢修', actor: f.actors.leader });
    await assignCase(db, { caseId: moved, actor: f.actors.office });
    await submitReport(db, { caseId: moved, text: '我局已组织抢修，金锁关镇供水管道已于当晚修复，街道积水已清理，后续将加强管网巡查，防止类似情况再次发生。', acknowledgeFindings: true, actor: water });
    await proposeHandling(db, { caseId: back, unitId: 'u-roads', opinion: '站台由交通运输局负责整修', actor: f.actors.office });
    await decideProposal(db, { caseId: back, approve: true, actor: f.actors.leader });
    await assignCase(db, { caseId: back, actor: f.actors.office });
    const ledgerNo = async (id: string) => (await db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;

    const { page, context } = await f.signIn('roads');
    const errors = watchPageErrors(page);
    try {
      // From a returned case's address, the page points to the list; so does the header.
      await page.goto(`${f.url}/#/case/${moved}`);
      await page.locator('#case-not-ours-returned a').click();
      await expect.poll(() => page.url()).toMatch(/#\/returned$/);
      expect(await page.locator('#nav a.active').textContent()).toBe('本单位退回');
      const row = (id: string) => ledgerNo(id).then((no) => page.locator('#returned-cases tbody tr', { has: page.locator('td:first-child', { hasText: no }) }));
      const cells = async (id: string) => (await row(id)).locator('td').allTextContents();
      await expect.poll(async () => (await cells(waiting)).slice(0, 2)).toEqual([await ledgerNo(waiting), '城关街道垃圾清运不及时']);
      const returnedAt = (await db.assignment.findFirstOrThrow({ where: { caseId: waiting, status: 'returned' } })).returnedAt!;
      expect(await cells(waiting)).toEqual([
        await ledgerNo(waiting),
        '城关街道垃圾清运不及时',
        returnedAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).replace(' ', '\u00a0'),
        '垃圾清运属城管部门职责',
        '交通运输局 刘伟（roads）',
        '待重新交办',
      ]);
      expect((await cells(moved))[5]).toMatch(/^已改交区水务局\d{4}\//);
      expect(await (await row(moved)).locator('a').count()).toBe(0);
      // Nothing of the case since the return: not the office's opinion, the leader's note, nor the water bureau's report.
      const shown = await page.locator('#view').textContent();
      for (const later of ['拟请区水务局', '尽快抢修', '已于当晚修复']) expect(shown).not.toContain(later);
      await expect.poll(() => page.locator('#returned-count').textContent()).toMatch(/待重新交办 [1-9]\d* 件$/);

      // 仅待重新交办 keeps the one still waiting (the first test's return waits too).
      await page.locator('#returned-filters input[name=awaiting]').check();
      await page.locator('#returned-filters button[type=submit]').click();
      await expect.poll(() => page.url()).toContain('#/returned?awaiting=true');
      await expect.poll(async () => (await row(waiting)).count()).toBe(1);
      expect(await (await row(moved)).count()).toBe(0);
      expect(await (await row(back)).count()).toBe(0);

      // 本月: from the first of this month (China date) to today, which holds these returns.
      await page.locator('#returned-this-month').click();
      await expect.poll(() => page.url()).toMatch(/#\/returned\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}$/);
      await expect.poll(async () => (await row(moved)).count()).toBe(1);

      // The case handed back is open to it again, from its row.
      await page.goto(`${f.url}/#/returned`);
      await expect.poll(async () => (await cells(back))[5]).toMatch(/^已重新交办本单位/);
      await (await row(back)).locator('a.open-case').click();
      await page.waitForSelector('#timeline');
      expect(await page.textContent('#case-title')).toBe('红旗街公交站台积水');
      expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('console: a case waiting on someone else (下一步)', () => {
  it('tells a reader with no step to take who takes the case on next, and with which steps', async () => {
    // QA (unit and leader day): after 报送办理情况 the unit's page said only 当前没有您可以办理的步骤,
    // and so did the office's after 拟办; a leader's (who may only mark it) said nothing either:
    // none said what the case now waits for, or whom.
    const caseId = await f.addMessage({ title: '东关路路灯不亮', content: '东关路的路灯已经半个月不亮了，晚上走路很不安全，请尽快修复。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(caseId, 'u-roads');
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads });
    const proposed = await f.addMessage({ title: '西关公交站台无遮雨棚', content: '西关公交站台没有遮雨棚，下雨天等车的群众只能淋雨，建议加装。', category: '建议', confidence: 0.9, unit: '区交通运输局' });
    await registerCase(f.store.db, { caseId: proposed, category: '建议', actor: f.actors.egov });
    await proposeHandling(f.store.db, { caseId: proposed, unitId: 'u-roads', opinion: '请区交通运输局研究答复', actor: f.actors.office });
    const extended = await f.addMessage({ title: '南关路公交站牌倒了', content: '南关路公交站牌被大风刮倒了，乘客找不到站点，请尽快扶正修好。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(extended, 'u-roads');
    await requestExtension(f.store.db, { caseId: extended, progress: '已联系厂家', reason: '需定制站牌', days: 2, actor: f.actors.roads });
    for (const [username, id, expected] of [
      ['roads', caseId, '下一步：由区政府督查室审核通过办理情况或审核退回办理情况'],
      ['office', proposed, '下一步：由区政府领导同意拟办意见或退回拟办意见'],
      // The leader may mark it (标记领导重点批示) but takes no step of the path.
      ['leader', extended, '下一步：由区政府督查室答复延期申请；由承办单位（区交通运输局）报送办理情况或退回交办'],
    ] as const) {
      const { page, context } = await f.signIn(username);
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${f.url}/#/case/${id}`);
        await page.waitForSelector('#timeline');
        await expect.poll(() => page.locator('#next-step').textContent()).toBe(expected);
        if (username !== 'leader') expect(await page.locator('#case-actions').textContent()).toContain('当前没有您可以办理的步骤');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('reads 本单位退回 and its export files on a phone with the reason and the file name on lines of a readable length', async () => {
    const caseId = await f.addMessage({ title: '北塬佳苑冬季供暖不热', content: '北塬佳苑小区入冬以来暖气一直不热，室温只有十几度，请有关部门尽快解决。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(caseId, 'u-roads');
    await returnCase(f.store.db, { caseId, reason: '该小区供暖由市热力公司负责，不属本单位职责，建议交区住建局或市热力公司办理。', actor: f.actors.roads });
    const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
    const { page, context } = await f.signIn('roads', phoneWindow);
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/returned`);
      const reason = page.locator('#returned-cases tbody tr', { has: page.locator('td:first-child', { hasText: ledgerNo }) }).locator('td.reason');
      await reason.waitFor();
      // Squeezed to the cells' least width, the reason read four characters a line (74 px, 14 lines).
      expect((await reason.boundingBox())!.width).toBeGreaterThanOrEqual(130);
      await page.goto(`${f.url}/#/export`);
      await page.locator('#export-start').click();
      const file = page.locator('#export-jobs td.file-cell', { has: page.locator('a') }).first();
      await file.waitFor();
      // The file's name and 保留至 read on a few lines, not one word of the name a line (99 px).
      expect((await file.boundingBox())!.width).toBeGreaterThanOrEqual(180);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
