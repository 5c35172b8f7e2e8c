/**
 * A letter posted again after the reply is out, as the e-government centre meets it in 分类审核 (QA,
 * chromium against the running app, PostgreSQL, the pipeline's de-duplication index): told that it
 * repeats the answered case (再次反映), never offered as its copy, and the answered case refused as
 * a merge target with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideReply, publishReply, reviewReport, submitReport } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const letter = { title: '城关街道北关街路灯又不亮了', content: '城关街道北关街中段路灯一到晚上就不亮，行人摔倒过好几次，请相关部门尽快维修。', author: '孙志刚', category: '投诉', confidence: 0.95, unit: '区交通运输局' };

beforeAll(async () => {
  f = await openConsoleFixture({ dedup: true });
});
afterAll(async () => {
  await f?.close();
});

describe('console: a letter posted again after the reply (再次反映)', () => {
  it('is shown in the review queue as asking again about the answered case, not as its copy', async () => {
    const answered = await f.addMessage(letter);
    await f.assignTo(answered, 'u-roads');
    const text = '关于您反映的北关街路灯不亮问题，我局已派员现场查看并更换了线路，现已恢复照明。感谢您对我区工作的关注和支持。';
    await submitReport(f.store.db, { caseId: answered, text, actor: f.actors.roads });
    await reviewReport(f.store.db, { caseId: answered, accept: true, actor: f.actors.supervision });
    await decideReply(f.store.db, { caseId: answered, approve: true, actor: f.actors.leader });
    await publishReply(f.store.db, { caseId: answered, actor: f.actors.egov });
    const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: answered } });
    const again = await f.addMessage({ ...letter, channel: 'city_mailbox' });
    expect(again).not.toBe(answered);

    const { context, page } = await f.signIn('egov');
    const errors = watchPageErrors(page);
    await page.goto(`${f.url}/#/review`);
    const item = page.locator(`#queue .queue-item[data-case-id="${again}"]`);
    await item.click();
    await expect.poll(() => page.textContent('#review-title')).toBe(letter.title);
    expect(await item.textContent()).not.toContain('疑似重复');
    expect(await page.locator('#likely-copy').count()).toBe(0);
    const notice = await page.textContent('#repeats-answered');
    expect(notice).toContain('再次反映');
    expect(notice).toContain(`${ledgerNo} “${letter.title}”（已回复）`);
    expect(notice).toContain('请作为新案件登记办理');
    expect(await page.getAttribute('#repeats-answered a', 'href')).toBe(`#/case/${answered}`);

    // Looked up by hand, the answered case is not offered as the case to merge into.
    await page.keyboard.press('m');
    await page.waitForSelector('#merge-panel');
    await page.fill('#merge-panel .merge-ledger-no', ledgerNo);
    await page.click('#merge-panel .merge-lookup');
    await expect.poll(() => page.textContent('#merge-panel .merge-results')).toContain(`${ledgerNo}（已回复）不能作为并入的案件`);
    expect(await page.locator('#merge-panel .merge-option').count()).toBe(0);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: again } })).state).toBe('awaiting_review');
    expect(errors).toEqual([]);
    await context.close();
  });
});
