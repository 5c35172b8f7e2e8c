/** 待我办理: the ledger filter of the cases waiting for each role's next step (workflow/cases/todo-filter.ts), on PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase, decideNotAccepted, decideProposal, listCases, proposeHandling, recordVisit, registerCase, requestExtension, submitReport } from '../workflow/cases/index.js';
import type { Actor } from '../workflow/users/index.js';
import { toReplied } from './helpers/case-steps.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
const ids: Record<string, string> = {};

/** A case walked to `step` along the path, its unit 区交通运输局 unless told. */
async function caseAt(name: string, step: 'review' | 'registered' | 'proposed' | 'assigned' | 'extension' | 'reported' | 'replied' | 'not_accepted', unitId = f.units.roads) {
  const { caseId } = await newCase(f, { title: `${name} 道路破损问题` });
  ids[name] = caseId;
  if (step === 'review') return;
  if (step === 'not_accepted') {
    await decideNotAccepted(f.store.db, { caseId, reasons: ['advertising'], note: '商业广告', actor: f.actors.egov });
    return;
  }
  await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });
  if (step === 'registered') return;
  await proposeHandling(f.store.db, { caseId, unitId, opinion: '请核实处理', actor: f.actors.office });
  if (step === 'proposed') return;
  await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader });
  await assignCase(f.store.db, { caseId, actor: f.actors.office, now: at('2026-11-02') });
  const unit = unitId === f.units.roads ? f.actors.roads : f.actors.water;
  if (step === 'extension') await requestExtension(f.store.db, { caseId, progress: '正在协调施工单位', reason: '需要施工单位排期', days: 3, actor: unit, now: at('2026-11-03') });
  if (step === 'reported') await submitReport(f.store.db, { caseId, text: '经核实，已安排维修队伍对破损路面进行修补，预计本周内完成。', actor: unit, now: at('2026-11-03'), acknowledgeFindings: true });
  if (step === 'replied') await toReplied(f, caseId, at('2026-11-03'), unit);
}

const todo = async (actor: Actor) => (await listCases(f.store.db, { actor, filter: { todo: true } })).items.map((c) => c.title.split(' ')[0]).sort();

beforeAll(async () => {
  f = await openFixture();
  await caseAt('待审核', 'review');
  await caseAt('已登记', 'registered');
  await caseAt('待审批', 'proposed');
  await caseAt('办理中', 'assigned');
  await caseAt('申请延期', 'extension', f.units.water);
  await caseAt('已报送', 'reported');
  await caseAt('不予受理', 'not_accepted');
  await caseAt('已回复', 'replied');
});
afterAll(async () => {
  await f?.close();
});

describe('待我办理', () => {
  it("lists each role's next steps and nothing else", async () => {
    // 回访 of a replied case is the centre's and 督查室's (第五条㈥: 集中回访复核): both list it.
    expect(await todo(f.actors.egov)).toEqual(['已回复', '待审核'].sort());
    expect(await todo(f.actors.office)).toEqual(['已登记']);
    expect(await todo(f.actors.leader)).toEqual(['待审批']);
    // 督查室 reviews reports, answers extension requests, visits replied cases and archives what is finished.
    expect(await todo(f.actors.supervision)).toEqual(['不予受理', '已回复', '已报送', '申请延期'].sort());
    // A unit: its own cases in hand, not another unit's.
    expect(await todo(f.actors.roads)).toEqual(['办理中']);
    expect(await todo(f.actors.water)).toEqual(['申请延期']);
    expect(await todo(f.actors.admin)).toEqual([]);
  });

  it('combines with the other filters and leaves the ledger whole without it', async () => {
    expect((await listCases(f.store.db, { actor: f.actors.supervision, filter: { todo: true, state: 'reported' } })).items.map((c) => c.id)).toEqual([ids['已报送']]);
    expect((await listCases(f.store.db, { actor: f.actors.egov })).total).toBe(8);
  });

  it('takes a replied case off both to-dos once either role has visited it, and puts it in 督查室\'s for 归档', async () => {
    await caseAt('回访', 'replied');
    const caseId = ids['回访']!;
    const visitTodo = async (actor: Actor) => (await listCases(f.store.db, { actor, filter: { todo: true, state: 'replied' } })).items.map((c) => c.id);
    expect(await visitTodo(f.actors.egov)).toContain(caseId);
    expect(await visitTodo(f.actors.supervision)).toContain(caseId);
    // 督查室's 集中回访复核 reaches the citizen first: the centre has nothing left to do on it.
    await recordVisit(f.store.db, { caseId, satisfaction: 'satisfied', method: 'phone', actor: f.actors.supervision });
    expect(await visitTodo(f.actors.egov)).not.toContain(caseId);
    expect(await visitTodo(f.actors.supervision)).not.toContain(caseId);
    expect((await listCases(f.store.db, { actor: f.actors.supervision, filter: { todo: true, state: 'closed' } })).items.map((c) => c.id)).toEqual([caseId]);
    expect((await listCases(f.store.db, { actor: f.actors.egov, filter: { todo: true, state: 'closed' } })).items).toEqual([]);
  });
});
