/**
 * `minsheng cases propose` (批量拟办 at the command line) on PostgreSQL (DATABASE_URL), through the
 * real CLI entry: one Chinese line per case, a case proposed meanwhile or without a suggested unit
 * refused with its reason while the others are proposed, exit code 1 when any was refused; ids
 * from a file; only a 区政府办 account may propose. While a main job holds the embedded store (its
 * run file names it), a separate `minsheng` process proposes through that job's API, as the
 * account named and with the same lines, and the routes that do so answer the local command line
 * only, not a console session.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { assignCase, decideProposal, maxReferencesPerLookup, proposeHandling, registerCase, returnCase } from '../workflow/cases/index.js';
import { createUser } from '../workflow/users/index.js';
import { startMainJobStandIn, type MainJobStandIn } from './helpers/main-job-stand-in.js';
import { at, databaseUrl, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let dir: string;
const password = 'cli-pass-2026';

beforeAll(async () => {
  f = await openFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-propose-'));
  for (const [username, role] of [['office', 'gov_office'], ['leader', 'leader'], ['admin', 'admin']] as const) {
    await createUser(f.store.db, { username, displayName: username, password, role });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await f?.close();
});

async function propose(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['cases', 'propose', ...args], {
    env: { DATABASE_URL: `${databaseUrl}?schema=${f.schema}`, LOG_LEVEL: 'silent' },
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
  });
  return { code, out, err };
}

/** A registered case suggested `unit`; its 台账编号 and id. */
async function registered(unit: string | null = '区交通运输局', complexity: 'simple' | 'complex' = 'simple') {
  const { caseId } = await newCase(f, { unit, complexity });
  await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });
  const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
  return { caseId, ledgerNo };
}
/** A registered case handed to the roads bureau, which returned it on 2026-11-24 with `reason`. */
async function returnedByRoads(reason: string) {
  const c = await registered();
  await proposeHandling(f.store.db, { caseId: c.caseId, unitId: f.units.roads, opinion: '请区交通运输局办理', actor: f.actors.office, now: at('2026-11-23') });
  await decideProposal(f.store.db, { caseId: c.caseId, approve: true, actor: f.actors.leader, now: at('2026-11-23', 11) });
  await assignCase(f.store.db, { caseId: c.caseId, actor: f.actors.office, now: at('2026-11-23', 14) });
  await returnCase(f.store.db, { caseId: c.caseId, reason, actor: f.actors.roads, now: at('2026-11-24') });
  return c;
}
const state = async (caseId: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).state;

