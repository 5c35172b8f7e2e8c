/**
 * A case never handed to a unit does not read as if it had been (QA pass as 区政府办): before 交办
 * the ledger's 承办单位 column and the case page say the unit is the classifier's suggestion
 * (建议：…, 建议承办单位), and a 不予受理 or merged case names no unit at all. Real PostgreSQL, the app's web
 * server and chromium.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideNotAccepted, mergeCases, registerCase } from '../workflow/cases/index.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const ids: Record<'waiting' | 'registered' | 'refused' | 'merged' | 'assigned', string> = { waiting: '', registered: '', refused: '', merged: '', assigned: '' };

beforeAll(async () => {
  f = await openConsoleFixture();
  const road = (title: string) => f.addMessage({ title, content: `${title}，已经一个多月了，请尽快处理。`, author: '张建国', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  ids.waiting = await road('新华路路面破损');
  ids.registered = await road('广阳路路灯不亮');
  ids.refused = await road('耀州区某路段积水');
  ids.merged = await road('新华路路面坏了');
  ids.assigned = await road('东风路井盖缺失');
  const db = f.store.db;
  await registerCase(db, { caseId: ids.registered, category: '投诉', actor: f.actors.egov });
  await decideNotAccepted(db, { caseId: ids.refused, reasons: ['other'], note: '反映耀州区的问题，不属本区', actor: f.actors.egov });
  await mergeCases(db, { caseId: ids.merged, intoCaseId: ids.waiting, note: '同一路段', actor: f.actors.egov });
  await f.assignTo(ids.assigned, (await db.unit.findFirstOrThrow({ where: { name: '区交通运输局' } })).id);
}, 120_000);

afterAll(async () => {
  await f?.close();
});

const unitCell = (page: Page, caseId: string) => page.locator(`#ledger tr[data-case-id="${caseId}"] td.unit-cell`);

async function caseUnits(page: Page, caseId: string) {
  await page.goto(`${f.url}/#/case/${caseId}`);
  await page.waitForSelector('#timeline');
  return page.locator('#case-units').textContent();
}

describe('console: the unit of a case before 交办', () => {
  it('marks the suggestion as one in the ledger and on the case page, and names none for 不予受理 or a merged case', async () => {
    const { context, page } = await f.signIn('leader');
    try {
      await page.goto(`${f.url}/#/ledger`);
      await expect.poll(() => unitCell(page, ids.waiting).textContent()).toBe('建议：区交通运输局');
      expect(await unitCell(page, ids.registered).textContent()).toBe('建议：区交通运输局');
      expect(await unitCell(page, ids.refused).textContent()).toBe('—');
      expect(await unitCell(page, ids.merged).textContent()).toBe('—');
      expect(await unitCell(page, ids.assigned).textContent()).toBe('区交通运输局');

      expect(await caseUnits(page, ids.waiting)).toBe('建议承办单位 区交通运输局');
      expect(await caseUnits(page, ids.refused)).toBe('承办单位 —');
      expect(await caseUnits(page, ids.merged)).toBe('承办单位 —');
      expect(await caseUnits(page, ids.assigned)).toBe('主办：区交通运输局');
    } finally {
      await context.close();
    }
  });
});
