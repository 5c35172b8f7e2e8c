/**
 * `minsheng cases archive` (批量归档 at the command line), through the real CLI entry: on
 * PostgreSQL (DATABASE_URL) it selects the cases awaiting 归档 by state, category and the day they
 * were settled, lists them with their volume on --dry-run, archives them as the 督查室 account
 * named by --as (one line per case, filed by the category each has) and refuses an account that
 * may not archive. While a main job holds the embedded store (its run file names it), a separate
 * `minsheng` process archives through that job's API, as the account named, and the route that
 * does so answers the local command line only, not a console session.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { chinaDate } from '../workflow/calendar/index.js';
import { correctCategory, decideNotAccepted, recordVisit } from '../workflow/cases/index.js';
import { createUser } from '../workflow/users/index.js';
import { toAssigned, toReplied } from './helpers/case-steps.js';
import { startMainJobStandIn, type MainJobStandIn } from './helpers/main-job-stand-in.js';
import { at, databaseUrl, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let dir: string;
const password = 'cli-pass-2026';

beforeAll(async () => {
  f = await openFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-archive-'));
  for (const [username, role] of [['duchashi', 'supervision'], ['leader', 'leader'], ['admin', 'admin']] as const) {
    await createUser(f.store.db, { username, displayName: username, password, role });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await f?.close();
});

async function archive(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['cases', 'archive', ...args], {
    env: { DATABASE_URL: `${databaseUrl}?schema=${f.schema}`, LOG_LEVEL: 'silent' },
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
  });
  return { code, out, err };
}

/** A case handled, replied and visited satisfied on `day` (已回访办结), registered 投诉; its 台账编号 and id. */
async function closedOn(day: string, title: string) {
  const { caseId } = await newCase(f, { title });
  await toAssigned(f, caseId, at('2026-11-02'));
  await toReplied(f, caseId, at('2026-11-03'));
  await recordVisit(f.store.db, { caseId, satisfaction: 'satisfied', method: 'phone', actor: f.actors.egov, now: at(day) });
  return { caseId, ledgerNo: (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).ledgerNo };
}

async function notAccepted(title: string) {
  const { caseId } = await newCase(f, { title, outOfScope: true });
  await decideNotAccepted(f.store.db, { caseId, reasons: ['advertising'], note: '商业广告', actor: f.actors.egov });
  return { caseId, ledgerNo: (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).ledgerNo };
}

const state = async (caseId: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).state;
/** The volume's year for a case decided 不予受理 today: the China year it was settled (closedOn's cases: 2026). */
const year = () => chinaDate(new Date()).slice(0, 4);

describe('minsheng cases archive', () => {
  it('lists, then archives, the closed cases of a category settled before a day, each in its volume', async () => {
    const early = await closedOn('2026-11-04', '城关街道路面破损');
    const late = await closedOn('2026-11-20', '新华路路灯不亮');
    const suggestion = await closedOn('2026-11-05', '建议增设公交站');
    await correctCategory(f.store.db, { caseId: suggestion.caseId, category: '建议', note: '网民提出的是建议', actor: f.actors.egov });

    const dry = await archive('--state', '已回访办结', '--before', '2026-11-10', '--dry-run');
    expect(dry).toEqual({
      code: 0,
      out: [
        `将归档  ${early.ledgerNo}  2026-投诉  城关街道路面破损（已回访办结于 2026-11-04）`,
        `将归档  ${suggestion.ledgerNo}  2026-建议  建议增设公交站（已回访办结于 2026-11-05）`,
        `试运行，未归档任何案件。共 2 件将归档：2026-投诉 1 件、2026-建议 1 件`,
        '',
      ].join('\n'),
      err: '',
    });
    expect(await state(early.caseId)).toBe('closed');

    const complaints = await archive('--state', 'closed', '--category', '投诉', '--before', '2026-11-10', '--as', 'duchashi');
    expect(complaints).toEqual({ code: 0, out: `已归档  ${early.ledgerNo}  2026-投诉\n共 1 件：已归档 1 件（2026-投诉 1 件），未归档 0 件\n`, err: '' });
    expect([await state(early.caseId), await state(suggestion.caseId), await state(late.caseId)]).toEqual(['archived', 'closed', 'closed']);
    const event = await f.store.db.event.findFirstOrThrow({ where: { caseId: early.caseId, type: 'archive' } });
    expect(event).toMatchObject({ actor: 'duchashi', role: 'supervision', data: { from: 'closed', to: 'archived', archiveCategory: '投诉', archiveVolume: `2026-投诉` } });

    expect(await archive('--state', 'closed', '--category', '投诉', '--before', '2026-11-10', '--as', 'duchashi')).toEqual({ code: 0, out: '没有符合条件的待归档案件（已回访办结、类别 投诉、早于 2026-11-10 办结）\n', err: '' });
    const rest = await archive('--state', 'closed', '--as', 'duchashi');
    expect(rest.code).toBe(0);
    expect(rest.out).toContain(`已归档  ${suggestion.ledgerNo}  2026-建议\n`);
    expect(rest.out).toContain(`已归档  ${late.ledgerNo}  2026-投诉\n`);
  });

  it('names the Beijing day a case was settled on --dry-run, the day whose year names its volume', async () => {
    // Visited at 07:00 Beijing time on 1 January 2027 (23:00 UTC on 31 December): settled in 2027.
    const { caseId } = await newCase(f, { title: '元旦清晨回访的案件' });
    await toAssigned(f, caseId, at('2026-12-28'));
    await toReplied(f, caseId, at('2026-12-29'));
    await recordVisit(f.store.db, { caseId, satisfaction: 'satisfied', method: 'phone', actor: f.actors.egov, now: at('2027-01-01', 7) });
    const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
    const dry = await archive('--state', 'closed', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`将归档  ${ledgerNo}  2027-投诉  元旦清晨回访的案件（已回访办结于 2027-01-01）\n`);
  });

  it('says on --dry-run which cases were closed without reaching the citizen (无法联系)', async () => {
    const { caseId } = await newCase(f, { title: '电话无人接听的案件' });
    await toAssigned(f, caseId, at('2026-11-02'));
    await toReplied(f, caseId, at('2026-11-03'));
    await recordVisit(f.store.db, { caseId, satisfaction: 'unreachable', method: 'phone', actor: f.actors.egov, now: at('2026-11-06') });
    const reached = await closedOn('2026-11-06', '电话回访满意的案件');
    const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
    const dry = await archive('--state', 'closed', '--dry-run');
    expect(dry.out).toContain(`将归档  ${ledgerNo}  2026-投诉  电话无人接听的案件（已回访办结于 2026-11-06，无法联系）\n`);
    expect(dry.out).toContain(`将归档  ${reached.ledgerNo}  2026-投诉  电话回访满意的案件（已回访办结于 2026-11-06）\n`);
    expect(dry.out).toContain('其中 1 件回访时无法联系');
  });

  it('refuses an account that may not archive, a state that is not archived from, and --category on 不予受理', async () => {
    const c = await notAccepted('专业开锁 换锁芯');
    const leader = await archive('--state', 'not_accepted', '--as', 'leader');
    expect(leader.code).toBe(1);
    expect(leader.err).toContain('区政府领导不能立卷归档（由区政府督查室办理）');
    expect((await archive('--state', 'not_accepted', '--as', 'nobody')).err).toContain('账号不存在：nobody');
    const noAccount = await archive('--state', 'not_accepted');
    expect(noAccount.code).toBe(2);
    expect(noAccount.err).toContain('请用 --as 指定归档的区政府督查室账号');
    const inHand = await archive('--state', 'assigned', '--as', 'duchashi');
    expect(inHand.code).toBe(2);
    expect(inHand.err).toContain('--state 应为 closed（已回访办结）或 not_accepted（不予受理）：assigned');
    const byCategory = await archive('--state', 'not_accepted', '--category', '投诉', '--as', 'duchashi');
    expect(byCategory.code).toBe(2);
    expect(byCategory.err).toContain('不予受理的案件归入「年份-不予受理」卷');
    expect((await archive('--state', 'closed', '--before', '2026-02-30', '--as', 'duchashi')).code).toBe(2);
    expect(await state(c.caseId)).toBe('not_accepted');
  });
});

