/**
 * The ledger's 承办单位 filter reads the unit its rows show (QA, office's day): before 交办, a case
 * proposed or agreed is listed under the unit of its proposal (拟：…), not under the classifier's
 * suggestion nor under the unit that returned it; a case 已登记 or 承办单位已退回 under the unit its row
 * shows (建议：…, 已退回：…); after 交办, under the lead unit. Before, 区水务局 found none of the cases
 * agreed to it, and 区交通运输局 found the one it had returned and the office had proposed elsewhere.
 * An export's 承办单位 (one row per case, and per message) says the same.
 * On PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase, decideProposal, listCases, proposeHandling, registerCase, returnCase } from '../workflow/cases/index.js';
import { exportRowBatches, exportMessageRowBatches } from '../workflow/exports/index.js';
import { newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;

beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f?.close();
});

describe('the ledger filtered by 承办单位', () => {
  it('lists a case before 交办 under the unit its row shows', async () => {
    const db = f.store.db;
    const ids: Record<string, string> = {};
    // Suggested 区交通运输局 (the fixture's default suggestion) for each.
    for (const name of ['registered', 'proposedElsewhere', 'agreedElsewhere', 'returned', 'returnedThenProposed', 'assigned']) {
      ids[name] = (await newCase(f)).caseId;
      await registerCase(db, { caseId: ids[name]!, category: '投诉', actor: f.actors.egov });
    }
    const propose = (caseId: string, unitId: string) => proposeHandling(db, { caseId, unitId, opinion: '请核实办理', actor: f.actors.office });
    const agree = (caseId: string) => decideProposal(db, { caseId, approve: true, actor: f.actors.leader });
    await propose(ids.proposedElsewhere!, f.units.water);
    await propose(ids.agreedElsewhere!, f.units.water);
    await agree(ids.agreedElsewhere!);
    for (const name of ['returned', 'returnedThenProposed', 'assigned']) {
      await propose(ids[name]!, f.units.roads);
      await agree(ids[name]!);
      await assignCase(db, { caseId: ids[name]!, actor: f.actors.office });
    }
    for (const name of ['returned', 'returnedThenProposed']) await returnCase(db, { caseId: ids[name]!, reason: '不属本局职责', actor: f.actors.roads });
    await propose(ids.returnedThenProposed!, f.units.water);
    await agree(ids.returnedThenProposed!);

    const listed = async (unitId: string) => {
      const out = await listCases(db, { actor: f.actors.office, filter: { unitId, limit: 100 } });
      const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
      return out.items.map((c) => names[c.id]).filter(Boolean).sort();
    };
    expect(await listed(f.units.roads)).toEqual(['assigned', 'registered', 'returned'].sort());
    expect(await listed(f.units.water)).toEqual(['agreedElsewhere', 'proposedElsewhere', 'returnedThenProposed'].sort());
    // The count agrees with the rows.
    expect((await listCases(db, { actor: f.actors.office, filter: { unitId: f.units.water, state: 'approved' } })).total).toBe(2);

    // Exported, each case's 承办单位 is the unit its ledger row names.
    const ledgerNos = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([k, v]) => [(await db.case.findUniqueOrThrow({ where: { id: v } })).ledgerNo, k])));
    const units = async (batches: AsyncGenerator<{ ledgerNo: string; unit: string }[]>) => {
      const out: Record<string, string> = {};
      for await (const rows of batches) for (const r of rows) if (ledgerNos[r.ledgerNo]) out[ledgerNos[r.ledgerNo]!] = r.unit;
      return out;
    };
    const expected = { registered: '区交通运输局', proposedElsewhere: '区水务局', agreedElsewhere: '区水务局', returned: '区交通运输局', returnedThenProposed: '区水务局', assigned: '区交通运输局' };
    expect(await units(exportRowBatches(db, { filter: {}, actor: f.actors.office, masked: false }) as AsyncGenerator<{ ledgerNo: string; unit: string }[]>)).toEqual(expected);
    expect(await units(exportMessageRowBatches(db, { filter: {}, actor: f.actors.office, masked: false }))).toEqual(expected);
  });
});
