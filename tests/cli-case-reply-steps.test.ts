/**
 * `minsheng cases approve-reply|reject-reply|publish` (领导审批答复, 回复 and 《印台政务督查专报》) and
 * `cases request-extension|decide-extension|assist-opinion|return-assignment` (延期, 协办意见, 退回交办)
 * at the command line, through the real CLI entry on PostgreSQL: each step as the account named
 * (--as), refused as on the console (a role that may not, another unit's case, a reply the checks
 * hold back) with nothing changed; one walk from a registered case to 已回复 at the command line
 * alone. While a main job holds the embedded store, a separate `minsheng` process does the same
 * through its API, whose routes answer the local command line only (a console session: 403).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import { caseState, goodReply } from './helpers/case-steps.js';
import { consoleSession, dueDate, openCliStepsFixture, type CliStepsFixture } from './helpers/cli-steps-fixture.js';
import { startMainJobStandIn, type MainJobStandIn } from './helpers/main-job-stand-in.js';
import { at, newCase } from './workflow-fixtures.js';

let fx: CliStepsFixture;

beforeAll(async () => {
  fx = await openCliStepsFixture('h-cli-steps3-reply');
});
afterAll(async () => {
  await fx?.close();
});

const run = (...args: string[]) => fx.minsheng(...args);

/** A case 督查室 passed to the leader (督查室已审核待领导审批), with the reply it settled if given. */
async function reviewed(title: string, options: { channel?: 'forwarded'; reviewText?: string } = {}) {
  const c = await fx.assigned(title, options.channel ? { channel: options.channel } : {});
  await submitReport(fx.f.store.db, { caseId: c.caseId, text: goodReply, actor: fx.f.actors.roads, now: at('2026-11-03') });
  await reviewReport(fx.f.store.db, { caseId: c.caseId, accept: true, reviewText: options.reviewText, actor: fx.f.actors.supervision, now: at('2026-11-03') });
  return c;
}

describe('minsheng cases approve-reply and reject-reply', () => {
  it('approves the reviewed replies as the leader named, one line per case, and sends one back with the reason; refuses another role and a case not reviewed', async () => {
    const a = await reviewed('新华路路面破损积水');
    const b = await reviewed('王家河小区路灯不亮');
    const c = await fx.assigned('北环路公交站牌损坏');

    const asOffice = await run('cases', 'approve-reply', a.ledgerNo, '--as', 'duchashi');
    expect(asOffice.code).toBe(1);
    expect(asOffice.out).toBe(`未同意  ${a.ledgerNo}  区政府督查室不能审批同意答复（由区政府领导办理）\n`);
    expect(await caseState(fx.f, a.caseId)).toBe('reviewed');
    expect((await run('cases', 'approve-reply', a.ledgerNo)).err).toContain('请用 --as 指定审批的账号');
    expect((await run('cases', 'reject-reply', b.ledgerNo, '--as', 'leader')).err).toContain('请用 --note 写明退回理由');

    const done = await run('cases', 'approve-reply', a.ledgerNo, c.ledgerNo, '--note', '同意', '--as', 'leader');
    expect(done.code).toBe(1);
    expect(done.out).toMatch(new RegExp(`^已同意  ${a.ledgerNo}  区交通运输局 2026-11-03 10:00 报送的答复，下一步由区电子政务管理中心发布回复或退回修改答复\n`));
    expect(done.out).toContain(`未同意  ${c.ledgerNo}  案件当前状态为「已交办办理中」，不能审批同意答复\n`);
    expect(done.out).toContain('共 2 件：已同意 1 件，未同意 1 件\n');
    expect(await caseState(fx.f, a.caseId)).toBe('reply_approved');
    expect((await fx.events(a.caseId, 'approve_reply'))[0]).toMatchObject({ actor: 'leader', role: 'leader' });

    const back = await run('cases', 'reject-reply', b.ledgerNo, '--note', '请写明整改完成时间', '--as', 'leader');
    expect(back.code, back.err).toBe(0);
    expect(back.out).toMatch(new RegExp(`^已退回  ${b.ledgerNo}  区交通运输局 .+ 报送的答复（领导退回），承办单位重新办理，办理时限 ${dueDate}\n$`));
    expect(await caseState(fx.f, b.caseId)).toBe('assigned');
    expect((await fx.f.store.db.handlingReport.findFirstOrThrow({ where: { caseId: b.caseId } })).approvalNote).toBe('请写明整改完成时间');
  });
});