describe('minsheng cases archive while a main job holds the embedded store', () => {
  let job: MainJobStandIn;
  let url: string;
  let token: string;

  beforeAll(async () => {
    job = await startMainJobStandIn(f.store, dir);
    ({ url, token } = job);
  });
  afterAll(async () => {
    await job?.close();
  });
  const minsheng = (args: string[]) => job.minsheng(args);

  it('archives through its API as the account named, and that route refuses a console session', { timeout: 60_000 }, async () => {
    const ad = await notAccepted('发票代开 联系微信');
    const dry = await minsheng(['cases', 'archive', '--state', 'not_accepted', '--dry-run']);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.err).toContain('经其接口读取');
    expect(dry.out).toContain(`将归档  ${ad.ledgerNo}  ${year()}-不予受理  发票代开 联系微信`);

    // The account is the one checked: the local command line for a leader is refused as a whole.
    const asLeader = await fetch(`${url}/api/cli/archives`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-minsheng-local-token': token },
      body: JSON.stringify({ as: 'leader', items: [{ caseId: ad.caseId, expectedState: 'not_accepted' }] }),
    });
    expect(asLeader.status).toBe(403);
    expect(((await asLeader.json()) as { error: { message: string } }).error.message).toBe('区政府领导不能立卷归档（由区政府督查室办理）');
    expect(await state(ad.caseId)).toBe('not_accepted');

    const done = await minsheng(['cases', 'archive', '--state', 'not_accepted', '--as', 'duchashi']);
    expect(done.code, done.err).toBe(0);
    expect(done.err).toContain('经其接口归档');
    expect(done.out).toContain(`已归档  ${ad.ledgerNo}  ${year()}-不予受理\n`);
    expect(await state(ad.caseId)).toBe('archived');
    // Signed by the account named, not by the local command line.
    const event = await f.store.db.event.findFirstOrThrow({ where: { caseId: ad.caseId, type: 'archive' } });
    expect(event).toMatchObject({ actor: 'duchashi', role: 'supervision' });

    // A console session, an administrator's too, cannot archive on an account's behalf.
    const other = await notAccepted('高价回收黄金');
    for (const username of ['admin', 'duchashi']) {
      const login = await fetch(`${url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
      const csrf = cookies.find((c) => c.startsWith('ms_csrf='))!.slice('ms_csrf='.length);
      const res = await fetch(`${url}/api/cli/archives`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
        body: JSON.stringify({ as: 'duchashi', items: [{ caseId: other.caseId, expectedState: 'not_accepted' }] }),
      });
      expect(res.status, username).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('只有本机的 minsheng 命令可以代账号办理');
    }
    expect(await state(other.caseId)).toBe('not_accepted');
  });
});
