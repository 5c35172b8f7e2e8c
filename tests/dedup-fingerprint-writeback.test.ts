/**
 * After a release changes the fingerprint (FINGERPRINT_VERSION), the start-up catch-up recomputes the
 * stored fingerprints of the messages registered before and writes them back with the index's
 * decision made now (issue 5), so the next start replays those messages instead of fingerprinting
 * and deciding them again, and the decisions stay what they were. An older release is faked as in
 * workflow-likely-copies-upgrade.test.ts: the stored `v` rewritten to FINGERPRINT_VERSION - 1.
 * Real stores: the embedded PGlite and PostgreSQL, one fresh store per run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CrawledMessage } from '../core/index.js';
import { fingerprint, FINGERPRINT_VERSION, type Fingerprint } from '../dedup/index.js';
import { ensureSource, recordMessage, registerMessage, StoreDedup, type Store } from '../workflow/index.js';
import { plainSuggestion } from './helpers/ledger-suggestion.js';
import { openTestPgliteStore, openTestPostgresStore } from './helpers/services.js';

const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
});

const base = Date.parse('2026-11-02T01:00:00Z');
const lamp = { title: '碧水湾小区门口路灯不亮', content: '碧水湾小区门口的三盏路灯已经坏了半个月，晚上出门一片漆黑，老人摔倒过两次，请尽快维修。' };
const water = { title: '立地坡村自来水断供', content: '立地坡村从上周三开始自来水断供，至今已经六天，村里老人只能去两公里外挑水，村委会说是水管冻裂了，请水务部门尽快抢修恢复供水。' };
const bus = { title: '建议增开到陈炉镇的公交', content: '陈炉镇到区政府只有早晚两班公交车，建议中午增开一班，方便群众办事。' };

async function open(kind: 'pglite' | 'postgres'): Promise<Store> {
  const store = kind === 'pglite' ? await openTestPgliteStore() : await openTestPostgresStore();
  stores.push(store);
  await ensureSource(store.db, { id: 'src', name: '区长信箱', channel: 'district_mailbox' });
  return store;
}

let n = 0;
async function arrive(store: Store, text: { title: string; content: string }, day: number): Promise<{ messageId: string; siteId: string }> {
  const at = new Date(base + day * 86_400_000).toISOString();
  const message: CrawledMessage = { sourceId: 'src', channel: 'district_mailbox', siteId: `w${++n}`, title: text.title, content: text.content, postedAt: at, fetchedAt: at };
  return { messageId: (await recordMessage(store.db, message)).messageId, siteId: message.siteId };
}

/** Registers the letters with one process's index; their message ids in order. */
async function registerLetters(store: Store, letters: { text: { title: string; content: string }; day: number }[]): Promise<string[]> {
  const dedup = new StoreDedup();
  const ids: string[] = [];
  for (const letter of letters) {
    const { messageId } = await arrive(store, letter.text, letter.day);
    await registerMessage(store.db, { messageId, classification: plainSuggestion, dedup });
    ids.push(messageId);
  }
  return ids;
}

/** As the release before the fingerprint change left the store: fingerprints of the previous version, decisions not kept. */
async function downgrade(store: Store): Promise<void> {
  for (const m of await store.db.message.findMany({ select: { id: true, fingerprint: true } })) {
    await store.db.message.update({ where: { id: m.id }, data: { fingerprint: { ...(m.fingerprint as object), v: FINGERPRINT_VERSION - 1 }, indexDecided: false, indexMatchId: null } });
  }
}

/** Each message's stored fingerprint, index decision and the row's version (xmin: changes with every write of the row). */
async function rows(store: Store) {
  const found = await store.db.message.findMany({ orderBy: { dedupSeq: 'asc' }, select: { id: true, title: true, content: true, fingerprint: true, indexDecided: true, indexMatchId: true, caseId: true, duplicateOfId: true, hotIssueKey: true } });
  const xmin = new Map((await store.db.$queryRaw<{ id: string; xmin: string }[]>`SELECT "id", xmin::text AS xmin FROM "Message"`).map((r) => [r.id, r.xmin]));
  return found.map((r) => ({ ...r, xmin: xmin.get(r.id) }));
}

/** Catches up a fresh process's index; what the start-up progress reported last: [replayed, rewritten]. */
async function start(store: Store): Promise<{ dedup: StoreDedup; loaded: number; rewritten: number }> {
  const dedup = new StoreDedup({ batchSize: 2 });
  let rewritten = 0;
  const loaded = await dedup.catchUp(store.db, (_replayed, written) => {
    rewritten = written;
  });
  return { dedup, loaded, rewritten };
}

