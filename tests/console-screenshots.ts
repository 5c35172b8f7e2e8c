/**
 * Takes the README's screenshots of the console (docs/screenshots/*.png): a fresh PostgreSQL
 * schema with a realistic day of messages walked through the procedure, the running app, and
 * Debian's chromium. Run: `npx tsx tests/console-screenshots.ts [--only NAME,...]` (PostgreSQL on
 * 127.0.0.1); --only retakes the named screenshots alone (the others' files are left as they are).
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright';
import { fileURLToPath } from 'node:url';
import { putCrawlState } from '../workflow/index.js';
import { decideReply, markCase, mergeCases, publishReply, recordVisit, reviewReport, submitReport } from '../workflow/cases/index.js';
import { recordSupervision } from '../workflow/supervision/index.js';
import { seedReviewedCases } from './agreement-seed.js';
import { openConsoleFixture, password, type ConsoleFixture } from './console-fixture.js';

const outDir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',')) : null;
const wanted = (name: string) => !only || only.has(name);

async function seed(f: ConsoleFixture): Promise<{ caseId: string }> {
  const add = f.addMessage;
  await add({ title: '城关街道新华路路面破损严重，雨天积水', content: '新华路从印台中学到农贸市场一段路面破损，坑洼很多，下雨天积水严重，电动车经过很危险。希望交通部门尽快修补。联系电话13812345678。', author: '张建国', category: '投诉', confidence: 0.94, explanation: ['路面', '破损', '积水', '修补'], unit: '区交通运输局', copy: true });
  await add({ title: '咨询2026年城乡居民医保缴费时间', content: '请问2026年度城乡居民医疗保险什么时候开始缴费？可以在手机上缴吗？', author: '李娜', category: '咨询', confidence: 0.97, explanation: ['请问', '什么时候', '缴费'], unit: null });
  await add({ title: '建议在陈炉镇增设公交线路', content: '陈炉镇到区里只有一趟班车，建议增加公交线路或者加开班次，方便群众出行。', author: '王芳', category: '建议', confidence: 0.91, explanation: ['建议', '增加', '公交'], unit: '区交通运输局' });
  await add({ title: '高价回收旧手机，上门服务', content: '本公司高价回收各类旧手机、电脑，上门服务，联系电话0919-6181234。', author: '回收王', category: '其他', confidence: 0.55, explanation: ['回收', '联系'], outOfScope: [{ code: 'advertising', evidence: ['高价回收', '上门服务'] }] });
  await add({ title: '<script>alert(1)</script>小区停水三天无通知', content: '我们小区已经停水三天了 <b>没有任何通知</b>，老人孩子生活很困难，请水务局尽快处理！', author: '赵先生', category: '求助', confidence: 0.88, explanation: ['停水', '尽快'], unit: '区水务局', complexity: 'complex' });
  await add({ title: '王家河小区物业不作为，垃圾堆积', content: '王家河小区物业长期不清运垃圾，楼道里堆满杂物，多次反映无果。', author: '刘洋', category: '投诉', confidence: 0.72, explanation: ['物业', '不作为', '垃圾'], unit: '区住建局' });
  const overdue = await add({ title: '印台大道北段路灯不亮已一周', content: '印台大道北段路灯已经一周不亮，晚上出行很不安全，请尽快维修。', author: '孙磊', category: '投诉', confidence: 0.9, unit: '区交通运输局', copy: true });
  const soon = await add({ title: '区医院公交站建议增加遮阳棚', content: '区医院站没有遮阳棚，夏天等车很晒，建议增加。', author: '吴倩', category: '建议', confidence: 0.89, unit: '区交通运输局' });
  const water = await add({ title: '东坡村自来水浑浊有异味', content: '东坡村自来水最近浑浊有异味，请水务局检测。', author: '郑强', category: '投诉', confidence: 0.86, unit: '区水务局', copy: true });
  // A re-post of the water complaint that de-duplication missed, merged by staff; two more messages on
  // the 王家河 estate, which make it a hot issue with the one above.
  const repost = await add({ title: '东坡村的水还是浑的', content: '上周反映过东坡村自来水浑浊，到现在还是黄的，烧开了有沉淀，请尽快检测水源。', author: '郑强', category: '投诉', confidence: 0.84, unit: '区水务局' });
  await mergeCases(f.store.db, { caseId: repost, intoCaseId: water, note: '同一村自来水浑浊问题的再次反映', actor: f.actors.egov });
  await add({ title: '王家河小区电梯经常故障', content: '王家河小区3号楼电梯一个月坏了四次，老人上下楼很不方便，物业维修不及时。', author: '李大爷', category: '投诉', confidence: 0.8, unit: '区住建局' });
  await add({ title: '王家河小区停车难', content: '王家河小区车位太少，晚上车辆乱停，消防通道被堵，请有关部门管一管。', author: '马女士', category: '求助', confidence: 0.78, unit: '区住建局' });
  const done = await add({ title: '咨询老旧小区改造申请条件', content: '我们小区是1995年建成的，请问老旧小区改造需要什么条件，怎么申请？', author: '周敏', category: '咨询', confidence: 0.93, unit: '区住建局' });
  const done2 = await add({ title: '广阳路夜市噪音扰民', content: '广阳路夜市每天营业到凌晨两点，噪音很大，影响休息。', author: '高峰', category: '投诉', confidence: 0.9, unit: '区住建局' });
  await f.assignTo(overdue, 'u-roads', daysAgo(9));
  await f.assignTo(soon, 'u-roads', daysAgo(1));
  await f.assignTo(water, 'u-water'); // today: the case page's log reads in order (a case registered days before it was collected would not)
  await markCase(f.store.db, { caseId: water, leaderMarked: true, note: '群众反映集中，请督查室跟踪督办', actor: f.actors.leader });
  await recordSupervision(f.store.db, { caseId: overdue, kind: 'phone', note: '电话督促交通运输局，要求本周内修复', actor: f.actors.supervision });
  const housing = { userId: 'housing', username: 'housing', role: 'unit' as const, unitId: 'u-housing' };
  for (const [id, satisfaction] of [[done, 'satisfied'], [done2, 'dissatisfied']] as const) {
    await f.assignTo(id, 'u-housing', daysAgo(6));
    await submitReport(f.store.db, { caseId: id, text: '经核实，我局已于本周安排专人现场查看并制定整改方案，相关工作将在月底前完成，具体进展可致电区住建局咨询。', actor: housing, now: daysAgo(5) });
    await reviewReport(f.store.db, { caseId: id, accept: true, actor: f.actors.supervision, now: daysAgo(4) });
    await decideReply(f.store.db, { caseId: id, approve: true, actor: f.actors.leader, now: daysAgo(4) });
    await publishReply(f.store.db, { caseId: id, acknowledgeFindings: true, actor: f.actors.egov, now: daysAgo(3) });
    await recordVisit(f.store.db, { caseId: id, satisfaction, method: 'phone', note: '电话回访', actor: f.actors.supervision, now: daysAgo(1) });
  }
  const now = new Date().toISOString();
  await putCrawlState(f.store.db, 'src-district_mailbox', { sourceId: 'src-district_mailbox', health: { lastRunAt: now, lastSuccessAt: now, itemsFound: 11, pagesFetched: 24 } });
  await putCrawlState(f.store.db, 'src-copy', { sourceId: 'src-copy', health: { lastRunAt: now, lastSuccessAt: daysAgo(1).toISOString(), lastErrorAt: now, lastError: '列表页没有找到留言（页面结构可能已改变）', layoutAlert: '列表页连续 3 次没有留言条目', itemsFound: 3, pagesFetched: 9 } });
  return { caseId: water };
}

async function run(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const f = await openConsoleFixture({ dedup: true });
  try {
    const { caseId } = await seed(f);
    const shoot = async (username: string, hash: string, name: string, prepare?: (page: Page) => Promise<void>, fullPage = true) => {
      if (!wanted(name)) return;
      const { context, page } = await f.signIn(username);
      await page.goto(`${f.url}/${hash}`);
      await page.waitForLoadState('networkidle');
      await prepare?.(page);
      await page.waitForTimeout(300);
      await page.locator('#toasts').evaluate((el) => el.replaceChildren());
      await page.screenshot({ path: `${outDir}${name}.png`, fullPage });
      process.stderr.write(`已保存 docs/screenshots/${name}.png\n`);
      await context.close();
    };
    if (wanted('login')) {
      const context = await f.browser.newContext({ viewport: { width: 1400, height: 800 } });
      const login = await context.newPage();
      await login.goto(f.url);
      await login.fill('#username', 'egov');
      await login.fill('#password', password);
      await login.screenshot({ path: `${outDir}login.png` });
      await context.close();
    }
    await shoot('egov', '#/review', 'review');
    await shoot('egov', '#/review', 'review-batch', async (page) => {
      await page.keyboard.press('b');
      await page.waitForSelector('#batch-panel');
    });
    await shoot('duchashi', '#/ledger', 'ledger');
    await shoot('duchashi', `#/case/${caseId}`, 'case');
    await shoot('duchashi', '#/board', 'board');
    await shoot('leader', '#/bulletin', 'bulletin');
    await shoot('egov', '#/sources', 'sources');
    await shoot('egov', '#/export', 'export', async (page) => {
      await page.click('#export-start');
      await page.waitForSelector('#export-download');
    });
    await shoot('roads', '#/ledger', 'unit-ledger');
    await shoot('admin', '#/accounts', 'accounts');
    // The guide is long: its first screen (the procedure and the reader's own role) shows what it is.
    await shoot('office', '#/help', 'help', undefined, false);
    // 建议准确率 last: two more months of reviewed cases (agreement-seed.ts) give it a trend, and
    // leave the other screenshots as they were.
    if (wanted('accuracy')) {
      await seedReviewedCases(f.store.db, f.actors);
      await shoot('leader', '#/accuracy', 'accuracy');
    }
  } finally {
    await f.close();
  }
}

await run();
