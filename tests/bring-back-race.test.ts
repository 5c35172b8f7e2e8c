/**
 * 转入受理 while a crawl records the same letter (PostgreSQL): the crawl's insert, not yet committed,
 * is invisible to the bring-back's check, so the bring-back's own insert waits on the unique
 * (source, site id) key and fails when the crawl commits. CI caught a re-judgement run of the
 * gazetteer stopped by that error (tests/pipeline-recheck-scope.test.ts, under load). It must be
 * the CONFLICT of a letter already taken in: the re-judgement counts it as taken meanwhile and goes
 * on, and the excluded row stays unclaimed for the crawl to link. Made deterministic here by holding
 * the crawl's transaction open while the bring-back runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type CrawledMessage } from '../core/index.js';
import { bringBackExcludedMessage, ensureSource, recordExcludedMessage, systemActor, type Store } from '../workflow/index.js';
import { newMessageRow } from '../workflow/intake/record-message.js';
import { openTestPostgresStore } from './helpers/services.js';

let store: Store & { schema: string };

beforeAll(async () => {
  store = await openTestPostgresStore();
});
afterAll(async () => {
  await store?.close();
});

const letter: CrawledMessage = {
  sourceId: 'city-race',
  channel: 'city_mailbox',
  siteId: '880001',
  title: '陈炉镇立地坡村道路坑洼',
  content: '陈炉镇立地坡村的路面坑洼，雨天积水，请修一修。',
  fetchedAt: new Date().toISOString(),
};

describe('转入受理 racing a crawl of the same letter', () => {
  it('is refused as taken in (409), not an error, when the crawl commits while it waits', async () => {
    await ensureSource(store.db, { id: letter.sourceId, name: '铜川市市长信箱', channel: 'city_mailbox' });
    await recordExcludedMessage(store.db, letter, '未提及印台区的地名或单位', 'no_place');
    const excluded = await store.db.excludedMessage.findFirstOrThrow({ where: { sourceId: letter.sourceId, siteId: letter.siteId } });

    let bringBack: Promise<unknown> | undefined;
    await store.db.$transaction(async (tx) => {
      // The crawl inserts the letter and has not committed when the bring-back starts.
      await tx.message.create({ data: newMessageRow(letter, new Date()) });
      bringBack = bringBackExcludedMessage(store.db, { id: excluded.id, note: '地名表更新后重新判断', actor: { ...systemActor, role: 'admin' } }).catch((error: unknown) => error);
      // Long enough for the bring-back to reach its insert and wait on the key.
      await new Promise((r) => setTimeout(r, 500));
    });
    const outcome = await bringBack;
    expect(outcome).toBeInstanceOf(AppError);
    expect(outcome).toMatchObject({ code: 'CONFLICT', message: '这条留言已作为本区留言采集，不能重复转入' });
    // One message, the crawl's; the excluded row's claim rolled back with the refused transaction.
    expect(await store.db.message.count({ where: { sourceId: letter.sourceId, siteId: letter.siteId } })).toBe(1);
    expect(await store.db.excludedMessage.findUniqueOrThrow({ where: { id: excluded.id } })).toMatchObject({ messageId: null, broughtBackBy: null });
  });
});
