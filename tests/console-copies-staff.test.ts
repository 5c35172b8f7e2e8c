/**
 * A letter posted again after the reply is out, as the e-government centre meets it in 分类审核 (QA,
 * chromium against the running app, PostgreSQL, the pipeline's de-duplication index): told that it
 * repeats the answered case (再次反映), never offered as its copy, and the answered case refused as
 * a merge target with the reason; neighbours' letters about one estate on the 督查看板; the
 * 转办编号 of a forwarded copy on the case page; and a report sent up as the 专报 read 已上报.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideReply, publishReply, registerCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import { ensureSource, recordMessage, registerMessage } from '../workflow/index.js';
import { plainSuggestion } from './helpers/ledger-suggestion.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const letter = { title: '城关街道北关街路灯又不亮了', content: '城关街道北关街中段路灯一到晚上就不亮，行人摔倒过好几次，请相关部门尽快维修。', author: '孙志刚', category: '投诉', confidence: 0.95, unit: '区交通运输局' };

beforeAll(async () => {
  f = await openConsoleFixture({ dedup: true });
});
afterAll(async () => {
  await f?.close();
});

describe('console: a letter posted again after the reply (再次反映)', () => {
  it('is shown in the review queue as asking again about the answered case, not as its copy', async () => {
    const answered = await f.addMessage(letter);
    await f.assignTo(answered, 'u-roads');
    const text = '关于您反映的北关街路灯不亮问题，我局已派员现场查看并更换了线路，现已恢复照明。感谢您对我区工作的关注和支持。';
    await submitReport(f.store.db, { caseId: answered, text, actor: f.actors.roads });
    await reviewReport(f.store.db, { caseId: answered, accept: true, actor: f.actors.supervision });
    await decideReply(f.store.db, { caseId: answered, approve: true, actor: f.actors.leader });
    await publishReply(f.store.db, { caseId: answered, actor: f.actors.egov });
    const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: answered } });
    const again = await f.addMessage({ ...letter, channel: 'city_mailbox' });
    expect(again).not.toBe(answered);

    const { context, page } = await f.signIn('egov');
    const errors = watchPageErrors(page);
    await page.goto(`${f.url}/#/review`);
    const item = page.locator(`#queue .queue-item[data-case-id="${again}"]`);
    await item.click();
    await expect.poll(() => page.textContent('#review-title')).toBe(letter.title);
    expect(await item.textContent()).not.toContain('疑似重复');
    expect(await page.locator('#likely-copy').count()).toBe(0);
    const notice = await page.textContent('#repeats-answered');
    expect(notice).toContain('再次反映');
    expect(notice).toContain(`${ledgerNo} “${letter.title}”（已回复）`);
    expect(notice).toContain('请作为新案件登记办理');
    expect(await page.getAttribute('#repeats-answered a', 'href')).toBe(`#/case/${answered}`);

    // Looked up by hand, the answered case is not offered as the case to merge into.
    await page.keyboard.press('m');
    await page.waitForSelector('#merge-panel');
    await page.fill('#merge-panel .merge-ledger-no', ledgerNo);
    await page.click('#merge-panel .merge-lookup');
    await expect.poll(() => page.textContent('#merge-panel .merge-results')).toContain(`${ledgerNo}（已回复）不能作为并入的案件`);
    expect(await page.locator('#merge-panel .merge-option').count()).toBe(0);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: again } })).state).toBe('awaiting_review');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('console: neighbours writing about one estate (热点问题)', () => {
  it('marks on the board the hot issue whose people reach the threshold as 群众反映较多, and names it on its cases', async () => {
    // QA: the board marked a single case of 5 people 群众反映较多 but not a hot issue of 5 people,
    // though its cases go to 专项督查 alike when late (scan-deadlines): 督查室 could not tell which.
    const letters = [
      ['阳光花园小区暖气温度太低', '阳光花园小区5号楼暖气片冰凉，家里温度不到14度，物业说是供热站的问题，请有关部门尽快处理。', '李秀英'],
      ['阳光花园小区供暖问题反映', '阳光花园小区7号楼今年供暖严重不达标，交了取暖费却不热，孩子感冒了，希望领导重视。', '王建军'],
      ['印台区阳光花园小区暖气不热谁来管', '印台区阳光花园小区1号楼暖气一直不热，打热线也没人来看，请市上督促印台区解决。', '赵丽华'],
      ['阳光花园小区暖气', '阳光花园小区2号楼暖气不热，温度只有十三度，请尽快派人检修管网。', '刘洋'],
      ['阳光花园小区3号楼暖气不热', '我是阳光花园小区3号楼住户，入冬以来家里暖气一直不热，多次找供热公司没人管，老人冻得生病。', '张建国'],
      ['金水湾小区路灯不亮', '金水湾小区南门路灯坏了两个月，晚上出入很不安全，请尽快维修。', '陈红'],
      ['金水湾小区门口路面塌陷', '金水湾小区门口路面塌陷一个大坑，车辆经过很危险，请有关部门处理。', '周强'],
    ];
    const caseIds: string[] = [];
    for (const [title, content, author] of letters) caseIds.push(await f.addMessage({ title: title!, content: content!, author: author!, category: '投诉', confidence: 0.9, unit: '区住建局' }));
    const groups = await f.store.db.hotIssue.findMany();
    const estate = groups.find((g) => g.label.startsWith('阳光花园'));
    const other = groups.find((g) => g.label.startsWith('金水湾'));
    expect(estate?.messageCount).toBe(5);
    expect(other?.messageCount).toBe(2);

    const { context, page } = await f.signIn('duchashi');
    await page.goto(`${f.url}/#/board`);
    const row = page.locator(`#board-hot-issues tr[data-key="${estate!.key}"]`);
    await row.waitFor();
    expect(await row.locator('.hot-label').textContent()).toBe(estate!.label);
    expect(await row.locator('td.hot-reporters').textContent()).toBe('5');
    expect(await row.locator('.hot-many').textContent()).toContain('群众反映较多');
    const below = page.locator(`#board-hot-issues tr[data-key="${other!.key}"]`);
    expect(await below.locator('td.hot-reporters').textContent()).toBe('2');
    expect(await below.locator('.hot-many').count()).toBe(0);

    // A case of the group says so on its page, with the group's people and a link to its cases.
    await f.assignTo(caseIds[0]!, 'u-roads');
    await page.goto(`${f.url}/#/case/${caseIds[0]}`);
    await page.waitForSelector('#timeline');
    expect(await page.textContent('#case-hot-issue')).toBe(`热点问题 ${estate!.label}（共 5 人反映）`);
    expect(await page.getAttribute('#case-hot-issue a', 'href')).toBe(`#/ledger?${new URLSearchParams({ hotIssue: estate!.key })}`);
    await context.close();
    // The unit handling it sees no hot issue (a group spans other units' cases), on the page or in the API.
    const unit = await f.signIn('roads');
    await unit.page.goto(`${f.url}/#/case/${caseIds[0]}`);
    await unit.page.waitForSelector('#timeline');
    expect(await unit.page.locator('#case-hot-issue').count()).toBe(0);
    const seen = await unit.page.evaluate(async (id) => (await fetch(`/api/workflow/cases/${id}`)).json(), caseIds[0]);
    expect(seen.case.hotIssue).toBeNull();
    await unit.context.close();
  });
});

describe('console: a letter forwarded by the city as well (转办)', () => {
  it('shows the 转办编号 of the forwarded copy, and of a forwarded case, on the case page', async () => {
    // QA: the case page named a forwarded copy only 省市转办 and its source; its 转办编号, which staff
    // match with the OA 转办单 and cite when reporting upward, was nowhere on the page for a crawled
    // item (a hand-entered one had it in the event log only).
    const content = '东城社区12号楼下水管道堵塞一个月，污水漫到楼道里，多次找社区没有解决，请尽快处理。';
    const caseId = await f.addMessage({ title: '东城社区下水道堵塞', content, author: '何丽', category: '投诉', confidence: 0.9, unit: '区住建局' });
    await ensureSource(f.store.db, { id: 'src-city-forward', name: '铜川市网民留言转办', channel: 'forwarded' });
    const forward = async (title: string, text: string, forwardNo: string, upperDeadline?: string) => {
      const forwarding = { originLevel: 'city' as const, forwardNo, ...(upperDeadline ? { upperDeadline } : {}) };
      const { messageId } = await recordMessage(f.store.db, { sourceId: 'src-city-forward', channel: 'forwarded', siteId: forwardNo, title, content: text, author: '何丽', forwarding, fetchedAt: new Date().toISOString() });
      return registerMessage(f.store.db, { messageId, classification: plainSuggestion });
    };
    expect((await forward('东城社区下水道堵塞', content, 'TCZB-2026-0417')).caseId).toBe(caseId);
    const own = await forward('关于陈炉镇集市占道经营的转办件', '陈炉镇集市每逢赶集日摊贩占满道路，车辆无法通行，请有关部门规范管理。', 'TCZB-2026-0522', '2026-12-04');

    const { context, page } = await f.signIn('duchashi');
    await page.goto(`${f.url}/#/case/${caseId}`);
    await page.waitForSelector('#timeline');
    expect(await page.textContent('li.copy')).toContain('省市转办 · 铜川市网民留言转办 · 市级转办 TCZB-2026-0417 ·');
    await page.goto(`${f.url}/#/case/${own.caseId}`);
    await page.waitForSelector('#timeline');
    await expect.poll(() => page.textContent('#case-title')).toBe('关于陈炉镇集市占道经营的转办件');
    // The city's own deadline too, which 交办 keeps the due date within (QA: it was on no page).
    expect(await page.textContent('.case-main .meta')).toContain('铜川市网民留言转办 · 市级转办 TCZB-2026-0522 · 上级办理时限 2026-12-04 ·');
    await context.close();
  });
});

describe('console: one letter forwarded by the city and posted on the district mailbox (第四条㈧)', () => {
  it('offers the 专报 to 督查室 and the online reply to the centre, and says on the case page which is still owed', async () => {
    // QA: the case took the channel of its first message; with the district letter first no 专报
    // could be sent, with the forwarded one first the district letter never got its online reply.
    const content = '南关街道育才路积水严重，下雨天学生上学要蹚水，多次反映没有解决，请尽快疏通排水管道。';
    const caseId = await f.addMessage({ title: '育才路积水', content, author: '马文', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await ensureSource(f.store.db, { id: 'src-city-forward', name: '铜川市网民留言转办', channel: 'forwarded' });
    const forwarding = { originLevel: 'city' as const, forwardNo: 'TCZB-2026-0630' };
    const { messageId } = await recordMessage(f.store.db, { sourceId: 'src-city-forward', channel: 'forwarded', siteId: 'TCZB-2026-0630', title: '育才路积水', content, author: '马文', forwarding, fetchedAt: new Date().toISOString() });
    expect((await registerMessage(f.store.db, { messageId, classification: plainSuggestion })).caseId).toBe(caseId);
    await f.assignTo(caseId, 'u-roads');
    const text = '关于您反映的育才路积水问题，我局已组织疏通排水管道并加装雨水箅子，现已不再积水。感谢您对我区工作的关注和支持。';
    await submitReport(f.store.db, { caseId, text, actor: f.actors.roads });
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision });
    await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader });

    const office = await f.signIn('duchashi');
    const errors = watchPageErrors(office.page);
    await office.page.goto(`${f.url}/#/case/${caseId}`);
    await office.page.waitForSelector('#timeline');
    expect(await office.page.textContent('#case-replies-owed')).toBe('尚待回复 《印台政务督查专报》上报（区政府督查室）、网上回复（区电子政务管理中心）');
    const details = office.page.locator('#case-actions details', { has: office.page.locator('form[data-action="report_upward"]') });
    await details.locator('summary').click();
    await office.page.locator('form[data-action="report_upward"] button[type=submit]').click();
    await office.page.waitForSelector('#timeline li[data-type="report_upward"]');
    await expect.poll(() => office.page.textContent('#case-replies-owed')).toBe('尚待回复 网上回复（区电子政务管理中心）；专报已上报');
    expect(await office.page.locator('form[data-action="report_upward"]').count()).toBe(0);
    expect(await office.page.textContent('#timeline li[data-type="report_upward"]')).toContain('上报的《印台政务督查专报》：印台政务督查专报');
    // The 专报 as reported, kept on its event while the report waits for the online reply.
    const sent = await office.page.request.get(`${f.url}/api/workflow/cases/${caseId}/upper-report.txt`);
    expect(sent.status()).toBe(200);
    expect(await sent.text()).toContain('转办编号：TCZB-2026-0630');
    expect(await office.page.locator('#upper-report-print').getAttribute('href')).toBe(`/api/workflow/cases/${caseId}/upper-report.html`);
    expect(errors).toEqual([]);
    await office.context.close();

    const centre = await f.signIn('egov');
    await centre.page.goto(`${f.url}/#/case/${caseId}`);
    await centre.page.waitForSelector('#timeline');
    expect(await centre.page.locator('form[data-action="publish_reply"]').count()).toBe(1);
    await centre.context.close();
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).state).toBe('reply_approved');
  });
});

describe('console: an item from above answered by the 专报 alone', () => {
  it('reads 已上报 on its report, not 已发布', async () => {
    // QA 督查室: after 以《印台政务督查专报》上报 the report's badge said 已发布, as if it had gone
    // online, where nothing is published for an item forwarded from above (第四条㈧).
    await ensureSource(f.store.db, { id: 'src-city-forward', name: '铜川市网民留言转办', channel: 'forwarded' });
    const forwarding = { originLevel: 'city' as const, forwardNo: 'TCZB-2026-0711' };
    const { messageId } = await recordMessage(f.store.db, { sourceId: 'src-city-forward', channel: 'forwarded', siteId: 'TCZB-2026-0711', title: '北街夜市噪音扰民', content: '北街夜市烧烤摊每天营业到凌晨，噪音和油烟严重影响居民休息，请尽快整治。', author: '李军', forwarding, fetchedAt: new Date().toISOString() });
    const { caseId } = await registerMessage(f.store.db, { messageId, classification: plainSuggestion });
    await f.assignTo(caseId, 'u-roads');
    await submitReport(f.store.db, { caseId, text: '关于您反映的北街夜市噪音问题，我局已会同有关部门规定夜市经营时间，烧烤摊须于晚上十一点前收摊。感谢您对我区工作的关注和支持。', actor: f.actors.roads, acknowledgeFindings: true });
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision });
    await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader });
    await publishReply(f.store.db, { caseId, acknowledgeFindings: true, actor: f.actors.supervision });

    const { context, page } = await f.signIn('duchashi');
    try {
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline li[data-type="report_upward"]');
      const report = page.locator('.case-main section.card', { hasText: '办理情况与回复' }).locator('li').first();
      expect(await report.locator('.badge').textContent()).toBe('已上报');
      // QA 督查室: the 专报 could be read on the page but neither printed nor saved to send upward.
      const printing = page.waitForEvent('popup');
      await page.click('#upper-report-print');
      const printed = await printing;
      await printed.waitForSelector('h1');
      expect(await printed.textContent('h1')).toBe('印台政务督查专报');
      const body = (await printed.textContent('body'))!;
      expect(body).toContain('转办编号：TCZB-2026-0711');
      expect(body).toContain('留言标题：北街夜市噪音扰民');
      expect(body).toContain('烧烤摊须于晚上十一点前收摊');
      expect(body).toMatch(/台账编号 YT-\d{4}-\d{6}，\d{4}-\d\d-\d\d 由 督查室 赵丽（duchashi） 上报/u);
      await printed.close();
      const downloading = page.waitForEvent('download');
      await page.click('#upper-report-download');
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^印台政务督查专报-YT-\d{4}-\d{6}\.txt$/u);
      const text = await readFile((await download.path())!, 'utf8');
      expect(text.startsWith('\ufeff印台政务督查专报\r\n区政府督查室')).toBe(true);
      expect(text).toContain('办理情况：\r\n关于您反映的北街夜市噪音问题');
    } finally {
      await context.close();
    }
    // A unit reads its own report on the case page; the 专报 is the offices' document.
    const unit = await f.signIn('roads');
    try {
      await unit.page.goto(`${f.url}/#/case/${caseId}`);
      await unit.page.waitForSelector('#timeline');
      expect(await unit.page.locator('#upper-report').count()).toBe(0);
      expect((await unit.page.request.get(`${f.url}/api/workflow/cases/${caseId}/upper-report.txt`)).status()).toBe(403);
    } finally {
      await unit.context.close();
    }
  });
});

describe('console: the 上级办理时限 arriving after 交办', () => {
  it('shows the tightened due date and 办理时限调整 in the 办理过程', async () => {
    // QA: the crawled copy of a hand-entered 转办单 brought the city's deadline after 交办, and the
    // unit's due date stayed the 2 working days counted at 交办, later than the city's date.
    const content = '董家河镇卫生院门前道路坑洼不平，救护车进出颠簸，请尽快修整。';
    const caseId = await f.addMessage({ title: '董家河镇卫生院门前道路坑洼', content, author: '田芳', category: '投诉', confidence: 0.9, unit: '区交通运输局', channel: 'forwarded', forwarding: { originLevel: 'city', forwardNo: 'TCZB-2026-0701' } });
    await f.assignTo(caseId, 'u-roads');
    const before = (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).dueDate!;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(before > today).toBe(true);
    await ensureSource(f.store.db, { id: 'src-city-forward', name: '铜川市网民留言转办', channel: 'forwarded' });
    const forwarding = { originLevel: 'city' as const, forwardNo: 'TCZB-2026-0701', upperDeadline: today };
    const { messageId } = await recordMessage(f.store.db, { sourceId: 'src-city-forward', channel: 'forwarded', siteId: 'TCZB-2026-0701', title: '董家河镇卫生院门前道路坑洼', content, author: '田芳', forwarding, fetchedAt: new Date().toISOString() });
    expect((await registerMessage(f.store.db, { messageId, classification: plainSuggestion })).caseId).toBe(caseId);

    const { context, page } = await f.signIn('duchashi');
    const errors = watchPageErrors(page);
    await page.goto(`${f.url}/#/case/${caseId}`);
    await page.waitForSelector('#timeline');
    expect(await page.textContent('#case-due')).toContain(`办理时限 ${today}`);
    const row = (await page.locator('#timeline li[data-type="due_date_tightened"]').textContent())!;
    expect(row).toContain('办理时限调整');
    expect(row).toContain(`原办理时限：${before}`);
    expect(row).toContain(`上级办理时限：${today}`);
    expect(row).toContain('理由：交办后收到转办单（转办编号 TCZB-2026-0701）的上级办理时限');
    // Due on the city's own date: no working day is left before it for 审核 and the 专报.
    expect(await page.textContent('#upper-deadline-warning')).toContain(`上级办理时限 ${today} 前已没有工作日留给督查室审核和报送专报`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('console: a 转办单 whose 上级办理时限 is today, not yet handed over', () => {
  it('is on the 督查看板 of 督查室 and 区政府办 with a warning in Chinese, and not on the centre’s', async () => {
    // QA: nothing warned before 交办 that the upper level's deadline was today or tomorrow.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const content = '城关街道北市场路段井盖破损下陷，车辆经过时颠簸严重，请尽快更换。';
    const caseId = await f.addMessage({ title: '北市场路段井盖破损', content, author: '郑磊', category: '投诉', confidence: 0.9, unit: '区交通运输局', channel: 'forwarded', forwarding: { originLevel: 'city', forwardNo: 'TCZB-2026-0801', upperDeadline: today } });
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });
    const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
    for (const username of ['duchashi', 'office']) {
      const { context, page } = await f.signIn(username);
      const errors = watchPageErrors(page);
      await page.goto(`${f.url}/#/board`);
      const row = page.locator(`#board-upper-near li[data-case-id="${caseId}"]`);
      await row.waitFor();
      expect(await page.textContent('#board-upper-near h3')).toContain('上级办理时限临近（尚未交办）');
      const text = (await row.textContent())!;
      expect(text).toContain(ledgerNo);
      expect(text).toContain('今天到期');
      expect(text).toContain(`市级转办 · 转办编号 TCZB-2026-0801 · 上级办理时限 ${today} · 当前：已登记 · 请尽快交办`);
      expect(errors).toEqual([]);
      await context.close();
    }
    const centre = await f.signIn('egov');
    await centre.page.goto(`${f.url}/#/board`);
    await centre.page.waitForSelector('#board-due-soon');
    expect(await centre.page.locator('#board-upper-near').count()).toBe(0);
    await centre.context.close();
  });
});

describe('console: a 转办单 the city sends again after the answer (上级再次转办)', () => {
  it('is a new case in 分类审核 saying so, on the 督查看板, and on the answered case’s 办理过程', async () => {
    // QA: the same 转办编号 re-issued after the 专报 joined the answered case and nobody saw it.
    const content = '城关街道南街菜市场门前积水严重，下雨天群众无法通行，请疏通排水。';
    const forwarding = { originLevel: 'city' as const, forwardNo: 'TCZB-2026-0901' };
    const answered = await f.addMessage({ title: '南街菜市场门前积水', content, author: '吴刚', category: '投诉', confidence: 0.9, unit: '区交通运输局', channel: 'forwarded', forwarding });
    await f.assignTo(answered, 'u-roads');
    const text = '关于您反映的南街菜市场门前积水问题，我局已组织疏通排水管道，现已恢复通行。感谢您对我区工作的关注和支持。';
    await submitReport(f.store.db, { caseId: answered, text, actor: f.actors.roads });
    await reviewReport(f.store.db, { caseId: answered, accept: true, actor: f.actors.supervision });
    await decideReply(f.store.db, { caseId: answered, approve: true, actor: f.actors.leader });
    await publishReply(f.store.db, { caseId: answered, actor: f.actors.supervision });
    const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: answered } });
    await ensureSource(f.store.db, { id: 'src-city-forward', name: '铜川市网民留言转办', channel: 'forwarded' });
    // The city presses (催办): its 转办 page lists the item anew with a text of its own. (The page's
    // copy of the answered 转办单 itself, the same text, would join the answered case instead.)
    const pressed = `${content}（催办：群众再次反映，至今仍未解决）`;
    const { messageId } = await recordMessage(f.store.db, { sourceId: 'src-city-forward', channel: 'forwarded', siteId: 'TCZB-2026-0901-2', title: '南街菜市场门前积水', content: pressed, author: '吴刚', forwarding, fetchedAt: new Date().toISOString() });
    const again = (await registerMessage(f.store.db, { messageId, classification: plainSuggestion })).caseId;
    expect(again).not.toBe(answered);
    const newLedgerNo = (await f.store.db.case.findUniqueOrThrow({ where: { id: again } })).ledgerNo;

    const centre = await f.signIn('egov');
    let errors = watchPageErrors(centre.page);
    await centre.page.goto(`${f.url}/#/review`);
    await centre.page.locator(`#queue .queue-item[data-case-id="${again}"]`).click();
    await expect.poll(() => centre.page.textContent('#repeats-answered')).toContain('上级再次转办');
    expect(await centre.page.textContent('#repeats-answered')).toContain(`转办编号 TCZB-2026-0901 在已答复的 ${ledgerNo}`);
    expect(errors).toEqual([]);
    await centre.context.close();

    const { context, page } = await f.signIn('duchashi');
    errors = watchPageErrors(page);
    await page.goto(`${f.url}/#/board`);
    const row = page.locator(`#board-forwards-reissued li[data-case-id="${again}"]`);
    await row.waitFor();
    expect(await page.textContent('#board-forwards-reissued h3')).toContain('上级再次转办（已答复后）');
    expect(await row.textContent()).toContain(`市级转办 · 转办编号 TCZB-2026-0901`);
    expect(await row.textContent()).toContain(`原案件 ${ledgerNo} 已答复`);
    await page.goto(`${f.url}/#/case/${answered}`);
    await page.waitForSelector('#timeline');
    const event = (await page.locator('#timeline li[data-type="forward_reissued"]').textContent())!;
    expect(event).toContain('上级再次转办（本案已答复）');
    expect(event).toContain(`作为新案件办理：${newLedgerNo}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('console: a letter entered without its date', () => {
  it('says when it was received and that the letter bore no date, not a bare dash', async () => {
    // QA: a paper letter entered with no 留言时间 read 「王大爷 · 其他网络渠道 · … · —」.
    await ensureSource(f.store.db, { id: 'src-paper', name: '来信登记', channel: 'other_web' });
    const { messageId } = await recordMessage(f.store.db, { sourceId: 'src-paper', channel: 'other_web', siteId: 'paper-0001', title: '老街路灯不亮', content: '老街路灯坏了一个多月，晚上老人出门看不清路，请尽快修好。', author: '王大爷', fetchedAt: new Date().toISOString() });
    const { caseId } = await registerMessage(f.store.db, { messageId, classification: plainSuggestion });
    const { context, page } = await f.signIn('egov');
    try {
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline');
      const meta = (await page.textContent('.case-main .meta'))!;
      expect(meta).toMatch(/王大爷 · .+ · \d{4}\/\d{1,2}\/\d{1,2}\u00a0\d{2}:\d{2}:\d{2} 收到（未注明留言时间）/u);
      expect(meta).not.toContain('· —');
    } finally {
      await context.close();
    }
  });
});
