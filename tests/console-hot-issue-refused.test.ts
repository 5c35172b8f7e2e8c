/**
 * The hot issue on the page of a case decided 不予受理: its people are counted over the issue's
 * standing cases, which leave the refused one out, and the page says so (it once read
 * 「（共 0 人反映）」 beside 反映人数 1, as if nobody had raised it). Its 类别 is the suggestion, not
 * （待确认）, and no unit is named, before and after it is archived (an archived one read
 * 投诉（待确认） and 建议承办单位).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCase, decideNotAccepted, getCase } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture({ dedup: true });
});

afterAll(async () => {
  await f?.close();
});

describe('console: a refused case’s hot issue', () => {
  it('says the refused case is not counted, and a standing one reads as before', async () => {
    const db = f.store.db;
    const refused = await f.addMessage({ title: '馨园小区开发商房屋质量纠纷', content: '馨园小区房子墙面渗水，此事已向法院起诉，法院已经立案。', author: '陈女士', category: '投诉', confidence: 0.8, unit: '区住建局' });
    const standing = await f.addMessage({ title: '馨园小区电梯经常停运', content: '馨园小区三号楼电梯一周坏了三次，老人上下楼很困难。', author: '刘先生', category: '投诉', confidence: 0.9, unit: '区住建局' });
    const key = (await db.case.findUniqueOrThrow({ where: { id: refused } })).hotIssueKey;
    expect(key).not.toBeNull();
    expect((await db.case.findUniqueOrThrow({ where: { id: standing } })).hotIssueKey).toBe(key);
    await decideNotAccepted(db, { caseId: refused, reasons: ['legal_process'], note: '已进入诉讼程序', actor: f.actors.egov });

    const { context, page } = await f.signIn('egov');
    const errors = watchPageErrors(page);
    await page.goto(`${f.url}/#/case/${refused}`);
    await page.waitForSelector('#case-hot-issue');
    expect(await page.textContent('#case-hot-issue')).toBe('热点问题 馨园小区（共 1 人反映；本案件不予受理，不计入）');
    await page.goto(`${f.url}/#/case/${standing}`);
    await page.waitForSelector(`#case-hot-issue`);
    await page.waitForFunction(() => !document.querySelector('#case-hot-issue')?.textContent?.includes('不计入'));
    expect(await page.textContent('#case-hot-issue')).toBe('热点问题 馨园小区（共 1 人反映）');
    expect(await page.textContent('#case-category')).toBe('类别 投诉（待确认）');
    expect(await page.textContent('#case-units')).toBe('建议承办单位 区住建局');

    // The refused case, and once archived in the 不予受理 volume: its suggestion awaits no confirmation, and no unit handles it.
    for (const archived of [false, true]) {
      if (archived) await archiveCase(db, { caseId: refused, actor: f.actors.supervision });
      await page.goto(`${f.url}/#/case/${standing}`);
      await page.waitForSelector('#case-category');
      await page.goto(`${f.url}/#/case/${refused}`);
      await page.waitForFunction(() => document.querySelector('#case-category')?.textContent?.includes('未登记'));
      expect(await page.textContent('#case-category'), `archived ${archived}`).toBe('类别 投诉（分类建议，未登记）');
      expect(await page.textContent('#case-units'), `archived ${archived}`).toBe('承办单位 —');
    }
    expect(await page.textContent('#case-hot-issue')).toBe('热点问题 馨园小区（共 1 人反映；本案件不予受理，不计入）');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a unit no hot issue, nor in its case log’s 采集 event', async () => {
    const db = f.store.db;
    const caseId = await f.addMessage({ title: '馨园小区门口道路破损', content: '馨园小区门口道路坑洼积水，车辆难以通行。', author: '王先生', category: '投诉', confidence: 0.9, unit: '区交通局' });
    const created = (c: { events: { type: string; data: unknown }[] }) => c.events.find((e) => e.type === 'case_created')!.data as Record<string, unknown>;
    expect(created(await getCase(db, { caseId, actor: f.actors.egov }))).toMatchObject({ hotIssue: '馨园小区' });
    await f.assignTo(caseId, 'u-roads');
    const forUnit = await getCase(db, { caseId, actor: f.actors.roads });
    expect(forUnit.hotIssue).toBeNull();
    expect(Object.keys(created(forUnit))).not.toContain('hotIssue');
    expect(Object.keys(created(forUnit))).not.toContain('hotIssueKey');
    const { context, page } = await f.signIn('roads');
    await page.goto(`${f.url}/#/case/${caseId}`);
    await page.waitForSelector('#case-title');
    expect(await page.textContent('body')).not.toContain('馨园小区（');
    expect(await page.textContent('body')).not.toContain('热点问题');
    await context.close();
  });
});
