/**
 * `minsheng cases assign|report|review-report` (交办, 报送办理情况, 审核 at the command line), through
 * the real CLI entry on PostgreSQL: each step as the account named (--as), refused as on
 * the console (a role that may not, another unit's case, a report the checks hold back, a file not
 * in UTF-8) with nothing changed. While a main job holds the embedded store, a separate `minsheng`
 * process does the same through its API, whose routes answer the local command line only and, like
 * the console's, refuse a step naming what is no longer current (请刷新后再操作).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideProposal, proposeHandling, recordVisit, registerCase, reviewReport, submitReport, withdrawApproval } from '../workflow/cases/index.js';
import { caseState, goodReply, toReplied } from './helpers/case-steps.js';
import { consoleSession, dueDate, openCliStepsFixture, type CliStepsFixture } from './helpers/cli-steps-fixture.js';
import type { MinshengRunner } from './helpers/in-process-cli.js';
import { startMainJobStandIn, type MainJobStandIn } from './helpers/main-job-stand-in.js';
import { at, newCase, type Fixture } from './workflow-fixtures.js';

let fx: CliStepsFixture;
let f: Fixture;
let dir: string;
let minsheng: MinshengRunner;

beforeAll(async () => {
  fx = await openCliStepsFixture('h-cli-steps2-handling');
  ({ f, dir, minsheng } = fx);
});
afterAll(async () => {
  await fx?.close();
});

const ledgerNo = (caseId: string) => fx.ledgerNo(caseId);
const events = (caseId: string, type: string) => fx.events(caseId, type);
const approved = (title: string, assistUnitIds: string[] = []) => fx.approved(title, assistUnitIds);
const assigned = (title: string) => fx.assigned(title);

describe('minsheng cases assign', () => {
  it('hands the approved cases to their units as the office account named, one line per case; refuses another role and a case not approved', async () => {
    const a = await approved('新华路路面破损积水', [f.units.water]);
    const b = await approved('王家河小区路灯不亮');
    const { caseId: registeredId } = await newCase(f, { title: '北环路公交站牌损坏' });
    await registerCase(f.store.db, { caseId: registeredId, category: '投诉', actor: f.actors.egov, now: at('2026-11-02') });
    const registeredNo = await ledgerNo(registeredId);

    const asLeader = await minsheng('cases', 'assign', a.ledgerNo, '--as', 'leader');
    expect(asLeader.code).toBe(1);
    expect(asLeader.out).toBe(`未交办  ${a.ledgerNo}  区政府领导不能交办（由区政府办办理）\n`);
    expect(await caseState(f, a.caseId)).toBe('approved');
    expect((await minsheng('cases', 'assign', a.ledgerNo)).err).toContain('请用 --as 指定交办的账号');

    const done = await minsheng('cases', 'assign', a.ledgerNo, b.ledgerNo.toLowerCase(), registeredNo, '--as', 'office');
    expect(done.code).toBe(1);
    expect(done.out).toMatch(new RegExp(`^已交办  ${a.ledgerNo}  区交通运输局（主办），协办：区水务局，2 个工作日，办理时限 ${dueDate}\n`));
    expect(done.out).toMatch(new RegExp(`\n已交办  ${b.ledgerNo}  区交通运输局，2 个工作日，办理时限 ${dueDate}\n`));
    expect(done.out).toContain(`未交办  ${registeredNo}  案件当前状态为「已登记」，不能交办\n`);
    expect(done.out).toContain('共 3 件：已交办 2 件，未交办 1 件\n');
    expect(await caseState(f, a.caseId)).toBe('assigned');
    expect(await caseState(f, b.caseId)).toBe('assigned');
    expect(await caseState(f, registeredId)).toBe('registered');
    expect((await events(a.caseId, 'assign'))[0]).toMatchObject({ actor: 'office', role: 'gov_office' });
    expect(await f.store.db.assignment.count({ where: { caseId: a.caseId, role: 'assist', unitId: f.units.water } })).toBe(1);
  });
});

describe('minsheng cases report and review-report', () => {
  it('reports as the lead unit (text or UTF-8 file), sends back and passes (with the reply settled) as 督查室, refusing other roles, another unit and a report the checks hold back', async () => {
    const c = await assigned('城关街道路面破损');

    const asOther = await minsheng('cases', 'report', c.ledgerNo, '--text', goodReply, '--as', 'water');
    expect(asOther.code).toBe(1);
    expect(asOther.err).toContain('此案件未交办给本单位，无权查看或办理');
    expect((await minsheng('cases', 'report', c.ledgerNo, '--text', goodReply, '--as', 'duchashi')).err).toContain('区政府督查室不能报送办理情况（由承办单位办理）');
    const short = await minsheng('cases', 'report', c.ledgerNo, '--text', '已处理。', '--as', 'roads');
    expect(short.code).toBe(1);
    // At the command line the refusal names the command's option, not the console's tick box.
    expect(short.err).toMatch(/^错误：办理情况有 1 处需要修改，请修改后再报送（确需按原文报送的，加 --acknowledge-findings）：.*过于简略/);
    expect(short.err).not.toContain('勾选');
    const gbk = path.join(dir, 'gbk.txt');
    await writeFile(gbk, Buffer.from([0xd2, 0xd1, 0xb4, 0xa6, 0xc0, 0xed])); // 已处理 in GBK
    expect((await minsheng('cases', 'report', c.ledgerNo, '--file', gbk, '--as', 'roads')).err).toContain(`--file ${gbk} 第 1 行不是 UTF-8 编码`);
    expect((await minsheng('cases', 'report', c.ledgerNo, '--as', 'roads')).err).toContain('请用 --text 写明办理情况');
    expect(await f.store.db.handlingReport.count({ where: { caseId: c.caseId } })).toBe(0);
    expect(await caseState(f, c.caseId)).toBe('assigned');

    const file = path.join(dir, 'report.txt');
    await writeFile(file, `\ufeff${goodReply}\n`);
    const reported = await minsheng('cases', 'report', c.ledgerNo, '--file', file, '--as', 'roads');
    expect(reported.code, reported.err).toBe(0);
    expect(reported.out).toMatch(new RegExp(`^已报送  ${c.ledgerNo}  区交通运输局 办理情况(（逾期报送）)?，待督查室审核\n`));
    expect(await caseState(f, c.caseId)).toBe('reported');
    expect((await f.store.db.handlingReport.findFirstOrThrow({ where: { caseId: c.caseId } })).text).toBe(goodReply);

    const asOffice = await minsheng('cases', 'review-report', c.ledgerNo, '--send-back', '--note', '请补充整改时间', '--as', 'office');
    expect(asOffice.code).toBe(1);
    expect(asOffice.err).toContain('区政府办不能审核退回办理情况（由区政府督查室办理）');
    expect((await minsheng('cases', 'review-report', c.ledgerNo, '--send-back', '--as', 'duchashi')).err).toContain('请用 --note 写明退回理由');
    expect((await minsheng('cases', 'review-report', c.ledgerNo, '--as', 'duchashi')).err).toContain('请用 --pass（审核通过）或 --send-back（审核退回）');
    expect(await caseState(f, c.caseId)).toBe('reported');

    const sentBack = await minsheng('cases', 'review-report', c.ledgerNo, '--send-back', '--note', '请补充整改时间', '--as', 'duchashi');
    expect(sentBack.code, sentBack.err).toBe(0);
    expect(sentBack.out).toMatch(new RegExp(`^已退回  ${c.ledgerNo}  区交通运输局 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d 报送的办理情况（督查室退回），承办单位重新办理，办理时限 ${dueDate}\n$`));
    expect(await caseState(f, c.caseId)).toBe('assigned');
    expect((await events(c.caseId, 'reject_report'))[0]).toMatchObject({ actor: 'duchashi', role: 'supervision' });

    const again = await minsheng('cases', 'report', c.ledgerNo, '--text', `${goodReply}整改已于11月5日完成。`, '--as', 'roads');
    expect(again.code, again.err).toBe(0);
    // Passed with the reply as 督查室 settles it (from a file), its checks printed: it goes online verbatim.
    const settled = `${goodReply}如有疑问请致电 13812345678。`;
    const replyFile = path.join(dir, 'reply.txt');
    await writeFile(replyFile, settled);
    expect((await minsheng('cases', 'review-report', c.ledgerNo, '--send-back', '--note', '补充', '--reply-file', replyFile, '--as', 'duchashi')).err).toContain('--reply-text、--reply-file 只用于审核通过（--pass）');
    const passed = await minsheng('cases', 'review-report', c.ledgerNo, '--pass', '--note', '办理到位', '--reply-file', replyFile, '--as', 'duchashi');
    expect(passed.code, passed.err).toBe(0);
    expect(passed.out).toMatch(new RegExp(`^已审核通过  ${c.ledgerNo}  区交通运输局 .+ 报送的办理情况（对外答复已修改），待区政府领导审批\n  ⚠ .*手机`));
    expect(await caseState(f, c.caseId)).toBe('reviewed');
    const reports = await f.store.db.handlingReport.findMany({ where: { caseId: c.caseId }, orderBy: { submittedAt: 'asc' } });
    expect(reports.map((r) => [r.status, r.reviewedBy, r.reviewNote, r.reviewText])).toEqual([['rejected', 'duchashi', '请补充整改时间', null], ['accepted', 'duchashi', '办理到位', settled]]);
    expect((await minsheng('cases', 'review-report', c.ledgerNo, '--pass', '--as', 'duchashi')).err).toContain('案件当前状态为「督查室已审核待领导审批」，不能审核通过办理情况');
  });
});

describe('minsheng cases assign, report and review-report while a main job holds the embedded store', () => {
  let job: MainJobStandIn;
  beforeAll(async () => {
    job = await startMainJobStandIn(f.store, dir);
  });
  afterAll(async () => {
    await job?.close();
  });

  const asCommand = (route: string, body: object) => job.postAsCommand(route, body);

  // Five `minsheng` processes of their own, each a Node start: slow on a busy machine.
  it('assigns, reports and reviews through its API as the accounts named, refusing a role that may not', { timeout: 120_000 }, async () => {
    const a = await approved('印台路下水道堵塞');
    const done = await job.minsheng(['cases', 'assign', a.ledgerNo, '--as', 'office']);
    expect(done.code, done.err).toBe(0);
    expect(done.err).toContain('经其接口办理');
    expect(done.out).toMatch(new RegExp(`^已交办  ${a.ledgerNo}  区交通运输局，2 个工作日，办理时限 ${dueDate}\n$`));

    const held = await job.minsheng(['cases', 'report', a.ledgerNo, '--text', '已处理。', '--as', 'roads']);
    expect(held.code).toBe(1);
    expect(held.err).toContain('请修改后再报送（确需按原文报送的，加 --acknowledge-findings）：');
    expect(held.err).not.toContain('勾选');
    const reported = await job.minsheng(['cases', 'report', a.ledgerNo, '--text', goodReply, '--as', 'roads']);
    expect(reported.code, reported.err).toBe(0);
    expect(reported.out).toContain(`已报送  ${a.ledgerNo}  区交通运输局 办理情况`);
    const asLeader = await job.minsheng(['cases', 'review-report', a.ledgerNo, '--pass', '--as', 'leader']);
    expect(asLeader.code).toBe(1);
    expect(asLeader.err).toContain('区政府领导不能审核通过办理情况（由区政府督查室办理）');
    const passed = await job.minsheng(['cases', 'review-report', a.ledgerNo, '--pass', '--as', 'duchashi']);
    expect(passed.code, passed.err).toBe(0);
    expect(await caseState(f, a.caseId)).toBe('reviewed');
    expect((await events(a.caseId, 'accept_report'))[0]).toMatchObject({ actor: 'duchashi', role: 'supervision' });
  });

  it('refuses, as the console does, a step naming a proposal, an assignment or a report no longer current', async () => {
    // 交办 naming the proposal agreed to before the leader took the agreement back and agreed to a new one.
    const a = await approved('东风路井盖缺失');
    const seenProposal = (await f.store.db.proposal.findFirstOrThrow({ where: { caseId: a.caseId, decision: 'approved' } })).id;
    await withdrawApproval(f.store.db, { caseId: a.caseId, note: '改派', actor: f.actors.leader });
    await decideProposal(f.store.db, { caseId: a.caseId, approve: false, note: '改派区水务局', actor: f.actors.leader });
    await proposeHandling(f.store.db, { caseId: a.caseId, unitId: f.units.water, opinion: '请区水务局处理', actor: f.actors.office });
    await decideProposal(f.store.db, { caseId: a.caseId, approve: true, actor: f.actors.leader });
    const staleAssign = await asCommand('cases/assign', { as: 'office', caseId: a.caseId, proposalId: seenProposal });
    expect(staleAssign.status).toBe(409);
    expect(await staleAssign.text()).toContain('与您看到的不同；请刷新后再交办');
    expect(await caseState(f, a.caseId)).toBe('approved');

    // 报送 naming the assignment a dissatisfied visit has since replaced.
    const b = await assigned('北街排水沟堵塞');
    const seenAssignment = (await f.store.db.assignment.findFirstOrThrow({ where: { caseId: b.caseId, status: 'active' } })).id;
    await toReplied(f, b.caseId, at('2026-11-03'));
    await recordVisit(f.store.db, { caseId: b.caseId, satisfaction: 'dissatisfied', method: 'phone', note: '仍然堵塞', actor: f.actors.supervision });
    const staleReport = await asCommand('cases/report', { as: 'roads', caseId: b.caseId, text: goodReply, assignmentId: seenAssignment });
    expect(staleReport.status).toBe(409);
    expect(await staleReport.text()).toContain('请刷新后再操作');
    expect(await caseState(f, b.caseId)).toBe('assigned');

    // 审核 naming the report sent back before the unit reported again.
    const c = await assigned('西街路灯不亮');
    const first = await submitReport(f.store.db, { caseId: c.caseId, text: goodReply, actor: f.actors.roads });
    await reviewReport(f.store.db, { caseId: c.caseId, accept: false, note: '请补充', actor: f.actors.supervision });
    await submitReport(f.store.db, { caseId: c.caseId, text: `${goodReply}已补充。`, actor: f.actors.roads });
    const staleReview = await asCommand('cases/report-review', { as: 'duchashi', caseId: c.caseId, accept: true, reportId: first.reportId });
    expect(staleReview.status).toBe(409);
    expect(await staleReview.text()).toContain('审核退回承办单位');
    expect(await caseState(f, c.caseId)).toBe('reported');

    // A console session, even of an account that may take the step, never acts for another account here.
    const headers = await consoleSession(job.url, 'duchashi');
    for (const route of ['cases/assign', 'cases/report', 'cases/report-review']) {
      const res = await fetch(`${job.url}/api/cli/${route}`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ as: 'duchashi', caseId: c.caseId, accept: true, text: goodReply }),
      });
      expect(res.status, route).toBe(403);
    }
    expect(await caseState(f, c.caseId)).toBe('reported');
  });
});
