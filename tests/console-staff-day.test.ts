/**
 * What a working day of staff use found, in a real browser against the running app: two reviewers
 * on one queue (a case a colleague decided leaves the other's queue instead of being refused at
 * every try), the case page saying an assignment is reported, and over once the reply is out, and
 * the bulletin's bar labels drawn whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCase, decideReply, publishReply, recordVisit, reviewReport, submitReport } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const ids: Record<string, string> = {};

beforeAll(async () => {
  f = await openConsoleFixture();
  ids.first = await f.addMessage({ title: '北关街路灯不亮', content: '北关街路灯连续一周不亮，夜间行走不便。', category: '投诉', confidence: 0.8 });
  ids.second = await f.addMessage({ title: '咨询居住证办理地点', content: '请问居住证在哪里办理？需要带什么材料？', category: '咨询', confidence: 0.9 });
  ids.third = await f.addMessage({ title: '建议增设公交站台', content: '建议在新区医院门口增设公交站台。', category: '建议', confidence: 0.7 });
  ids.handled = await f.addMessage({ title: '红旗路路面破损', content: '红旗路路面破损多处，雨天积水，请尽快修补。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
});

afterAll(async () => {
  await f?.close();
});

describe('console: two reviewers on one queue', () => {
  it('drops a case a colleague decided when the step is refused, and on the next refresh even when a new case came in', async () => {
    const a = await f.signIn('egov');
    const b = await f.signIn('duchashi');
    const errors = watchPageErrors(b.page);
    for (const { page } of [a, b]) {
      await page.goto(`${f.url}/#/review`);
      await page.waitForSelector('#review-title');
    }
    expect(await a.page.textContent('#review-title')).toBe('北关街路灯不亮');
    expect(await b.page.textContent('#review-title')).toBe('北关街路灯不亮');

    // The colleague registers the first case; this reviewer, still showing it, presses Enter.
    await a.page.keyboard.press('Enter');
    await expect.poll(() => a.page.textContent('#review-title')).toBe('咨询居住证办理地点');
    await b.page.keyboard.press('Enter');
    await expect.poll(() => b.page.textContent('#toasts')).toContain('确认分类并登记（现为「已登记」），不能再确认分类并登记；请刷新后再操作');
    await expect.poll(() => b.page.textContent('#review-title')).toBe('咨询居住证办理地点');
    expect(await b.page.locator('#queue li[data-case-id]').count()).toBe(3);
    expect(await b.page.textContent('#queue-count')).toBe('待审核 3 条');

    // The colleague registers the next one and a new message arrives: the count stays 3, the
    // cases do not; the queue's refresh (every 10 s) shows the new list.
    await a.page.keyboard.press('Enter');
    await expect.poll(() => a.page.textContent('#review-title')).toBe('建议增设公交站台');
    ids.fourth = await f.addMessage({ title: '小区垃圾清运不及时', content: '小区垃圾三天没有清运，气味很大。', category: '投诉', confidence: 0.85 });
    await expect.poll(() => b.page.locator('#queue li[data-case-id]').evaluateAll((li) => li.map((x) => (x as HTMLElement).dataset.caseId)), { timeout: 25_000 }).not.toContain(ids.second);
    expect(await b.page.locator('#queue li[data-case-id]').evaluateAll((li) => li.map((x) => (x as HTMLElement).dataset.caseId))).toContain(ids.fourth);
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});

describe('console: an assignment once the reply is out', () => {
  it('is shown 已报送 once reported, 已答复 after publication and 已办结 once visited and archived, not 办理中', async () => {
    const caseId = ids.handled!;
    await f.assignTo(caseId, 'u-roads');
    const badge = async () => {
      const { context, page } = await f.signIn('egov');
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline');
      const text = await page.locator('section.card', { has: page.locator('h4', { hasText: '交办' }) }).locator('li .badge').textContent();
      await context.close();
      return text;
    };
    expect(await badge()).toBe('办理中');
    await submitReport(f.store.db, { caseId, text: '经现场查看，红旗路破损路面已于本周修补完毕，积水问题已解决。感谢您的反映。', actor: f.actors.roads });
    // QA (a unit's day): the unit's page said 办理中 beside its 交办 while its report awaited 审核.
    expect(await badge()).toBe('已报送');
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision });
    await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader });
    expect(await badge()).toBe('已报送');
    await publishReply(f.store.db, { caseId, actor: f.actors.egov, acknowledgeFindings: true });
    expect(await badge()).toBe('已答复');
    await recordVisit(f.store.db, { caseId, satisfaction: 'satisfied', method: 'phone', actor: f.actors.egov });
    await archiveCase(f.store.db, { caseId, actor: f.actors.supervision });
    expect(await badge()).toBe('已办结');
  });
});

describe('console: 通报统计 bars', () => {
  it('draws each bar value whole inside its chart (「100%（1/1）」 was cut off)', async () => {
    const { context, page } = await f.signIn('leader');
    await page.goto(`${f.url}/#/bulletin`);
    await page.waitForSelector('#chart-ontime svg .chart-value');
    const overflow = await page.$$eval('svg.chart', (svgs) =>
      svgs.flatMap((svg) => {
        const width = (svg as SVGSVGElement).viewBox.baseVal.width;
        return [...svg.querySelectorAll('.chart-value')].map((t) => {
          const box = (t as SVGTextElement).getBBox();
          return { text: t.textContent, right: Math.ceil(box.x + box.width), width };
        });
      }),
    );
    expect(overflow.map((x) => x.text)).toContain('100%（1/1）');
    expect(overflow.filter((x) => x.right > x.width)).toEqual([]);
    await context.close();
  });
});