describe('minsheng cases publish', () => {
  it('publishes the approved reply online as the centre, reports a forwarded item upward as 督查室 with its 专报 printed, and holds back a reply with a high-risk finding', async () => {
    const a = await reviewed('城关街道路面破损');
    const up = await reviewed('上级转办：东关路灯不亮', { channel: 'forwarded' });
    const phone = await reviewed('西关下水道堵塞', { reviewText: `${goodReply}如有疑问请致电 13812345678。` });
    expect((await run('cases', 'approve-reply', a.ledgerNo, up.ledgerNo, phone.ledgerNo, '--as', 'leader')).code).toBe(0);

    const wrongRole = await run('cases', 'publish', a.ledgerNo, '--as', 'duchashi');
    expect(wrongRole.code).toBe(1);
    expect(wrongRole.out).toContain(`未回复  ${a.ledgerNo}  区政府督查室不能发布回复`);
    expect(await caseState(fx.f, a.caseId)).toBe('reply_approved');

    const online = await run('cases', 'publish', a.ledgerNo, '--as', 'egov');
    expect(online.code, online.err).toBe(0);
    expect(online.out).toMatch(new RegExp(`^已发布  ${a.ledgerNo}  区交通运输局 .+ 报送的答复已记为网上回复（系统不代为在网站上发帖），案件已回复，待回访\n`));
    expect(await caseState(fx.f, a.caseId)).toBe('replied');
    expect((await fx.events(a.caseId, 'publish_reply'))[0]).toMatchObject({ actor: 'egov', role: 'egov_centre' });

    expect((await run('cases', 'publish', up.ledgerNo, '--as', 'egov')).out).toContain(`未回复  ${up.ledgerNo}  区电子政务管理中心不能以《印台政务督查专报》上报`);
    const upward = await run('cases', 'publish', up.ledgerNo, '--as', 'duchashi');
    expect(upward.code, upward.err).toBe(0);
    expect(upward.out).toMatch(new RegExp(`^已上报  ${up.ledgerNo}  《印台政务督查专报》上报市级（转办编号 TC-\\d+），案件已回复，待回访\n    印台政务督查专报\n`));
    expect(upward.out).toContain(`    办理情况：\n    ${goodReply}\n`);
    expect(await caseState(fx.f, up.caseId)).toBe('replied');
    // QA 督查室: the 专报's report read 已发布 in cases show, as if it had gone online.
    expect((await run('cases', 'show', up.ledgerNo)).out).toMatch(/报送 \[已上报\]\n/);
    expect((await run('cases', 'show', a.ledgerNo)).out).toMatch(/报送 \[已发布\]\n/);

    const held = await run('cases', 'publish', phone.ledgerNo, '--as', 'egov');
    expect(held.code).toBe(1);
    expect(held.out).toMatch(new RegExp(`^未回复  ${phone.ledgerNo}  答复存在 1 处高风险措辞.*加 --acknowledge-findings`));
    expect(await caseState(fx.f, phone.caseId)).toBe('reply_approved');
    const acknowledged = await run('cases', 'publish', phone.ledgerNo, '--acknowledge-findings', '--as', 'egov');
    expect(acknowledged.code, acknowledged.err).toBe(0);
    expect(acknowledged.out).toMatch(/已发布 .*\n {2}⚠ .*手机/);
  });

  it('sends an approved reply unfit to go online back to the unit as the centre (退回修改答复), refusing another role', async () => {
    const c = await reviewed('东关菜市场占道经营');
    expect((await run('cases', 'approve-reply', c.ledgerNo, '--as', 'leader')).code).toBe(0);
    expect((await run('cases', 'return-for-revision', c.ledgerNo, '--as', 'egov')).err).toContain('请用 --note 写明退回修改的理由');
    const asLeader = await run('cases', 'return-for-revision', c.ledgerNo, '--note', '含他人电话', '--as', 'leader');
    expect(asLeader.code).toBe(1);
    expect(asLeader.err).toContain('区政府领导不能退回修改答复');
    const back = await run('cases', 'return-for-revision', c.ledgerNo, '--note', '含他人电话', '--as', 'egov');
    expect(back.code, back.err).toBe(0);
    expect(back.out).toMatch(new RegExp(`^已退回修改  ${c.ledgerNo}  区交通运输局 .+ 报送的答复（发布前退回修改），承办单位重新办理，办理时限 ${dueDate}\n$`));
    expect(await caseState(fx.f, c.caseId)).toBe('assigned');
    expect((await fx.events(c.caseId, 'return_for_revision'))[0]).toMatchObject({ actor: 'egov', role: 'egov_centre' });
  });
});

