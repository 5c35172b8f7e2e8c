/**
 * De-duplication in the store (issue 5): copies from different channels make one case with every
 * reporter counted; a template letter about another estate does not; two workers registering copies
 * at the same moment still make one case; a restarted process rebuilds its index from the store;
 * staff splits and merges are kept in the event log. Real PostgreSQL, two connection pools acting
 * as two workers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, CrawledMessage } from '../core/index.js';
import { mergeCases, openStore, recordMessage, registerMessage, splitCopy, StoreDedup, type Store } from '../workflow/index.js';
import { ensureSource } from '../workflow/index.js';
import { egovActor, plainSuggestion } from './helpers/ledger-suggestion.js';
import { openTestPgliteStore, openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';

const suggestion = plainSuggestion;
const egov = egovActor;

let store: Store & { schema: string };
let second: Store;
let seq = 0;

const heating = {
  title: '城关街道锦绣小区暖气不热',
  content: '我是城关街道锦绣小区3号楼住户，入冬以来家里暖气一直不热，室温只有十二三度，老人孩子都冻感冒了，多次给供热公司打电话都说在排查，一直没有结果，请政府督促供热公司尽快解决。',
};

async function arrive(channel: Channel, text: { title: string; content: string }): Promise<string> {
  const sourceId = `src-${channel}`;
  await ensureSource(store.db, { id: sourceId, name: sourceId, channel });
  const message: CrawledMessage = { sourceId, channel, siteId: `m${++seq}`, title: text.title, content: text.content, fetchedAt: new Date().toISOString() };
  return (await recordMessage(store.db, message)).messageId;
}

beforeAll(async () => {
  store = await openTestPostgresStore();
  second = await openStore({ databaseUrl: testDatabaseUrl, schema: store.schema, poolSize: 3 });
});
afterAll(async () => {
  await second.close();
  await store.close();
});

describe('de-duplication in the store', () => {
  it('links an exact copy and a re-worded re-post from other channels to one case, counting reporters', async () => {
    const dedup = new StoreDedup();
    const first = await registerMessage(store.db, { messageId: await arrive('district_mailbox', heating), classification: suggestion, dedup });
    expect(first.outcome).toBe('created');
    const exact = await registerMessage(store.db, { messageId: await arrive('city_mailbox', { ...heating, content: `${heating.content} ` }), classification: suggestion, dedup });
    const repost = await registerMessage(store.db, {
      messageId: await arrive('forwarded', { title: '锦绣小区暖气不热，再次反映！', content: `${heading()}${heating.content}已经一周了还没人管。` }),
      classification: suggestion,
      dedup,
    });
    expect(exact).toMatchObject({ outcome: 'linked', caseId: first.caseId });
    expect(repost).toMatchObject({ outcome: 'linked', caseId: first.caseId });
    const c = await store.db.case.findUniqueOrThrow({ where: { id: first.caseId }, include: { messages: true } });
    expect(c.reporterCount).toBe(3);
    expect(new Set(c.messages.map((m) => m.channel))).toEqual(new Set(['district_mailbox', 'city_mailbox', 'forwarded']));
    const links = await store.db.event.findMany({ where: { caseId: first.caseId, type: 'duplicate_linked' } });
    expect(links.map((e) => (e.data as { channel: string }).channel).sort()).toEqual(['city_mailbox', 'forwarded']);
  });

  it('keeps the same template letter about a different estate apart (a hard negative)', async () => {
    const dedup = new StoreDedup();
    const other = await registerMessage(store.db, {
      messageId: await arrive('district_mailbox', { title: heating.title.replace('锦绣小区', '阳光家园'), content: heating.content.replace('锦绣小区', '阳光家园') }),
      classification: suggestion,
      dedup,
    });
    expect(other.outcome).toBe('created');
  });

  it('widens a hot issue\'s span both ways when messages arrive out of posting order', async () => {
    const dedup = new StoreDedup();
    const day = 86_400_000;
    const base = Date.parse('2026-11-20T09:00:00Z');
    const letters = [
      { at: base, title: '翠湖花园小区门口路灯不亮', content: '翠湖花园小区门口的三盏路灯已经坏了半个月，晚上出门一片漆黑，老人摔倒过两次，请尽快维修。' },
      { at: base - 2 * day, title: '翠湖花园小区垃圾清运不及时', content: '翠湖花园小区的垃圾桶已经四天没人清运，气味很大，招来很多苍蝇，请环卫部门及时处理。' },
      { at: base + 1 * day, title: '翠湖花园小区地下车库漏水', content: '翠湖花园小区地下车库顶棚漏水严重，车辆被泡，物业说没有维修资金，请住建部门督促解决。' },
    ];
    const keys = new Set<string | null>();
    for (const [i, letter] of letters.entries()) {
      const sourceId = 'src-district_mailbox';
      await ensureSource(store.db, { id: sourceId, name: sourceId, channel: 'district_mailbox' });
      const message: CrawledMessage = { sourceId, channel: 'district_mailbox', siteId: `hot-${i}`, title: letter.title, content: letter.content, postedAt: new Date(letter.at).toISOString(), fetchedAt: new Date().toISOString() };
      const { messageId } = await recordMessage(store.db, message);
      const result = await registerMessage(store.db, { messageId, classification: suggestion, dedup });
      expect(result.outcome).toBe('created');
      keys.add((await store.db.case.findUniqueOrThrow({ where: { id: result.caseId } })).hotIssueKey);
    }
    expect(keys.size).toBe(1);
    const group = await store.db.hotIssue.findUniqueOrThrow({ where: { key: [...keys][0]! } });
    expect(group.messageCount).toBe(3);
    expect(group.firstSeenAt.getTime()).toBe(base - 2 * day);
    expect(group.lastSeenAt.getTime()).toBe(base + 1 * day);
    // Each case's event log names the group as the board does: its label, the key kept apart.
    const created = await store.db.event.findMany({ where: { type: 'case_created', case: { hotIssueKey: group.key } } });
    expect(created.map((e) => e.data)).toEqual(Array(3).fill(expect.objectContaining({ hotIssue: group.label, hotIssueKey: group.key })));
  });

  it('makes one case when two workers register copies at the same moment', async () => {
    const text = { title: '陈炉镇立地坡村自来水断供', content: '陈炉镇立地坡村从上周三开始自来水断供，至今已经六天，村里老人只能去两公里外挑水，村委会说是水管冻裂了，请水务部门尽快抢修恢复供水。' };
    const a = await arrive('city_mailbox', text);
    const b = await arrive('district_mailbox', { ...text, title: `${text.title}（急）` });
    const [ra, rb] = await Promise.all([
      registerMessage(store.db, { messageId: a, classification: suggestion, dedup: new StoreDedup() }),
      registerMessage(second.db, { messageId: b, classification: suggestion, dedup: new StoreDedup() }),
    ]);
    expect(ra.caseId).toBe(rb.caseId);
    expect([ra.outcome, rb.outcome].sort()).toEqual(['created', 'linked']);
    expect(await store.db.case.count({ where: { messages: { some: { id: { in: [a, b] } } } } })).toBe(1);
  });

  it('rebuilds the index from the store after a restart', async () => {
    const fresh = new StoreDedup(); // a new process: empty index
    const again = await registerMessage(store.db, {
      messageId: await arrive('other_web', { title: '锦绣小区暖气问题', content: `${heating.content}希望尽快回复。` }),
      classification: suggestion,
      dedup: fresh,
    });
    expect(again.outcome).toBe('linked');
    expect(fresh.size).toBeGreaterThan(4);
  });

  it('loads the index before the lock, with progress, while jobs of the same process register', async () => {
    const registered = await store.db.message.count({ where: { dedupSeq: { not: null } } });
    // A new process loads the index at start; small batches to see the progress.
    const started = new StoreDedup({ batchSize: 2 });
    const progress: number[] = [];
    expect(await started.catchUp(store.db, (n) => progress.push(n))).toBe(registered);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(registered);
    expect(started.size).toBe(registered);
    expect(await started.catchUp(store.db)).toBe(0);

    const fresh = new StoreDedup({ batchSize: 2 }); // another new process, whose jobs start at once
    const text = { title: '红土镇中心小学门口没有斑马线', content: '红土镇中心小学门口的公路车流量大，孩子们上下学过马路非常危险，门口没有斑马线也没有减速带，请交通部门尽快施划斑马线、安装减速带。' };
    const [a, b] = [await arrive('city_mailbox', text), await arrive('district_mailbox', { ...text, content: `${text.content}谢谢！` })];
    // The start-up load and two registrations of copies, all at once on one index: each
    // replay applies what the others have not, and nothing is added twice or missed.
    const [, ra, rb] = await Promise.all([
      fresh.catchUp(store.db),
      registerMessage(store.db, { messageId: a, classification: suggestion, dedup: fresh }),
      registerMessage(store.db, { messageId: b, classification: suggestion, dedup: fresh }),
    ]);
    expect(ra.caseId).toBe(rb.caseId);
    expect([ra.outcome, rb.outcome].sort()).toEqual(['created', 'linked']);
    expect(fresh.size).toBe(registered + 2);
  });

  it('registers concurrent jobs on the embedded store without waiting on each other', async () => {
    // PGlite runs one transaction at a time and makes every other query wait for it: a replay
    // outside the lock must never hold up the registration that holds it.
    const embedded = await openTestPgliteStore();
    try {
      await ensureSource(embedded.db, { id: 'src-e', name: 'src-e', channel: 'district_mailbox' });
      const ids: string[] = [];
      const others = [
        { title: '王石凹街道路灯不亮', content: '王石凹街道中心路一段的路灯已经不亮两周了，晚上行人看不清路，请尽快维修。' },
        { title: '咨询城乡居民医保缴费', content: '请问今年城乡居民医疗保险什么时候开始缴费，可以在手机上缴纳吗？' },
        { title: '建议增开到陈炉镇的公交', content: '陈炉镇到区政府只有早晚两班公交车，建议中午增开一班，方便群众办事。' },
      ];
      for (let i = 0; i < 6; i++) {
        const text = i % 2 === 0 ? heating : others[(i - 1) / 2]!;
        const crawled: CrawledMessage = { sourceId: 'src-e', channel: 'district_mailbox', siteId: `e${i}`, title: text.title, content: `${text.content}${'！'.repeat(i)}`, fetchedAt: new Date().toISOString() };
        ids.push((await recordMessage(embedded.db, crawled)).messageId);
      }
      const dedup = new StoreDedup({ batchSize: 1 });
      const started = Date.now();
      const results = await Promise.all([dedup.catchUp(embedded.db), ...ids.map((messageId) => registerMessage(embedded.db, { messageId, classification: suggestion, dedup }))]);
      expect(Date.now() - started).toBeLessThan(20_000);
      const cases = new Set(results.slice(1).map((r) => (r as { caseId: string }).caseId));
      // The three heating copies make one case; the three other messages, three more.
      expect(cases.size).toBe(4);
      expect(dedup.size).toBe(6);
    } finally {
      await embedded.close();
    }
  });

  it('logs a split of a wrong link and a merge of a missed copy', async () => {
    const heatingCase = await store.db.case.findFirstOrThrow({ where: { title: heating.title } });
    const copy = await store.db.message.findFirstOrThrow({ where: { caseId: heatingCase.id, id: { not: heatingCase.primaryMessageId } } });
    // The split-off case is built from the copy's own suggestion, its handling unit included.
    await store.db.unit.create({ data: { id: 'u-heat', name: '区供热办', keywords: ['供暖'] } });
    await store.db.message.update({ where: { id: copy.id }, data: { classification: { ...suggestion, category: '求助', unit: { value: '区供热办' } } } });
    const split = await splitCopy(store.db, { caseId: heatingCase.id, messageId: copy.id, note: '另一栋楼的不同问题', actor: egov });
    expect((await store.db.case.findUniqueOrThrow({ where: { id: heatingCase.id } })).reporterCount).toBe(split.reporterCount);
    expect(await store.db.case.findUniqueOrThrow({ where: { id: split.newCaseId } })).toMatchObject({ category: '求助', unitId: 'u-heat', state: 'awaiting_review', primaryMessageId: copy.id });
    const merged = await mergeCases(store.db, { caseId: split.newCaseId, intoCaseId: heatingCase.id, note: '确认是同一问题', actor: egov });
    expect(merged.reporterCount).toBe(split.reporterCount + 1);
    expect((await store.db.case.findUniqueOrThrow({ where: { id: split.newCaseId } })).state).toBe('merged');
    const events = await store.db.event.findMany({ where: { caseId: { in: [heatingCase.id, split.newCaseId] } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['split_copy', 'case_created', 'merge_into', 'merged_from']));
    expect(await store.db.correction.count({ where: { field: 'duplicateOf' } })).toBe(2);
    await expect(mergeCases(store.db, { caseId: split.newCaseId, intoCaseId: heatingCase.id, note: '再并一次', actor: egov })).rejects.toThrow(/不能/);
  });
});

function heading(): string {
  return '上次反映后仍未解决，';
}
