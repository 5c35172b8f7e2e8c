/**
 * What `minsheng cases show` prints of a case in a unit's hands, as the console's case page shows
 * it, through the real CLI entry on PostgreSQL: the 交办 (主办 and 协办, working days, due date, where
 * each stands), 办理情况与回复 (each report with its review status and 督查室意见, and the unit's own
 * report under a reply 督查室 changed at 审核), 督办 records,
 * 网站上的变化 (a status the crawler saw the site change) and 下一步 (who takes the case on next);
 * `--json` carries the same records, each code with its Chinese name. With `--as <用户名>` the case
 * as that account reads it (workflow getCase): the 协办意见 for the lead unit and 督查室, a unit
 * refused a case not in its hands; also through a main job holding the embedded store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase, recordVisit, reviewReport, submitAssistOpinion, submitReport } from '../workflow/cases/index.js';
import { placeholderClearedNote, recordMessage } from '../workflow/index.js';
import { recordSupervision } from '../workflow/supervision/index.js';
import { createUser } from '../workflow/users/index.js';
import { siteFieldNames } from '../cli/commands/case-show-handling.js';
import { goodReply, toReplied } from './helpers/case-steps.js';
import { consoleSession, dueDate, openCliStepsFixture, password, type CliStepsFixture } from './helpers/cli-steps-fixture.js';
import type { MinshengRunner } from './helpers/in-process-cli.js';
import { startMainJobStandIn, type MainJobStandIn } from './helpers/main-job-stand-in.js';
import { at, type Fixture } from './workflow-fixtures.js';

let fx: CliStepsFixture;
let f: Fixture;
let minsheng: MinshengRunner;

beforeAll(async () => {
  fx = await openCliStepsFixture('cli-case-show');
  ({ f, minsheng } = fx);
  // A unit with no part in the cases below.
  await f.store.db.unit.create({ data: { id: 'u-parks', name: '区园林局', keywords: [] } });
  await createUser(f.store.db, { username: 'parks', displayName: '园林局办公室', password, role: 'unit', unitId: 'u-parks' });
});
afterAll(async () => {
  await fx?.close();
});

/** A case whose 拟办 (to 区交通运输局, with 区水务局 协办) the leader agreed to: 领导已同意待交办. */
const approved = (title: string) => fx.approved(title, [f.units.water]);

