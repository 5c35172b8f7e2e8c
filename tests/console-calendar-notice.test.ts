/**
 * The 督查看板 of the offices says when China's holiday schedule for this year, or from November
 * for next year, is not loaded (due dates there count plain weeks and may be wrong), in a real
 * browser against the running app; a unit's board does not (it cannot load one); once the admin
 * loads the schedules the notice is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate, createWorkCalendar, loadCalendarYear, missingScheduleNotice } from '../workflow/calendar/index.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const admin = { userId: 'u-admin', username: 'admin', role: 'admin' as const };

beforeAll(async () => {
  f = await openConsoleFixture();
});
afterAll(async () => {
  await f?.close();
});

describe("console: a holiday schedule not loaded, on the offices' board", () => {
  it('says so to 督查室 while a year lacks it, not to a unit, and not once the admin has loaded it', async () => {
    // What the library knows today (chinese-days 1.5.7: up to 2026; on 2026-12-02 that leaves 2027 out).
    const today = chinaDate(new Date());
    const expected = missingScheduleNotice(createWorkCalendar(), today);
    const { context, page } = await f.signIn('duchashi');
    const board = async () => (await (await page.request.get(`${f.url}/api/console/board`)).json()) as { calendarNotice: string | null };
    expect((await board()).calendarNotice).toBe(expected);
    await page.goto(`${f.url}/#/board`);
    await page.waitForSelector('#board-due-soon');
    expect(await page.locator('#calendar-notice').count()).toBe(expected ? 1 : 0);
    if (expected) expect(await page.textContent('#calendar-notice')).toBe(expected);

    const unit = await f.signIn('roads');
    expect(((await (await unit.page.request.get(`${f.url}/api/console/board`)).json()) as { calendarNotice: string | null }).calendarNotice).toBeNull();
    await unit.context.close();

    // The admin loads this year's and next year's schedules (元旦 at least): nothing left to say.
    const year = Number(today.slice(0, 4));
    for (const y of [year, year + 1]) await loadCalendarYear(f.store.db, { file: { year: y, holidays: [`${y}-01-01`] }, actor: admin });
    expect((await board()).calendarNotice).toBeNull();
    await page.reload();
    await page.waitForSelector('#board-due-soon');
    expect(await page.locator('#calendar-notice').count()).toBe(0);
    await context.close();
  });
});
