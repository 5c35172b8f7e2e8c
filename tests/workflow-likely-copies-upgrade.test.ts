/**
 * 疑似重复 across a release that changes the fingerprint (FINGERPRINT_VERSION): the messages
 * registered before the upgrade keep the fingerprint of their release in the store, and a case
 * awaiting review must still be offered as a likely copy of such an earlier case (real PostgreSQL,
 * the real intake).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, FINGERPRINT_VERSION } from '../dedup/index.js';
import { ensureSource, recordMessage, registerMessage, StoreDedup } from '../workflow/index.js';
import { findLikelyCopies } from '../workflow/console-queries/likely-copies.js';
import { plainSuggestion } from './helpers/ledger-suggestion.js';
import { openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f?.close();
});

describe('likely copies of a case registered before the fingerprint changed', () => {
  it('compares the earlier case by its text as this release reads it', async () => {
    await ensureSource(f.store.db, { id: 'src-upgrade', name: '测试来源', channel: 'district_mailbox' });
    const content = '金锁关镇新村小区自今年入冬以来一直没有供暖，室内温度只有十度左右，老人孩子冻得生病，多次找物业和供热站都说在修，请相关部门督促尽快恢复供暖。';
    const { messageId } = await recordMessage(f.store.db, { sourceId: 'src-upgrade', channel: 'district_mailbox', siteId: 'upgrade-1', title: '新村小区入冬没有供暖', content, fetchedAt: new Date().toISOString() });
    const earlier = await registerMessage(f.store.db, { messageId, classification: { ...plainSuggestion, confidence: 0.95 }, dedup: new StoreDedup() });
    // As an earlier release stored it: another version, whose sketches this release does not read.
    const stored = fingerprint({ title: '新村小区入冬没有供暖', content });
    await f.store.db.message.update({ where: { id: messageId }, data: { fingerprint: { ...stored, v: FINGERPRINT_VERSION - 1 } } });
    await f.store.db.case.update({ where: { id: earlier.caseId }, data: { hotIssueKey: 'estate:新村小区' } });

    const later = { title: '金锁关镇新村小区暖气不热', content: `${content}已经一个星期了。` };
    const found = await findLikelyCopies(f.store.db, [
      { id: 'case-later', title: later.title, createdAt: new Date(Date.now() + 60_000), hotIssueKey: 'estate:新村小区', primaryMessageId: 'message-later', fingerprint: fingerprint(later) },
    ]);
    expect(found.get('case-later')).toMatchObject({ caseId: earlier.caseId, reason: 'similar_text' });
  });
});
