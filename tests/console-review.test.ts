/**
 * The console in a real browser (Playwright driving Debian's chromium against the running app):
 * sign-in, the review flow with the keyboard (corrections stored), batch accept of high-confidence
 * suggestions, and a message carrying markup and script shown as text and never run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removedFromSiteStatus } from '../core/index.js';
import { placeholderClearedNote, recordMessage } from '../workflow/index.js';
import { registerCase } from '../workflow/cases/index.js';
import { openConsoleFixture, password, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const ids: Record<string, string> = {};

beforeAll(async () => {
  f = await openConsoleFixture();
  ids.a = await f.addMessage({ title: '新华路路面破损积水', content: '新华路路面破损，雨天积水严重，请尽快修补。', author: '张建国', category: '投诉', confidence: 0.95, explanation: ['破损', '积水'], unit: '区交通运输局' });
  ids.b = await f.addMessage({ title: '咨询医保缴费时间', content: '请问2026年度城乡居民医保什么时候缴费？', category: '咨询', confidence: 0.97, explanation: ['请问'] });
  ids.c = await f.addMessage({ title: '关于小区绿化的想法', content: '小区绿化可以再多种些树。', category: '建议', confidence: 0.6 });
  ids.d = await f.addMessage({ title: '高价回收旧手机', content: '高价回收旧手机，上门服务。', category: '其他', confidence: 0.55, outOfScope: [{ code: 'advertising', evidence: ['高价回收'] }] });
  ids.e = await f.addMessage({
    title: '<script>window.__pwned = 1; document.title = "pwned"</script>小区停水三天',
    content: '<img src=x onerror="window.__pwned=2">小区停水三天 <b>没有通知</b><script>window.__pwned = 3</script>',
    author: '<i>赵</i>',
    category: '求助',
    confidence: 0.7,
  });
});

afterAll(async () => {
  await f?.close();
});

const stateOf = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).state;

describe('console: sign-in', () => {
  it('refuses a wrong password, then signs in with an httpOnly SameSite=Strict session cookie', async () => {
    const context = await f.browser.newContext();
    const page = await context.newPage();
    await page.goto(f.url);
    await page.fill('#username', 'egov');
    await page.fill('#password', 'wrong-password');
    await page.click('form.login button[type=submit]');
    await expect.poll(() => page.textContent('.form-error')).toBe('用户名或密码错误');
    await page.fill('#password', password);
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('#logout');
    expect(await page.textContent('#nav')).toContain('分类审核');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'ms_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(cookies.find((c) => c.name === 'ms_csrf')?.httpOnly).toBe(false);
    // Sign out ends the session on the server too.
    await page.click('#logout');
    await page.waitForSelector('#username');
    expect(await f.store.db.session.count({ where: { userId: f.actors.egov.userId } })).toBe(0);
    await context.close();
  });
});

describe('console: review queue', () => {
  it('accepts and corrects suggestions with the keyboard, storing corrections', async () => {
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#review-title');
    expect(await page.textContent('#review-title')).toBe('新华路路面破损积水');
    // Correct A: category 建议 (key 2) and complexity (c), then Enter.
    await page.keyboard.press('2');
    await page.keyboard.press('c');
    expect(await page.textContent('#accept')).toContain('2 项更正');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#review-title')).toBe('咨询医保缴费时间');
    expect(await stateOf(ids.a!)).toBe('registered');
    const a = await f.store.db.case.findUniqueOrThrow({ where: { id: ids.a! } });
    expect(a.category).toBe('建议');
    expect(a.complexity).toBe('complex');
    const corrections = await f.store.db.correction.findMany({ where: { caseId: ids.a! }, orderBy: { field: 'asc' } });
    expect(corrections.map((c) => [c.field, c.suggested, c.corrected])).toEqual([
      ['category', '投诉', '建议'],
      ['complexity', 'simple', 'complex'],
    ]);
    // Accept B as suggested: registered, no correction.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#review-title')).toBe('关于小区绿化的想法');
    expect(await stateOf(ids.b!)).toBe('registered');
    expect(await f.store.db.correction.count({ where: { caseId: ids.b! } })).toBe(0);
    // Move to D (j), decide not accepted (x) with the flagged reason pre-selected, Ctrl+Enter.
    await page.keyboard.press('j');
    await expect.poll(() => page.textContent('#review-title')).toBe('高价回收旧手机');
    await page.keyboard.press('x');
    await page.waitForSelector('#reject-form');
    expect(await page.isChecked('#reject-form input[value=advertising]')).toBe(true);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => stateOf(ids.d!)).toBe('not_accepted');
    await context.close();
  });

  it('batch-accepts only the high-confidence suggestions without out-of-scope flags', async () => {
    const f1 = await f.addMessage({ title: '咨询公积金提取', content: '请问公积金怎么提取？', category: '咨询', confidence: 0.96 });
    const f2 = await f.addMessage({ title: '投诉夜间施工噪音', content: '工地夜间施工噪音太大。', category: '投诉', confidence: 0.92 });
    const low = await f.addMessage({ title: '关于文化活动', content: '希望多办文化活动。', category: '建议', confidence: 0.61 });
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#review-title');
    await page.fill('#batch-threshold', '0.9');
    await page.locator('#queue').click(); // focus back on the page, not the input
    await page.keyboard.press('b');
    await page.waitForSelector('#batch-panel');
    expect(await page.locator('#batch-panel li').count()).toBe(2);
    await page.click('#batch-confirm');
    await expect.poll(() => stateOf(f2)).toBe('registered');
    expect(await stateOf(f1)).toBe('registered');
    expect(await stateOf(low)).toBe('awaiting_review');
    expect(await stateOf(ids.c!)).toBe('awaiting_review');
    expect(await stateOf(ids.e!)).toBe('awaiting_review');
    const events = await f.store.db.event.count({ where: { type: 'register', caseId: { in: [f1, f2] } } });
    expect(events).toBe(2);
    await expect.poll(() => page.textContent('#queue-count')).toBe('待审核 3 条');
    await context.close();
  });

  it('reports every case a batch accept did not register, with the reason, in the answer and the toast', async () => {
    const g1 = await f.addMessage({ title: '咨询社保卡补办', content: '社保卡丢了去哪里补办？', category: '咨询', confidence: 0.95 });
    const g2 = await f.addMessage({ title: '投诉广场舞音响太吵', content: '晚上十点以后广场舞音响还很吵。', category: '投诉', confidence: 0.93 });
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#review-title');
    await page.fill('#batch-threshold', '0.9');
    await page.locator('#queue').click();
    await page.keyboard.press('b');
    await page.waitForSelector('#batch-panel');
    expect(await page.locator('#batch-panel li').count()).toBe(2);
    // Someone else registers one of them while the panel is open.
    await registerCase(f.store.db, { caseId: g2, category: '投诉', actor: f.actors.supervision });
    await page.click('#batch-confirm');
    await expect.poll(() => stateOf(g1)).toBe('registered');
    const g2No = (await f.store.db.case.findUniqueOrThrow({ where: { id: g2 } })).ledgerNo;
    await expect.poll(() => page.textContent('#toasts')).toContain(`已批量登记 1 条，1 条未登记（${g2No}：当前状态为「已登记」，不在待审核分类）`);
    // Through the API: each case asked for is either accepted or skipped with its reason.
    const asked = [ids.c!, ids.d!, 'no-such-case'];
    const answer = await page.evaluate(async (caseIds) => {
      const csrf = decodeURIComponent(document.cookie.match(/(?:^|;\s*)ms_csrf=([^;]+)/)?.[1] ?? '');
      const res = await fetch('/api/console/review/batch-accept', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ threshold: 0.9, caseIds }) });
      return res.json();
    }, asked);
    const ledgerNo = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;
    expect(answer.accepted).toEqual([]);
    expect(answer.skipped).toEqual(
      expect.arrayContaining([
        { caseId: ids.c, ledgerNo: await ledgerNo(ids.c!), reason: '建议的置信度 60% 低于 90%' },
        { caseId: ids.d, ledgerNo: await ledgerNo(ids.d!), reason: '当前状态为「不予受理」，不在待审核分类' },
        { caseId: 'no-such-case', ledgerNo: null, reason: '案件不存在' },
      ]),
    );
    expect(answer.skipped).toHaveLength(3);
    await context.close();
  });

  it('leaves a likely copy (疑似重复) out of batch accept, in the browser and on the server, with the reason', async () => {
    const original = await f.addMessage({ title: '咨询燃气开户需要哪些材料', content: '新买的房子想开通燃气，请问需要带哪些材料，到哪里办理？', category: '咨询', confidence: 0.95 });
    const copy = await f.addMessage({ title: '咨询燃气开户需要哪些材料', content: '燃气开户要准备什么证件？在哪个营业厅办？', category: '咨询', confidence: 0.94 });
    const ledgerNo = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;
    const [originalNo, copyNo] = [await ledgerNo(original), await ledgerNo(copy)];
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#review-title');
    expect(await page.textContent(`#queue .queue-item[data-case-id="${copy}"]`)).toContain('疑似重复');
    await page.fill('#batch-threshold', '0.9');
    await page.locator('#queue').click();
    await page.keyboard.press('b');
    await page.waitForSelector('#batch-panel');
    // Listed: the original only. The copy is shown apart, with the reason.
    expect(await page.locator('#batch-panel .batch-list li').count()).toBe(1);
    expect(await page.textContent('#batch-skipped')).toContain('未列入 1 条（疑似重复，请先核对');
    expect(await page.textContent('#batch-skipped li')).toContain(`${copyNo} 咨询燃气开户需要哪些材料（可能与 ${originalNo} 是同一问题）`);
    expect(await page.textContent('#batch-confirm')).toBe('确认登记 1 条');
    await page.click('#batch-confirm');
    await expect.poll(() => stateOf(original)).toBe('registered');
    await expect.poll(() => page.textContent('#toasts')).toContain('已批量登记 1 条');
    expect(await stateOf(copy)).toBe('awaiting_review');
    // The server decides for itself: asked for the copy, it registers nothing and says why.
    const answer = await page.evaluate(async (caseIds) => {
      const csrf = decodeURIComponent(document.cookie.match(/(?:^|;\s*)ms_csrf=([^;]+)/)?.[1] ?? '');
      const res = await fetch('/api/console/review/batch-accept', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ threshold: 0.9, caseIds }) });
      return res.json();
    }, [copy]);
    expect(answer).toEqual({ accepted: [], skipped: [{ caseId: copy, ledgerNo: copyNo, reason: `疑似重复（可能与 ${originalNo} 是同一问题），请先核对` }] });
    expect(await stateOf(copy)).toBe('awaiting_review');
    await context.close();
  });

  it('asks for a note to register a case flagged 疑似不予受理, and leaves it out of batch confirmation saying why', async () => {
    const flagged = await f.addMessage({ title: '开锁换锁找谁', content: '老人被锁在门外，开锁公司随叫随到但要价很高，请问社区能否帮忙？', category: '求助', confidence: 0.96, outOfScope: [{ code: 'advertising', evidence: ['随叫随到'] }] });
    const flaggedNo = (await f.store.db.case.findUniqueOrThrow({ where: { id: flagged } })).ledgerNo;
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#review-title');
    await page.fill('#batch-threshold', '0.9');
    await page.locator('#queue').click();
    await page.keyboard.press('b');
    await page.waitForSelector('#batch-panel');
    // Confident, but flagged: not in the batch, and the panel says why and what to do.
    expect(await page.locator('#batch-panel .batch-list li', { hasText: '开锁换锁找谁' }).count()).toBe(0);
    expect(await page.textContent('#batch-skipped-out-of-scope')).toContain('未列入 1 条（分类器提示疑似不予受理：请逐条审核，决定不予受理，或登记并填写说明）');
    expect(await page.textContent('#batch-skipped-out-of-scope li')).toBe(`${flaggedNo} 开锁换锁找谁`);
    await page.keyboard.press('Escape');
    // One by one: Enter without a note is refused beside the box, nothing sent.
    await page.locator(`#queue .queue-item[data-case-id="${flagged}"]`).click();
    await expect.poll(() => page.textContent('#review-title')).toBe('开锁换锁找谁');
    await page.waitForSelector('#register-note');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#review-actions .field-error').textContent()).toBe('未登记：该留言疑似不予受理，登记须先在说明中写明受理理由；如确属不予受理，请选「不予受理…」');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('register-note');
    expect(await stateOf(flagged)).toBe('awaiting_review');
    // A note half written survives a look at another letter and a reload (QA: it was page memory only).
    await page.locator('#register-note').pressSequentially('实为求助：老人被锁门外');
    await page.locator(`#queue .queue-item:not([data-case-id="${flagged}"])`).first().click();
    await expect.poll(() => page.textContent('#review-title')).not.toBe('开锁换锁找谁');
    await page.locator(`#queue .queue-item[data-case-id="${flagged}"]`).click();
    await expect.poll(() => page.inputValue('#register-note')).toBe('实为求助：老人被锁门外');
    await page.reload();
    await page.locator(`#queue .queue-item[data-case-id="${flagged}"]`).click();
    await expect.poll(() => page.inputValue('#register-note')).toBe('实为求助：老人被锁门外');
    // With the note (Enter in the box registers), the flag is overridden and the note recorded.
    await page.fill('#register-note', '实为求助：老人被锁门外，不是广告');
    await page.keyboard.press('Enter');
    await expect.poll(() => stateOf(flagged)).toBe('registered');
    // Registered: its draft is gone (once the page has the server's answer).
    await expect.poll(() => page.evaluate(() => Object.keys(window.sessionStorage).filter((k) => k.startsWith('minsheng.draft.')))).toEqual([]);
    const event = await f.store.db.event.findFirstOrThrow({ where: { caseId: flagged, type: 'register' } });
    expect(event.data).toMatchObject({ note: '实为求助：老人被锁门外，不是广告', corrected: ['outOfScope'] });
    await context.close();
  });

  it('counts one writer\'s re-post as 重复 1 条 and 反映人数 1, showing the messages beside it', async () => {
    const id = await f.addMessage({ title: '城关街道菜市场占道经营', content: '城关街道菜市场门口小贩占道经营，车辆无法通行，请城管部门管理。', author: '周建华', category: '投诉', confidence: 0.7, copy: true });
    expect(await f.store.db.message.count({ where: { caseId: id } })).toBe(2);
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/review`);
    const item = page.locator(`#queue .queue-item[data-case-id="${id}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('重复 1 条');
    expect(await item.textContent()).not.toContain('人反映');
    await page.goto(`${f.url}/#/case/${id}`);
    await expect.poll(() => page.textContent('#case-reporters')).toBe('反映人数 1（留言 2 条）');
    await context.close();
  });

  it('keeps a 不予受理 note and reasons half done across a look at another letter and a reload, and forgets them once decided', async () => {
    const id = await f.addMessage({ title: '转让二手挖掘机', content: '本人有二手挖掘机一台转让，价格面议。', category: '其他', confidence: 0.6, outOfScope: [{ code: 'advertising', evidence: ['转让'] }] });
    const other = await f.addMessage({ title: '咨询老年证办理', content: '老年证在哪里办理？', category: '咨询', confidence: 0.9 });
    const { context, page } = await f.signIn('egov');
    const item = (caseId: string) => page.locator(`#queue .queue-item[data-case-id="${caseId}"]`);
    await page.goto(`${f.url}/#/review`);
    await item(id).click();
    await expect.poll(() => page.textContent('#review-title')).toBe('转让二手挖掘机');
    await page.keyboard.press('x');
    await page.waitForSelector('#reject-form');
    const typed = '个人物品转让信息，具有商业广告性质，与政府职责无关，经电话核实非本区群众诉求。';
    await page.check('#reject-form input[value=personal]');
    await page.fill('#reject-note', typed);
    const shown = async () => [await page.inputValue('#reject-note'), await page.locator('#reject-form input[name=reason]:checked').evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value))];
    // A look at another letter, and back: the form opens as it was left.
    await item(other).click();
    await expect.poll(() => page.textContent('#review-title')).toBe('咨询老年证办理');
    await item(id).click();
    await expect.poll(() => page.textContent('#review-title')).toBe('转让二手挖掘机');
    await page.keyboard.press('x');
    await page.waitForSelector('#reject-form');
    expect(await shown()).toEqual([typed, ['advertising', 'personal']]);
    expect(await page.textContent('#reject-form .draft-note')).toBe('已恢复未提交的内容（草稿只保存在本浏览器窗口）');
    await page.reload();
    await item(id).click();
    await expect.poll(() => page.textContent('#review-title')).toBe('转让二手挖掘机');
    await page.keyboard.press('x');
    await page.waitForSelector('#reject-form');
    expect(await shown()).toEqual([typed, ['advertising', 'personal']]);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => stateOf(id)).toBe('not_accepted');
    const decided = await f.store.db.case.findUniqueOrThrow({ where: { id } });
    expect(decided.outOfScopeReasons).toEqual(['advertising', 'personal'].map((code) => ({ code, decidedBy: 'egov', note: typed })));
    // The page clears the draft once it has the server's answer, which may come after the store changed.
    await expect.poll(() => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('minsheng.draft.')))).toEqual([]);
    await context.close();
  });

  it('leaves Enter on a focused button or link to that control; Enter on the page still registers', async () => {
    const id = await f.addMessage({ title: '建议公交站台加装遮阳棚', content: '印台大道公交站台夏天太晒，建议加装遮阳棚。', category: '建议', confidence: 0.8 });
    const m = await f.store.db.message.findFirstOrThrow({ where: { caseId: id } });
    await f.store.db.message.update({ where: { id: m.id }, data: { url: `${f.url}/robots.txt` } });
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/review`);
    await page.locator(`#queue .queue-item[data-case-id="${id}"]`).click();
    await expect.poll(() => page.textContent('#review-title')).toBe('建议公交站台加装遮阳棚');
    // Enter on 「4 求助」 chooses 求助, as a click would.
    await page.focus('#review-actions .cat-choice:has-text("求助")');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#review-actions .cat-choice.chosen')).toContain('求助');
    expect(await stateOf(id)).toBe('awaiting_review');
    // Enter on 「不予受理…」 opens its form.
    await page.focus('#reject-open');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#reject-form');
    expect(await stateOf(id)).toBe('awaiting_review');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#accept');
    // Enter on the 原文 link opens the original.
    const opened = context.waitForEvent('page');
    await page.focus('#review-detail .meta a');
    await page.keyboard.press('Enter');
    await (await opened).close();
    expect(await stateOf(id)).toBe('awaiting_review');
    // With the focus on the page, Enter is 确认登记, with the category chosen above.
    await page.click('#review-title');
    await page.keyboard.press('Enter');
    await expect.poll(() => stateOf(id)).toBe('registered');
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id } })).category).toBe('求助');
    await context.close();
  });

  it('offers the role its steps on the case page and performs them', async () => {
    const { context, page } = await f.signIn('office');
    await page.goto(`${f.url}/#/case/${ids.a}`);
    await page.waitForSelector('#case-actions details');
    await page.click('#case-actions summary:has-text("提出拟办意见")');
    const form = page.locator('form[data-action=propose]');
    await form.locator('select[name=unitId]').selectOption('u-roads');
    await form.locator('textarea[name=opinion]').fill('请区交通运输局核实路面情况并答复');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => stateOf(ids.a!)).toBe('proposed');
    await expect.poll(() => page.textContent('#timeline')).toContain('提出拟办意见');
    expect(await page.textContent('#case-actions')).not.toContain('提出拟办意见');
    await context.close();
  });

  it('shows a message carrying markup and <script> as text, never running it', async () => {
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#queue .queue-item');
    await page.locator('#queue .queue-item', { hasText: '小区停水三天' }).click();
    await expect.poll(() => page.textContent('#review-title')).toBe('<script>window.__pwned = 1; document.title = "pwned"</script>小区停水三天');
    expect(await page.textContent('#review-content')).toContain('<img src=x onerror="window.__pwned=2">');
    expect(await page.locator('#review-detail img, #review-detail script, #review-detail b, #queue script').count()).toBe(0);
    // The case page shows it as text too.
    await page.goto(`${f.url}/#/case/${ids.e}`);
    await expect.poll(() => page.textContent('#case-title')).toContain('<script>');
    expect(await page.textContent('#case-content')).toContain('<b>没有通知</b>');
    expect(await page.locator('#case-content *').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.title()).not.toBe('pwned');
    // And the server says so: a Content-Security-Policy that allows only our own scripts.
    const res = await page.request.get(f.url);
    expect(res.headers()['content-security-policy']).toContain("script-src 'self'");
    await context.close();
  });
});

describe('console: what the site shows', () => {
  it('shows the site status and reply, and every change the crawler saw, a removal marked from the API flag', async () => {
    const db = f.store.db;
    const m = await db.message.findFirstOrThrow({ where: { caseId: ids.b! } });
    const crawl = (fields: { siteStatus: string; replyText?: string; replyUnit?: string; replyAt?: string }) =>
      recordMessage(db, { sourceId: m.sourceId, channel: m.channel, siteId: m.siteId, title: m.title, content: m.content, fetchedAt: new Date().toISOString(), ...fields });
    const replyAt = '2026-11-28T12:47:23.000Z';
    await crawl({ siteStatus: '已回复', replyUnit: '区医保局', replyAt, replyText: '<img src=x onerror="window.__pwned=3">每年9月至12月缴费。' });
    await crawl({ siteStatus: removedFromSiteStatus, replyUnit: '区医保局', replyAt, replyText: '<img src=x onerror="window.__pwned=3">每年9月至12月缴费。' });
    // A change the store made at start-up (a placeholder an older release stored as the reply), with its reason.
    await db.messageChange.create({ data: { messageId: m.id, field: 'replyText', oldValue: '暂无回复', newValue: null, changedAt: new Date('2026-11-27T00:00:00Z'), note: placeholderClearedNote } });
    const { context, page } = await f.signIn('egov');
    // The server says which message and which change are a removal; the console only reads the flag.
    type CaseAnswer = { case: { messages: { siteStatus: string | null; removedFromSite: boolean; changes: { field: string; newValue: string | null; removedFromSite: boolean }[] }[] } };
    const answer = (await (await page.request.get(`${f.url}/api/workflow/cases/${ids.b}`)).json()) as CaseAnswer;
    const message = answer.case.messages.find((x) => x.siteStatus !== null);
    expect(message?.removedFromSite).toBe(true);
    expect(message?.changes.map((x) => [x.field, x.newValue, x.removedFromSite])).toEqual(
      expect.arrayContaining([
        ['siteStatus', '已回复', false],
        ['siteStatus', removedFromSiteStatus, true],
      ]),
    );
    expect(message?.changes.filter((x) => x.removedFromSite)).toHaveLength(1);
    // The sources page counts the messages each site has taken down.
    const sources = (await (await page.request.get(`${f.url}/api/console/sources`)).json()) as { sources: { id: string; removedMessages: number }[] };
    expect(sources.sources.find((s) => s.id === m.sourceId)?.removedMessages).toBe(1);
    expect(sources.sources.filter((s) => s.id !== m.sourceId).every((s) => s.removedMessages === 0)).toBe(true);
    await page.goto(`${f.url}/#/case/${ids.b}`);
    await page.waitForSelector('#case-site-now');
    expect(await page.textContent('#case-site-now .badge.warn')).toBe(removedFromSiteStatus);
    expect(await page.textContent('#case-site-now')).toContain('每年9月至12月缴费');
    const changes = await page.locator('li.site-change').allTextContents();
    expect(changes.some((t) => t.includes('网站上的状态') && t.includes(`已回复 → ${removedFromSiteStatus}`) && t.includes('网站已删除此留言'))).toBe(true);
    expect(await page.locator('li.site-change .badge.warn').count()).toBe(1); // only the removal is marked
    expect(changes.filter((t) => t.includes('→ 已回复')).every((t) => !t.includes('网站已删除此留言'))).toBe(true);
    expect(changes.some((t) => t.includes('网站上的回复'))).toBe(true);
    expect(await page.locator('li.site-change .site-change-note').allTextContents()).toEqual([placeholderClearedNote]);
    expect(changes.some((t) => t.includes('网站上的回复：暂无回复 → —'))).toBe(true);
    // The site's reply time in Beijing time, as everywhere else on the page, not as UTC ISO.
    expect(changes.some((t) => t.includes('回复时间：— → 2026/11/28\u00a020:47:23'))).toBe(true);
    expect(changes.join('')).not.toContain('T12:47:23');
    // The message's own text is kept, and the site's text stays text.
    expect(await page.textContent('#case-content')).toContain('医保');
    expect(await page.locator('#case-site-now img, li.site-change img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await context.close();
  });
});
