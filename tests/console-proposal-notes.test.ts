/**
 * The leader's note under each 拟办意见 on the case page, as staff read it: the reason a proposal
 * was sent back is 退回理由 (it was once shown as 批示, an instruction, beside 已退回), and the note
 * on one agreed is the leader's 批示.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideProposal, proposeHandling, registerCase } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});

afterAll(async () => {
  await f?.close();
});

describe('console: the leader’s notes on proposals', () => {
  it('names a sent-back proposal’s note 退回理由 and an agreed one’s 批示', async () => {
    const db = f.store.db;
    const id = await f.addMessage({ title: '东风路路面坑洼多年无人修', content: '东风路路面坑洼，雨天积水，请尽快修补。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await registerCase(db, { caseId: id, category: '投诉', actor: f.actors.egov });
    await proposeHandling(db, { caseId: id, unitId: 'u-housing', opinion: '拟请区住建局办理', actor: f.actors.office });
    await decideProposal(db, { caseId: id, approve: false, note: '道路应由交通运输局负责', actor: f.actors.leader });
    await proposeHandling(db, { caseId: id, unitId: 'u-roads', opinion: '拟请区交通运输局办理', actor: f.actors.office });
    await decideProposal(db, { caseId: id, approve: true, note: '请三日内修补', actor: f.actors.leader });

    const { context, page } = await f.signIn('office');
    const errors = watchPageErrors(page);
    await page.goto(`${f.url}/#/case/${id}`);
    await page.waitForSelector('li.proposal > .muted');
    const notes = await page.locator('li.proposal').evaluateAll((lis) => lis.map((li) => li.querySelector(':scope > .muted')?.textContent ?? ''));
    expect(notes).toEqual(['退回理由：道路应由交通运输局负责', '批示：请三日内修补']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
