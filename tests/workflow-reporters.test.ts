/**
 * 反映人数 counts people, not messages: one citizen re-posting a letter is one reporter, anonymous,
 * generic and masked names count each message, and the count stays right through merge and split,
 * on the board's hot issues and in stores registered before the rule (the migration recounts them).
 * Real PostgreSQL (and the embedded PGlite store for the database function).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawledMessage } from '../core/index.js';
import { applyMigrations, ensureSource, mergeCases, readMigrations, recordMessage, registerMessage, splitCopy, StoreDedup, type Store } from '../workflow/index.js';
import { listHotIssues, listReviewQueue } from '../workflow/console-queries/index.js';
import { countHotIssueReporters } from '../workflow/cases/index.js';
import { egovActor, plainSuggestion } from './helpers/ledger-suggestion.js';
import { openTestPgliteStore, openTestPostgresStore } from './helpers/services.js';

let store: Store & { schema: string };
let seq = 0;

beforeAll(async () => {
  store = await openTestPostgresStore();
});
afterAll(async () => {
  await store?.close();
});

interface Letter {
  title: string;
  content: string;
  author?: string | undefined;
  postedAt?: string;
}

/** Records and registers one message (exact copies link by their text, near ones through `dedup`); returns its case and message. */
async function post(on: Store, letter: Letter, dedup?: StoreDedup): Promise<{ caseId: string; messageId: string; outcome: string }> {
  await ensureSource(on.db, { id: 'src-r', name: '印台区区长信箱', channel: 'district_mailbox' });
  const crawled: CrawledMessage = { sourceId: 'src-r', channel: 'district_mailbox', siteId: `r${++seq}`, ...letter, fetchedAt: new Date().toISOString() };
  const { messageId } = await recordMessage(on.db, crawled);
  const registered = await registerMessage(on.db, { messageId, classification: plainSuggestion, ...(dedup ? { dedup } : {}) });
  return { caseId: registered.caseId, messageId, outcome: registered.outcome };
}

/** The same letter posted by each author in turn (undefined: no name): one case; returns it. */
async function postedBy(authors: (string | undefined)[], topic: string): Promise<string> {
  const letter = { title: `${topic}问题一直没有解决`, content: `${topic}的问题已经反映过，到现在还没有人处理，请有关部门尽快解决。` };
  const [first, ...rest] = authors;
  const opened = await post(store, { ...letter, author: first });
  for (const author of rest) expect(await post(store, { ...letter, author })).toMatchObject({ outcome: 'linked', caseId: opened.caseId });
  return opened.caseId;
}

const counts = async (caseId: string) => {
  const c = await store.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { _count: { select: { messages: true } } } });
  return { reporters: c.reporterCount, messages: c._count.messages };
};

describe('反映人数 counts writers', () => {
  it('counts one writer who posts the same letter twice as one reporter, with the copy still shown as 重复 1 条', async () => {
    const caseId = await postedBy(['王建国', '王建国'], '锦绣小区暖气不热');
    expect(await counts(caseId)).toEqual({ reporters: 1, messages: 2 });
    const link = await store.db.event.findFirstOrThrow({ where: { caseId, type: 'duplicate_linked' } });
    expect(link.data).toMatchObject({ reporterCount: 1, messageCount: 2 });
    const queue = await listReviewQueue(store.db, { actor: egovActor, limit: 200 });
    const item = queue.items.find((i) => i.caseId === caseId);
    expect(item).toMatchObject({ reporterCount: 1 });
    expect(item?.copies).toHaveLength(1);
  });

  it('counts two writers as two', async () => {
    expect(await counts(await postedBy(['王建国', '李秀英'], '新华路路灯不亮'))).toEqual({ reporters: 2, messages: 2 });
  });

  it('counts each anonymous, generic or masked message as its own writer', async () => {
    expect(await counts(await postedBy(['匿名', '匿名'], '陈炉镇公交班次太少'))).toEqual({ reporters: 2, messages: 2 });
    expect(await counts(await postedBy([undefined, undefined, ''], '王家河小区停水'))).toEqual({ reporters: 3, messages: 3 });
    expect(await counts(await postedBy(['网友', '热心市民', '一位老党员', '先生'], '城关街道垃圾清运不及时'))).toEqual({ reporters: 4, messages: 4 });
    expect(await counts(await postedBy(['王**', '王**', '市民王某', '市民王某'], '印台大道噪音扰民'))).toEqual({ reporters: 4, messages: 4 });
  });

  it('reads a name the same whatever its width and spacing', async () => {
    expect(await counts(await postedBy(['王先生', ' 王　先生 ', 'Ｌｉ Ｍｉｎｇ', 'li ming'], '阿庄镇自来水浑浊'))).toEqual({ reporters: 2, messages: 4 });
  });
});