describe('minsheng cases request-extension, decide-extension, assist-opinion and return-assignment', () => {
  it('asks for days as the lead unit and answers as 督查室 (granted, then refused), refusing another unit and another role', async () => {
    const c = await fx.assigned('南街排水沟堵塞');
    const before = (await fx.f.store.db.assignment.findFirstOrThrow({ where: { caseId: c.caseId } })).dueDate;
    const ask = ['cases', 'request-extension', c.ledgerNo, '--days', '3', '--progress', '已联系施工单位', '--reason', '需等待管材到货'];

    const asOther = await run(...ask, '--as', 'water');
    expect(asOther.code).toBe(1);
    expect(asOther.err).toContain('此案件未交办给本单位，无权查看或办理');
    expect((await run('cases', 'request-extension', c.ledgerNo, '--days', '40', '--progress', 'x', '--reason', 'y', '--as', 'roads')).err).toContain('--days 应为 1 到 30 的整数');
    const asked = await run(...ask, '--as', 'roads');
    expect(asked.code, asked.err).toBe(0);
    expect(asked.out).toBe(`已申请延期  ${c.ledgerNo}  区交通运输局 申请延期 3 个工作日（现办理时限 ${before}），待督查室答复\n`);

    const asOffice = await run('cases', 'decide-extension', c.ledgerNo, '--grant', '--answer', '同意', '--as', 'office');
    expect(asOffice.code).toBe(1);
    expect(asOffice.err).toContain('区政府办不能答复延期申请（由区政府督查室办理）');
    expect((await run('cases', 'decide-extension', c.ledgerNo, '--grant', '--as', 'duchashi')).err).toContain('请用 --answer 写明答复');
    const granted = await run('cases', 'decide-extension', c.ledgerNo, '--grant', '--days', '2', '--answer', '同意延期 2 个工作日', '--as', 'duchashi');
    expect(granted.code, granted.err).toBe(0);
    const after = (await fx.f.store.db.assignment.findFirstOrThrow({ where: { caseId: c.caseId } })).dueDate;
    expect(after > before).toBe(true);
    expect(granted.out).toBe(`已同意延期  ${c.ledgerNo}  交通局办公室（roads） 申请的 3 个工作日，批准 2 个工作日，办理时限 ${before} → ${after}\n`);

    expect((await run(...ask, '--as', 'roads')).code).toBe(0);
    const refused = await run('cases', 'decide-extension', c.ledgerNo, '--refuse', '--answer', '请按时办结', '--as', 'duchashi');
    expect(refused.code, refused.err).toBe(0);
    expect(refused.out).toBe(`已不同意延期  ${c.ledgerNo}  交通局办公室（roads） 申请的 3 个工作日，办理时限 ${after} 不变\n`);
    expect((await run('cases', 'decide-extension', c.ledgerNo, '--refuse', '--answer', '再答', '--as', 'duchashi')).err).toContain('没有待答复的延期申请');
  });

  it('takes an assisting unit 协办意见 and the lead unit 退回交办, refusing a unit the step is not its to take', async () => {
    const a = await fx.approved('东街积水影响通行', [fx.f.units.water]);
    expect((await run('cases', 'assign', a.ledgerNo, '--as', 'office')).code).toBe(0);

    const fromLead = await run('cases', 'assist-opinion', a.ledgerNo, '--text', '排水管网由我局配合疏通', '--as', 'roads');
    expect(fromLead.code).toBe(1);
    expect(fromLead.err).toContain('此案件未交办本单位协办，无权提交协办意见');
    const opinion = await run('cases', 'assist-opinion', a.ledgerNo, '--text', '排水管网由我局配合疏通', '--as', 'water');
    expect(opinion.code, opinion.err).toBe(0);
    expect(opinion.out).toBe(`已提交协办意见  ${a.ledgerNo}  主办单位 区交通运输局 和督查室可见\n`);
    expect((await fx.f.store.db.assistOpinion.findFirstOrThrow({ where: { caseId: a.caseId } })).submittedBy).toBe('water');

    expect((await run('cases', 'return-assignment', a.ledgerNo, '--as', 'roads')).err).toContain('请用 --reason 写明退回理由');
    const fromAssist = await run('cases', 'return-assignment', a.ledgerNo, '--reason', '不属本单位职责', '--as', 'water');
    expect(fromAssist.code).toBe(1);
    expect(fromAssist.err).toContain('此案件未交办给本单位，无权查看或办理');
    expect(await caseState(fx.f, a.caseId)).toBe('assigned');
    const returned = await run('cases', 'return-assignment', a.ledgerNo, '--reason', '积水点属水务管网', '--as', 'roads');
    expect(returned.code, returned.err).toBe(0);
    expect(returned.out).toBe(`已退回交办  ${a.ledgerNo}  区交通运输局 退回区政府办重新拟办，本单位不再办理此案件\n`);
    expect(await caseState(fx.f, a.caseId)).toBe('returned');
    expect((await fx.events(a.caseId, 'return_case'))[0]).toMatchObject({ actor: 'roads', role: 'unit' });
  });
});

