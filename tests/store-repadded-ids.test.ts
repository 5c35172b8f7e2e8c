/**
 * The store's side of a site that re-pads its letters' ids (`4` → `0004`): a crawled message, and
 * a letter kept out of the district (ExcludedMessage), recorded under another padding of its
 * stored all-digit id is the stored one (its first id kept, its new address taken); ids of another
 * form are matched exactly. On both stores, and on PostgreSQL with two workers recording both
 * spellings of a letter at the same moment. Red team: each spelling made a row of its own. A
 * re-crawl of a letter stored under the very id it is crawled under takes no lock (it waited for
 * another worker holding the letter's lock), a new spelling still does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CrawledMessage } from '../core/index.js';
import { ensureSource, markExclusionAccepted, recordExcludedMessage, recordMessage, type Store } from '../workflow/index.js';
import { lockLetter } from '../workflow/intake/letter-by-site-id.js';
import { openTestPgliteStore, openTestPostgresStore } from './helpers/services.js';

const sourceId = 'repad-store';
const letter = (siteId: string, patch: Partial<CrawledMessage> = {}): CrawledMessage => ({
  sourceId,
  channel: 'city_mailbox',
  siteId,
  url: `http://127.0.0.1:41000/letter/${siteId}.html`,
  title: `关于第${Number(siteId)}号路灯不亮的问题`,
  content: `王石凹街道第${Number(siteId)}号路灯坏了一个月，请尽快维修。`,
  siteStatus: '待回复',
  fetchedAt: '2026-11-30T01:00:00.000Z',
  ...patch,
});

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const stores: [string, () => Promise<Store>][] = [
  ['PGlite', openTestPgliteStore],
  ['PostgreSQL', openTestPostgresStore],
];

describe.each(stores)('a letter recorded under another padding of its id (%s)', (_name, open) => {
  it('is the stored message: one row, its first id, its new address, a real change recorded', { timeout: 60_000 }, async () => {
    store = await open();
    const db = store.db;
    await ensureSource(db, { id: sourceId, name: '市长信箱', channel: 'city_mailbox' });
    const first = await recordMessage(db, letter('4'));
    const repadded = await recordMessage(db, letter('0004', { fetchedAt: '2026-12-01T01:00:00.000Z' }));
    expect(repadded).toEqual({ messageId: first.messageId, isNew: false, changedFields: [], caseId: null });
    const replied = await recordMessage(db, letter('00004', { siteStatus: '已办结', replyText: '已维修。', fetchedAt: '2026-12-02T01:00:00.000Z' }));
    expect(replied).toMatchObject({ messageId: first.messageId, isNew: false, changedFields: ['siteStatus', 'replyText'] });
    const rows = await db.message.findMany({ where: { sourceId }, select: { siteId: true, url: true } });
    expect(rows).toEqual([{ siteId: '4', url: 'http://127.0.0.1:41000/letter/00004.html' }]);

    // Stored padded, crawled plain (a site dropping the padding), and 0 as 000.
    const padded = await recordMessage(db, letter('0017'));
    expect(await recordMessage(db, letter('17'))).toMatchObject({ messageId: padded.messageId, isNew: false });
    const zero = await recordMessage(db, letter('0'));
    expect(await recordMessage(db, letter('000'))).toMatchObject({ messageId: zero.messageId, isNew: false });
    // Other numbers, and ids that are not all digits, are letters of their own.
    for (const id of ['40', '0040', 'XJ4', 'XJ0004', '４']) await recordMessage(db, letter(id));
    expect((await db.message.findMany({ where: { sourceId }, select: { siteId: true } })).map((r) => r.siteId).sort()).toEqual(['0', '0017', '4', '40', 'XJ0004', 'XJ4', '４']);
  });

  it('keeps one excluded letter (非本区留言) under its first id, taking the new address, and finds a message taken in under another padding', { timeout: 60_000 }, async () => {
    store = await open();
    const db = store.db;
    await ensureSource(db, { id: sourceId, name: '市长信箱', channel: 'city_mailbox' });
    const reason = '所属区县为耀州区';
    expect(await recordExcludedMessage(db, letter('21'), reason, 'other_district')).toEqual({ outcome: 'kept' });
    expect(await recordExcludedMessage(db, letter('0021'), reason, 'other_district')).toEqual({ outcome: 'updated' });
    expect(await recordExcludedMessage(db, letter('0021'), reason, 'other_district')).toEqual({ outcome: 'unchanged' });
    expect(await db.excludedMessage.findMany({ where: { sourceId }, select: { siteId: true, url: true } })).toEqual([{ siteId: '21', url: 'http://127.0.0.1:41000/letter/0021.html' }]);

    // In scope now under the new spelling: the message is recorded, the excluded copy marked taken in.
    const taken = await recordMessage(db, letter('00021'));
    await markExclusionAccepted(db, { sourceId, siteId: '00021', messageId: taken.messageId });
    expect(await db.excludedMessage.findFirstOrThrow({ where: { sourceId }, select: { messageId: true } })).toEqual({ messageId: taken.messageId });
    // Judged another district's again later under yet another spelling: the message has it.
    expect(await recordExcludedMessage(db, letter('021'), reason, 'other_district')).toEqual({ outcome: 'accepted' });
    expect(await db.message.count({ where: { sourceId } })).toBe(1);
  });
});

describe('two workers recording two paddings of one letter at once (PostgreSQL)', () => {
  it('make one message of each letter', { timeout: 60_000 }, async () => {
    store = await openTestPostgresStore();
    const db = store.db;
    await ensureSource(db, { id: sourceId, name: '市长信箱', channel: 'city_mailbox' });
    const numbers = Array.from({ length: 20 }, (_, i) => String(i + 1));
    // Each letter recorded as N and as 000N at the same moment; a loser of the unique key retries, as the queue does.
    const record = async (m: CrawledMessage) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await recordMessage(db, m);
        } catch (error) {
          if (attempt >= 3) throw error;
        }
      }
    };
    const results = await Promise.all(numbers.flatMap((n) => [record(letter(n)), record(letter(n.padStart(4, '0')))]));
    expect(results.filter((r) => r.isNew)).toHaveLength(20);
    const rows = await db.message.findMany({ where: { sourceId }, select: { siteId: true } });
    expect(rows.map((r) => String(Number(r.siteId))).sort()).toEqual([...numbers].sort());
  });
});

describe('the letter lock while another worker holds it (PostgreSQL)', () => {
  it('a re-crawl under the stored id records without waiting; another padding waits, then is the same message', { timeout: 60_000 }, async () => {
    store = await openTestPostgresStore();
    const db = store.db;
    await ensureSource(db, { id: sourceId, name: '市长信箱', channel: 'city_mailbox' });
    const first = await recordMessage(db, letter('0004'));
    // Another worker's transaction recording letter 4, holding its lock until released.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const lockHeld = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.$transaction(async (tx) => {
      await lockLetter(tx, sourceId, '4');
      locked();
      await released;
    }, { timeout: 30_000 });
    await lockHeld;
    const within = <T>(ms: number, work: Promise<T>) => Promise.race([work, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms))]);
    try {
      const again = await within(3000, recordMessage(db, letter('0004', { siteStatus: '已办结', fetchedAt: '2026-12-01T01:00:00.000Z' })));
      expect(again).toEqual({ messageId: first.messageId, isNew: false, changedFields: ['siteStatus'], caseId: null });
      const repadded = recordMessage(db, letter('4', { siteStatus: '已办结', fetchedAt: '2026-12-02T01:00:00.000Z' }));
      expect(await within(1000, repadded)).toBe('still waiting');
      release();
      expect(await repadded).toEqual({ messageId: first.messageId, isNew: false, changedFields: [], caseId: null });
    } finally {
      release();
      await holder;
    }
    expect(await db.message.findMany({ where: { sourceId }, select: { siteId: true, siteStatus: true } })).toEqual([{ siteId: '0004', siteStatus: '已办结' }]);
  });
});
