/**
 * What `minsheng cases show` prints of a case in a unit's hands, as the console's case page shows
 * it, through the real CLI entry on PostgreSQL: the 交办 (主办 and 协办, working days, due date, where
 * each stands), 办理情况与回复 (each report with its review status and 督查室意见), 督办 records,
 * 网站上的变化 (a status the crawler saw the site change) and 下一步 (who takes the case on next);
 * `--json` carries the same records, each code with its Chinese name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase, decideProposal, proposeHandling, registerCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import { recordMessage } from '../workflow/index.js';
import { recordSupervision } from '../workflow/supervision/index.js';
import { createUser } from '../workflow/users/index.js';
import { siteFieldNames } from '../cli/commands/case-show-handling.js';
import { goodReply } from './helpers/case-steps.js';
import { inProcessMinsheng, type MinshengRunner } from './helpers/in-process-cli.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let minsheng: MinshengRunner;

beforeAll(async () => {
  f = await openFixture();
  minsheng = inProcessMinsheng(f.schema);
  for (const [username, role] of [['egov', 'egov_centre'], ['office', 'gov_office'], ['leader', 'leader'], ['duchashi', 'supervision']] as const) {
    await createUser(f.store.db, { username, displayName: username, password: 'cli-pass-2026', role });
  }
  await createUser(f.store.db, { username: 'roads', displayName: '交通局办公室', password: 'cli-pass-2026', role: 'unit', unitId: f.units.roads });
});
afterAll(async () => {
  await f?.close();
});

const dueDate = /\d{4}-\d\d-\d\d/.source;

/** A case whose 拟办 (to 区交通运输局, with 区水务局 协办) the leader agreed to: 领导已同意待交办. */
async function approved(title: string) {
  const { caseId, messageId } = await newCase(f, { title });
  await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov, now: at('2026-11-02') });
  await proposeHandling(f.store.db, { caseId, unitId: f.units.roads, assistUnitIds: [f.units.water], opinion: '请区交通运输局核实处理', actor: f.actors.office, now: at('2026-11-02') });
  await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-02') });
  return { caseId, messageId, ledgerNo: (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).ledgerNo };
}

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
    expect(shown.out).toMatch(/\n网站上的变化（1 处）\n {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}网站上的状态：— → 已受理\n/);

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
    expect(c.siteChanges).toMatchObject([{ primary: true, field: 'siteStatus', fieldName: '网站上的状态', oldValue: null, newValue: '已受理' }]);
  });

  it('names the fields a site changed as the console does (one table: the console keeps a copy for its pages)', async () => {
    const namesUrl = new URL('../web/console/js/names.js', import.meta.url).href;
    expect(((await import(namesUrl)) as { siteFieldNames: unknown }).siteFieldNames).toEqual(siteFieldNames);
  });
});
