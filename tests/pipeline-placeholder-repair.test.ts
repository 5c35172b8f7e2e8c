/**
 * Messages an older release stored with a reply box's placeholder as their reply (正在办理中, —,
 * 该信件正在办理中，请耐心等候。), from before core/reply-placeholder.ts existed: the first start of
 * this release clears such a reply, once per store, keeping the old text in the message's change
 * history with the reason (网站上的变化); a real reply, also one opening with the same words, is
 * left alone. The real reply the site posts later is then recorded as the reply appearing (from
 * none), not as a reply changed. The rows are written directly with the Prisma client, as the
 * older release's intake wrote them; a real 127.0.0.1 site, the embedded store and the in-process
 * queue, as `npm start` runs.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyPlaceholderRulesVersion, silentLogger, type CrawledMessage } from '../core/index.js';
import { createPipeline, crawlStage, InProcessQueue, type Pipeline } from '../pipeline/index.js';
import { recordExcluded } from '../pipeline/stages/record-excluded.js';
import { bringBackExcludedMessage, contentHashOf, ensureSource, getCase, placeholderRepairName, systemActor } from '../workflow/index.js';
import { removalSource, startRemovalSite, type RemovalSite } from './crawlers/removal-site.js';
import { openTestPgliteStore } from './helpers/services.js';
import { sharedClassifier } from './pipeline-helpers.js';

const realReply = '您好！经核实，该路段已列入今年的改造计划，预计年底前完工。感谢您的监督。';
const openingLikeAPlaceholder = '正在办理中，现答复如下：已函请交警大队施划斑马线。';
const letters = [
  { id: '51', title: '小区门口路灯长期不亮', content: '晚上出行很不方便，请尽快维修。', status: '办理中', stored: '正在办理中', reply: '正在办理中' },
  { id: '52', title: '菜市场占道经营', content: '早高峰车辆无法通行，希望管理。', status: '办理中', stored: '该信件正在办理中，请耐心等候。', reply: '该信件正在办理中，请耐心等候。' },
  { id: '53', title: '学校门口缺少斑马线', content: '孩子上学过马路很危险。', status: '已办结', stored: openingLikeAPlaceholder, reply: openingLikeAPlaceholder },
  { id: '54', title: '道路破损严重', content: '幸福路多处坑洼，雨天积水。', status: '已办结', stored: realReply, reply: realReply },
];

describe('a placeholder stored as the reply by an older release, repaired at start', () => {
  let site: RemovalSite;
  let store: Awaited<ReturnType<typeof openTestPgliteStore>>;
  let queue: InProcessQueue | undefined;
  let pipeline: Pipeline | undefined;
  const source = () => removalSource(site);

  /** Starts the program's pipeline over the store, as `npm start` and `minsheng worker` do (a new one each time). */
  async function start(): Promise<void> {
    await queue?.close();
    queue = new InProcessQueue({ concurrency: 2 });
    pipeline = createPipeline({
      store,
      queue,
      classifier: await sharedClassifier(),
      logger: silentLogger,
      crawl: crawlStage({ store, sources: [source()], config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }),
    });
    await pipeline.start({ concurrency: 2 });
    await queue.idle(60_000);
  }
  async function crawl(): Promise<void> {
    await pipeline!.requestCrawl(source().id);
    await queue!.idle(60_000);
  }

  const messageOf = (siteId: string) => store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: 'removal-test', siteId } } });
  const replyChangesOf = (siteId: string) =>
    store.db.messageChange.findMany({ where: { message: { siteId }, field: 'replyText' }, orderBy: { id: 'asc' } }).then((rows) => rows.map((c) => [c.oldValue, c.newValue]));

  beforeAll(async () => {
    site = await startRemovalSite(letters.map(({ stored: _, ...m }) => m));
    store = await openTestPgliteStore();
    // As an older release stored them: the reply box's text taken for the reply, with its unit and time.
    await ensureSource(store.db, { id: 'removal-test', name: '删除测试信箱', channel: 'district_mailbox' });
    for (const l of letters) {
      await store.db.message.create({
        data: {
          sourceId: 'removal-test',
          siteId: l.id,
          channel: 'district_mailbox',
          url: `${site.url}/detail?id=${l.id}`,
          title: l.title,
          content: l.content,
          siteStatus: l.status,
          replyUnit: '区住建局',
          replyAt: new Date('2026-03-02T02:00:00Z'),
          replyText: l.stored,
          contentHash: contentHashOf(l),
          firstSeenAt: new Date('2026-03-01T02:00:00Z'),
          lastSeenAt: new Date('2026-03-01T02:00:00Z'),
        },
      });
    }
  });
  afterAll(async () => {
    await queue?.close();
    await store?.close();
    await site?.close();
  });

  it('clears a placeholder reply at the first start, keeps its text in the change history with the reason, and leaves real replies', async () => {
    await start();
    expect((await messageOf('51')).replyText).toBeNull();
    expect((await messageOf('52')).replyText).toBeNull();
    // A reply opening with the same words, and a plain reply, stay.
    expect((await messageOf('53')).replyText).toBe(openingLikeAPlaceholder);
    expect((await messageOf('54')).replyText).toBe(realReply);
    expect(await replyChangesOf('53')).toEqual([]);
    expect(await replyChangesOf('54')).toEqual([]);

    // Nothing lost: the old text is the change's old value, with the reason for staff.
    expect(await replyChangesOf('51')).toEqual([['正在办理中', null]]);
    expect(await replyChangesOf('52')).toEqual([['该信件正在办理中，请耐心等候。', null]]);
    const [change] = await store.db.messageChange.findMany({ where: { message: { siteId: '51' } } });
    expect(change?.note).toMatch(/占位文字.*不是答复/);
    // The reply box's unit and time are kept, as intake keeps them beside a placeholder today; no
    // page shows them without a reply's text.
    expect((await messageOf('51')).replyUnit).toBe('区住建局');

    // The case page lists the change with its reason (网站上的变化).
    const message = await messageOf('51');
    expect(message.caseId).not.toBeNull(); // registered by the start's recovery of unfinished messages
    const shown = await getCase(store.db, { caseId: message.caseId!, actor: { userId: 'egov', username: 'egov', role: 'egov_centre' } });
    const changes = shown.messages.flatMap((m) => m.changes);
    expect(changes).toEqual([expect.objectContaining({ field: 'replyText', oldValue: '正在办理中', newValue: null, note: expect.stringMatching(/占位文字/) })]);
  });

  it('does not scan the store again at the next start', async () => {
    const before = await store.db.messageChange.count();
    // A row this release's intake never writes: left alone shows that the next start does not scan again.
    await store.db.message.update({ where: { sourceId_siteId: { sourceId: 'removal-test', siteId: '52' } }, data: { replyText: '暂无回复' } });
    await start();
    expect(await store.db.messageChange.count()).toBe(before);
    expect((await messageOf('52')).replyText).toBe('暂无回复');
    // A later release whose placeholder rules differ (a new phrase in the list) scans once more.
    await store.db.storeRepair.updateMany({ data: { version: 'an older list' } });
    await start();
    expect((await messageOf('52')).replyText).toBeNull();
    expect(await replyChangesOf('52')).toEqual([
      ['该信件正在办理中，请耐心等候。', null],
      ['暂无回复', null],
    ]);
  });

  it('records the real reply appearing on the next crawl as the first reply, and a placeholder still shown as no change', async () => {
    await crawl();
    // The site still shows its placeholders, and the same real replies: nothing changes.
    expect((await messageOf('51')).replyText).toBeNull();
    expect(await replyChangesOf('51')).toEqual([['正在办理中', null]]);
    expect(await replyChangesOf('53')).toEqual([]);

    const reply = '您好！路灯已于12月1日修复，感谢您的监督。';
    site.edit('51', { reply, status: '已办结' });
    await crawl();
    await crawl(); // a later run must not record it again
    expect((await messageOf('51')).replyText).toBe(reply);
    // The reply appears from none (not 正在办理中 → the reply).
    expect(await replyChangesOf('51')).toEqual([
      ['正在办理中', null],
      [null, reply],
    ]);
  });

  it('brings back an excluded letter an older release kept with a placeholder reply as a letter without a reply', async () => {
    // Written as the older release's scope wrote it (ExcludedMessage keeps no change history).
    const excluded = await store.db.excludedMessage.create({
      data: { sourceId: 'removal-test', siteId: '59', channel: 'district_mailbox', title: '陈炉镇村道坑洼', content: '雨天积水，请修一修。', replyUnit: '区交通局', replyText: '暂无回复', reason: '未提及印台区的地名或单位' },
    });
    const { messageId } = await bringBackExcludedMessage(store.db, { id: excluded.id, note: '涉及陈炉镇，地名表漏列', actor: { ...systemActor, role: 'admin' } });
    expect(await store.db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({ replyText: null, replyUnit: '区交通局' });
    // Bringing back leaves the excluded row as it is (the start-up repair clears it: below).
    expect((await store.db.excludedMessage.findUniqueOrThrow({ where: { id: excluded.id } })).replyText).toBe('暂无回复');
  });
});