describe('反映人数 through merge and split', () => {
  it('recounts the writers of both cases on a merge, and of the case left on each split', async () => {
    const letter = (topic: string) => ({ title: `${topic}的问题`, content: `${topic}已经很久了，请尽快处理。` });
    // Case A: 张伟 twice. Case B (a missed copy, other words): 张伟 and an anonymous writer.
    const a = await postedBy(['张伟', '张伟'], '三里洞小区电梯故障');
    const b1 = await post(store, { ...letter('三里洞小区电梯坏了'), author: '张伟' });
    const b2 = await post(store, { ...letter('三里洞小区电梯坏了'), author: '匿名' });
    expect(b2.caseId).toBe(b1.caseId);
    expect(await counts(b1.caseId)).toEqual({ reporters: 2, messages: 2 });

    const merged = await mergeCases(store.db, { caseId: b1.caseId, intoCaseId: a, note: '同一部电梯', actor: egovActor });
    // 张伟 wrote in both cases: one person. The anonymous writer adds one.
    expect(merged.reporterCount).toBe(2);
    expect(await counts(a)).toEqual({ reporters: 2, messages: 4 });
    expect(await counts(b1.caseId)).toEqual({ reporters: 0, messages: 0 });
    const mergedEvent = await store.db.event.findFirstOrThrow({ where: { caseId: a, type: 'merged_from' } });
    expect(mergedEvent.data).toMatchObject({ reporterCount: 2, messageCount: 4 });

    // Splitting one of 张伟's messages off leaves 张伟 in the case: still two people.
    const { primaryMessageId } = await store.db.case.findUniqueOrThrow({ where: { id: a } });
    const copy = await store.db.message.findFirstOrThrow({ where: { caseId: a, author: '张伟', id: { notIn: [primaryMessageId, b1.messageId] } } });
    const first = await splitCopy(store.db, { caseId: a, messageId: copy.id, note: '另一栋楼', actor: egovActor });
    expect(first.reporterCount).toBe(2);
    expect(await counts(a)).toEqual({ reporters: 2, messages: 3 });
    expect(await counts(first.newCaseId)).toEqual({ reporters: 1, messages: 1 });
    // Splitting the anonymous message off takes its writer with it.
    const second = await splitCopy(store.db, { caseId: a, messageId: b2.messageId, note: '不是同一问题', actor: egovActor });
    expect(second.reporterCount).toBe(1);
    expect(await counts(a)).toEqual({ reporters: 1, messages: 2 });
    const splitEvent = await store.db.event.findFirstOrThrow({ where: { caseId: a, type: 'split_copy' }, orderBy: { id: 'desc' } });
    expect(splitEvent.data).toMatchObject({ reporterCount: 1, messageCount: 2 });
    // Splitting out the first message of the merged case undoes the merge: that case comes back
    // under its own ledger number, awaiting review (it failed on the unique first message before).
    const back = await splitCopy(store.db, { caseId: a, messageId: b1.messageId, note: '不是同一部电梯', actor: egovActor });
    expect(back.newCaseId).toBe(b1.caseId);
    const revived = await store.db.case.findUniqueOrThrow({ where: { id: b1.caseId } });
    expect(revived).toMatchObject({ state: 'awaiting_review', reporterCount: 1 });
    expect(back.ledgerNo).toBe(revived.ledgerNo);
    expect(await counts(a)).toEqual({ reporters: 1, messages: 1 });
    const unmerged = await store.db.event.findFirstOrThrow({ where: { caseId: b1.caseId, type: 'unmerged' } });
    expect(unmerged.data).toMatchObject({ note: '不是同一部电梯' });
  });
});