describe('minsheng cases propose', () => {
  it('proposes each case to its suggested unit, one line per case, and exits 1 when any was refused', async () => {
    const plain = await registered();
    const complex = await registered('区水务局', 'complex');
    const taken = await registered();
    const unsuggested = await registered(null);
    await proposeHandling(f.store.db, { caseId: taken.caseId, unitId: f.units.water, opinion: '请区水务局核实', actor: { userId: 'office2', username: 'office2', role: 'gov_office' } });

    const { code, out, err } = await propose('--ids', [plain, complex, taken, unsuggested].map((c) => c.ledgerNo.toLowerCase()).join(',') + ',YT-1999-000001', '--suggested', '--as', 'office');
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out.split('\n')).toEqual([
      `已拟办  ${plain.ledgerNo}  拟交办区交通运输局（简单，2个工作日），待领导审批`,
      `已拟办  ${complex.ledgerNo}  拟交办区水务局（复杂，3个工作日），待领导审批`,
      expect.stringMatching(new RegExp(`^未拟办  ${taken.ledgerNo}  案件 ${taken.ledgerNo} 已由 office2 拟办（拟交办区水务局）`)),
      `未拟办  ${unsuggested.ledgerNo}  案件 ${unsuggested.ledgerNo} 没有建议承办单位，不能按建议单位拟办；请用 --unit 指定单位`,
      `未拟办  YT-1999-000001  找不到案件：YT-1999-000001`,
      '共 5 件：已拟办 2 件，未拟办 3 件',
      '',
    ]);
    expect([await state(plain.caseId), await state(complex.caseId), await state(unsuggested.caseId)]).toEqual(['proposed', 'proposed', 'registered']);
    const event = await f.store.db.event.findFirstOrThrow({ where: { caseId: plain.caseId, type: 'propose' } });
    expect(event).toMatchObject({ actor: 'office', role: 'gov_office', data: expect.objectContaining({ opinion: '拟请区交通运输局办理（简单，2个工作日）' }) });

    // The one without a suggestion, from a file, to one unit with the office's own opinion.
    const file = path.join(dir, 'ids.txt');
    await writeFile(file, `# 今天上午\n${unsuggested.ledgerNo}\n\n`);
    const second = await propose('--file', file, '--unit', '区水务局', '--opinion', '请核实情况，依法依规处理并答复网民', '--as', 'office');
    expect(second).toEqual({ code: 0, out: `已拟办  ${unsuggested.ledgerNo}  拟交办区水务局（简单，2个工作日），待领导审批\n共 1 件：已拟办 1 件，未拟办 0 件\n`, err: '' });
    expect(await f.store.db.proposal.findFirstOrThrow({ where: { caseId: unsuggested.caseId } })).toMatchObject({ unitId: f.units.water, opinion: '请核实情况，依法依规处理并答复网民', proposedBy: 'office' });
    expect(await f.store.db.correction.findMany({ where: { caseId: unsuggested.caseId, field: 'unit' }, select: { suggested: true, corrected: true, actor: true } })).toEqual([{ suggested: null, corrected: '区水务局', actor: 'office' }]);
  });

  it("refuses to propose by suggestion a case whose 拟办 to that unit the leader sent back, and proposes it with --unit", async () => {
    // QA, office's day: 按建议单位 (console and command line) put the refused proposal back before the leader unread.
    const c = await registered();
    await proposeHandling(f.store.db, { caseId: c.caseId, unitId: f.units.roads, opinion: '请区交通运输局办理', actor: f.actors.office });
    await decideProposal(f.store.db, { caseId: c.caseId, approve: false, note: '应由区水务局办理', actor: f.actors.leader });
    const refused = await propose('--ids', c.ledgerNo, '--suggested', '--as', 'office');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`未拟办  ${c.ledgerNo}  案件 ${c.ledgerNo} 拟交办区交通运输局的拟办意见已被领导退回，不能按建议单位再次拟办；请用 --unit 指定单位`);
    expect(await f.store.db.proposal.count({ where: { caseId: c.caseId } })).toBe(1);
    const other = await propose('--ids', c.ledgerNo, '--unit', '区水务局', '--as', 'office');
    expect(other.code).toBe(0);
    expect(await state(c.caseId)).toBe('proposed');
  });

  it('reads --file as UTF-8 only: a GBK file (Notepad’s ANSI) is refused, one with a byte order mark is read', async () => {
    const c = await registered();
    // 你好 in GBK in a comment: the file was saved as ANSI, its 、 between numbers would be garbage too.
    const gbk = path.join(dir, 'ids-gbk.txt');
    await writeFile(gbk, Buffer.concat([Buffer.from('# '), Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), Buffer.from(`\n${c.ledgerNo}\n`)]));
    const refused = await propose('--file', gbk, '--suggested', '--as', 'office');
    expect(refused).toMatchObject({ code: 2, out: '' });
    expect(refused.err).toContain(`错误：--file ${gbk} 第 1 行不是 UTF-8 编码（可能以 GBK/ANSI 保存）：请将文件另存为 UTF-8 后重新处理`);
    expect(await state(c.caseId)).toBe('registered');
    // A BOM before the first number is not part of it (it was: 找不到案件).
    const withBom = path.join(dir, 'ids-bom.txt');
    await writeFile(withBom, `\uFEFF${c.ledgerNo}\r\n`);
    const read = await propose('--file', withBom, '--suggested', '--as', 'office');
    expect(read, read.err).toMatchObject({ code: 0, out: `已拟办  ${c.ledgerNo}  拟交办区交通运输局（简单，2个工作日），待领导审批\n共 1 件：已拟办 1 件，未拟办 0 件\n` });
  });

  it('warns, naming the reason and date, when a case goes back to the unit that returned it, and proposes it all the same', async () => {
    const back = await returnedByRoads('小区内道路属物业管理，不属于本单位职责');
    const elsewhere = await returnedByRoads('供水管道破裂，应由区水务局办理');

    const same = await propose('--ids', back.ledgerNo, '--unit', '区交通运输局', '--as', 'office');
    expect(same).toEqual({
      code: 0,
      out:
        `已拟办  ${back.ledgerNo}  拟交办区交通运输局（简单，2个工作日），待领导审批\n` +
        '        注意：区交通运输局曾于 2026-11-24 退回本案件，退回理由：小区内道路属物业管理，不属于本单位职责。如仍交由该单位，请先与其沟通\n' +
        '共 1 件：已拟办 1 件，未拟办 0 件\n',
      err: '',
    });
    expect(await state(back.caseId)).toBe('proposed');
    // Another unit: no warning.
    const other = await propose('--ids', elsewhere.ledgerNo, '--unit', '区水务局', '--as', 'office');
    expect(other).toEqual({ code: 0, out: `已拟办  ${elsewhere.ledgerNo}  拟交办区水务局（简单，2个工作日），待领导审批\n共 1 件：已拟办 1 件，未拟办 0 件\n`, err: '' });
  });

  it('names 协办单位 for every case with --assist, and refuses one that is the lead or not a unit', async () => {
    const c = await registered();
    const lead = await propose('--ids', c.ledgerNo, '--suggested', '--assist', '区交通运输局', '--as', 'office');
    expect(lead.code).toBe(1);
    expect(lead.out).toContain('主办单位不能同时是协办单位');
    expect((await propose('--ids', c.ledgerNo, '--suggested', '--assist', '区财政局', '--as', 'office')).err).toContain('--assist 不是在用的承办单位：区财政局');
    expect(await state(c.caseId)).toBe('registered');
    const ok = await propose('--ids', c.ledgerNo, '--suggested', '--assist', '区水务局', '--as', 'office');
    expect(ok).toEqual({ code: 0, out: `已拟办  ${c.ledgerNo}  拟交办区交通运输局，协办：区水务局（简单，2个工作日），待领导审批\n共 1 件：已拟办 1 件，未拟办 0 件\n`, err: '' });
    expect(await f.store.db.proposal.findFirstOrThrow({ where: { caseId: c.caseId } })).toMatchObject({ unitId: f.units.roads, assistUnitIds: [f.units.water] });
  });

  it('refuses an account that may not propose, and a command line that names no unit or no account', async () => {
    const c = await registered();
    const leader = await propose('--ids', c.ledgerNo, '--suggested', '--as', 'leader');
    expect(leader.code).toBe(1);
    expect(leader.err).toContain('区政府领导不能提出拟办意见（由区政府办办理）');
    expect((await propose('--ids', c.ledgerNo, '--suggested', '--as', 'nobody')).err).toContain('账号不存在：nobody');
    const noAccount = await propose('--ids', c.ledgerNo, '--suggested');
    expect(noAccount.code).toBe(2);
    expect(noAccount.err).toContain('请用 --as 指定');
    const both = await propose('--ids', c.ledgerNo, '--suggested', '--unit', '区水务局', '--as', 'office');
    expect(both.code).toBe(2);
    expect(both.err).toContain('--suggested（按建议单位）和 --unit');
    expect((await propose('--ids', c.ledgerNo, '--unit', '区财政局', '--as', 'office')).err).toContain('--unit 不是在用的承办单位：区财政局');
    expect(await state(c.caseId)).toBe('registered');
  });
});

