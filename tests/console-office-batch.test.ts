/**
 * 批量拟办 on the console, in a real browser against the running app: the government office ticks
 * cases awaiting 拟办 in its ledger, each row showing the classifier's suggested unit and the
 * complexity; 按建议单位拟办所选 refuses to start while a ticked case has no suggested unit (and says
 * which), then proposes each to its suggestion, refusing with its reason one a colleague proposed
 * meanwhile and one whose suggestion changed while the page was open; 统一交由…拟办 proposes
 * the rest to one unit with a common opinion. A leader cannot propose through the route (403).
 * At 1366 px the common opinion's box shows its example whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase, decideNotAccepted, decideProposal, proposeHandling, registerCase, reopenCase, returnCase } from '../workflow/cases/index.js';
import { applyNewSuggestions } from '../workflow/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});

afterAll(async () => {
  await f?.close();
});

/** A message suggested `unit`, registered by the e-government centre (已登记, the office's to-do). */
async function registered(title: string, unit: string | null, complexity: 'simple' | 'complex' = 'simple'): Promise<string> {
  const id = await f.addMessage({ title, content: `${title}，已经好几天了，请尽快处理。`, category: '投诉', confidence: 0.9, unit, complexity });
  await registerCase(f.store.db, { caseId: id, category: '投诉', actor: f.actors.egov });
  return id;
}

