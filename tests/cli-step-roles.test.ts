/**
 * A handling unit's account trying a step that is not its role's (登记, 领导审批, 交办, 审核, 回复, 回访,
 * 答复延期申请, 并入) on a case not in its hands is told whose step it is, with the console's names
 * of the roles that take it, not that the case is not its unit's: at the command line (the store
 * opened by the command, and through the main job's API) and on the console's API, alike. A unit
 * trying its own steps (报送, 申请延期, 退回交办) on another unit's case keeps the "not your unit"
 * refusal, and neither refusal tells it anything of the case (the console's answer holds no
 * 台账编号). Through the real CLI entry on PostgreSQL; nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideReply, registerCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import { caseState, goodReply, toReplied } from './helpers/case-steps.js';
import { consoleSession, openCliStepsFixture, type CliStepsFixture } from './helpers/cli-steps-fixture.js';
import { startMainJobStandIn, type MainJobStandIn } from './helpers/main-job-stand-in.js';
import { at, newCase } from './workflow-fixtures.js';

let fx: CliStepsFixture;
let job: MainJobStandIn;

beforeAll(async () => {
  fx = await openCliStepsFixture('h-cli-leftovers-roles');
  job = await startMainJobStandIn(fx.f.store, fx.dir);
});
afterAll(async () => {
  await job?.close();
  await fx?.close();
});

/** 区交通运输局's cases, one in each state a step below starts from. */
async function roadsCases() {
  const awaiting = await newCase(fx.f, { title: '城关街道路灯不亮' });
  const registered = await newCase(fx.f, { title: '新华路路面破损' });
  await registerCase(fx.f.store.db, { caseId: registered.caseId, category: '投诉', actor: fx.f.actors.egov, now: at('2026-11-02') });
  const approved = await fx.approved('王家河小区积水');
  const assigned = await fx.assigned('北环路公交站牌损坏');
  const reported = await fx.assigned('东关菜市场占道经营');
  await submitReport(fx.f.store.db, { caseId: reported.caseId, text: goodReply, actor: fx.f.actors.roads, now: at('2026-11-03') });
  const replyApproved = await fx.assigned('西关下水道堵塞');
  await submitReport(fx.f.store.db, { caseId: replyApproved.caseId, text: goodReply, actor: fx.f.actors.roads, now: at('2026-11-03') });
  await reviewReport(fx.f.store.db, { caseId: replyApproved.caseId, accept: true, actor: fx.f.actors.supervision, now: at('2026-11-03') });
  await decideReply(fx.f.store.db, { caseId: replyApproved.caseId, approve: true, actor: fx.f.actors.leader, now: at('2026-11-03') });
  const replied = await fx.assigned('南街排水沟堵塞');
  await toReplied(fx.f, replied.caseId, at('2026-11-03'));
  const no = async (c: { caseId: string }) => ({ caseId: c.caseId, ledgerNo: await fx.ledgerNo(c.caseId) });
  return {
    awaiting: await no(awaiting),
    registered: await no(registered),
    approved,
    assigned,
    reported,
    replyApproved,
    replied,
  };
}

/** Each step of another role, as the unit 区水务局 (`water`) types it, and the refusal it must get. */
function othersSteps(c: Awaited<ReturnType<typeof roadsCases>>) {
  return [
    { args: ['cases', 'register', c.awaiting.ledgerNo], caseId: c.awaiting.caseId, out: `未登记  ${c.awaiting.ledgerNo}  承办单位不能确认分类并登记（由区电子政务管理中心、区政府督查室办理）\n` },
    { args: ['cases', 'not-accepted', c.registered.ledgerNo, '--reason', 'advertising', '--note', '广告'], caseId: c.registered.caseId, err: '承办单位不能决定不予受理（由区电子政务管理中心、区政府督查室、区政府办办理）' },
    { args: ['cases', 'approve', c.approved.ledgerNo], caseId: c.approved.caseId, out: `未同意  ${c.approved.ledgerNo}  承办单位不能同意拟办意见（由区政府领导办理）\n` },
    { args: ['cases', 'assign', c.approved.ledgerNo], caseId: c.approved.caseId, out: `未交办  ${c.approved.ledgerNo}  承办单位不能交办（由区政府办办理）\n` },
    { args: ['cases', 'decide-extension', c.assigned.ledgerNo, '--grant', '--answer', '同意'], caseId: c.assigned.caseId, err: '承办单位不能答复延期申请（由区政府督查室办理）' },
    { args: ['cases', 'review-report', c.reported.ledgerNo, '--pass'], caseId: c.reported.caseId, err: '承办单位不能审核通过办理情况（由区政府督查室办理）' },
    { args: ['cases', 'publish', c.replyApproved.ledgerNo], caseId: c.replyApproved.caseId, out: `未回复  ${c.replyApproved.ledgerNo}  承办单位不能发布回复（由区电子政务管理中心办理）\n` },
    { args: ['cases', 'return-for-revision', c.replyApproved.ledgerNo, '--note', '含他人电话'], caseId: c.replyApproved.caseId, err: '承办单位不能退回修改答复（由区电子政务管理中心办理）' },
    { args: ['cases', 'visit', c.replied.ledgerNo, '--satisfaction', '满意', '--method', '电话'], caseId: c.replied.caseId, err: '承办单位不能回访（满意或无法联系）（由区政府督查室、区电子政务管理中心办理）' },
    { args: ['cases', 'merge', c.awaiting.ledgerNo, '--into', c.registered.ledgerNo, '--note', '重复'], caseId: c.awaiting.caseId, err: '承办单位不能作为重复并入其他案件（由区电子政务管理中心、区政府督查室办理）' },
  ];
}

