/**
 * 手工录入 of the same letter twice (a file entered again after fixing a line, a form sent twice):
 * on the embedded store (PGlite) and on PostgreSQL, through the pipeline's hand entry without a
 * queue, identical letters entered at the same moment make one message and the others are refused
 * as the same letter (SAME_ENTRY); staff saying each is another citizen's lets all in; a 转办编号
 * entered at once stays one message and is answered, not refused. The same writer's letter of the
 * same minute typed again with a small difference (a typo fixed, other punctuation, a shorter title)
 * is refused as nearly identical, also when several are entered at once; another letter of that
 * writer and minute, the letter without a writer or of another time, are entered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { enterByHand, type HandEntry } from '../pipeline/index.js';
import type { Actor, Store } from '../workflow/index.js';
import { openTestPgliteStore, openTestPostgresStore } from './helpers/services.js';

const actor: Actor = { userId: 'u-egov', username: 'egov', role: 'egov_centre' };

const stores = [
  { name: 'PGlite', open: (): Promise<Store> => openTestPgliteStore() },
  { name: 'PostgreSQL', open: (): Promise<Store> => openTestPostgresStore() },
];

describe.each(stores)('the same letter entered by hand at once ($name)', ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  const enterAll = (entry: HandEntry, times: number) => Promise.allSettled(Array.from({ length: times }, () => enterByHand({ store }, { entry, actor })));

  it('makes one message of five identical letters and refuses the rest as the same letter', async () => {
    const entry: HandEntry = { channel: 'district_mailbox', title: '广阳镇小学门前积水', content: '广阳镇小学门前一下雨就积水，孩子们只能蹚水进校门。' };
    const results = await enterAll(entry, 5);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(refusals).toHaveLength(4);
    for (const reason of refusals) expect(reason).toMatchObject({ code: 'SAME_ENTRY', message: '与已录入的留言（尚在分类登记）相同' });
    expect(refusals[0]).toBeInstanceOf(AppError);
    expect(await store.db.message.count({ where: { title: entry.title } })).toBe(1);
  });

  it('lets in every one of identical letters staff say are other citizens’', async () => {
    const entry: HandEntry = { channel: 'district_mailbox', title: '印台山路灯不亮', content: '印台山公园上山的路灯坏了，晚上锻炼的人很多。', allowSame: true };
    const results = await enterAll(entry, 3);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(await store.db.message.count({ where: { title: entry.title } })).toBe(3);
  });

  // A letter of 150 characters, as typed first (再等配件: a typo) and again from the paper.
  const letter: HandEntry = {
    channel: 'city_mailbox',
    title: '城关街道阳光小区二号楼电梯频繁故障',
    content:
      '我是城关街道阳光小区二号楼的住户，小区的电梯从今年九月以来已经坏了五次，最长一次停了整整一个星期。楼里住着不少七八十岁的老人，上下楼只能靠邻居背。物业每次都说再等配件，修好没几天又坏。我们多次找物业和社区，都没有结果。恳请区里督促物业公司彻底检修或者更换电梯，并公开维修资金的使用情况，保障居民的出行安全。',
    author: '张建国',
    postedAt: '2026-11-18T09:30:00+08:00',
  };
  const retyped: HandEntry = {
    ...letter,
    title: '阳光小区电梯频繁故障',
    content: letter.content.replace('再等配件', '在等配件').replaceAll('，', ', '),
    author: ' 张 建国 ',
    postedAt: '2026-11-18T09:30:40+08:00',
  };

  it('refuses the same writer’s letter of the same minute retyped with a typo fixed, and enters another letter, one without a writer or of another time', async () => {
    const first = await enterByHand({ store }, { entry: letter, actor });
    const refusal = await enterByHand({ store }, { entry: retyped, actor }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'SAME_ENTRY', details: { messageId: first.messageId, caseId: null, ledgerNo: null } });
    expect((refusal as AppError).message).toMatch(/^与已录入的留言（尚在分类登记）几乎相同（同一留言人、同一留言时间，内容相似度 9\d%）$/);
    expect(await store.db.message.count({ where: { author: { contains: '建国' } } })).toBe(1);

    // Another letter of the same writer and minute is another letter.
    const other: HandEntry = { ...letter, title: '阳光小区门口路灯不亮', content: '阳光小区南门外的三盏路灯坏了两个月，晚上门口一片漆黑，老人孩子出门很不安全，已经有人在门口摔倒。希望区里尽快安排维修。' };
    await expect(enterByHand({ store }, { entry: other, actor })).resolves.toMatchObject({ isNew: true });
    // Without a writer, or written another day, the retyped letter is another voice (de-duplication links it).
    await expect(enterByHand({ store }, { entry: { ...retyped, author: undefined }, actor })).resolves.toMatchObject({ isNew: true });
    await expect(enterByHand({ store }, { entry: { ...retyped, postedAt: '2026-11-19T09:30:00+08:00' }, actor })).resolves.toMatchObject({ isNew: true });
    // Staff saying it is another citizen's lets it in.
    await expect(enterByHand({ store }, { entry: { ...retyped, allowSame: true }, actor })).resolves.toMatchObject({ isNew: true });
    expect(await store.db.message.count({ where: { sourceId: 'manual-city_mailbox' } })).toBe(5);

    // No 留言时间 typed either time: none matches none.
    const undated: HandEntry = { ...letter, author: '王桂兰', postedAt: undefined };
    await enterByHand({ store }, { entry: undated, actor });
    await expect(enterByHand({ store }, { entry: { ...retyped, author: '王桂兰', postedAt: undefined }, actor })).rejects.toMatchObject({ code: 'SAME_ENTRY' });
    expect(await store.db.message.count({ where: { author: '王桂兰' } })).toBe(1);
  });

  it('refuses a short letter retyped with a character wrong or two, where shingles say little, and enters one three characters apart', async () => {
    // 28 characters: one character changed costs 3 of 26 shingles (Jaccard 0.81), two 6 (0.65).
    const short: HandEntry = { channel: 'district_mailbox', title: '路灯不亮', content: '新华路北段的路灯坏了半个月，晚上走路看不见，请尽快修。', author: '赵红梅', postedAt: '2026-11-20T08:15:00+08:00' };
    const first = await enterByHand({ store }, { entry: short, actor });
    for (const content of ['新华路北段的路灯坏了半个月，晚上走路看不清，请尽快修。', '新华路北段的路灯坏了半个月，晚上走路看不清，请尽块修。', '新华路北段的路灯坏了半个月，晚上走路看不见，请尽快修理。']) {
      const refusal = await enterByHand({ store }, { entry: { ...short, content }, actor }).catch((e: unknown) => e);
      expect(refusal, content).toMatchObject({ code: 'SAME_ENTRY', details: { messageId: first.messageId } });
      expect((refusal as AppError).message, content).toMatch(/^与已录入的留言（尚在分类登记）几乎相同（同一留言人、同一留言时间，内容(仅差 [12] 个字|相似度 \d+%)）$/);
    }
    // Three characters apart is more than a typo: entered (de-duplication judges it as any letter).
    await expect(enterByHand({ store }, { entry: { ...short, content: '新华路北段的路灯坏了一个多月，晚上走路看不清，请尽快修。' }, actor })).resolves.toMatchObject({ isNew: true });
    expect(await store.db.message.count({ where: { author: '赵红梅' } })).toBe(2);
  });

  it('refuses a letter retyped with a typo in its road name, which de-duplication alone reads as another road', async () => {
    // QA: 新华路 typed 新化路 passed the entry check (its subject check saw another road) and then
    // became a second case, since de-duplication does not link letters about two roads.
    const road: HandEntry = { channel: 'district_mailbox', title: '新华路路面破损', content: '新华路北段路面破损严重，3号楼门口有个大坑，雨天积水，车辆和行人通行困难，请交通部门尽快修补。', author: '孙丽', postedAt: '2026-11-21T10:05:00+08:00' };
    const first = await enterByHand({ store }, { entry: road, actor });
    const typo = { ...road, title: '新化路路面破损', content: road.content.replace('新华路', '新化路') };
    const refusal = await enterByHand({ store }, { entry: typo, actor }).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'SAME_ENTRY', details: { messageId: first.messageId, edits: 1 } });
    expect((refusal as AppError).message).toContain('同一留言人、同一留言时间');
    expect(await store.db.message.count({ where: { author: '孙丽' } })).toBe(1);
    // The same writer's letter about another road, more than a typo apart, is another letter.
    const other = { ...road, title: '东风路路面破损', content: road.content.replace('新华路北段', '东风路中段') };
    await expect(enterByHand({ store }, { entry: other, actor })).resolves.toMatchObject({ isNew: true });
    expect(await store.db.message.count({ where: { author: '孙丽' } })).toBe(2);
  });

  it('makes one message of five retypings of one letter entered at once', async () => {
    const base: HandEntry = { ...letter, channel: 'other_web', channelNote: '微信公众号', author: '李秀兰', postedAt: '2026-11-17' };
    const typos = ['坏了五欢', '整整一个星其', '邻居背着', '都没有结裹', '彻底检修或更换'];
    const originals = ['坏了五次', '整整一个星期', '邻居背', '都没有结果', '彻底检修或者更换'];
    const results = await Promise.allSettled(typos.map((t, i) => enterByHand({ store }, { entry: { ...base, content: base.content.replace(originals[i]!, t) }, actor })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'SAME_ENTRY' });
    expect(await store.db.message.count({ where: { author: '李秀兰' } })).toBe(1);
  });

  it('still answers a 转办编号 entered at once with the message already there (one message, none refused)', async () => {
    const entry: HandEntry = { channel: 'forwarded', forwarding: { originLevel: 'city', forwardNo: 'TCZB-2026-0901' }, title: '市级转办：阿庄镇供暖不热', content: '阿庄镇居民反映供暖温度不达标。' };
    const results = await enterAll(entry, 3);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const values = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(values.filter((v) => v.isNew)).toHaveLength(1);
    expect(new Set(values.map((v) => v.messageId)).size).toBe(1);
    expect(await store.db.message.count({ where: { title: entry.title } })).toBe(1);
  });
});