describe('the procedure at the command line', () => {
  it('takes a registered case to 已回复: propose, approve, assign, report, review-report, approve-reply, publish; cases show shows the published reply', async () => {
    const { caseId } = await newCase(fx.f, { title: '文化路人行道砖松动' });
    await registerCase(fx.f.store.db, { caseId, category: '投诉', actor: fx.f.actors.egov });
    const no = await fx.ledgerNo(caseId);
    const reply = `${goodReply}（文化路）`;
    for (const args of [
      ['propose', '--ids', no, '--unit', '区交通运输局', '--as', 'office'],
      ['approve', no, '--as', 'leader'],
      ['assign', no, '--as', 'office'],
      ['report', no, '--text', reply, '--as', 'roads'],
      ['review-report', no, '--pass', '--note', '办理到位', '--as', 'duchashi'],
      ['approve-reply', no, '--as', 'leader'],
      ['publish', no, '--as', 'egov'],
    ]) {
      const step = await run('cases', ...args);
      expect(step.code, `${args[0]}: ${step.out}${step.err}`).toBe(0);
    }
    expect(await caseState(fx.f, caseId)).toBe('replied');
    const shown = await run('cases', 'show', no);
    expect(shown.out).toContain('状态      已回复\n');
    expect(shown.out).toContain(` 报送 [已发布]\n    ${reply}\n`);
  });

  it('lists the steps in the procedure order in cases --help', async () => {
    const help = await run('cases', '--help');
    const order = ['propose', 'approve', 'reject-proposal', 'assign', 'request-extension', 'decide-extension', 'assist-opinion', 'return-assignment', 'report', 'review-report', 'approve-reply', 'reject-reply', 'publish', 'return-for-revision', 'visit', 'visits', 'archive'];
    const positions = order.map((name) => help.out.search(new RegExp(`\n  ${name} `)));
    expect(positions.every((i) => i > 0), help.out + help.err).toBe(true);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
  });
});

describe('the reply steps while a main job holds the embedded store', () => {
  let job: MainJobStandIn;
  beforeAll(async () => {
    job = await startMainJobStandIn(fx.f.store, fx.dir);
  });
  afterAll(async () => {
    await job?.close();
  });

  // Three `minsheng` processes of their own, each a Node start: slow on a busy machine.
  it('approves and publishes through its API as the accounts named, refusing a role that may not', { timeout: 120_000 }, async () => {
    const a = await reviewed('印台路下水道堵塞');
    const asEgov = await job.minsheng(['cases', 'approve-reply', a.ledgerNo, '--as', 'egov']);
    expect(asEgov.code).toBe(1);
    expect(asEgov.out).toContain('区电子政务管理中心不能审批同意答复（由区政府领导办理）');
    const approved = await job.minsheng(['cases', 'approve-reply', a.ledgerNo, '--as', 'leader']);
    expect(approved.code, approved.err).toBe(0);
    expect(approved.err).toContain('经其接口办理');
    expect(approved.out).toContain(`已同意  ${a.ledgerNo}  区交通运输局`);
    const published = await job.minsheng(['cases', 'publish', a.ledgerNo, '--as', 'egov']);
    expect(published.code, published.err).toBe(0);
    expect(published.out).toContain(`已发布  ${a.ledgerNo}`);
    expect(await caseState(fx.f, a.caseId)).toBe('replied');
  });

  it('answers the command line only: a console session, even of an account that may take the step, gets 403', async () => {
    const c = await reviewed('北关路灯不亮');
    for (const [username, route] of [
      ['leader', 'reply-decision'],
      ['egov', 'publish'],
      ['roads', 'extension'],
      ['duchashi', 'extension-decision'],
      ['water', 'assist-opinion'],
      ['roads', 'return'],
      ['egov', 'reply-return'],
    ] as const) {
      const res = await fetch(`${job.url}/api/cli/cases/${route}`, {
        method: 'POST',
        headers: await consoleSession(job.url, username),
        body: JSON.stringify({ as: username, caseId: c.caseId, approve: true, answer: '同意', text: '意见', reason: '理由', note: '理由', progress: '进展', days: 2 }),
      });
      expect(res.status, route).toBe(403);
    }
    expect(await caseState(fx.f, c.caseId)).toBe('reviewed');
  });
});