describe('console: the office proposing several cases at once (批量拟办)', () => {
  it('proposes the ticked cases to their suggested units, refusing with reasons those changed meanwhile, then the rest to one unit', async () => {
    const lamp = await registered('城关街道路灯不亮', '区交通运输局');
    const water = await registered('陈炉镇自来水停水', '区水务局', 'complex');
    const heating = await registered('王石凹小区供暖不热', '区住建局');
    const resuggested = await registered('红土镇公交站牌损坏', '区交通运输局');
    const unsuggested = await registered('广阳镇集市占道经营', null);
    const ledgerNo = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;
    const state = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).state;
    const row = (id: string) => `#ledger tr[data-case-id="${id}"]`;

    const { context, page } = await f.signIn('office');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/ledger?todo=true`);
      await page.waitForSelector(row(unsuggested));
      expect(await page.isVisible('#ledger-propose-batch')).toBe(true);
      expect(await page.isVisible('#ledger-batch')).toBe(false);
      await expect.poll(() => page.textContent(`${row(water)} td.unit-cell`)).toBe('建议：区水务局 · 复杂（3个工作日）');
      expect(await page.textContent(`${row(unsuggested)} td.unit-cell`)).toBe('无建议单位 · 简单（2个工作日）');

      for (const id of [lamp, water, heating, resuggested, unsuggested]) await page.locator(`${row(id)} input.propose-pick`).check();
      await expect.poll(() => page.textContent('#ledger-propose-suggested')).toBe('按建议单位拟办所选（5 件）');
      // A case without a suggested unit cannot go by its suggestion: said, and nothing proposed.
      await page.click('#ledger-propose-suggested');
      // (said in the selection bar, beside the button pressed, which may be far below the top of the ledger)
      await expect.poll(() => page.textContent('#ledger-selection-note')).toContain(`没有可用的建议承办单位，不能按建议单位拟办：${await ledgerNo(unsuggested)}（无建议单位）`);
      expect(await f.store.db.proposal.count()).toBe(0);
      await page.locator(`${row(unsuggested)} input.propose-pick`).uncheck();

      // Meanwhile a colleague proposes the heating case from its page, and the bus-stop case is
      // found not to be accepted, accepted again, re-classified (the housing bureau) and registered.
      await proposeHandling(f.store.db, { caseId: heating, unitId: 'u-water', opinion: '请区水务局核实', actor: { userId: 'office2', username: 'office2', role: 'gov_office' } });
      await decideNotAccepted(f.store.db, { caseId: resuggested, reasons: ['no_substance'], note: '内容不清', actor: f.actors.supervision });
      await reopenCase(f.store.db, { caseId: resuggested, note: '经核实有具体诉求', actor: f.actors.supervision });
      const message = (await f.store.db.case.findUniqueOrThrow({ where: { id: resuggested } })).primaryMessageId;
      await applyNewSuggestions(
        f.store.db,
        [{ caseId: resuggested, suggestions: [{ messageId: message, classification: { category: '投诉', confidence: 0.8, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: '区住建局' }, modelVersion: 'test-2' } }] }],
        { dryRun: false, actor: f.actors.supervision },
      );
      await registerCase(f.store.db, { caseId: resuggested, category: '投诉', actor: f.actors.egov });

      await page.click('#ledger-propose-suggested');
      await expect
        .poll(() => page.locator('#ledger-propose-result li').allTextContents())
        .toEqual([expect.stringMatching(/已由 office2 拟办（拟交办区水务局）.*未重复拟办/), expect.stringContaining('建议承办单位已变更（页面显示：区交通运输局，现为：区住建局）')]);
      expect([await state(lamp), await state(water), await state(heating), await state(resuggested)]).toEqual(['proposed', 'proposed', 'proposed', 'registered']);
      const proposal = (caseId: string) => f.store.db.proposal.findFirstOrThrow({ where: { caseId } });
      expect(await proposal(lamp)).toMatchObject({ unitId: 'u-roads', complexity: 'simple', opinion: '拟请区交通运输局办理（简单，2个工作日）', proposedBy: 'office' });
      expect(await proposal(water)).toMatchObject({ unitId: 'u-water', complexity: 'complex', opinion: '拟请区水务局办理（复杂，3个工作日）' });
      // Proposed cases leave 待我办理; the refused one shows its new suggestion and can be ticked again.
      await expect.poll(() => page.locator(row(lamp)).count()).toBe(0);
      await expect.poll(() => page.textContent(`${row(resuggested)} td.unit-cell`)).toBe('建议：区住建局 · 简单（2个工作日）');

      // 统一交由区水务局 with one opinion for the unsuggested case and the re-suggested one.
      for (const id of [unsuggested, resuggested]) await page.locator(`${row(id)} input.propose-pick`).check();
      await page.selectOption('#ledger-propose-unit', 'u-water');
      await expect.poll(() => page.textContent('#ledger-propose-one-unit')).toBe('统一交由区水务局拟办（2 件）');
      await page.fill('#ledger-propose-opinion', '请核实情况，依法依规处理并答复网民');
      await page.click('#ledger-propose-one-unit');
      // Answered once both are proposed: the ledger is read again without them.
      await expect.poll(() => page.locator(row(resuggested)).count()).toBe(0);
      expect([await state(unsuggested), await state(resuggested)]).toEqual(['proposed', 'proposed']);
      expect(await proposal(unsuggested)).toMatchObject({ unitId: 'u-water', opinion: '请核实情况，依法依规处理并答复网民' });
      // The unit corrections as the single step records them: none where the suggestion was taken.
      const corrections = await f.store.db.correction.findMany({ where: { field: 'unit', caseId: { in: [lamp, unsuggested, resuggested] } }, select: { caseId: true, suggested: true, corrected: true } });
      expect(corrections.sort((a, b) => String(a.caseId).localeCompare(String(b.caseId)))).toEqual(
        [
          { caseId: unsuggested, suggested: null, corrected: '区水务局' },
          { caseId: resuggested, suggested: '区住建局', corrected: '区水务局' },
        ].sort((a, b) => a.caseId.localeCompare(b.caseId)),
      );
      expect(await page.locator(row(unsuggested)).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // A leader sees no 批量拟办 bar, and the route refuses a role that may not propose.
    const leader = await f.signIn('leader');
    try {
      await leader.page.goto(`${f.url}/#/ledger`);
      await leader.page.waitForSelector('#ledger tbody tr');
      expect(await leader.page.locator('#ledger-propose-batch').count()).toBe(0);
      const csrf = (await leader.context.cookies()).find((c) => c.name === 'ms_csrf')!.value;
      const res = await leader.page.request.post(`${f.url}/api/workflow/proposals`, { data: { items: [{ caseId: heating, unitId: 'u-roads' }] }, headers: { 'x-csrf-token': csrf } });
      expect(res.status()).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('区政府领导不能提出拟办意见');
    } finally {
      await leader.context.close();
    }
  });

  it('says, after 统一交由, which cases went back to a unit that had returned them, with its reason and date', async () => {
    // Handed to 区水务局, which returned it (不属本局职责); the office then proposes it there again in a batch.
    const returned = await registered('三里洞街道排水沟堵塞', '区水务局');
    await proposeHandling(f.store.db, { caseId: returned, unitId: 'u-water', opinion: '请区水务局核实处理', actor: f.actors.office });
    await decideProposal(f.store.db, { caseId: returned, approve: true, actor: f.actors.leader });
    await assignCase(f.store.db, { caseId: returned, actor: f.actors.office });
    await returnCase(f.store.db, { caseId: returned, reason: '排水沟属城管局养护', actor: { userId: 'water', username: 'water', role: 'unit', unitId: 'u-water' } });
    const other = await registered('印台街道下水道冒水', null);
    const ledgerNo = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;
    const row = (id: string) => `#ledger tr[data-case-id="${id}"]`;

    const { context, page } = await f.signIn('office');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/ledger?todo=true`);
      await page.waitForSelector(row(returned));
      for (const id of [returned, other]) await page.locator(`${row(id)} input.propose-pick`).check();
      await page.selectOption('#ledger-propose-unit', 'u-water');
      await page.click('#ledger-propose-one-unit');
      // Both proposed (a warning, not a refusal); the returned one named with the unit's reason.
      await expect.poll(() => page.locator('#ledger-propose-warnings li').allTextContents()).toEqual([
        expect.stringMatching(new RegExp(`^${await ledgerNo(returned)} 已拟办。注意：区水务局曾于 \\d{4}-\\d{2}-\\d{2} 退回本案件，退回理由：排水沟属城管局养护。`)),
      ]);
      expect((await f.store.db.case.findMany({ where: { id: { in: [returned, other] } }, select: { state: true } })).map((c) => c.state)).toEqual(['proposed', 'proposed']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says in 待我办理 which cases the leader sent back and why, and does not propose one again to the unit refused (QA, office\'s day)', async () => {
    // The leader refused the unit itself (the suggestion), and, for the other case, the office's own choice.
    const sameUnit = await registered('王益路公交站台破损', '区交通运输局');
    await proposeHandling(f.store.db, { caseId: sameUnit, unitId: 'u-roads', opinion: '拟请区交通运输局办理', actor: f.actors.office });
    await decideProposal(f.store.db, { caseId: sameUnit, approve: false, note: '站台属住建局代建，应由区住建局办理', actor: f.actors.leader });
    const otherUnit = await registered('城关街道自来水浑浊', '区水务局');
    await proposeHandling(f.store.db, { caseId: otherUnit, unitId: 'u-housing', opinion: '拟请区住建局办理', actor: f.actors.office });
    await decideProposal(f.store.db, { caseId: otherUnit, approve: false, note: '供水问题请交区水务局', actor: f.actors.leader });
    const ledgerNo = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;
    const row = (id: string) => `#ledger tr[data-case-id="${id}"]`;

    const { context, page } = await f.signIn('office');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/ledger?todo=true`);
      await page.waitForSelector(row(otherUnit));
      expect(await page.textContent(`${row(sameUnit)} td.unit-cell`)).toBe('建议：区交通运输局 · 简单（2个工作日）领导退回拟办（拟交办 区交通运输局）：站台属住建局代建，应由区住建局办理');
      expect(await page.textContent(`${row(otherUnit)} .proposal-sent-back`)).toBe('领导退回拟办（拟交办 区住建局）：供水问题请交区水务局');

      for (const id of [sameUnit, otherUnit]) await page.locator(`${row(id)} input.propose-pick`).check();
      await page.click('#ledger-propose-suggested');
      await expect.poll(() => page.textContent('#ledger-selection-note')).toContain(`不能按建议单位拟办：${await ledgerNo(sameUnit)}（领导已退回拟交办区交通运输局的拟办意见）`);
      expect(await f.store.db.proposal.count({ where: { caseId: { in: [sameUnit, otherUnit] }, decision: 'pending' } })).toBe(0);

      // The other goes to its suggestion, the unit the leader asked for.
      await page.locator(`${row(sameUnit)} input.propose-pick`).uncheck();
      await page.click('#ledger-propose-suggested');
      await expect.poll(() => f.store.db.proposal.count({ where: { caseId: otherUnit, decision: 'pending' } })).toBe(1);
      expect(await f.store.db.proposal.findFirstOrThrow({ where: { caseId: otherUnit, decision: 'pending' } })).toMatchObject({ unitId: 'u-water' });
      // The ledger read again: the one proposed gone from 待我办理, the other still there with its reason.
      await expect.poll(async () => [await page.locator(row(otherUnit)).count(), await page.locator(`${row(sameUnit)} .proposal-sent-back`).count()]).toEqual([0, 1]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the whole of 统一拟办意见\'s example in its box on an office PC (1366×768)', async () => {
    await registered('阿庄镇村道路灯不亮', '区交通运输局');
    const { context, page } = await f.signIn('office', { viewport: { width: 1366, height: 768 } });
    try {
      await page.goto(`${f.url}/#/ledger?todo=true`);
      await page.waitForSelector('#ledger-propose-opinion');
      // The placeholder's text, set in the box's own font, against the room inside the box.
      const { text, room } = await page.$eval('#ledger-propose-opinion', (input) => {
        const box = input as HTMLInputElement;
        const style = getComputedStyle(box);
        const probe = document.createElement('span');
        probe.style.font = style.font;
        probe.style.whiteSpace = 'pre';
        probe.textContent = box.placeholder;
        document.body.append(probe);
        const text = probe.getBoundingClientRect().width;
        probe.remove();
        return { text, room: box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
      });
      expect(text).toBeLessThanOrEqual(room);
      // Still inside the bar, which stays one card wide.
      const bar = (await page.locator('#ledger-propose-batch').boundingBox())!;
      const input = (await page.locator('#ledger-propose-opinion').boundingBox())!;
      expect(input.x + input.width).toBeLessThanOrEqual(bar.x + bar.width);
    } finally {
      await context.close();
    }
  });
});