describe('minsheng cases show of a case in the unit\'s hands', () => {
  it('prints the 交办, the reports with their review status, 督办, what the site changed and 下一步; --json carries them', async () => {
    const a = await approved('南街菜市场门口污水外溢');
    await assignCase(f.store.db, { caseId: a.caseId, actor: f.actors.office });
    const before = await minsheng('cases', 'show', a.ledgerNo);
    expect(before.code, before.err).toBe(0);
    expect(before.out).toMatch(new RegExp(`\n交办      \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d office 交办 主办 区交通运输局，2 个工作日，时限 ${dueDate} \\[办理中\\]\n`));
    expect(before.out).toMatch(new RegExp(`\n交办      .+ 交办 协办 区水务局，2 个工作日，时限 ${dueDate} \\[待提交协办意见\\]\n`));
    expect(before.out).toContain('\n下一步    由承办单位（区交通运输局）报送办理情况或退回交办\n');

    await submitReport(f.store.db, { caseId: a.caseId, text: goodReply, actor: f.actors.roads });
    await reviewReport(f.store.db, { caseId: a.caseId, accept: false, note: '请写明\u202e整改时间', actor: f.actors.supervision });
    await submitReport(f.store.db, { caseId: a.caseId, text: `${goodReply}已于11月5日完成整改。`, actor: f.actors.roads });
    await recordSupervision(f.store.db, { caseId: a.caseId, kind: 'phone', note: '电话督促尽快办结', actor: f.actors.supervision });
    const m = await f.store.db.message.findUniqueOrThrow({ where: { id: a.messageId } });
    await recordMessage(f.store.db, { sourceId: m.sourceId, channel: m.channel, siteId: m.siteId, title: m.title, content: m.content, siteStatus: '已受理', fetchedAt: new Date().toISOString() });
    // A change the store made at start-up (a placeholder stored as the reply by an older release), with its reason.
    await f.store.db.messageChange.create({ data: { messageId: m.id, field: 'replyText', oldValue: '暂无回复', newValue: null, changedAt: new Date(Date.now() + 60_000), note: placeholderClearedNote } });

    const shown = await minsheng('cases', 'show', a.ledgerNo);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain('状态      已报送办理情况待审核\n');
    expect(shown.out).toContain('承办单位  主办：区交通运输局 / 协办：区水务局（未提交，协办已结束）\n');
    expect(shown.out).toContain('\n下一步    由区政府督查室审核通过办理情况或审核退回办理情况\n');
    expect(shown.out).toContain('\n办理情况与回复（2 份）\n');
    expect(shown.out).toMatch(/\n {2}\d{4}-\d\d-\d\d \d\d:\d\d 交通局办公室（roads） 报送 \[督查室退回\]\n {4}关于您反映的/);
    // Staff's words are printed as stored, a bidi override shown as a replacement character.
    expect(shown.out).toContain('\n    督查室意见：请写明\ufffd整改时间\n');
    expect(shown.out).toMatch(/报送 \[已报送待审核\]\n {4}关于您反映的.+已于11月5日完成整改。\n/);
    expect(shown.out).toMatch(/\n督办 {6}.+ duchashi（电话督促）：电话督促尽快办结\n/);
    expect(shown.out).toMatch(/\n网站上的变化（2 处）\n {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}网站上的状态：— → 已受理\n/);
    expect(shown.out).toContain(`  网站上的回复：暂无回复 → —\n    ${placeholderClearedNote}\n`);

    const json = await minsheng('cases', 'show', a.ledgerNo, '--json');
    expect(json.code, json.err).toBe(0);
    const c = JSON.parse(json.out) as Record<string, unknown>;
    expect(c.nextSteps).toEqual([{ who: '区政府督查室', steps: ['审核通过办理情况', '审核退回办理情况'] }]);
    expect(c.assignments).toMatchObject([
      { unit: '区交通运输局', role: 'lead', roleName: '主办', statusName: '已报送' },
      { unit: '区水务局', role: 'assist', roleName: '协办', statusName: '协办已结束' },
    ]);
    expect(c.reports).toMatchObject([
      { unit: '区交通运输局', status: 'rejected', statusName: '督查室退回', reviewNote: '请写明\u202e整改时间', submittedBy: 'roads' },
      { status: 'submitted', statusName: '已报送待审核' },
    ]);
    expect(c.supervisions).toMatchObject([{ kind: 'phone', kindName: '电话督促', note: '电话督促尽快办结' }]);
    expect(c.siteChanges).toMatchObject([
      { primary: true, field: 'siteStatus', fieldName: '网站上的状态', oldValue: null, newValue: '已受理', note: null },
      { primary: true, field: 'replyText', fieldName: '网站上的回复', oldValue: '暂无回复', newValue: null, note: placeholderClearedNote },
    ]);
  });

  // QA 督查室: once the office passed a report with the reply it settled, the unit's own report was
  // nowhere in `cases show` (nor on the case page): the record kept only the office's text.
  it('prints the unit\'s own report under the reply 督查室 settled at 审核; --json carries it', async () => {
    const a = await approved('北关村路灯不亮');
    await assignCase(f.store.db, { caseId: a.caseId, actor: f.actors.office });
    await submitReport(f.store.db, { caseId: a.caseId, text: goodReply, actor: f.actors.roads });
    const settled = `${goodReply}我区将持续加强巡查。`;
    await reviewReport(f.store.db, { caseId: a.caseId, accept: true, reviewText: settled, actor: f.actors.supervision });

    const shown = await minsheng('cases', 'show', a.ledgerNo);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain(`报送 [督查室已审核]\n    ${settled}\n    承办单位报送的原文（督查室审核时修改了答复）：\n    ${goodReply}\n`);
    const json = await minsheng('cases', 'show', a.ledgerNo, '--json');
    expect((JSON.parse(json.out) as { reports: unknown[] }).reports).toMatchObject([{ text: settled, submittedText: goodReply }]);
  });

  it('says how late a report came (逾期报送) once the case has left the unit, in show, list and --json', async () => {
    const a = await approved('北关街路灯不亮');
    // Assigned three weeks ago and reported today: long past its 2 working days.
    await assignCase(f.store.db, { caseId: a.caseId, actor: f.actors.office, now: new Date(Date.now() - 21 * 86_400_000) });
    await submitReport(f.store.db, { caseId: a.caseId, text: goodReply, actor: f.actors.roads });
    const json = JSON.parse((await minsheng('cases', 'show', a.ledgerNo, '--json')).out) as { reportedLateDays: number; daysLeft: number | null };
    expect(json.daysLeft).toBeNull();
    expect(json.reportedLateDays).toBeGreaterThanOrEqual(10);
    const shown = await minsheng('cases', 'show', a.ledgerNo);
    expect(shown.out).toMatch(new RegExp(`\n办理时限  \\d{4}-\\d\\d-\\d\\d（逾期报送 ${json.reportedLateDays} 个工作日）\n`));
    const list = await minsheng('cases', 'list', '--search', '北关街路灯不亮');
    expect(list.out).toMatch(new RegExp(`^${a.ledgerNo}  .+  时限 \\d{4}-\\d\\d-\\d\\d（逾期报送 ${json.reportedLateDays} 个工作日）  北关街路灯不亮`, 'mu'));
  });

  // QA (README walk-through): the README says `cases show --json` gives each code with its Chinese
  // name; the complexity, a proposal's decision and a visit's satisfaction and method came as codes alone.
  it('names in --json the complexity, each proposal\'s decision and each visit\'s satisfaction and method', async () => {
    const a = await approved('东关街井盖缺失');
    await assignCase(f.store.db, { caseId: a.caseId, actor: f.actors.office });
    await toReplied(f, a.caseId, new Date());
    await recordVisit(f.store.db, { caseId: a.caseId, satisfaction: 'satisfied', method: 'phone', actor: f.actors.supervision });
    const json = await minsheng('cases', 'show', a.ledgerNo, '--json');
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      complexity: 'simple',
      complexityName: '简单',
      proposals: [{ complexity: 'simple', complexityName: '简单', decision: 'approved', decisionName: '已同意' }],
      visits: [{ satisfaction: 'satisfied', satisfactionName: '满意', method: 'phone', methodName: '电话' }],
    });
  });

  it('prints when a letter entered without its date was received, as the console does', async () => {
    const a = await approved('南门口垃圾清运不及时');
    // A paper letter entered by hand with no 留言时间.
    await f.store.db.message.update({ where: { id: a.messageId }, data: { postedAt: null } });
    const shown = await minsheng('cases', 'show', a.ledgerNo);
    expect(shown.out).toMatch(/ · \d{4}-\d\d-\d\d \d\d:\d\d 收到（未注明留言时间） {2}南门口垃圾清运不及时\n/u);
  });

  it('names the fields a site changed as the console does (one table: the console keeps a copy for its pages)', async () => {
    const namesUrl = new URL('../web/console/js/names.js', import.meta.url).href;
    expect(((await import(namesUrl)) as { siteFieldNames: unknown }).siteFieldNames).toEqual(siteFieldNames);
  });
});

