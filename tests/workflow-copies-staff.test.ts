/**
 * Copies as staff meet them in a working week (QA, real PostgreSQL, the real intake with the
 * store's de-duplication index): a letter posted again after the reply is out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSource, recordMessage, registerMessage, StoreDedup } from '../workflow/index.js';
import { mergeCases } from '../workflow/cases/index.js';
import { batchAcceptSuggestions, listReviewQueue } from '../workflow/console-queries/review-queue.js';
import { caseState, toAssigned, toReplied } from './helpers/case-steps.js';
import { plainSuggestion } from './helpers/ledger-suggestion.js';
import { at, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f?.close();
});

let n = 0;
const dedup = new StoreDedup();
async function arrive(channel: 'district_mailbox' | 'city_mailbox', letter: { title: string; content: string; author?: string }) {
  await ensureSource(f.store.db, { id: `src-${channel}`, name: `测试来源 ${channel}`, channel });
  const { messageId } = await recordMessage(f.store.db, { sourceId: `src-${channel}`, channel, siteId: `copies-${Date.now()}-${++n}`, ...letter, fetchedAt: new Date().toISOString() });
  return { messageId, ...(await registerMessage(f.store.db, { messageId, classification: { ...plainSuggestion, confidence: 0.95 }, dedup })) };
}

describe('a letter posted again after the reply is out (再次反映)', () => {
  it('is not offered as a copy of the answered case, cannot be merged into it, and is registered by batch confirmation', async () => {
    // QA: registration opens such a letter as a case of its own, but the review queue then showed
    // it as 疑似重复 of the answered case (same title) with a 并入 button and 属重复留言 typed in,
    // kept it out of 批量确认, and the merge went through: the citizen's second letter sat in a
    // replied case with no step left, seen by nobody.
    const letter = { title: '城关街道北关街路灯又不亮了', content: '城关街道北关街中段路灯一到晚上就不亮，行人摔倒过好几次，请相关部门尽快维修。', author: '孙志刚' };
    const original = await arrive('district_mailbox', letter);
    await toAssigned(f, original.caseId, at('2026-11-02'));
    await toReplied(f, original.caseId, at('2026-11-03'));
    const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: original.caseId } });

    const again = await arrive('city_mailbox', letter);
    expect(again.outcome).toBe('created');
    const item = (await listReviewQueue(f.store.db, { actor: f.actors.egov })).items.find((i) => i.caseId === again.caseId);
    expect(item?.likelyCopyOf).toBeNull();
    expect(item?.repeatsAnswered).toMatchObject({ caseId: original.caseId, ledgerNo, state: 'replied', stateName: '已回复' });

    const refused = await mergeCases(f.store.db, { caseId: again.caseId, intoCaseId: original.caseId, note: '与原案件反映同一问题，属重复留言', actor: f.actors.egov }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect((refused as Error).message).toContain(`案件 ${ledgerNo} 已答复（已回复）`);
    expect(await caseState(f, again.caseId)).toBe('awaiting_review');
    expect(await f.store.db.message.count({ where: { caseId: original.caseId } })).toBe(1);

    const batch = await batchAcceptSuggestions(f.store.db, { actor: f.actors.egov, threshold: 0.9, caseIds: [again.caseId] });
    expect(batch.skipped).toEqual([]);
    expect(batch.accepted.map((a) => a.caseId)).toEqual([again.caseId]);
    expect(await caseState(f, again.caseId)).toBe('registered');
  });
});
