/**
 * 批量归档 from the ledger when every ticked case is archived: the result under the bar is the
 * summary alone (it once read 「null」 on a line of its own below it, the empty list of refusals
 * printed as text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideNotAccepted } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});

afterAll(async () => {
  await f?.close();
});

describe('console: the result of a batch archive with nothing refused', () => {
  it('shows the summary and nothing else', async () => {
    const id = await f.addMessage({ title: '与馨园小区开发商房屋质量纠纷', content: '此事已向法院起诉，法院已经立案，请政府督促开发商维修。', category: '投诉', confidence: 0.8, unit: '区住建局' });
    await decideNotAccepted(f.store.db, { caseId: id, reasons: ['legal_process'], note: '已进入诉讼程序', actor: f.actors.egov });

    const { context, page } = await f.signIn('duchashi');
    const errors = watchPageErrors(page);
    await page.goto(`${f.url}/#/ledger?todo=true`);
    await page.check(`tr[data-case-id="${id}"] input[type=checkbox]`);
    await expect.poll(() => page.textContent('#ledger-archive')).toBe('归档所选（1 件）');
    await page.click('#ledger-archive');
    await page.waitForSelector('#ledger-archive-summary');
    expect(await page.textContent('#ledger-archive-result')).toMatch(/^已归档 1 件（\d{4}-不予受理 1 件），未归档 0 件$/);
    expect(await page.locator('#ledger-archive-result > *').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