/** A case handed to 区交通运输局 (主办) and 区水务局 (协办), whose 协办意见 came: what each reader is shown. */
async function withAssistOpinion(title: string) {
  const a = await approved(title);
  await assignCase(f.store.db, { caseId: a.caseId, actor: f.actors.office, now: at('2026-11-02') });
  await submitAssistOpinion(f.store.db, { caseId: a.caseId, text: '经查，该路段积水系排水管网堵塞，\n我局已安排疏通。', actor: f.actors.water, now: at('2026-11-03') });
  return a;
}

const opinionLines = /\n协办意见 {2}\d{4}-\d\d-\d\d \d\d:\d\d 水务局办公室（water）（区水务局，内部，不公开）\n {4}经查，该路段积水系排水管网堵塞，\n {4}我局已安排疏通。\n交办 /;

describe('minsheng cases show --as: the case as an account reads it', () => {
  it('shows the 协办意见 to the lead unit and 督查室, names the reader\'s own steps, and leaves the administrator\'s output as it was', async () => {
    const a = await withAssistOpinion('新华路雨后积水严重');

    const admin = await minsheng('cases', 'show', a.ledgerNo);
    expect(admin.code, admin.err).toBe(0);
    expect(admin.out).not.toContain('\n协办意见  ');
    expect(admin.out).not.toContain('我局已安排疏通');
    const relevant = admin.out.split('\n').filter((l) => /^(承办单位|下一步|交办|协办意见)/.test(l)).map((l) => l.replace(/\d{4}-\d\d-\d\d( \d\d:\d\d)?/g, 'D'));
    expect(relevant).toEqual([
      '承办单位  主办：区交通运输局 / 协办：区水务局（已提交意见）',
      '下一步    由承办单位（区交通运输局）报送办理情况或退回交办',
      '交办      D office 交办 主办 区交通运输局，2 个工作日，时限 D [办理中]',
      '交办      D office 交办 协办 区水务局，2 个工作日，时限 D [已提交协办意见]',
    ]);
    const adminJson = JSON.parse((await minsheng('cases', 'show', a.ledgerNo, '--json')).out) as Record<string, unknown>;
    expect(Object.keys(adminJson)).not.toContain('assistOpinions');
    expect(Object.keys(adminJson)).not.toContain('reader');

    const lead = await minsheng('cases', 'show', a.ledgerNo, '--as', 'roads');
    expect(lead.code, lead.err).toBe(0);
    expect(lead.out).toMatch(opinionLines);
    // The lead unit has steps of its own: 下一步 names them as the reader's.
    expect(lead.out).toContain('\n下一步    由您（roads）报送办理情况或退回交办\n');

    const supervision = await minsheng('cases', 'show', a.ledgerNo, '--as', 'duchashi');
    expect(supervision.code, supervision.err).toBe(0);
    expect(supervision.out).toMatch(opinionLines);
    expect(supervision.out).toContain('\n下一步    由承办单位（区交通运输局）报送办理情况或退回交办\n');

    // The other offices see whether the opinion came, not its text.
    const office = await minsheng('cases', 'show', a.ledgerNo, '--as', 'office');
    expect(office.code, office.err).toBe(0);
    expect(office.out).toContain('协办：区水务局（已提交意见）');
    expect(office.out).not.toContain('我局已安排疏通');

    const json = await minsheng('cases', 'show', a.ledgerNo, '--json', '--as', 'roads');
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      reader: 'roads',
      nextSteps: [],
      ownSteps: ['报送办理情况', '退回交办'],
      assistOpinions: [{ unit: '区水务局', text: '经查，该路段积水系排水管网堵塞，\n我局已安排疏通。', submittedBy: 'water' }],
    });
  });

  it('refuses a unit a case not in its hands, and an unknown account, as the other steps do', async () => {
    const a = await withAssistOpinion('建设路窨井冒水');
    const other = await minsheng('cases', 'show', a.ledgerNo, '--as', 'parks');
    expect(other.code).toBe(1);
    expect(other.out).toBe('');
    expect(other.err).toContain(`账号 parks（区园林局）看不到案件 ${a.ledgerNo}：单位账号只能查看交办给本单位（主办或协办）的案件`);

    const unknown = await minsheng('cases', 'show', a.ledgerNo, '--as', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toBe('');
    expect(unknown.err).toContain('账号不存在：nobody');

    const missing = await minsheng('cases', 'show', 'YT-2026-999999', '--as', 'roads');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('案件不存在：YT-2026-999999');
  });

  describe('while a main job holds the embedded store', () => {
    let job: MainJobStandIn;
    beforeAll(async () => {
      job = await startMainJobStandIn(f.store, fx.dir);
    });
    afterAll(async () => {
      await job?.close();
    });

    // Two `minsheng` processes of their own, each a Node start: slow on a busy machine.
    it('reads through its API as the account named, refusing another unit; the route answers the local command line only', { timeout: 120_000 }, async () => {
      const a = await withAssistOpinion('光明路积水');
      const lead = await job.minsheng(['cases', 'show', a.ledgerNo, '--as', 'roads']);
      expect(lead.code, lead.err).toBe(0);
      expect(lead.out).toMatch(opinionLines);
      const other = await job.minsheng(['cases', 'show', a.ledgerNo, '--as', 'parks']);
      expect(other.code).toBe(1);
      expect(other.err).toContain(`账号 parks（区园林局）看不到案件 ${a.ledgerNo}`);

      // A console session, 督查室's too, never reads for another account here.
      const headers = await consoleSession(job.url, 'duchashi');
      const res = await fetch(`${job.url}/api/cli/cases/show`, { method: 'POST', headers, body: JSON.stringify({ as: 'roads', reference: a.ledgerNo }) });
      expect(res.status).toBe(403);
    });
  });
});
