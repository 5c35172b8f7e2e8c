/**
 * 手工录入 of the same letter twice (a file entered again after fixing a line, a form sent twice):
 * on the embedded store (PGlite) and on PostgreSQL, through the pipeline's hand entry without a
 * queue, identical letters entered at the same moment make one message and the others are refused
 * as the same letter (SAME_ENTRY); staff saying each is another citizen's lets all in; a 转办编号
 * entered at once stays one message and is answered, not refused.
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