/**
 * Letters kept out of the district (非本区留言, ExcludedMessage) that an older release kept with a
 * placeholder as their reply: the same start clears them too, also on a store the release before
 * repaired (its marker at the same rules, from when the repair read only Message). ExcludedMessage
 * keeps no change history: the log line of the start says how many and which texts. New crawls
 * keep an excluded letter's placeholder out (the crawl stage normalises it as any message).
 */
describe('an excluded letter kept with a placeholder reply by an older release, repaired at start', () => {
  let store: Awaited<ReturnType<typeof openTestPgliteStore>>;
  let queue: InProcessQueue | undefined;
  const logs: string[] = [];
  const realReply = '您好！该路段属王益区管辖，已转王益区住建局处理。';
  const excludedOf = (siteId: string) => store.db.excludedMessage.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: 'city-test', siteId } } });
  const letter = (siteId: string, replyText: string | undefined): CrawledMessage => ({
    sourceId: 'city-test', channel: 'city_mailbox', siteId, title: '王益区红旗街路灯不亮', content: '红旗街路灯坏了一个月，请维修。', replyUnit: '市住建局', replyAt: '2026-03-02T02:00:00.000Z', replyText, district: '王益区', fetchedAt: '2026-03-05T02:00:00Z',
  });

  beforeAll(async () => {
    store = await openTestPgliteStore();
    await ensureSource(store.db, { id: 'city-test', name: '市长信箱', channel: 'city_mailbox' });
    const older = { sourceId: 'city-test', channel: 'city_mailbox' as const, content: '红旗街路灯坏了一个月，请维修。', replyUnit: '市住建局', replyAt: new Date('2026-03-02T02:00:00Z'), reason: '所属区县为王益区，不是印台区', kind: 'other_district' as const, district: '王益区', firstSeenAt: new Date('2026-03-01T02:00:00Z'), lastSeenAt: new Date('2026-03-01T02:00:00Z') };
    await store.db.excludedMessage.createMany({
      data: [
        { ...older, siteId: '61', title: '王益区红旗街路灯不亮', replyText: '暂无回复' },
        { ...older, siteId: '62', title: '王益区菜市场占道', replyText: '该信件正在办理中，请耐心等候。' },
        { ...older, siteId: '63', title: '王益区道路破损', replyText: realReply },
        { ...older, siteId: '64', title: '陈炉镇村道坑洼', replyText: '正在办理中' },
      ],
    });
    // Brought back by staff before the upgrade: its Message came in without the placeholder.
    await bringBackExcludedMessage(store.db, { id: (await excludedOf('64')).id, note: '涉及陈炉镇，地名表漏列', actor: { ...systemActor, role: 'admin' } });
    // The release before repaired Message with the same rules, and read no ExcludedMessage.
    await store.db.storeRepair.create({ data: { name: placeholderRepairName, version: replyPlaceholderRulesVersion, changed: 0 } });
  });
  afterAll(async () => {
    await queue?.close();
    await store?.close();
  });

  it('clears the placeholder at the first start, says so in the log, and leaves a real reply', async () => {
    queue = new InProcessQueue({ concurrency: 1 });
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push((JSON.parse(line) as { msg: string }).msg) });
    const pipeline = createPipeline({ store, queue, classifier: await sharedClassifier(), logger });
    await pipeline.start({ concurrency: 1 });
    await queue.idle(60_000);

    expect((await excludedOf('61')).replyText).toBeNull();
    expect((await excludedOf('62')).replyText).toBeNull();
    expect((await excludedOf('63')).replyText).toBe(realReply);
    // Also the row of a letter brought back: its Message has no reply either.
    expect((await excludedOf('64')).replyText).toBeNull();
    // The reply box's unit and time stay, as intake keeps them; the site did not change it (changedAt).
    expect(await excludedOf('61')).toMatchObject({ replyUnit: '市住建局', replyAt: new Date('2026-03-02T02:00:00Z'), changedAt: null, lastSeenAt: new Date('2026-03-01T02:00:00Z') });
    // ExcludedMessage keeps no change history: the start's log says how many, and which texts.
    const said = logs.filter((l) => l.includes('非本区留言'));
    expect(said).toEqual([expect.stringMatching(/^已清除 3 条非本区留言记录的“网站上的回复”/)]);
    for (const text of ['“暂无回复”×1', '“正在办理中”×1', '“该信件正在办理中，请耐心等候。”×1']) expect(said[0]).toContain(text);
    expect((await store.db.storeRepair.findUniqueOrThrow({ where: { name: placeholderRepairName } })).changed).toBe(3);
  });

  it('keeps no placeholder of a new crawl, and a crawl still showing it changes nothing', async () => {
    const ctx = { enqueue: () => Promise.reject(new Error('not accepted: nothing to enqueue')), logger: silentLogger };
    // The crawl stage's record of a dropped letter, handed the placeholder by a crawler that kept it.
    expect(await recordExcluded(store, letter('61', '暂无回复'), '所属区县为王益区，不是印台区', 'other_district', ctx)).toEqual({ outcome: 'unchanged' });
    expect((await excludedOf('61')).changedAt).toBeNull();
    expect(await recordExcluded(store, { ...letter('65', '正在办理中'), title: '王益区公交站牌缺失' }, '所属区县为王益区，不是印台区', 'other_district', ctx)).toEqual({ outcome: 'kept' });
    expect((await excludedOf('65')).replyText).toBeNull();
  });
});
