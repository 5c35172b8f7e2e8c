/**
 * 批量回访's count in a real browser: 待回访 N 件 follows the rows saved on the page (it once kept
 * the number the page opened with, so a clerk who had visited every case still read 待回访 3 件).
 * A case saved 无法联系 leaves 待回访 (it is 已回访办结) but stays among 无法联系待再次回访 until a
 * later visit reaches the citizen; a row saved twice is counted once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});

afterAll(async () => {
  await f?.close();
});

/** A message walked to 已回复 (the roads bureau's reply published by the centre). */
async function replied(title: string): Promise<string> {
  const id = await f.addMessage({ title, content: `${title}，请尽快处理。`, author: '王先生', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(id, 'u-roads');
  await f.publishReply(id);
  return id;
}

describe('console: the count of 批量回访', () => {
  it('goes down as rows are saved, 无法联系 included, and counts a row saved twice once', async () => {
    const lamp = await replied('城关街道路灯不亮');
    const bus = await replied('红土镇公交站牌损坏');
    const road = await replied('陈炉镇道路破损');
    const row = (id: string) => `#visit-rows tr[data-case-id="${id}"]`;
    const names: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意', unreachable: '无法联系' };
    const save = async (id: string, satisfaction: string, note = '') => {
      await page.selectOption(`${row(id)} select[name=satisfaction]`, satisfaction);
      await page.fill(`${row(id)} input[name=note]`, note);
      await page.click(`${row(id)} button.visit-save`);
      await page.waitForSelector(`${row(id)} .visit-saved:has-text("已保存：${names[satisfaction]}（")`);
    };

    const { context, page } = await f.signIn('egov');
    const errors = watchPageErrors(page);
    await page.goto(`${f.url}/#/visits`);
    await page.waitForSelector(row(road));
    expect(await page.textContent('#visits-count')).toBe('待回访 3 件');

    await save(lamp, 'satisfied', '群众表示满意');
    expect(await page.textContent('#visits-count')).toBe('待回访 2 件');
    // 无法联系 closes the case: it is no longer awaiting a visit, though its row stays open.
    await save(bus, 'unreachable');
    expect(await page.textContent('#visits-count')).toBe('待回访 1 件');
    await save(bus, 'satisfied', '再次回访，群众表示满意');
    expect(await page.textContent('#visits-count')).toBe('待回访 1 件');
    await save(road, 'dissatisfied', '路面仍未修好');
    expect(await page.textContent('#visits-count')).toBe('待回访 0 件');
    await page.reload();
    await page.waitForSelector('#visit-rows td.empty');
    expect(await page.textContent('#visits-count')).toBe('待回访 0 件');

    // Among those to visit again, another 无法联系 keeps the case there; reaching the citizen ends it.
    const pothole = await replied('王益路井盖缺失');
    await page.reload();
    await page.waitForSelector(row(pothole));
    await save(pothole, 'unreachable');
    await page.goto(`${f.url}/#/visits?unreached=true`);
    await page.waitForSelector(row(pothole));
    expect(await page.textContent('#visits-count')).toBe('无法联系待再次回访 1 件');
    await save(pothole, 'unreachable');
    expect(await page.textContent('#visits-count')).toBe('无法联系待再次回访 1 件');
    await save(pothole, 'basically_satisfied', '基本满意');
    expect(await page.textContent('#visits-count')).toBe('无法联系待再次回访 0 件');
    expect(errors).toEqual([]);
    await context.close();
  });
});
