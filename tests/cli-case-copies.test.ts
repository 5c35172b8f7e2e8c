/**
 * `minsheng cases copies|split|merge` (de-duplication corrections at the command line), through
 * the real CLI entry: on PostgreSQL (DATABASE_URL) it lists a case's messages numbered with their
 * writers, channels and 反映人数, splits a wrongly linked copy off by its number and merges a missed
 * copy, each as the account named (--as) with the reason in both cases' event logs, and refuses a
 * role that may not, the first message, and a merge into an answered case. While a main job holds
 * the embedded store, a separate `minsheng` process does the same through its API, whose routes
 * answer the local command line only, not a console session.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSource, recordMessage, registerMessage } from '../workflow/index.js';
import { createUser } from '../workflow/users/index.js';
import { toAssigned, toReplied } from './helpers/case-steps.js';
import { plainSuggestion } from './helpers/ledger-suggestion.js';
import { inProcessMinsheng, type MinshengRunner } from './helpers/in-process-cli.js';
import { startMainJobStandIn, type MainJobStandIn } from './helpers/main-job-stand-in.js';
import { at, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let minsheng: MinshengRunner;
let dir: string;
const password = 'cli-pass-2026';

beforeAll(async () => {
  f = await openFixture();
  minsheng = inProcessMinsheng(f.schema);
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-copies-'));
  for (const [username, role] of [['egov', 'egov_centre'], ['office', 'gov_office'], ['duchashi', 'supervision']] as const) {
    await createUser(f.store.db, { username, displayName: username, password, role });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await f?.close();
});

let n = 0;
/** A letter through the real intake (exact copies are linked by their text); its case. */
async function arrive(channel: 'district_mailbox' | 'city_mailbox', title: string, content: string, author: string) {
  await ensureSource(f.store.db, { id: `src-${channel}`, name: channel === 'city_mailbox' ? '铜川市市长信箱' : '印台区区长信箱', channel });
  const { messageId } = await recordMessage(f.store.db, { sourceId: `src-${channel}`, channel, siteId: `cli-copies-${++n}`, title, content, author, postedAt: '2026-11-20T02:00:00Z', fetchedAt: new Date().toISOString() });
  const { caseId } = await registerMessage(f.store.db, { messageId, classification: plainSuggestion });
  const c = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
  return { caseId, messageId, ledgerNo: c.ledgerNo };
}

const caseRow = (id: string) => f.store.db.case.findUniqueOrThrow({ where: { id } });

