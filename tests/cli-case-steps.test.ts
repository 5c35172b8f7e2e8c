/**
 * `minsheng cases show|visit|visits|approve|reject-proposal` (the case page and its 回访 and 领导审批
 * steps at the command line), through the real CLI entry on PostgreSQL: a case shown as the page
 * shows it (state, suggestion, event log), proposals agreed and sent back and visits recorded as
 * the account named (--as), each refused as on the console (a role that may not, a case in another
 * state, a dissatisfied answer without the citizen's words) with nothing changed. While a main job
 * holds the embedded store, a separate `minsheng` process does the same through its API, whose
 * routes answer the local command line only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeHandling, registerCase, visitMethodNames } from '../workflow/cases/index.js';
import { createUser } from '../workflow/users/index.js';
import { caseState, toAssigned, toReplied } from './helpers/case-steps.js';
import { inProcessMinsheng, type MinshengRunner } from './helpers/in-process-cli.js';
import { startMainJobStandIn, type MainJobStandIn } from './helpers/main-job-stand-in.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let minsheng: MinshengRunner;
let dir: string;
const password = 'cli-pass-2026';

beforeAll(async () => {
  f = await openFixture();
  minsheng = inProcessMinsheng(f.schema);
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-steps-'));
  for (const [username, role] of [['egov', 'egov_centre'], ['office', 'gov_office'], ['leader', 'leader'], ['duchashi', 'supervision']] as const) {
    await createUser(f.store.db, { username, displayName: username, password, role });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await f?.close();
});

const ledgerNo = async (caseId: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).ledgerNo;
const events = (caseId: string, type: string) => f.store.db.event.findMany({ where: { caseId, type } });

/** A registered case with a pending 拟办 to 区交通运输局 (已拟办待领导审批). */
async function proposed(title: string) {
  const { caseId } = await newCase(f, { title });
  await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov, now: at('2026-11-02') });
  await proposeHandling(f.store.db, { caseId, unitId: f.units.roads, opinion: '请区交通运输局核实处理', actor: f.actors.office, now: at('2026-11-02') });
  return { caseId, ledgerNo: await ledgerNo(caseId) };
}

describe('minsheng cases show', () => {
  it('shows a case awaiting review with its suggestion, messages and event log; --json the same', async () => {
    const { caseId } = await newCase(f, { title: '北关街路灯\u202e不亮' });
    const no = await ledgerNo(caseId);
    const shown = await minsheng('cases', 'show', no.toLowerCase());
    expect(shown.code, shown.err).toBe(0);
    // The bidi override a hostile writer could use is shown as a replacement character (printable()).
    expect(shown.out).toContain(`${no}  北关街路灯\ufffd不亮\n`);
    expect(shown.out).toContain('状态      待审核分类\n');
    expect(shown.out).toContain('类别      投诉（待确认）  复杂程度 简单\n');
    expect(shown.out).toContain('建议承办单位  区交通运输局\n');
    expect(shown.out).toContain('分类建议  投诉 · 简单 · 一般 · 受理（类别置信度 80%），建议承办单位 区交通运输局');
    expect(shown.out).toMatch(/办理过程（1 条）\n {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}采集并生成台账 /);

    const json = await minsheng('cases', 'show', no, '--json');
    expect(json.code, json.err).toBe(0);
    const c = JSON.parse(json.out) as { ledgerNo: string; stateName: string; suggestion: { confidence: number }; events: { name: string }[] };
    expect(c).toMatchObject({ ledgerNo: no, stateName: '待审核分类', suggestion: { confidence: 0.8 } });
    expect(c.events.map((e) => e.name)).toEqual(['采集并生成台账']);

    const missing = await minsheng('cases', 'show', 'YT-2026-999999');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('案件不存在：YT-2026-999999');
  });
});

