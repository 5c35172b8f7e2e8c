/**
 * 批量交办 on the console, in a real browser against the running app (QA, office's day: after a
 * leader's 批量同意 the office had to open each case page to press 交办; only the command line took
 * several). The office ticks cases 领导已同意待交办 in its 待我办理, each row showing the agreed lead
 * and 协办单位, and hands them over at once: each gets its due date and its assisting units' 协办; a
 * case whose agreement the leader withdrew while the page was open is refused with its reason, the
 * others stand. A case ticked for 拟办 beside them is counted in the bar and left alone. The route
 * refuses a role that may not assign (403).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideProposal, proposeHandling, registerCase, withdrawApproval } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});
afterAll(async () => {
  await f?.close();
});

/** A registered case; agreed by the leader when `unitId` is given (with its 协办单位). */
async function agreed(title: string, unitId: string | null, assistUnitIds: string[] = []): Promise<string> {
  const id = await f.addMessage({ title, content: `${title}，已经好几天了，请尽快处理。`, category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await registerCase(f.store.db, { caseId: id, category: '投诉', actor: f.actors.egov });
  if (unitId) {
    await proposeHandling(f.store.db, { caseId: id, unitId, assistUnitIds, opinion: '请核实办理', actor: f.actors.office });
    await decideProposal(f.store.db, { caseId: id, approve: true, actor: f.actors.leader });
  }
  return id;
}

describe('console: the office handing over several agreed cases at once (批量交办)', () => {
  it('assigns the ticked cases to their agreed units, refusing with its reason one whose agreement was withdrawn meanwhile', async () => {
    const flooded = await agreed('北关路口下雨积水', 'u-roads', ['u-water']);
    const water = await agreed('陈炉镇自来水停水', 'u-water');
    const withdrawn = await agreed('王石凹小区供暖不热', 'u-housing');
    const registered = await agreed('红土镇公交站牌损坏', null);
    const ledgerNo = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;
    const row = (id: string) => `#ledger tr[data-case-id="${id}"]`;

    const { context, page } = await f.signIn('office');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/ledger?todo=true`);
      await page.waitForSelector(row(registered));
      expect(await page.isVisible('#ledger-assign-batch')).toBe(true);
      expect(await page.textContent(`${row(flooded)} td.unit-cell`)).toBe('拟：区交通运输局；协办：区水务局');
      expect(await page.locator(`${row(registered)} input.assign-pick`).count()).toBe(0);

      for (const id of [flooded, water, withdrawn]) await page.locator(`${row(id)} input.assign-pick`).check();
      await page.locator(`${row(registered)} input.propose-pick`).check();
      await expect.poll(() => page.textContent('#ledger-selection-count')).toBe('已选 4 件');
      expect(await page.textContent('#ledger-assign')).toBe('交办所选（3 件）');

      // Meanwhile the leader takes back the agreement on the heating case.
      await withdrawApproval(f.store.db, { caseId: withdrawn, note: '需再研究', actor: f.actors.leader });

      await page.click('#ledger-assign');
      await expect.poll(() => page.locator('#ledger-assign-refused li').allTextContents()).toEqual([expect.stringContaining(await ledgerNo(withdrawn))]);
      const states = await f.store.db.case.findMany({ where: { id: { in: [flooded, water, withdrawn, registered] } }, select: { id: true, state: true, dueDate: true } });
      const stateOf = (id: string) => states.find((c) => c.id === id);
      expect([stateOf(flooded)?.state, stateOf(water)?.state, stateOf(withdrawn)?.state, stateOf(registered)?.state]).toEqual(['assigned', 'assigned', 'proposed', 'registered']);
      expect(stateOf(flooded)?.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const assignments = await f.store.db.assignment.findMany({ where: { caseId: flooded }, select: { unitId: true, role: true, assignedBy: true } });
      expect(assignments.map((a) => `${a.role}:${a.unitId}:${a.assignedBy}`).sort()).toEqual(['assist:u-water:office', 'lead:u-roads:office']);
      // Handed over: out of 待我办理; the case ticked for 拟办 was not proposed and is still there.
      await expect.poll(() => page.locator(row(flooded)).count()).toBe(0);
      expect(await page.locator(row(registered)).count()).toBe(1);
      expect(await f.store.db.proposal.count({ where: { caseId: registered } })).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // A leader has no 批量交办, and the route refuses a role that may not assign.
    const leader = await f.signIn('leader');
    try {
      await leader.page.goto(`${f.url}/#/ledger`);
      await leader.page.waitForSelector('#ledger tbody tr');
      expect(await leader.page.locator('#ledger-assign-batch').count()).toBe(0);
      const csrf = (await leader.context.cookies()).find((c) => c.name === 'ms_csrf')!.value;
      const proposal = await f.store.db.proposal.findFirstOrThrow({ where: { caseId: withdrawn } });
      const res = await leader.page.request.post(`${f.url}/api/workflow/assignments`, { data: { items: [{ caseId: withdrawn, proposalId: proposal.id }] }, headers: { 'x-csrf-token': csrf } });
      expect(res.status()).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('区政府领导不能交办');
    } finally {
      await leader.context.close();
    }
  });
});