describe('minsheng cases copies, split and merge', () => {
  it('lists a case with its copies, splits a wrong link off by its number, and merges a missed copy, each signed by the account named', async () => {
    const text = '北关街中段路灯一到晚上就不亮，行人摔倒过好几次，请相关部门尽快维修。';
    const lamp = await arrive('district_mailbox', '北关街路灯不亮', text, '孙志刚');
    const copy = await arrive('city_mailbox', '北关街路灯不亮', text, '周敏');
    expect(copy.caseId).toBe(lamp.caseId);

    const listed = await minsheng('cases', 'copies', lamp.ledgerNo.toLowerCase());
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toContain(`${lamp.ledgerNo}  北关街路灯不亮（待审核分类）  反映人数 2，留言 2 条（重复 1 条）\n`);
    expect(listed.out).toContain(`  1  孙志刚 · 区长信箱 · 印台区区长信箱 · 2026-11-20 · 首条留言  北关街路灯不亮  [${lamp.messageId}]\n`);
    expect(listed.out).toContain(`  2  周敏 · 市长信箱 · 铜川市市长信箱 · 2026-11-20 · 相似度 100%  北关街路灯不亮  [${copy.messageId}]\n`);

    // Refused: the first message, a role that may not split, no reason.
    expect((await minsheng('cases', 'split', lamp.ledgerNo, '--message', '1', '--note', '不同路段', '--as', 'egov')).err).toContain('首条留言，不能拆出');
    const asOffice = await minsheng('cases', 'split', lamp.ledgerNo, '--message', '2', '--note', '不同路段', '--as', 'office');
    expect(asOffice.code).toBe(1);
    expect(asOffice.err).toContain('区政府办不能拆分误并的重复留言');
    expect((await minsheng('cases', 'split', lamp.ledgerNo, '--message', '2', '--as', 'egov')).err).toContain('请用 --note 写明拆分理由');
    expect((await caseRow(lamp.caseId)).reporterCount).toBe(2);

    const split = await minsheng('cases', 'split', lamp.ledgerNo, '--message', '2', '--note', '周敏反映的是北关街南段', '--as', 'egov');
    expect(split.code, split.err).toBe(0);
    const splitOff = await f.store.db.message.findUniqueOrThrow({ where: { id: copy.messageId }, include: { case: true } });
    expect(split.out).toBe(`已拆分  第 2 条「北关街路灯不亮」（周敏）→ 新案件 ${splitOff.case!.ledgerNo}（待审核分类）；${lamp.ledgerNo} 反映人数 1\n`);
    expect((await caseRow(lamp.caseId)).reporterCount).toBe(1);
    const splitEvent = await f.store.db.event.findFirstOrThrow({ where: { caseId: lamp.caseId, type: 'split_copy' } });
    expect(splitEvent).toMatchObject({ actor: 'egov', role: 'egov_centre' });
    expect(splitEvent.data).toMatchObject({ note: '周敏反映的是北关街南段' });

    // The split was wrong after all: merged back, by 督查室.
    const merged = await minsheng('cases', 'merge', splitOff.case!.ledgerNo, '--into', lamp.ledgerNo, '--note', '核实为同一路段', '--as', 'duchashi');
    expect(merged.code, merged.err).toBe(0);
    expect(merged.out).toBe(`已并入  ${splitOff.case!.ledgerNo} → ${lamp.ledgerNo}：转入留言 1 条，${lamp.ledgerNo} 反映人数 2\n`);
    expect((await caseRow(splitOff.caseId!)).state).toBe('merged');
    const mergeEvent = await f.store.db.event.findFirstOrThrow({ where: { caseId: lamp.caseId, type: 'merged_from' } });
    expect(mergeEvent).toMatchObject({ actor: 'duchashi', role: 'supervision' });
    expect(mergeEvent.data).toMatchObject({ note: '核实为同一路段', fromLedgerNo: splitOff.case!.ledgerNo });

    // Splitting the merged case's letter off again undoes the merge: the letter goes back to its own
    // case and ledger number, and the command says so rather than naming it a new case.
    const undone = await minsheng('cases', 'split', lamp.ledgerNo, '--message', '2', '--note', '仍是南段', '--as', 'egov');
    expect(undone.code, undone.err).toBe(0);
    expect(undone.out).toBe(`已拆分  第 2 条「北关街路灯不亮」（周敏）→ 撤销合并，留言回到原案件 ${splitOff.case!.ledgerNo}（待审核分类）；${lamp.ledgerNo} 反映人数 1\n`);
    expect((await caseRow(splitOff.caseId!)).state).toBe('awaiting_review');
  });

  it('refuses to merge a letter into a case whose reply is out, saying why', async () => {
    const answered = await arrive('district_mailbox', '新华路路面破损积水', '新华路路面破损，雨天积水严重，请尽快修补。', '钱伟');
    await toAssigned(f, answered.caseId, at('2026-11-02'));
    await toReplied(f, answered.caseId, at('2026-11-03'));
    const again = await arrive('city_mailbox', '新华路又积水了', '新华路修补后又破了，雨天积水还是很严重，请再派人看看。', '钱伟');
    const refused = await minsheng('cases', 'merge', again.ledgerNo, '--into', answered.ledgerNo, '--note', '同一问题', '--as', 'egov');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`案件 ${answered.ledgerNo} 已答复（已回复）`);
    expect((await caseRow(again.caseId)).state).toBe('awaiting_review');
  });
});

describe('minsheng cases split while a main job holds the embedded store', () => {
  let job: MainJobStandIn;
  beforeAll(async () => {
    job = await startMainJobStandIn(f.store, dir);
  });
  afterAll(async () => {
    await job?.close();
  });

  it('lists and splits through its API as the account named, and those routes refuse a console session', { timeout: 60_000 }, async () => {
    const text = '王家河小区从周一开始停水，已经三天了，物业和水务局都没有通知，老人孩子生活很困难。';
    const water = await arrive('district_mailbox', '王家河小区停水三天无人管', text, '赵先生');
    const copy = await arrive('city_mailbox', '王家河小区停水三天无人管', text, '钱女士');
    const listed = await job.minsheng(['cases', 'copies', water.ledgerNo]);
    expect(listed.code, listed.err).toBe(0);
    expect(listed.err).toContain('经其接口办理');
    expect(listed.out).toContain(`  2  钱女士 · 市长信箱 · 铜川市市长信箱`);
    const split = await job.minsheng(['cases', 'split', water.ledgerNo, '--message', copy.messageId, '--note', '钱女士家在另一小区', '--as', 'egov']);
    expect(split.code, split.err).toBe(0);
    expect(split.out).toContain(`${water.ledgerNo} 反映人数 1`);
    expect(await f.store.db.event.findFirstOrThrow({ where: { caseId: water.caseId, type: 'split_copy' } })).toMatchObject({ actor: 'egov', role: 'egov_centre' });

    const login = await fetch(`${job.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'egov', password }) });
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = cookies.find((c) => c.startsWith('ms_csrf='))!.slice('ms_csrf='.length);
    for (const route of ['copies', 'split', 'merge']) {
      const res = await fetch(`${job.url}/api/cli/cases/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
        body: JSON.stringify({ reference: water.ledgerNo, as: 'egov', caseId: water.caseId, messageId: copy.messageId, intoCaseId: water.caseId, note: 'x', expectedState: 'awaiting_review' }),
      });
      expect(res.status, route).toBe(403);
    }
  });
});