describe.each(['pglite', 'postgres'] as const)('fingerprints of an older release written back at start-up (%s)', (kind) => {
  it('writes current fingerprints and the index decision made now, so the next start recomputes nothing', async () => {
    const store = await open(kind);
    const [a, copy, other, bus1] = await registerLetters(store, [
      { text: water, day: 0 },
      { text: { title: water.title, content: `${water.content}已经一周了还没人管。` }, day: 1 },
      { text: lamp, day: 1 },
      { text: bus, day: 2 },
    ]);
    const registered = await rows(store);
    expect(registered.find((r) => r.id === copy)?.indexMatchId).toBe(a); // the index linked the copy
    await downgrade(store);

    // (1) The first start after the upgrade recomputes every fingerprint and writes it back.
    const first = await start(store);
    expect(first.loaded).toBe(4);
    expect(first.rewritten).toBe(4);
    const after = await rows(store);
    for (const r of after) {
      expect((r.fingerprint as unknown as Fingerprint).v).toBe(FINGERPRINT_VERSION);
      expect(r.fingerprint).toEqual(JSON.parse(JSON.stringify(fingerprint({ title: r.title, content: r.content }))));
      expect(r.indexDecided).toBe(true);
    }
    expect(Object.fromEntries(after.map((r) => [r.id, r.indexMatchId]))).toEqual({ [a!]: null, [copy!]: a, [other!]: null, [bus1!]: null });
    // The write-back touches the index's fields only: links, cases and hot issues are as registered.
    const links = (rs: typeof after) => rs.map((r) => [r.id, r.caseId, r.duplicateOfId, r.hotIssueKey]);
    expect(links(after)).toEqual(links(registered));

    // (2) A second start replays what was written: it rewrites no row and reports nothing rewritten.
    const second = await start(store);
    expect(second.loaded).toBe(4);
    expect(second.rewritten).toBe(0);
    expect(await rows(store)).toEqual(after);
    expect(second.dedup.size).toBe(first.dedup.size);
  });

  it('never overwrites a fingerprint that is already current', async () => {
    const store = await open(kind);
    const [a, copy] = await registerLetters(store, [
      { text: water, day: 0 },
      { text: { title: water.title, content: `${water.content}已经一周了还没人管。` }, day: 1 },
    ]);
    await downgrade(store);
    // Another worker (or a registration of this release) wrote the copy's current fingerprint meanwhile.
    const current = await store.db.message.update({ where: { id: copy! }, data: { fingerprint: fingerprint({ title: water.title, content: `${water.content}已经一周了还没人管。` }) as object, indexDecided: true, indexMatchId: a! } });
    const before = (await rows(store)).find((r) => r.id === copy);
    const first = await start(store);
    expect(first.rewritten).toBe(1); // the first message only
    expect((await rows(store)).find((r) => r.id === copy)).toEqual(before);
    expect(current.indexMatchId).toBe(a);
  });

  it('says when the store refuses the write-back, loads the index all the same, and writes them at the next start', async () => {
    const store = await open(kind);
    await registerLetters(store, [
      { text: water, day: 0 },
      { text: bus, day: 1 },
      { text: lamp, day: 2 },
    ]);
    await downgrade(store);
    // A real refusal by the database (as a full disk or a revoked grant would give), not a stand-in client.
    await store.db.$executeRawUnsafe(`CREATE FUNCTION refuse_message_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await store.db.$executeRawUnsafe(`CREATE TRIGGER refuse_message_update BEFORE UPDATE ON "Message" FOR EACH ROW EXECUTE FUNCTION refuse_message_update()`);
    const failures: { message: string; rows: number }[] = [];
    const refused = new StoreDedup({ batchSize: 2 });
    const loaded = await refused.catchUp(store.db, undefined, (error, count) => failures.push({ message: (error as Error).message, rows: count }));
    expect(loaded).toBe(3);
    expect(refused.size).toBe(3);
    expect(failures.map((f) => f.rows)).toEqual([2, 1]);
    expect(failures[0]!.message).toMatch(/refused for the test/);
    expect((await rows(store)).every((r) => (r.fingerprint as unknown as Fingerprint).v === FINGERPRINT_VERSION - 1)).toBe(true);
    await store.db.$executeRawUnsafe(`DROP TRIGGER refuse_message_update ON "Message"`);
    const next = await start(store);
    expect(next.rewritten).toBe(3);
  });
});

describe('decisions across the write-back', () => {
  /**
   * Letters registered by the older release, an upgrade start (a process that keeps running), the
   * site editing a letter, and a later letter: decided by the process that kept running, or by one
   * started after the edit. The later letter joins the hot issue either way.
   */
  async function later(restart: boolean): Promise<{ outcome: string; hotIssue: string | null; joined: boolean }> {
    const store = await open('postgres');
    const [p] = await registerLetters(store, [{ text: lamp, day: 0 }, { text: bus, day: 0 }]);
    await downgrade(store);
    let { dedup } = await start(store); // the upgrade's start
    const siteId = (await store.db.message.findUniqueOrThrow({ where: { id: p! } })).siteId;
    // The site took the estate's name out of the letter after the upgrade.
    const at = new Date(base + 86_400_000).toISOString();
    await recordMessage(store.db, { sourceId: 'src', channel: 'district_mailbox', siteId, title: '门口路灯不亮', content: '门口的三盏路灯已经坏了半个月，晚上出门一片漆黑，老人摔倒过两次，请尽快维修。', fetchedAt: at });
    if (restart) dedup = new StoreDedup();
    const { messageId } = await arrive(store, { title: '碧水湾小区地下车库漏水', content: '碧水湾小区地下车库顶棚漏水严重，车辆被泡，物业说没有维修资金，请住建部门督促解决。' }, 3);
    const r = await registerMessage(store.db, { messageId, classification: plainSuggestion, dedup });
    const group = r.hotIssue ? await store.db.message.count({ where: { hotIssueKey: r.hotIssue.key } }) : 0;
    return { outcome: r.outcome, hotIssue: r.hotIssue?.key ?? null, joined: group > 1 };
  }

  it('gives a later letter the same hot issue whether the upgraded process kept running or restarted after an edit', async () => {
    const kept = await later(false);
    expect(kept).toMatchObject({ outcome: 'created', hotIssue: expect.stringMatching(/@2026-11-02$/) });
    // The restarted process replays the decision written back at the upgrade (the letter as it was
    // read then, through MessageChange), not the edited letter without the estate's name.
    expect(await later(true)).toEqual(kept);
  });
});
