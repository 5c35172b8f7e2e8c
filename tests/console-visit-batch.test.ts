/**
 * 批量回访 (第五条㈥) on the console, in a real browser against the running app: the supervision
 * office opens 批量回访 from the navigation, reads the replied cases oldest reply first (writer,
 * reply date, days since; a writer's name is text, never markup), fills several rows and saves them
 * at once: each row is saved on its own, one a colleague visited meanwhile is refused on its row
 * (what was typed kept) while the others are recorded. A row saved 无法联系 stays open and is
 * visited again. Rows filled and not yet saved come back filled after a look at a case or a reload.
 * The roles that do not record visits have no such page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordVisit } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});

afterAll(async () => {
  await f?.close();
});

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

/** A message by `author`, walked to 已回复 `repliedDaysAgo` days ago (the roads bureau's reply published by the centre). */
async function replied(title: string, author: string, repliedDaysAgo: number): Promise<string> {
  const id = await f.addMessage({ title, content: `${title}，请尽快处理。`, author, category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  const now = daysAgo(repliedDaysAgo);
  await f.assignTo(id, 'u-roads', now);
  await f.publishReply(id, now);
  return id;
}

describe('console: recording several follow-up visits at once (批量回访)', () => {
  it('saves each filled row on its own, keeps a refused row with its reason and text, and visits an unreached case again', async () => {
    const db = f.store.db;
    const hostile = '<img src=x onerror="window.__owned=1">李女士';
    const lamp = await replied('城关街道路灯不亮', '王先生', 6);
    const bus = await replied('红土镇公交站牌损坏', hostile, 4);
    const road = await replied('陈炉镇道路破损', '张先生', 3);
    const pothole = await replied('王益路井盖缺失', '赵女士', 1);
    const ledgerNo = async (id: string) => (await db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;
    const row = (id: string) => `#visit-rows tr[data-case-id="${id}"]`;

    const { context, page } = await f.signIn('duchashi');
    const errors = watchPageErrors(page);
    try {
      await page.click('#nav a[href="#/visits"]');
      await page.waitForSelector(row(pothole));
      // Oldest reply first, with the days since; the writer's name shown as the text it is.
      const order = await page.locator('#visit-rows tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.caseId));
      expect(order).toEqual([lamp, bus, road, pothole]);
      expect(await page.textContent('#visits-count')).toBe('待回访 4 件');
      expect(await page.textContent(`${row(lamp)} td.visit-days`)).toBe('6 天');
      expect(await page.textContent(`${row(lamp)} td:nth-child(1)`)).toBe(await ledgerNo(lamp));
      expect(await page.textContent(`${row(lamp)} td.title-cell`)).toBe('城关街道路灯不亮');
      expect(await page.textContent(`${row(bus)} .visit-writer`)).toBe(hostile);
      expect(await page.locator(`${row(bus)} img`).count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
      const repliedOn = (await db.handlingReport.findFirstOrThrow({ where: { caseId: lamp, status: 'published' } })).publishedAt!;
      expect(await page.textContent(`${row(lamp)} td:nth-child(4)`)).toBe(repliedOn.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));

      // A dissatisfied answer without the citizen's words is refused on its row before sending.
      await page.selectOption(`${row(bus)} select[name=satisfaction]`, 'dissatisfied');
      await page.click(`${row(bus)} button.visit-save`);
      expect(await page.textContent(`${row(bus)} .visit-error`)).toBe('未保存：不满意的回访请填写群众意见');
      expect(await db.visit.count()).toBe(0);

      // Three rows filled; meanwhile the e-government centre visits the road case from its own page.
      await page.selectOption(`${row(lamp)} select[name=satisfaction]`, 'satisfied');
      await page.fill(`${row(lamp)} input[name=note]`, '群众表示满意');
      await page.fill(`${row(bus)} input[name=note]`, '站牌仍未修好');
      await page.selectOption(`${row(road)} select[name=satisfaction]`, 'basically_satisfied');
      await page.selectOption(`${row(road)} select[name=method]`, 'sms');
      await page.fill(`${row(road)} input[name=note]`, '基本满意，希望加快进度');
      await recordVisit(db, { caseId: road, satisfaction: 'satisfied', method: 'phone', actor: f.actors.egov });
      await page.click('#visits-save-all');
      await expect.poll(() => page.textContent('#visits-summary')).toBe('已保存 2 件，1 件未保存（原因见各行）');

      expect(await page.textContent(`${row(lamp)} .visit-status`)).toBe('已保存：满意（电话），已回访办结');
      expect(await page.textContent(`${row(bus)} .visit-status`)).toMatch(/^已保存：不满意（电话），已重新交办原承办单位，办理时限 \d{4}-\d{2}-\d{2}$/);
      // The refused row says why, keeps what was typed and may be tried again; the others stand.
      expect(await page.textContent(`${row(road)} .visit-error`)).toBe(`未保存：案件 ${await ledgerNo(road)} 已回访办结（群众已答复），不能再次回访；只有上次回访无法联系的案件可再次回访`);
      expect(await page.getAttribute(row(road), 'class')).toContain('visit-failed');
      expect(await page.inputValue(`${row(road)} input[name=note]`)).toBe('基本满意，希望加快进度');
      expect(await page.inputValue(`${row(road)} select[name=satisfaction]`)).toBe('basically_satisfied');
      expect(await page.isEnabled(`${row(road)} button.visit-save`)).toBe(true);
      expect(await page.isDisabled(`${row(lamp)} select[name=satisfaction]`)).toBe(true);
      const states = Object.fromEntries((await db.case.findMany({ where: { id: { in: [lamp, bus, road, pothole] } } })).map((c) => [c.id, c.state]));
      expect(states).toEqual({ [lamp]: 'closed', [bus]: 'assigned', [road]: 'closed', [pothole]: 'replied' });
      const visits = await db.visit.findMany({ orderBy: { visitedAt: 'asc' } });
      expect(visits.map((v) => [v.caseId, v.satisfaction, v.method, v.note, v.visitedBy])).toEqual([
        [road, 'satisfied', 'phone', null, 'egov'],
        [lamp, 'satisfied', 'phone', '群众表示满意', 'duchashi'],
        [bus, 'dissatisfied', 'phone', '站牌仍未修好', 'duchashi'],
      ]);

      // Unreachable: the case is closed and the row stays open; reached later, the answer is recorded.
      await page.selectOption(`${row(pothole)} select[name=satisfaction]`, 'unreachable');
      await page.click(`${row(pothole)} button.visit-save`);
      await expect.poll(() => page.textContent(`${row(pothole)} .visit-status`)).toBe('已保存：无法联系（电话），已回访办结；归档前可再次回访');
      expect((await db.case.findUniqueOrThrow({ where: { id: pothole } })).state).toBe('closed');
      await page.selectOption(`${row(pothole)} select[name=satisfaction]`, 'satisfied');
      await page.fill(`${row(pothole)} input[name=note]`, '下午联系上，群众满意');
      await page.click(`${row(pothole)} button.visit-save`);
      await expect.poll(() => page.textContent(`${row(pothole)} .visit-status`)).toBe('已保存：满意（电话），已回访办结');
      expect((await db.visit.findMany({ where: { caseId: pothole }, orderBy: { visitedAt: 'asc' } })).map((v) => v.satisfaction)).toEqual(['unreachable', 'satisfied']);

      // Read again: only the refused row's case… which a colleague closed; nothing is left to visit.
      await page.reload();
      await page.waitForSelector('#visit-rows td.empty');
      expect(await page.textContent('#visits-count')).toBe('待回访 0 件');
      // The browser logs the refused row's answer (409); nothing else went wrong.
      expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lists the closed cases still unreached under 仅无法联系, and is offered only to the roles that record visits', async () => {
    const db = f.store.db;
    const unreached = await replied('广阳镇路灯损坏', '孙先生', 2);
    await recordVisit(db, { caseId: unreached, satisfaction: 'unreachable', method: 'phone', note: '电话无人接听', actor: f.actors.egov });
    const egov = await f.signIn('egov');
    try {
      await egov.page.click('#nav a[href="#/visits"]');
      await egov.page.waitForSelector('#visit-rows td.empty');
      await egov.page.check('#visits-unreached');
      await egov.page.waitForSelector(`#visit-rows tr[data-case-id="${unreached}"]`);
      expect(await egov.page.textContent(`#visit-rows tr[data-case-id="${unreached}"] .visit-status`)).toMatch(/^上次回访 .* 电子政务中心 王敏（egov）：无法联系，电话无人接听$/);
    } finally {
      await egov.context.close();
    }
    for (const user of ['office', 'leader', 'roads']) {
      const { context, page } = await f.signIn(user);
      try {
        expect(await page.locator('#nav a[href="#/visits"]').count(), user).toBe(0);
        await page.goto(`${f.url}/#/visits`);
        await expect.poll(() => page.evaluate(() => location.hash), { timeout: 5000 }).not.toBe('#/visits');
      } finally {
        await context.close();
      }
    }
  });

  it('keeps the rows filled and not yet saved (满意度, 回访方式, note) across a look at the case page and a reload', async () => {
    const db = f.store.db;
    const school = await replied('城关中学门口积水', '周先生', 2);
    const market = await replied('川口路菜市场占道经营', '吴女士', 1);
    const row = (id: string) => `#visit-rows tr[data-case-id="${id}"]`;
    const { context, page } = await f.signIn('egov');
    try {
      await page.goto(`${f.url}/#/visits`);
      await page.waitForSelector(row(market));
      await page.selectOption(`${row(school)} select[name=satisfaction]`, 'basically_satisfied');
      await page.selectOption(`${row(school)} select[name=method]`, 'on_site');
      await page.fill(`${row(school)} input[name=note]`, '已上门回访，积水已排');
      await page.selectOption(`${row(market)} select[name=satisfaction]`, 'satisfied');
      await expect.poll(() => page.textContent('#visits-pending-count')).toBe('已填写 2 行');
      const filled = async (id: string) => Promise.all(['select[name=satisfaction]', 'select[name=method]', 'input[name=note]'].map((s) => page.inputValue(`${row(id)} ${s}`)));
      // The clerk opens a case from its row to check the reply, and comes back: both rows as filled.
      await page.click(`${row(school)} td.no-cell a`);
      await page.waitForSelector('#timeline');
      await page.goBack();
      await page.waitForSelector(row(market));
      expect(await filled(school)).toEqual(['basically_satisfied', 'on_site', '已上门回访，积水已排']);
      expect(await filled(market)).toEqual(['satisfied', 'phone', '']);
      await expect.poll(() => page.textContent('#visits-pending-count')).toBe('已填写 2 行');
      await page.reload();
      await page.waitForSelector(row(market));
      expect(await filled(school)).toEqual(['basically_satisfied', 'on_site', '已上门回访，积水已排']);
      // Saved from the bar: recorded as filled, and no longer a draft once saved.
      await page.click('#visits-pending-save');
      await expect.poll(() => page.textContent('#visits-summary')).toBe('已保存 2 件');
      const visits = await db.visit.findMany({ where: { caseId: { in: [school, market] } }, orderBy: { visitedAt: 'asc' } });
      expect(visits.map((v) => [v.caseId, v.satisfaction, v.method, v.note])).toEqual([
        [school, 'basically_satisfied', 'on_site', '已上门回访，积水已排'],
        [market, 'satisfied', 'phone', null],
      ]);
      expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('visit-batch')))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
