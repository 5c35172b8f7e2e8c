/**
 * The console's forms after the QA pass, in a real browser against the running app: required
 * fields checked before sending (a Chinese message beside the field, nothing posted), drafts of
 * free text kept across navigation and reloads, the pre-publication check while a unit writes its
 * report, the extension answer starting at the days asked and offered only while one is pending,
 * the e-government centre sending a reply back at publication, the event log in staff words, the
 * review queue's heading for hot-issue cases, a ledger address with an impossible date, and each
 * tick box of a step's form (已知悉检查提示) on one line with its words, and 立卷归档 saying where the
 * case goes and archiving only once confirmed.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  archiveCase,
  decideExtension,
  decideReply,
  markCase,
  publishReply,
  recordVisit,
  registerCase,
  requestExtension,
  reviewReport,
  submitReport,
} from '../workflow/cases/index.js';
import { recordSupervision, startSpecialSupervision } from '../workflow/supervision/index.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const ids: Record<string, string> = {};
const goodReply = '关于您反映的新华路路面破损问题，我局已于当日派员现场查看，破损路面已完成修补，积水已排除。感谢您对我区工作的关注和支持。';
const leakyReply = `${goodReply}如需了解详情，可联系邻居王先生，电话13912345678。`;

const caseRow = (id: string) => f.store.db.case.findUniqueOrThrow({ where: { id } });

/** Counts the state-changing requests a page sends to the case steps. */
function countCasePosts(page: Page): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/workflow/cases/')) n += 1;
  });
  return () => n;
}

async function openCase(page: Page, id: string) {
  await page.goto(`${f.url}/#/case/${id}`);
  await page.waitForSelector('#timeline');
}

async function openAction(page: Page, action: string) {
  const details = page.locator('#case-actions details', { has: page.locator(`form[data-action="${action}"]`) });
  if (!(await details.getAttribute('open').then((v) => v !== null))) await details.locator('summary').click();
  return page.locator(`form[data-action="${action}"]`);
}

const errorsOf = (form: ReturnType<Page['locator']>) => form.locator('.field-error').allTextContents();
const draftKeys = (page: Page) => page.evaluate(() => Object.keys(window.sessionStorage).filter((k) => k.startsWith('minsheng.draft.')));

