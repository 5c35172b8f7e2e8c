/**
 * A week of the supervision office (督查室), a leader and the handling units on the console, in a
 * real browser against the running app (QA pass as those roles): the ledger shows no stray text to
 * the roles without the office's 批量拟办 bar; an assisting unit (协办) does not read, on its 督查看板,
 * the 督办 records of the lead unit's case that its case page keeps from it; and the board's column
 * of special supervision says which of its cases are under it and which are only marked; the
 * board, home page of 督查室 and the leaders, says how many cases wait for their step; its 最近督办
 * lists the 督办 recorded on any case in hand, not only on those under special supervision; and
 * 督查室's mark step is named for the one mark it gives (标记影响较大).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase, decideProposal, markCase, proposeHandling, registerCase, requestExtension } from '../workflow/cases/index.js';
import { recordSupervision, startSpecialSupervision } from '../workflow/supervision/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
/** 交通运输局 leads, 水务局 assists; a leader marked it and 督查室 phoned the lead unit. */
let coCase: string;
/** 交通运输局's own case, which 督查室 put under special supervision. */
let escalatedCase: string;
const supervisionNote = '电话督促交通运输局刘局长：本周内必须修复，否则约谈';

beforeAll(async () => {
  f = await openConsoleFixture();
  const db = f.store.db;
  coCase = await f.addMessage({ title: '新华路雨后积水路面塌陷', content: '新华路雨后积水严重，路面塌陷，排水管道堵塞，请尽快处理。', author: '张建国', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await registerCase(db, { caseId: coCase, category: '投诉', actor: f.actors.egov });
  await proposeHandling(db, { caseId: coCase, unitId: 'u-roads', assistUnitIds: ['u-water'], opinion: '请交通运输局牵头，水务局协办', actor: f.actors.office });
  await decideProposal(db, { caseId: coCase, approve: true, note: '同意', actor: f.actors.leader });
  await assignCase(db, { caseId: coCase, actor: f.actors.office });
  await markCase(db, { caseId: coCase, leaderMarked: true, note: '请督查室跟踪', actor: f.actors.leader });
  await recordSupervision(db, { caseId: coCase, kind: 'phone', note: supervisionNote, actor: f.actors.supervision });

  escalatedCase = await f.addMessage({ title: '城关街道路灯长期不亮', content: '城关街道东段路灯一个多月不亮，夜间出行危险。', author: '李娟', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(escalatedCase, 'u-roads');
  await startSpecialSupervision(db, { caseId: escalatedCase, note: '群众反映集中，督查室牵头专项督查', actor: f.actors.supervision });
});

afterAll(async () => {
  await f?.close();
});

describe('console: the ledger of the roles without 批量拟办', () => {
  // QA: 督查室, leaders, units and the centre read 「undefined」 above the ledger's table.
  it('shows no stray text above the table for 督查室, a leader or a unit', async () => {
    for (const username of ['duchashi', 'leader', 'roads', 'egov']) {
      const { context, page } = await f.signIn(username);
      try {
        const errors = watchPageErrors(page);
        await page.goto(`${f.url}/#/ledger`);
        await page.waitForSelector(`#ledger tr[data-case-id="${coCase}"]`);
        expect(await page.locator('#view').innerText(), username).not.toContain('undefined');
        expect(errors, username).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});

describe('console: the 督查看板 of an assisting unit', () => {
  // QA: the assisting unit's board listed 「最近督办」 with 督查室's note about the lead unit, which
  // its case page (supervisions: []) keeps from it.
  it('gives the assisting unit no 督办 record of the lead\'s case; the lead unit still reads it', async () => {
    const assisting = await f.signIn('water');
    try {
      const { page } = assisting;
      const board = await page.evaluate(async () => (await fetch('/api/console/board')).json());
      const row = board.escalated.find((r: { caseId: string }) => r.caseId === coCase);
      expect(row).toMatchObject({ leaderMarked: true, lastSupervision: null, pendingExtension: false });
      const list = await page.evaluate(async () => (await fetch('/api/workflow/supervision')).json());
      expect(JSON.stringify(list)).not.toContain(supervisionNote);
      const casePage = await page.evaluate(async (id) => (await fetch(`/api/workflow/cases/${id}`)).json(), coCase);
      expect(casePage.case.supervisions).toEqual([]);

      await page.goto(`${f.url}/#/board`);
      await page.waitForSelector('#board-escalated');
      expect(await page.locator('#board-escalated').innerText()).toContain('新华路雨后积水路面塌陷');
      expect(await page.locator('#view').innerText()).not.toContain(supervisionNote);
    } finally {
      await assisting.context.close();
    }

    const lead = await f.signIn('roads');
    try {
      await lead.page.goto(`${f.url}/#/board`);
      await lead.page.waitForSelector('#board-escalated');
      await expect.poll(() => lead.page.locator('#view').innerText()).toContain(supervisionNote);
    } finally {
      await lead.context.close();
    }
  });
});

describe('console: the board\'s special supervision column', () => {
  // QA: a case a leader only marked was listed under 「专项督查」 like one under it; the ledger's
  // 仅专项督查 then listed one case fewer than the board.
  it('says which cases are under special supervision and which are key cases not yet under it', async () => {
    const { context, page } = await f.signIn('leader');
    try {
      await page.goto(`${f.url}/#/board`);
      const column = page.locator('#board-escalated');
      await expect.poll(() => column.locator('li').count()).toBe(2);
      const marked = column.locator('li', { hasText: '新华路雨后积水路面塌陷' });
      const escalated = column.locator('li', { hasText: '城关街道路灯长期不亮' });
      expect(await marked.innerText()).toContain('重点件，未转专项督查 · 领导重点批示');
      expect(await escalated.innerText()).toContain('专项督查中');
      expect(await marked.innerText()).not.toContain('专项督查中');

      await page.goto(`${f.url}/#/ledger?escalated=true`);
      await page.waitForSelector(`#ledger tr[data-case-id="${escalatedCase}"]`);
      expect(await page.locator('#ledger tbody tr').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});

describe('console: the board as the home page of 督查室 and the leaders', () => {
  // QA: a unit's extension request on a case not yet due was in none of the board's columns, and a
  // leader signing in saw nothing of the proposals awaiting approval: both only under 台账 › 待我办理.
  it('says how many cases wait for the signed-in role and links to them', async () => {
    const waiting = await f.addMessage({ title: '王家河小区停水三天', content: '王家河小区停水三天，请尽快恢复供水。', author: '王芳', category: '求助', confidence: 0.9, unit: '区水务局' });
    await f.assignTo(waiting, 'u-water');
    await requestExtension(f.store.db, { caseId: waiting, progress: '已派员排查主管道', reason: '需更换阀门，配件未到', days: 2, actor: { userId: 'water', username: 'water', role: 'unit', unitId: 'u-water' } });
    const proposed = await f.addMessage({ title: '陈炉镇集市占道经营', content: '陈炉镇集市摊贩占道经营，车辆无法通行。', author: '赵刚', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await registerCase(f.store.db, { caseId: proposed, category: '投诉', actor: f.actors.egov });
    await proposeHandling(f.store.db, { caseId: proposed, unitId: 'u-roads', opinion: '请交通运输局处理', actor: f.actors.office });

    for (const [username, caseId] of [['duchashi', waiting], ['leader', proposed]] as const) {
      const { context, page } = await f.signIn(username);
      try {
        await page.waitForSelector('#board-due-soon');
        const link = page.locator('#board-todo');
        await expect.poll(() => link.textContent(), { timeout: 10_000 }).toBe('待我办理 1 件');
        await link.click();
        await page.waitForSelector(`#ledger tr[data-case-id="${caseId}"]`);
        expect(await page.locator('#ledger tbody tr').count(), username).toBe(1);
        expect(await page.locator('input[name="todo"]').isChecked()).toBe(true);
      } finally {
        await context.close();
      }
    }
  });
});

describe('console: the board\'s 最近督办', () => {
  // QA: 督查室 phoned the unit of an ordinary case (记录督办, 已完成) and went back to the board: its
  // 最近督办 listed only the cases of the special supervision column, the call was nowhere, and the
  // ledger numbers it did list were not links.
  it('lists the 督办 just recorded on an ordinary case, linked to the case', async () => {
    const ordinary = await f.addMessage({ title: '印台社区工地夜间施工扰民', content: '印台社区旁工地每天施工到凌晨，噪音很大，请相关部门管一管。', author: '王强', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(ordinary, 'u-roads');
    const note = '电话督促交通运输局：明日前报送办理情况';
    await recordSupervision(f.store.db, { caseId: ordinary, kind: 'phone', note, actor: f.actors.supervision });

    const { context, page } = await f.signIn('duchashi');
    try {
      const errors = watchPageErrors(page);
      await page.waitForSelector('#board-due-soon');
      const recent = page.locator('#board-recent-supervisions');
      await expect.poll(() => recent.innerText(), { timeout: 10_000 }).toContain(note);
      const row = recent.locator(`li[data-case-id="${ordinary}"]`);
      expect(await row.innerText()).toContain('电话督促');
      // The special supervision's record is still there, once.
      expect(await recent.locator(`li[data-case-id="${escalatedCase}"]`).count()).toBe(1);
      await row.locator('a').click();
      await page.waitForSelector('#case-actions');
      expect(await page.locator('#view').innerText()).toContain('印台社区工地夜间施工扰民');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('console: the mark step of 督查室', () => {
  // QA 督查室: the step read 标记领导重点批示或影响较大 and its form had 影响较大 alone: the office
  // looked for the 重点批示 box it may not give (only a leader does).
  it('is named 标记影响较大 for 督查室 and keeps both marks in the leader\'s name', async () => {
    for (const [username, label, boxes] of [['duchashi', '标记影响较大', 1], ['leader', '标记领导重点批示或影响较大', 2]] as const) {
      const { context, page } = await f.signIn(username);
      try {
        await page.goto(`${f.url}/#/case/${escalatedCase}`);
        const step = page.locator('#case-actions details', { has: page.locator('form[data-action="mark_key"]') });
        await step.locator('summary').waitFor();
        expect(await step.locator('summary').textContent(), username).toBe(label);
        expect(await step.locator('button[type=submit]').textContent(), username).toBe(label);
        expect(await step.locator('input[type=checkbox]').count(), username).toBe(boxes);
      } finally {
        await context.close();
      }
    }
  });
});