describe('minsheng cases approve and reject-proposal', () => {
  it('agrees as the leader named, one line per case; refuses another role and a case with no proposal, changing nothing', async () => {
    const a = await proposed('新华路路面破损积水');
    const b = await proposed('王家河小区路灯不亮');
    const { caseId: registeredId } = await newCase(f, { title: '北环路公交站牌损坏' });
    await registerCase(f.store.db, { caseId: registeredId, category: '投诉', actor: f.actors.egov, now: at('2026-11-02') });
    const registeredNo = await ledgerNo(registeredId);

    const asOffice = await minsheng('cases', 'approve', a.ledgerNo, '--as', 'office');
    expect(asOffice.code).toBe(1);
    expect(asOffice.out).toContain(`未同意  ${a.ledgerNo}  区政府办不能同意拟办意见`);
    expect(await caseState(f, a.caseId)).toBe('proposed');

    const unknown = await minsheng('cases', 'approve', a.ledgerNo, '--as', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('账号不存在：nobody');

    const agreed = await minsheng('cases', 'approve', a.ledgerNo, registeredNo, 'YT-2026-999998', '--as', 'leader', '--note', '同意');
    expect(agreed.code).toBe(1);
    expect(agreed.out).toContain(`已同意  ${a.ledgerNo}  拟交办 区交通运输局（简单），待交办\n`);
    expect(agreed.out).toContain(`未同意  ${registeredNo}  案件当前状态为「已登记」，不能同意拟办意见`);
    expect(agreed.out).toContain('未同意  YT-2026-999998  找不到案件');
    expect(agreed.out).toContain('共 3 件：已同意 1 件，未同意 2 件\n');
    expect(await caseState(f, a.caseId)).toBe('approved');
    expect(await caseState(f, registeredId)).toBe('registered');
    expect((await events(a.caseId, 'approve_proposal'))[0]).toMatchObject({ actor: 'leader', role: 'leader' });

    expect((await minsheng('cases', 'reject-proposal', b.ledgerNo, '--as', 'leader')).err).toContain('请用 --note 写明退回理由');
    const rejected = await minsheng('cases', 'reject-proposal', b.ledgerNo, '--as', 'leader', '--note', '应由区城管局办理');
    expect(rejected.code, rejected.err + rejected.out).toBe(0);
    expect(rejected.out).toBe(`已退回  ${b.ledgerNo}  拟交办 区交通运输局（简单），退回区政府办重新拟办\n`);
    expect(await caseState(f, b.caseId)).toBe('registered');
    expect((await events(b.caseId, 'reject_proposal'))[0]?.data).toMatchObject({ note: '应由区城管局办理' });
  });
});

describe('minsheng cases visits and visit', () => {
  it('says 今天 for a reply published today, as the console does, not 0 天前', async () => {
    const { caseId } = await newCase(f, { title: '陈炉镇路灯不亮' });
    const now = new Date();
    await toAssigned(f, caseId, now);
    await toReplied(f, caseId, now);
    const listed = await minsheng('cases', 'visits', '--as', 'duchashi');
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toMatch(new RegExp(`${await ledgerNo(caseId)}  陈炉镇路灯不亮  .*  答复 \\d{4}-\\d\\d-\\d\\d（今天）  `));
    expect(listed.out).not.toContain('0 天前');
  });

  it('lists the replied cases, records 无法联系 and later a dissatisfied visit as the account named, refusing another role and a visit out of turn', async () => {
    const { caseId } = await newCase(f, { title: '城关街道路面破损' });
    await toAssigned(f, caseId, at('2026-11-02'));
    await toReplied(f, caseId, at('2026-11-03'));
    const no = await ledgerNo(caseId);

    const listed = await minsheng('cases', 'visits', '--as', 'duchashi');
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toMatch(new RegExp(`${no}  城关街道路面破损  匿名 · 测试来源 district_mailbox  答复 2026-11-03（\\d+ 天前）  承办 区交通运输局\n`));
    expect((await minsheng('cases', 'visits', '--as', 'office')).err).toContain('区政府办无权执行此操作');

    const asOffice = await minsheng('cases', 'visit', no, '--satisfaction', '满意', '--method', '电话', '--as', 'office');
    expect(asOffice.code).toBe(1);
    expect(asOffice.err).toContain('区政府办不能回访');
    const noWords = await minsheng('cases', 'visit', no, '--satisfaction', '不满意', '--method', '电话', '--as', 'duchashi');
    expect(noWords.err).toContain('不满意的回访请填写群众意见');
    expect((await minsheng('cases', 'visit', no, '--satisfaction', '很满意', '--method', '电话', '--as', 'duchashi')).err).toContain('--satisfaction 应为 满意、基本满意、不满意、无法联系');
    expect(await f.store.db.visit.count({ where: { caseId } })).toBe(0);

    const unreached = await minsheng('cases', 'visit', no, '--unreached', '--method', 'phone', '--as', 'duchashi');
    expect(unreached.code, unreached.err).toBe(0);
    expect(unreached.out).toBe(`已回访  ${no}  无法联系（电话）→ 已回访办结\n`);
    expect(await caseState(f, caseId)).toBe('closed');
    expect((await minsheng('cases', 'visits', '--unreached', '--as', 'egov')).out).toContain(`${no}  城关街道路面破损`);

    const again = await minsheng('cases', 'visit', no, '--satisfaction', '不满意', '--method', '上门', '--note', '路面又坏了', '--as', 'egov');
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(new RegExp(`^已回访  ${no}  不满意（上门）→ 重新交办 区交通运输局，办理时限 \\d{4}-\\d\\d-\\d\\d\n$`));
    expect(await caseState(f, caseId)).toBe('assigned');
    const visits = await f.store.db.visit.findMany({ where: { caseId }, orderBy: { visitedAt: 'asc' } });
    expect(visits.map((v) => [v.satisfaction, v.method, v.visitedBy])).toEqual([['unreachable', 'phone', 'duchashi'], ['dissatisfied', 'on_site', 'egov']]);

    const outOfTurn = await minsheng('cases', 'visit', no, '--satisfaction', '满意', '--method', '电话', '--as', 'egov');
    expect(outOfTurn.code).toBe(1);
    expect(outOfTurn.err).toContain('回访（不满意，重新交办）（现为「已交办办理中」），不能再回访');
    expect(await f.store.db.visit.count({ where: { caseId } })).toBe(2);

    const shown = await minsheng('cases', 'show', no);
    expect(shown.out).toContain('回访      ');
    expect(shown.out).toContain('（上门）：不满意，路面又坏了\n');
  });

  it('names every writer of a case several people raised under its line, each once as 反映人数 counts them', async () => {
    const title = '阳光小区门口公交站牌倒塌';
    const content = '阳光小区门口的公交站牌倒塌多日，无人处理，请尽快修复。';
    const { caseId } = await newCase(f, { title, content, author: '王先生', url: 'https://www.yintai.gov.cn/letter/11' });
    await newCase(f, { title, content, channel: 'city_mailbox', author: '李女士', url: 'https://szxx.tongchuan.gov.cn/12' });
    await newCase(f, { title, content, author: '王先生', url: 'https://www.yintai.gov.cn/letter/13' });
    await newCase(f, { title, content, channel: 'city_mailbox' });
    await toAssigned(f, caseId, at('2026-11-02'));
    await toReplied(f, caseId, at('2026-11-03'));
    const no = await ledgerNo(caseId);

    const listed = await minsheng('cases', 'visits', '--as', 'egov');
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toMatch(
      new RegExp(
        `${no}  ${title}  王先生 · 测试来源 district_mailbox（共 3 人反映）  答复 2026-11-03（\\d+ 天前）  承办 区交通运输局\n` +
          '    王先生 · 区长信箱 · 测试来源 district_mailbox  https://www.yintai.gov.cn/letter/11\n' +
          '    李女士 · 市长信箱 · 测试来源 city_mailbox  https://szxx.tongchuan.gov.cn/12\n' +
          '    匿名 · 市长信箱 · 测试来源 city_mailbox\n',
      ),
    );
    const json = JSON.parse((await minsheng('cases', 'visits', '--json', '--as', 'egov')).out) as { caseId: string; writers: { author: string | null }[] }[];
    expect(json.find((r) => r.caseId === caseId)?.writers.map((w) => w.author)).toEqual(['王先生', '李女士', null]);
  });

  it('names visit methods as the console does (one table: the console keeps a copy for its pages)', async () => {
    // A computed specifier: the module is plain browser JavaScript, loaded as it is served.
    const namesUrl = new URL('../web/console/js/names.js', import.meta.url).href;
    expect(((await import(namesUrl)) as { visitMethodNames: unknown }).visitMethodNames).toEqual(visitMethodNames);
  });
});

describe('minsheng cases steps while a main job holds the embedded store', () => {
  let job: MainJobStandIn;
  beforeAll(async () => {
    job = await startMainJobStandIn(f.store, dir);
  });
  afterAll(async () => {
    await job?.close();
  });

  it('shows, approves and visits through its API as the account named, and those routes refuse a console session', { timeout: 60_000 }, async () => {
    const p = await proposed('印台路下水道堵塞');
    const shown = await job.minsheng(['cases', 'show', p.ledgerNo]);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain('状态      已拟办待领导审批\n');
    expect(shown.out).toContain('[待审批] 请区交通运输局核实处理');
    const agreed = await job.minsheng(['cases', 'approve', p.ledgerNo, '--as', 'leader']);
    expect(agreed.code, agreed.err).toBe(0);
    expect(agreed.err).toContain('经其接口办理');
    expect(agreed.out).toBe(`已同意  ${p.ledgerNo}  拟交办 区交通运输局（简单），待交办\n`);
    expect((await events(p.caseId, 'approve_proposal'))[0]).toMatchObject({ actor: 'leader', role: 'leader' });

    const { caseId } = await newCase(f, { title: '广场路灯不亮' });
    await toAssigned(f, caseId, at('2026-11-02'));
    await toReplied(f, caseId, at('2026-11-03'));
    const no = await ledgerNo(caseId);
    expect((await job.minsheng(['cases', 'visits', '--as', 'egov'])).out).toContain(`${no}  广场路灯不亮`);
    const refused = await job.minsheng(['cases', 'visit', no, '--satisfaction', '满意', '--method', '电话', '--as', 'leader']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('区政府领导不能回访');
    const visited = await job.minsheng(['cases', 'visit', no, '--satisfaction', '基本满意', '--method', '短信', '--as', 'egov']);
    expect(visited.code, visited.err).toBe(0);
    expect(visited.out).toBe(`已回访  ${no}  基本满意（短信）→ 已回访办结\n`);
    expect(await caseState(f, caseId)).toBe('closed');

    const login = await fetch(`${job.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'egov', password }) });
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = cookies.find((c) => c.startsWith('ms_csrf='))!.slice('ms_csrf='.length);
    for (const route of ['cases/visit', 'visits/awaiting', 'cases/proposal-decision']) {
      const res = await fetch(`${job.url}/api/cli/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
        body: JSON.stringify({ as: 'egov', caseId, satisfaction: 'satisfied', method: 'phone', approve: true, limit: 10 }),
      });
      expect(res.status, route).toBe(403);
    }
  });
});