describe('minsheng cases propose while a main job holds the embedded store', () => {
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

  /** The same morning's cases twice over, one set for each way the command goes. */
  async function morning() {
    const plain = await registered();
    const complex = await registered('区水务局', 'complex');
    const taken = await registered();
    await proposeHandling(f.store.db, { caseId: taken.caseId, unitId: f.units.water, opinion: '请区水务局核实', actor: { userId: 'office2', username: 'office2', role: 'gov_office' } });
    const unsuggested = await registered(null);
    const back = await returnedByRoads('小区内道路属物业管理，不属于本单位职责');
    return { plain, complex, taken, unsuggested, back };
  }
  type Morning = Awaited<ReturnType<typeof morning>>;
  /** The two runs of a morning: by suggestion (a case named twice, one unknown), then the returned case back to its unit with a helper. */
  const runs = (m: Morning) => [
    ['--ids', [m.plain, m.complex, m.taken, m.unsuggested, m.plain].map((c) => c.ledgerNo.toLowerCase()).join(',') + ',YT-1999-000001', '--suggested', '--as', 'office'],
    ['--ids', m.back.ledgerNo, '--unit', '区交通运输局', '--assist', '区水务局', '--complexity', '复杂', '--opinion', '请与物业公司共同核实处理', '--as', 'office'],
  ];
  /** The output with each case's 台账编号 named by its role in the morning, to compare the two sets. */
  const named = (text: string, m: Morning) => Object.entries(m).reduce((t, [role, c]) => t.replaceAll(c.ledgerNo, `<${role}>`), text);

  it('proposes through its API as the account named, with the lines the command prints on the store', { timeout: 90_000 }, async () => {
    const onStore = await morning();
    const viaJob = await morning();
    const expected = [
      {
        code: 1,
        out: [
          '已拟办  <plain>  拟交办区交通运输局（简单，2个工作日），待领导审批',
          '已拟办  <complex>  拟交办区水务局（复杂，3个工作日），待领导审批',
          expect.stringMatching(/^未拟办 {2}<taken> {2}案件 <taken> 已由 office2 拟办（拟交办区水务局）/),
          '未拟办  <unsuggested>  案件 <unsuggested> 没有建议承办单位，不能按建议单位拟办；请用 --unit 指定单位',
          '未拟办  YT-1999-000001  找不到案件：YT-1999-000001',
          '共 5 件：已拟办 2 件，未拟办 3 件',
          '',
        ],
      },
      {
        code: 0,
        out: [
          '已拟办  <back>  拟交办区交通运输局，协办：区水务局（复杂，3个工作日），待领导审批',
          '        注意：区交通运输局曾于 2026-11-24 退回本案件，退回理由：小区内道路属物业管理，不属于本单位职责。如仍交由该单位，请先与其沟通',
          '共 1 件：已拟办 1 件，未拟办 0 件',
          '',
        ],
      },
    ];
    const [storeRuns, jobRuns] = [runs(onStore), runs(viaJob)];
    for (const [i, want] of expected.entries()) {
      const direct = await propose(...storeRuns[i]!);
      expect(direct.err).toBe('');
      expect({ code: direct.code, out: named(direct.out, onStore).split('\n') }).toEqual(want);
      const through = await minsheng(['cases', 'propose', ...jobRuns[i]!]);
      expect(through.err).toBe('内置数据库正由民声主程序（pid ' + process.pid + '）使用，经其接口拟办……\n');
      expect({ code: through.code, out: named(through.out, viaJob).split('\n') }).toEqual(want);
      expect(named(through.out, viaJob)).toBe(named(direct.out, onStore));
    }
    // Done as on the store: signed by the account named (not the local command line), with what was asked.
    for (const m of [onStore, viaJob]) {
      expect([await state(m.plain.caseId), await state(m.complex.caseId), await state(m.unsuggested.caseId), await state(m.back.caseId)]).toEqual(['proposed', 'proposed', 'registered', 'proposed']);
      expect(await f.store.db.event.findFirstOrThrow({ where: { caseId: m.plain.caseId, type: 'propose' } })).toMatchObject({ actor: 'office', role: 'gov_office' });
      expect(await f.store.db.proposal.findFirstOrThrow({ where: { caseId: m.back.caseId, decision: 'pending' } })).toMatchObject({ unitId: f.units.roads, assistUnitIds: [f.units.water], complexity: 'complex', opinion: '请与物业公司共同核实处理', proposedBy: 'office' });
    }
  });

  it('looks up a file longer than one request takes in parts, each reference answered in its place', { timeout: 60_000 }, async () => {
    const [first, last] = [await registered(), await registered('区水务局')];
    const unknown = Array.from({ length: maxReferencesPerLookup }, (_, i) => `YT-1999-${String(i + 1).padStart(6, '0')}`);
    const file = path.join(dir, 'long.txt');
    await writeFile(file, [first.ledgerNo, ...unknown, last.ledgerNo].join('\n'));
    const { code, out } = await minsheng(['cases', 'propose', '--file', file, '--suggested', '--as', 'office']);
    expect(code).toBe(1);
    const lines = out.split('\n');
    expect(lines).toHaveLength(maxReferencesPerLookup + 4);
    expect(lines[0]).toBe(`已拟办  ${first.ledgerNo}  拟交办区交通运输局（简单，2个工作日），待领导审批`);
    expect(lines[maxReferencesPerLookup]).toBe(`未拟办  YT-1999-${String(maxReferencesPerLookup).padStart(6, '0')}  找不到案件：YT-1999-${String(maxReferencesPerLookup).padStart(6, '0')}`);
    expect(lines.slice(-3)).toEqual([`已拟办  ${last.ledgerNo}  拟交办区水务局（简单，2个工作日），待领导审批`, `共 ${maxReferencesPerLookup + 2} 件：已拟办 2 件，未拟办 ${maxReferencesPerLookup} 件`, '']);
    expect([await state(first.caseId), await state(last.caseId)]).toEqual(['proposed', 'proposed']);
  });

  it('refuses an account that may not propose or does not exist, and its routes refuse a console session', { timeout: 90_000 }, async () => {
    const c = await registered();
    const leader = await minsheng(['cases', 'propose', '--ids', c.ledgerNo, '--suggested', '--as', 'leader']);
    expect(leader.code).toBe(1);
    expect(leader.err).toContain('区政府领导不能提出拟办意见（由区政府办办理）');
    expect(leader.out).toBe('');
    const nobody = await minsheng(['cases', 'propose', '--ids', c.ledgerNo, '--suggested', '--as', 'nobody']);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toContain('账号不存在：nobody');
    expect(await state(c.caseId)).toBe('registered');

    const item = { caseId: c.caseId, unitId: f.units.roads, shownUnitId: f.units.roads, expectedState: 'registered' };
    // A console session, an administrator's and the 区政府办's own too, cannot look up or propose on an account's behalf.
    for (const username of ['admin', 'office']) {
      const login = await fetch(`${url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      expect(login.status, username).toBe(200);
      const cookies = login.headers.getSetCookie().map((x) => x.split(';')[0]!);
      const csrf = cookies.find((x) => x.startsWith('ms_csrf='))!.slice('ms_csrf='.length);
      const headers = { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf };
      for (const [route, body] of [
        ['/api/cli/proposals', { as: 'office', items: [item] }],
        ['/api/cli/proposals/cases', { as: 'office', references: [c.ledgerNo] }],
      ] as const) {
        const res = await fetch(`${url}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
        expect(res.status, `${username} ${route}`).toBe(403);
        expect(((await res.json()) as { error: { message: string } }).error.message).toBe('只有本机的 minsheng 命令可以代账号办理');
      }
    }
    expect(await state(c.caseId)).toBe('registered');
    // The local token itself proposes for the account named: the one checked.
    const asOffice = await fetch(`${url}/api/cli/proposals`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-minsheng-local-token': token }, body: JSON.stringify({ as: 'office', items: [item] }) });
    expect(asOffice.status).toBe(200);
    expect(await asOffice.json()).toMatchObject({ proposed: 1, outcomes: [{ caseId: c.caseId, ok: true, unit: '区交通运输局' }] });
    expect(await state(c.caseId)).toBe('proposed');
  });
});