beforeAll(async () => {
  f = await openConsoleFixture({ dedup: true });
  const road = (title: string, content: string) => f.addMessage({ title, content, author: '张建国', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  ids.report = await road('新华路路面破损积水', '新华路路面破损，雨天积水严重，请尽快修补。');
  ids.ext = await road('广阳路路灯不亮', '广阳路路灯不亮已经一周，晚上出行不安全。');
  ids.publish = await road('印台大道井盖缺失', '印台大道北段井盖缺失，存在安全隐患。');
  ids.full = await f.addMessage({ title: '城关街道公交站牌损坏', content: '城关街道公交站牌损坏多日，看不清线路。', author: '吴倩', category: '投诉', confidence: 0.8109, unit: '区交通运输局', copy: true });
  ids.registered = await f.addMessage({ title: '高价回收旧家电', content: '高价回收旧家电，上门服务。', category: '其他', confidence: 0.6 });
  // Three messages about one estate: a hot issue, none a copy of another.
  await f.addMessage({ title: '王家河小区停水三天无人管', content: '王家河小区从周一开始停水，已经三天了，物业和水务局都没有通知，老人孩子生活很困难。', category: '求助', confidence: 0.88, unit: '区水务局' });
  ids.lift = await f.addMessage({ title: '王家河小区电梯经常故障', content: '王家河小区3号楼电梯一个月坏了四次，老人上下楼很不方便，物业维修不及时。', category: '投诉', confidence: 0.8, unit: '区住建局' });
  for (const id of [ids.report, ids.ext, ids.publish, ids.full]) await f.assignTo(id!, 'u-roads');
  await registerCase(f.store.db, { caseId: ids.registered!, category: '其他', actor: f.actors.egov });
  await requestExtension(f.store.db, { caseId: ids.ext!, progress: '已联系施工单位，配件待采购', reason: '路灯配件需要采购', days: 4, actor: f.actors.roads });
  await submitReport(f.store.db, { caseId: ids.publish!, text: leakyReply, actor: f.actors.roads, acknowledgeFindings: true });
  await reviewReport(f.store.db, { caseId: ids.publish!, accept: true, actor: f.actors.supervision });
  await decideReply(f.store.db, { caseId: ids.publish!, approve: true, actor: f.actors.leader });
  // Visited and found satisfied: awaiting 归档.
  ids.settled = await road('东关街下水道堵塞', '东关街下水道堵塞多日，污水漫到路面，请尽快疏通。');
  await f.assignTo(ids.settled!, 'u-roads');
  await submitReport(f.store.db, { caseId: ids.settled!, text: goodReply, actor: f.actors.roads });
  await reviewReport(f.store.db, { caseId: ids.settled!, accept: true, actor: f.actors.supervision });
  await decideReply(f.store.db, { caseId: ids.settled!, approve: true, actor: f.actors.leader });
  await publishReply(f.store.db, { caseId: ids.settled!, actor: f.actors.egov });
  await recordVisit(f.store.db, { caseId: ids.settled!, satisfaction: 'satisfied', method: 'phone', actor: f.actors.supervision });
});

afterAll(async () => {
  await f?.close();
});

describe('console: a unit writing its report', () => {
  it('checks required fields before sending, keeps the draft, and shows the pre-publication findings while typing', async () => {
    const { context, page } = await f.signIn('roads');
    const posts = countCasePosts(page);
    await openCase(page, ids.report!);
    // 退回交办 and 申请延期 with empty fields: messages beside the fields, nothing sent.
    const ret = await openAction(page, 'return_case');
    await ret.locator('button[type=submit]').click();
    expect(await errorsOf(ret)).toEqual(['请填写退回理由']);
    const ext = await openAction(page, 'request_extension');
    await ext.locator('input[name=days]').fill('0');
    await ext.locator('button[type=submit]').click();
    expect(await errorsOf(ext)).toEqual(['请填写办理进展', '请填写延期理由', '申请延期（工作日）应为 1 到 30 之间的整数']);
    expect(await ext.locator('textarea[name=progress]').evaluate((el) => el === document.activeElement)).toBe(true);
    const report = await openAction(page, 'submit_report');
    // 已知悉检查提示: the tick box on one line with its words, before them, not alone under them.
    const box = (await report.locator('input[name=acknowledgeFindings]').boundingBox())!;
    const words = await report.evaluate((form) => {
      // The words themselves (their text node), wherever the page puts them.
      const walker = document.createTreeWalker(form, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        if (walker.currentNode.textContent?.includes('已知悉检查提示，仍然报送')) {
          const range = document.createRange();
          range.selectNodeContents(walker.currentNode);
          const r = range.getBoundingClientRect();
          return { x: r.x, y: r.y, height: r.height };
        }
      }
      throw new Error('no 已知悉检查提示 words');
    });
    expect(box.x + box.width).toBeLessThanOrEqual(words.x);
    expect(box.y + box.height / 2).toBeGreaterThan(words.y);
    expect(box.y + box.height / 2).toBeLessThan(words.y + words.height);
    await report.locator('button[type=submit]').click();
    expect(await errorsOf(report)).toEqual(['请填写办理情况（答复意见）']);
    expect(posts()).toBe(0);
    expect((await caseRow(ids.report!)).state).toBe('assigned');
    // Typing clears the message; a third party's phone number is flagged before sending.
    await report.locator('textarea[name=text]').fill(leakyReply);
    expect(await errorsOf(report)).toEqual([]);
    await expect.poll(() => report.locator('.reply-check').textContent()).toContain('泄露个人信息：答复含手机号码');
    expect(await report.locator('.reply-check').textContent()).toContain('139******78');
    // Away and back, then a reload: the text is still there, the form open, the check shown again.
    await page.goto(`${f.url}/#/ledger`);
    await page.waitForSelector('#ledger tbody tr');
    await openCase(page, ids.report!);
    const again = page.locator('form[data-action="submit_report"]');
    expect(await again.locator('textarea[name=text]').inputValue()).toBe(leakyReply);
    expect(await again.locator('.draft-note').textContent()).toContain('已恢复未提交的内容');
    await expect.poll(() => again.locator('.reply-check').textContent()).toContain('手机号码');
    await page.reload();
    await page.waitForSelector('#timeline');
    expect(await page.locator('form[data-action="submit_report"] textarea[name=text]').inputValue()).toBe(leakyReply);
    // Sent at once with the phone number still in: refused in Chinese, nothing written, the text kept.
    const form = page.locator('form[data-action="submit_report"]');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('.toast').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('泄露个人信息：答复含手机号码')]));
    expect((await caseRow(ids.report!)).state).toBe('assigned');
    expect(await form.locator('textarea[name=text]').inputValue()).toBe(leakyReply);
    expect(await draftKeys(page)).toHaveLength(1);
    // Revised and sent: the draft is gone.
    await form.locator('textarea[name=text]').fill(goodReply);
    await expect.poll(() => form.locator('.reply-check').textContent()).toContain('未发现需要注意的措辞');
    await form.locator('button[type=submit]').click();
    await expect.poll(async () => (await caseRow(ids.report!)).state).toBe('reported');
    // The refusal's red toast goes once the report is sent (QA: it stayed beside the success toast).
    await page.locator('.toast.ok').first().waitFor();
    expect(await page.locator('.toast.error').allTextContents()).toEqual([]);
    expect((await f.store.db.handlingReport.findFirstOrThrow({ where: { caseId: ids.report! } })).text).toBe(goodReply);
    await expect.poll(() => draftKeys(page)).toEqual([]);
    await context.close();
  });

  it('starts a report sent back from the reply sent back, as the office or leader read it', async () => {
    const db = f.store.db;
    const caseId = await f.addMessage({ title: '红旗路路灯不亮', content: '红旗路路灯不亮已经半个月，晚上出行不安全。', author: '赵敏', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(caseId, 'u-roads');
    const first = '关于红旗路路灯不亮的问题，我局已派员现场查看，路灯线路老化，已安排更换，预计本周内恢复照明。';
    await submitReport(db, { caseId, text: first, actor: f.actors.roads });
    await reviewReport(db, { caseId, accept: false, note: '请写明恢复照明的具体日期', actor: f.actors.supervision });
    const { context, page } = await f.signIn('roads');
    await openCase(page, caseId);
    const form = page.locator('form[data-action="submit_report"]');
    // The form is open with the reply that was sent back, and says so; the check runs on it.
    expect(await form.isVisible()).toBe(true);
    expect(await form.locator('textarea[name=text]').inputValue()).toBe(first);
    expect(await form.textContent()).toContain('已填入被退回的答复');
    // QA (a unit's day): and why, beside the form, not only in the report list far down the page.
    expect(await form.textContent()).toContain('督查室退回理由：请写明恢复照明的具体日期');
    await expect.poll(() => form.locator('.reply-check').textContent()).toContain('发布前检查');
    const revised = first.replace('预计本周内', '已于 11 月 20 日');
    await form.locator('textarea[name=text]').fill(revised);
    await form.locator('button[type=submit]').click();
    await expect.poll(async () => (await caseRow(caseId)).state).toBe('reported');
    // The office edits the reply, the leader sends it back: the unit starts from the edited text.
    const edited = `${revised}感谢您对我区工作的关注和支持。`;
    await reviewReport(db, { caseId, accept: true, reviewText: edited, actor: f.actors.supervision });
    await decideReply(db, { caseId, approve: false, note: '请补充后续巡查安排', actor: f.actors.leader });
    await openCase(page, caseId);
    expect(await page.locator('form[data-action="submit_report"] textarea[name=text]').inputValue()).toBe(edited);
    expect(await page.locator('form[data-action="submit_report"]').textContent()).toContain('领导退回理由：请补充后续巡查安排');
    await context.close();
  });

  it('forgets the drafts of the tab at sign-out', async () => {
    const { context, page } = await f.signIn('roads');
    await openCase(page, ids.full!);
    const ret = await openAction(page, 'return_case');
    await ret.locator('textarea[name=reason]').fill('不属我局职责');
    expect(await draftKeys(page)).toHaveLength(1);
    await page.click('#logout');
    await page.waitForSelector('#username');
    expect(await draftKeys(page)).toEqual([]);
    await context.close();
  });
});

describe('console: other offices\' forms', () => {
  it('asks on the case page for the note that registering a case flagged 疑似不予受理 needs', async () => {
    const flagged = await f.addMessage({ title: '求购二手电动车', content: '想买一辆二手电动车，请问城关街道哪里有正规的二手车市场？', category: '咨询', confidence: 0.7, outOfScope: [{ code: 'advertising', evidence: ['求购'] }] });
    const { context, page } = await f.signIn('egov');
    const posts = countCasePosts(page);
    await openCase(page, flagged);
    const register = await openAction(page, 'register');
    await register.locator('button[type=submit]').click();
    expect(await errorsOf(register)).toEqual(['请填写说明（分类器提示疑似不予受理，须写明受理理由）']);
    expect(posts()).toBe(0);
    await register.locator('input[name=note]').fill('是咨询二手车市场，不是广告');
    await register.locator('button[type=submit]').click();
    await expect.poll(async () => (await caseRow(flagged)).state).toBe('registered');
    expect((await f.store.db.event.findFirstOrThrow({ where: { caseId: flagged, type: 'register' } })).data).toMatchObject({ note: '是咨询二手车市场，不是广告' });
    await context.close();
  });

  it('checks 不予受理 and 转为专项督查 in the browser', async () => {
    const { context, page } = await f.signIn('duchashi');
    const posts = countCasePosts(page);
    await openCase(page, ids.registered!);
    const reject = await openAction(page, 'decide_not_accepted');
    await reject.locator('button[type=submit]').click();
    expect(await errorsOf(reject)).toEqual(['请至少勾选一项理由', '请填写说明']);
    await reject.locator('input[value=advertising]').check();
    expect(await errorsOf(reject)).toEqual(['请填写说明']);
    await openCase(page, ids.report!);
    const escalate = await openAction(page, 'escalate');
    await escalate.locator('textarea[name=note]').fill('   ');
    await escalate.locator('button[type=submit]').click();
    expect(await errorsOf(escalate)).toEqual(['请填写专项督查事由']);
    expect(posts()).toBe(0);
    expect((await caseRow(ids.report!)).escalated).toBe(false);
    // The supervision office marks 影响较大 (the leader's 重点批示 is not its to send).
    const mark = await openAction(page, 'mark_key');
    expect(await mark.locator('input[name=leaderMarked]').count()).toBe(0);
    await mark.locator('input[name=highImpact]').check();
    await mark.locator('textarea[name=note]').fill('涉及公共安全');
    await mark.locator('button[type=submit]').click();
    await expect.poll(async () => (await caseRow(ids.report!)).highImpact).toBe(true);
    await context.close();
  });

  it('answers an extension starting at the days asked, and offers the answer only while a request is pending', async () => {
    const unit = await f.signIn('roads');
    // In time: the unit's form says nothing of lateness.
    await openCase(unit.page, ids.full!);
    expect(await (await openAction(unit.page, 'request_extension')).locator('.action-intro').count()).toBe(0);
    await openCase(unit.page, ids.ext!);
    expect(await unit.page.locator('form[data-action="request_extension"]').count()).toBe(0);
    const { context, page } = await f.signIn('duchashi');
    await openCase(page, ids.ext!);
    const form = await openAction(page, 'decide_extension');
    expect(await form.locator('input[name=days]').inputValue()).toBe('4');
    // Asked in time: no word on lateness.
    expect(await form.locator('.action-intro').count()).toBe(0);
    await form.locator('button[type=submit]').click();
    expect(await errorsOf(form)).toEqual(['请填写答复']);
    await form.locator('textarea[name=answer]').fill('同意延期 4 个工作日');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('#timeline li[data-type="decide_extension"]');
    expect(await page.locator('form[data-action="decide_extension"]').count()).toBe(0);
    expect(await f.store.db.extensionRequest.findFirstOrThrow({ where: { caseId: ids.ext! } })).toMatchObject({ decision: 'approved', grantedDays: 4 });
    await unit.page.reload();
    await unit.page.waitForSelector('#timeline li[data-type="decide_extension"]');
    expect(await unit.page.locator('form[data-action="request_extension"]').count()).toBe(1);
    await unit.context.close();
    await context.close();
  });

  it('tells a unit asking after the due date, and 督查室 answering, that the lateness stands (第五条㈣ 及时)', async () => {
    const id = await f.addMessage({ title: '广阳路人行道破损', content: '广阳路人行道地砖破损多处，行人容易绊倒。', author: '张建国', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(id, 'u-roads', new Date(Date.now() - 14 * 86_400_000));
    const { dueDate } = await f.store.db.case.findUniqueOrThrow({ where: { id } });
    // The unit is told before it asks.
    const unit = await f.signIn('roads');
    await openCase(unit.page, id);
    const ask = await openAction(unit.page, 'request_extension');
    expect(await ask.locator('.action-intro').textContent()).toBe(`已超过办理时限（${dueDate}）：现在申请延期，同意的天数从原时限起顺延，逾期不因延期而消除。请尽快办结并报送办理情况。`);
    await unit.context.close();
    await requestExtension(f.store.db, { caseId: id, progress: '已安排施工队', reason: '地砖需采购', days: 3, actor: f.actors.roads });
    const { context, page } = await f.signIn('duchashi');
    await openCase(page, id);
    const form = await openAction(page, 'decide_extension');
    expect(await form.locator('.action-intro').textContent()).toBe(`本申请提出时已超过办理时限（${dueDate}）：同意的天数从原时限起顺延，逾期不因延期而消除。`);
    await context.close();
  });

  it("tells the supervision office which text of 审核通过 goes online, and flags its report put there", async () => {
    const id = await f.addMessage({ title: '新华路井盖松动', content: '新华路中段井盖松动，车辆经过响声很大。', author: '张建国', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(id, 'u-roads');
    await submitReport(f.store.db, { caseId: id, text: goodReply, actor: f.actors.roads });
    const { context, page } = await f.signIn('duchashi');
    await openCase(page, id);
    const form = await openAction(page, 'accept_report');
    const labels = await form.locator('label').allTextContents();
    expect(labels.join('\n')).toContain('对外答复');
    expect(labels.join('\n')).toContain('审核意见（督查报告）');
    expect(await form.textContent()).toContain('经领导审批后原文公开回复网民');
    await form.locator('textarea[name=reviewText]').fill(`${goodReply}督查报告：该局首次答复敷衍，建议通报批评。`);
    await form.locator('.reply-check li[data-rule="internal_note"]').first().waitFor();
    await context.close();
  });

  it('lets the e-government centre send an approved reply back to the unit with its reason', async () => {
    const { context, page } = await f.signIn('egov');
    await openCase(page, ids.publish!);
    expect(await page.locator('form[data-action="publish_reply"]').count()).toBe(1);
    const form = await openAction(page, 'return_for_revision');
    await form.locator('button[type=submit]').click();
    expect(await errorsOf(form)).toEqual(['请填写退回修改的理由']);
    await form.locator('textarea[name=note]').fill('答复含第三人手机号码，请删除后重新报送');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('#timeline li[data-type="return_for_revision"]');
    expect((await caseRow(ids.publish!)).state).toBe('assigned');
    const row = await page.textContent('#timeline li[data-type="return_for_revision"]');
    expect(row).toContain('退回修改答复');
    expect(row).toContain('说明：答复含第三人手机号码，请删除后重新报送');
    await context.close();
    // The unit sees why, and may report again.
    const unit = await f.signIn('roads');
    await openCase(unit.page, ids.publish!);
    expect(await unit.page.textContent('.revision-note')).toBe('退回修改的理由：答复含第三人手机号码，请删除后重新报送');
    expect(await unit.page.textContent('main')).toContain('发布前退回修改');
    expect(await unit.page.locator('form[data-action="submit_report"]').count()).toBe(1);
    await unit.context.close();
  });
});

describe('console: the event log', () => {
  it('shows every detail in staff words: no English keys, codes or raw confidences', async () => {
    const db = f.store.db;
    const caseId = ids.full!;
    await markCase(db, { caseId, highImpact: true, note: '涉及公共安全', actor: f.actors.supervision });
    await recordSupervision(db, { caseId, kind: 'phone', note: '电话督促交通运输局', actor: f.actors.supervision });
    await startSpecialSupervision(db, { caseId, note: '督查室牵头督办', actor: f.actors.supervision });
    await requestExtension(db, { caseId, progress: '已联系厂家', reason: '站牌需定制', days: 3, actor: f.actors.roads });
    await decideExtension(db, { caseId, approve: true, days: 2, answer: '同意延期 2 个工作日', actor: f.actors.supervision });
    await submitReport(db, { caseId, text: leakyReply, actor: f.actors.roads, acknowledgeFindings: true });
    await reviewReport(db, { caseId, accept: true, reviewText: `${leakyReply}（督查室审核）`, actor: f.actors.supervision });
    await decideReply(db, { caseId, approve: true, note: '同意', actor: f.actors.leader });
    await publishReply(db, { caseId, acknowledgeFindings: true, actor: f.actors.egov });
    await recordVisit(db, { caseId, satisfaction: 'satisfied', method: 'phone', note: '群众表示满意', actor: f.actors.supervision });
    // A fact a later version might write, unknown to this console.
    await db.event.create({ data: { caseId, type: 'future_step', actor: 'system', data: { someNewFact: '新的情况', channel: 'carrier_pigeon' } } });
    await archiveCase(db, { caseId, actor: f.actors.supervision });

    const { context, page } = await f.signIn('duchashi');
    await openCase(page, caseId);
    const timeline = (await page.textContent('#timeline'))!;
    for (const raw of ['onTime', 'coverage', 'findings', 'edited', 'acknowledged', 'method', 'phone', 'egov_reply', 'archiveVolume', 'archiveCategory', 'confidence', '0.8109', 'grantedDays', 'previousDueDate', 'trigger', 'manual', 'someNewFact', 'future_step', 'district_mailbox', 'src-copy', 'true', 'false']) {
      expect(timeline, raw).not.toContain(raw);
    }
    expect(timeline).not.toMatch(/[A-Za-z_]{3,}[：:]/);
    const row = async (type: string) => (await page.locator(`#timeline li[data-type="${type}"]`).first().textContent())!;
    expect(await row('case_created')).toContain('分类置信度：81%');
    expect(await row('duplicate_linked')).toContain('来源：人民网领导留言板');
    expect(await row('duplicate_linked')).toMatch(/渠道：\p{Script=Han}/u);
    expect(await row('mark_key')).toContain('影响较大：是');
    expect(await row('record_supervision')).toContain('督办方式：电话督促');
    expect(await row('escalate')).toContain('转专项督查的原因：督查室决定');
    expect(await row('decide_extension')).toMatch(/决定：同意.*批准天数：2.*原办理时限：\d{4}-\d{2}-\d{2}/);
    const report = await row('submit_report');
    expect(report).toMatch(/发布前检查提示：\d+ 处/);
    expect(report).toMatch(/答复对留言要点的覆盖：\d+%/);
    expect(report).toContain('按期报送：是');
    expect(await row('accept_report')).toContain('督查室修改了答复：是');
    // The reply that went out is 督查室's; the unit's own report is folded under it.
    const original = page.locator('.case-main details.report-original');
    expect(await original.locator('summary').textContent()).toBe('督查室审核时修改了答复，查看承办单位报送的原文');
    expect(await original.locator('.message-text').textContent()).toBe(leakyReply);
    const published = await row('publish_reply');
    expect(published).toContain('发布方式：区电子政务管理中心网上回复');
    expect(published).toContain('确认后仍发布的高风险提示：1 处');
    expect(await row('visit_satisfied')).toContain('回访方式：电话');
    expect(await row('archive')).toContain('归档类别：投诉');
    expect(await row('archive')).toMatch(/案卷：\d{4}-投诉/);
    const unknown = await row('future_step');
    expect(unknown).toContain('系统记录');
    expect(unknown).toContain('其他信息：新的情况');

    // Printed (to file with the case, or hand to a unit): the case and its history, without the
    // navigation, forms or buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header#top').isVisible()).toBe(false);
    expect(await page.locator('main button:visible').count()).toBe(0);
    expect(await page.locator('#timeline').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('header#top').isVisible()).toBe(true);
    await context.close();
  });
});

describe('console: review queue and ledger', () => {
  it('checks the 不予受理 form and the batch threshold in the browser', async () => {
    const { context, page } = await f.signIn('egov');
    let batchPosts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && (r.url().includes('/not-accepted') || r.url().includes('/batch-accept'))) batchPosts += 1;
    });
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#review-title');
    await page.keyboard.press('x');
    await page.waitForSelector('#reject-form');
    for (const box of await page.locator('#reject-form input[type=checkbox]:checked').all()) await box.uncheck();
    await page.fill('#reject-note', '');
    await page.click('#reject-form button[type=submit]');
    expect(await page.locator('#reject-form .field-error').allTextContents()).toEqual(['请至少勾选一项不予受理的理由', '请填写不予受理的说明']);
    await page.keyboard.press('Escape');
    for (const bad of ['1.5', '0.3', '']) {
      await page.fill('#batch-threshold', bad);
      await page.locator('#queue').click();
      await page.keyboard.press('b');
      expect(await page.textContent('.threshold .field-error')).toBe('置信度应在 0.5 到 1 之间，例如 0.9');
      expect(await page.locator('#batch-panel').count()).toBe(0);
    }
    await page.fill('#batch-threshold', '0.95');
    expect(await page.locator('.threshold .field-error').count()).toBe(0);
    await page.locator('#queue').click();
    await page.keyboard.press('b');
    await page.waitForSelector('#batch-panel');
    expect(batchPosts).toBe(0);
    await context.close();
  });

  it('shows the hot-issue cases of a message without copies under their own heading only', async () => {
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#queue .queue-item');
    await page.locator('#queue .queue-item', { hasText: '王家河小区电梯经常故障' }).click();
    await expect.poll(() => page.textContent('#review-title')).toBe('王家河小区电梯经常故障');
    const headings = await page.locator('#review-detail .copies h4').allTextContents();
    expect(headings).toEqual(['同一热点的其他案件']);
    expect(await page.textContent('#review-detail')).not.toContain('重复留言 0 条');
    await context.close();
  });

  it('says so when the ledger address holds an impossible date, instead of showing 0 cases', async () => {
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/ledger?dueFrom=2026-13-01`);
    await page.waitForSelector('#ledger-error');
    expect(await page.textContent('#ledger-error')).toContain('时限自不是有效日期：“2026-13-01”');
    expect(await page.textContent('#ledger-count')).not.toContain('共 0 件');
    await page.goto(`${f.url}/#/ledger?dueTo=2026-02-30`);
    await expect.poll(() => page.textContent('#ledger-error')).toContain('时限至不是有效日期：“2026-02-30”');
    await page.goto(`${f.url}/#/ledger?dueFrom=2026-01-01`);
    await page.waitForSelector('#ledger tbody tr');
    expect(await page.locator('#ledger-error').count()).toBe(0);
    await context.close();
  });
});

describe('console: 立卷归档 on the case page', () => {
  it('says which volume the case goes to and that it cannot be changed after, and archives only once ticked', async () => {
    const { context, page } = await f.signIn('duchashi');
    const posts = countCasePosts(page);
    await openCase(page, ids.settled!);
    const form = await openAction(page, 'archive');
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
    expect(await form.locator('.action-intro').textContent()).toBe(`将归入「${year}-投诉」卷。归档后案件不能再更改：不能再回访、更正类别、拆分或并入。`);
    await form.locator('button[type=submit]').click();
    expect(await errorsOf(form)).toEqual(['请勾选「确认归档，归档后不能再更改」']);
    expect(posts()).toBe(0);
    expect((await caseRow(ids.settled!)).archivedAt).toBeNull();
    await form.locator('input[name=confirmArchive]').check();
    await form.locator('button[type=submit]').click();
    await expect.poll(async () => (await caseRow(ids.settled!)).archiveVolume).toBe(`${year}-投诉`);
    expect(posts()).toBe(1);
    await expect.poll(() => page.textContent('#case-actions')).toContain('已归档，不能再更改');
    await context.close();
  });
});
