/**
 * `minsheng cases propose` (批量拟办 at the command line) on PostgreSQL (DATABASE_URL), through the
 * real CLI entry: one Chinese line per case, a case proposed meanwhile or without a suggested unit
 * refused with its reason while the others are proposed, exit code 1 when any was refused; ids
 * from a file; only a 区政府办 account may propose.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { assignCase, decideProposal, proposeHandling, registerCase, returnCase } from '../workflow/cases/index.js';
import { createUser } from '../workflow/users/index.js';
import { at, databaseUrl, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let dir: string;

beforeAll(async () => {
  f = await openFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-propose-'));
  for (const [username, role] of [['office', 'gov_office'], ['leader', 'leader']] as const) {
    await createUser(f.store.db, { username, displayName: username, password: 'cli-pass-2026', role });
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

  it('warns, naming the reason and date, when a case goes back to the unit that returned it, and proposes it all the same', async () => {
    /** A registered case handed to the roads bureau, which returned it on 2026-11-24 with `reason`. */
    const returnedByRoads = async (reason: string) => {
      const c = await registered();
      await proposeHandling(f.store.db, { caseId: c.caseId, unitId: f.units.roads, opinion: '请区交通运输局办理', actor: f.actors.office, now: at('2026-11-23') });
      await decideProposal(f.store.db, { caseId: c.caseId, approve: true, actor: f.actors.leader, now: at('2026-11-23', 11) });
      await assignCase(f.store.db, { caseId: c.caseId, actor: f.actors.office, now: at('2026-11-23', 14) });
      await returnCase(f.store.db, { caseId: c.caseId, reason, actor: f.actors.roads, now: at('2026-11-24') });
      return c;
    };
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