/** The unit's own steps on 区交通运输局's case: still "not your unit". */
const ownSteps = (ledgerNo: string) => [
  ['cases', 'report', ledgerNo, '--text', goodReply],
  ['cases', 'request-extension', ledgerNo, '--days', '2', '--progress', '已联系施工单位', '--reason', '等待管材'],
  ['cases', 'return-assignment', ledgerNo, '--reason', '不属本单位职责'],
];
const notOurs = '此案件未交办给本单位，无权查看或办理';

describe('a unit account trying a step of another role', () => {
  it('is told whose step it is, with the store opened by the command and through the main job alike; its own steps on another unit’s case stay "not your unit"', async () => {
    const c = await roadsCases();
    const states = async () => Promise.all(Object.values(c).map((x) => caseState(fx.f, x.caseId)));
    const before = await states();
    for (const way of ['store', 'main job'] as const) {
      const run = (args: string[]) => (way === 'store' ? fx.minsheng(...args, '--as', 'water') : job.minsheng([...args, '--as', 'water']));
      for (const step of othersSteps(c)) {
        const r = await run(step.args);
        const said = `${way}: ${step.args.slice(0, 2).join(' ')}\n${r.out}${r.err}`;
        expect(r.code, said).toBe(1);
        if (step.out) expect(r.out, said).toBe(step.out);
        if (step.err) expect(r.err, said).toContain(`错误：${step.err}`);
        expect(r.out + r.err, said).not.toContain('本单位');
      }
      for (const args of ownSteps(c.assigned.ledgerNo)) {
        const r = await run(args);
        expect(r.code, `${way}: ${args[1]}`).toBe(1);
        expect(r.err, `${way}: ${args[1]}`).toContain(`错误：${notOurs}`);
      }
    }
    expect(await states()).toEqual(before);
    expect(await fx.f.store.db.handlingReport.count({ where: { caseId: c.assigned.caseId } })).toBe(0);
    // 26 commands, half through the main job: about 10 s on a quiet machine; CI's load (20 on two
    // cores) made it 6 times that (a 60 s timeout, 2026-11-30).
  }, 240_000);

  it('gets the same refusal from the console’s API, naming nothing of the case; its own step on another unit’s case stays 403 "not your unit"', async () => {
    const c = await roadsCases();
    const headers = await consoleSession(job.url, 'water');
    const post = async (caseId: string, step: string, body: object) => {
      const res = await fetch(`${job.url}/api/workflow/cases/${caseId}/${step}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: res.status, text: await res.text() };
    };
    const refusal = (text: string) => (JSON.parse(text) as { error: { message: string } }).error.message;

    const approve = await post(c.approved.caseId, 'proposal/decision', { approve: true });
    expect(approve.status).toBe(403);
    expect(refusal(approve.text)).toBe('承办单位不能同意拟办意见（由区政府领导办理）');
    expect(approve.text).not.toContain(c.approved.ledgerNo);
    const review = await post(c.reported.caseId, 'report/review', { accept: true });
    expect(review.status).toBe(403);
    expect(refusal(review.text)).toBe('承办单位不能审核通过办理情况（由区政府督查室办理）');
    const publish = await post(c.replyApproved.caseId, 'publish', {});
    expect(refusal(publish.text)).toBe('承办单位不能发布回复（由区电子政务管理中心办理）');
    const register = await post(c.awaiting.caseId, 'register', { category: '投诉' });
    expect(refusal(register.text)).toBe('承办单位不能确认分类并登记（由区电子政务管理中心、区政府督查室办理）');

    const report = await post(c.assigned.caseId, 'report', { text: goodReply });
    expect(report.status).toBe(403);
    expect(refusal(report.text)).toBe(notOurs);
    expect(report.text).not.toContain(c.assigned.ledgerNo);
    expect(await caseState(fx.f, c.approved.caseId)).toBe('approved');
    expect(await caseState(fx.f, c.reported.caseId)).toBe('reported');
    expect(await caseState(fx.f, c.replyApproved.caseId)).toBe('reply_approved');
    expect(await caseState(fx.f, c.awaiting.caseId)).toBe('awaiting_review');
    expect(await caseState(fx.f, c.assigned.caseId)).toBe('assigned');
  });
});