describe('反映人数 of hot issues', () => {
  it('counts a writer of several cases of one hot issue once', async () => {
    const dedup = new StoreDedup();
    const at = (day: number) => new Date(Date.parse('2026-11-20T09:00:00+08:00') + day * 86_400_000).toISOString();
    const letters: Letter[] = [
      { postedAt: at(0), author: '赵桂兰', title: '翠湖花园小区门口路灯不亮', content: '翠湖花园小区门口的三盏路灯已经坏了半个月，晚上出门一片漆黑，老人摔倒过两次，请尽快维修。' },
      { postedAt: at(1), author: '赵桂兰', title: '翠湖花园小区垃圾清运不及时', content: '翠湖花园小区的垃圾桶已经四天没人清运，气味很大，招来很多苍蝇，请环卫部门及时处理。' },
      { postedAt: at(2), author: '孙明', title: '翠湖花园小区地下车库漏水', content: '翠湖花园小区地下车库顶棚漏水严重，车辆被泡，物业说没有维修资金，请住建部门督促解决。' },
    ];
    const cases = [];
    for (const letter of letters) cases.push(await post(store, letter, dedup));
    expect(new Set(cases.map((c) => c.caseId)).size).toBe(3);
    const groups = await listHotIssues(store.db, { actor: egovActor, now: new Date(at(3)) });
    const group = groups.find((g) => g.label.includes('翠湖花园'));
    expect(group).toMatchObject({ messageCount: 3, cases: 3, reporters: 2 });
  });

  it('counts the copies linked to a group\'s cases as its messages, and ranks the groups by 反映人数', async () => {
    const dedup = new StoreDedup();
    const at = (day: number) => new Date(Date.parse('2026-11-22T09:00:00+08:00') + day * 86_400_000).toISOString();
    // 金鼎花园: two letters, the first re-posted word for word by three more people: 5 people, 5 messages.
    const lamp = { title: '金鼎花园小区门口路灯不亮', content: '金鼎花园小区门口的路灯已经坏了二十天，晚上出门一片漆黑，请尽快维修。' };
    const lampCase = await post(store, { ...lamp, postedAt: at(0), author: '刘建华' }, dedup);
    for (const author of ['马丽', '高志强', '何文']) expect(await post(store, { ...lamp, postedAt: at(0), author }, dedup)).toMatchObject({ outcome: 'linked', caseId: lampCase.caseId });
    await post(store, { postedAt: at(1), author: '罗振宇', title: '金鼎花园小区地下车库积水', content: '金鼎花园小区地下车库下雨就积水，车辆进出困难，物业一直不处理，请住建部门督促。' }, dedup);
    // 福临苑: three letters by three people, no copies.
    const letters: Letter[] = [
      { postedAt: at(0), author: '郑海', title: '福临苑小区暖气不热', content: '福临苑小区三号楼暖气一直不热，室内只有十二度，请供热公司尽快检修。' },
      { postedAt: at(1), author: '吴倩', title: '福临苑小区垃圾堆积', content: '福临苑小区东门垃圾堆了一周没人清运，气味很大，请环卫部门及时处理。' },
      { postedAt: at(2), author: '冯涛', title: '福临苑小区电梯经常停运', content: '福临苑小区五号楼电梯经常停运，老人上下楼很困难，请督促物业维修。' },
    ];
    for (const letter of letters) await post(store, letter, dedup);
    const groups = await listHotIssues(store.db, { actor: egovActor, now: new Date(at(3)) });
    const jinding = groups.findIndex((g) => g.label.includes('金鼎花园'));
    const fulin = groups.findIndex((g) => g.label.includes('福临苑'));
    expect(groups[jinding]).toMatchObject({ messageCount: 5, cases: 2, reporters: 5 });
    expect(groups[fulin]).toMatchObject({ messageCount: 3, cases: 3, reporters: 3 });
    // More people first, though fewer letters opened or joined the group.
    expect(jinding).toBeGreaterThanOrEqual(0);
    expect(jinding).toBeLessThan(fulin);
    const reporters = groups.map((g) => g.reporters);
    expect(reporters).toEqual([...reporters].sort((a, b) => b - a));
  });

  it('leaves out of the board a group whose messages all come from one writer', async () => {
    const dedup = new StoreDedup();
    const at = (day: number) => new Date(Date.parse('2026-11-21T09:00:00+08:00') + day * 86_400_000).toISOString();
    const letters: Letter[] = [
      { postedAt: at(0), author: '钱学林', title: '锦绣家园小区电梯停运', content: '锦绣家园小区五号楼电梯停运一周，物业一直不修，八十岁的老人下不了楼，请住建部门督促。' },
      { postedAt: at(1), author: '钱学林', title: '锦绣家园小区绿地被占', content: '锦绣家园小区中间的绿地被人圈起来种菜，还堆放杂物，请城管部门查处恢复绿化。' },
    ];
    for (const letter of letters) await post(store, letter, dedup);
    const all = await listHotIssues(store.db, { actor: egovActor, now: new Date(at(2)), minReporters: 1 });
    expect(all.find((g) => g.label.includes('锦绣家园'))).toMatchObject({ messageCount: 2, reporters: 1 });
    const board = await listHotIssues(store.db, { actor: egovActor, now: new Date(at(2)) });
    expect(board.find((g) => g.label.includes('锦绣家园'))).toBeUndefined();
  });
});

describe('反映人数 in a store registered before the rule', () => {
  it('is recounted by the migration', async () => {
    const caseId = await postedBy(['周先生', '周先生', '周先生', '网友'], '印台区医院挂号难');
    // The store as it was: counts of messages, no writer function, the migration not applied.
    const migration = (await readMigrations()).find((m) => m.name.endsWith('_reporters_by_writer'))!;
    await store.sql.exec(`UPDATE "Case" c SET "reporterCount" = (SELECT count(*) FROM "Message" m WHERE m."caseId" = c."id") WHERE c."state" <> 'merged'`);
    await store.sql.exec(`DROP FUNCTION "message_writer"(TEXT, TEXT)`);
    await store.sql.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, [migration.name]);
    expect(await counts(caseId)).toEqual({ reporters: 4, messages: 4 });

    expect(await applyMigrations(store.sql)).toEqual([migration.name]);
    expect(await counts(caseId)).toEqual({ reporters: 2, messages: 4 });
    // Every case now holds the count registration would give it.
    const stale = await store.sql.query(`
      SELECT c."id" FROM "Case" c
      WHERE c."reporterCount" <> (SELECT count(DISTINCT "message_writer"(m."author", m."id")) FROM "Message" m WHERE m."caseId" = c."id")`);
    expect(stale).toEqual([]);
  });

  it('counts the same way on the embedded store', async () => {
    const embedded = await openTestPgliteStore();
    try {
      const letter = { title: '咨询医保缴费时间', content: '请问今年城乡居民医保什么时候开始缴费，可以在手机上缴纳吗？' };
      const first = await post(embedded, { ...letter, author: 'Ｗａｎｇ　Ｆａｎｇ' });
      await post(embedded, { ...letter, author: 'wang fang' });
      await post(embedded, { ...letter, author: '匿名' });
      expect((await embedded.db.case.findUniqueOrThrow({ where: { id: first.caseId } })).reporterCount).toBe(2);
      // The board's hot-issue count, with its list of keys as a parameter.
      await embedded.db.case.update({ where: { id: first.caseId }, data: { hotIssueKey: 'concern:医保@2026-11-20' } });
      expect(await countHotIssueReporters(embedded.db, ['concern:医保@2026-11-20', 'estate:其他'])).toEqual(new Map([['concern:医保@2026-11-20', 2]]));
    } finally {
      await embedded.close();
    }
  });
});
