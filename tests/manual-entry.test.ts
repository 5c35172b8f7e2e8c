/**
 * 手工录入: a message staff enter by hand (a 转办单 of the city, a WeChat post) takes the path of a
 * crawled one, on PostgreSQL through the real pipeline (in-process queue and BullMQ) and the API
 * over HTTP: it is a Message of the channel's manual source, classified, de-duplicated, and a case
 * in the review queue whose log says who entered it (with its 转办编号), or a copy linked to the case
 * of the crawled message it repeats. A 转办编号 entered twice makes one message; a letter entered twice
 * (or twice at once) is refused the second time (409 SAME_ENTRY) unless `allowSame`, and so is the
 * same writer's letter of the same minute typed again with a typo fixed; a unit account is
 * refused (403), a bad request is refused in Chinese (400) and stores nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createPipeline, InProcessQueue, type JobQueue, type Pipeline } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { createWebServer } from '../web/index.js';
import { ensureSource, recordMessage, type Store } from '../workflow/index.js';
import { createUser } from '../workflow/users/index.js';
import { deleteQueuePrefix, openTestPostgresStore, testRedisUrl, uniqueName } from './helpers/services.js';
import { sharedClassifier, waitFor } from './pipeline-helpers.js';

const password = 'manual-entry-2026';

const modes = [
  { name: 'in-process queue', open: async () => ({ queue: new InProcessQueue({ concurrency: 2 }) as JobQueue, cleanup: async () => {} }) },
  {
    name: 'BullMQ',
    open: async () => {
      const prefix = uniqueName('mstest');
      return { queue: new BullmqQueue({ redisUrl: testRedisUrl, prefix, concurrency: 2 }) as JobQueue, cleanup: () => deleteQueuePrefix(prefix) };
    },
  },
];

const forwardedLetter = {
  channel: 'forwarded',
  originLevel: 'city',
  forwardNo: 'TCZB-2026-0417',
  title: '王家砭村自来水停水多日无人处理',
  content: '市长信箱转办：印台区王家砭村自本月十日起停水，已近一周，村民用水困难，请尽快查明原因恢复供水。',
  author: '李先生',
  postedAt: '2026-11-20',
};

describe.each(modes)('hand-entered messages on PostgreSQL ($name)', ({ open }) => {
  let store: Store & { schema: string };
  let queue: JobQueue;
  let cleanup: () => Promise<void>;
  let pipeline: Pipeline;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    store = await openTestPostgresStore();
    ({ queue, cleanup } = await open());
    pipeline = createPipeline({ store, queue, classifier: await sharedClassifier(), logger: silentLogger });
    await pipeline.start({ concurrency: 2 });
    await store.db.unit.create({ data: { id: 'u-water', name: '区水务局', keywords: ['供水'] } });
    for (const [username, role] of [['egov', 'egov_centre'], ['admin', 'admin'], ['leader', 'leader']] as const) await createUser(store.db, { username, displayName: username, role, password });
    await createUser(store.db, { username: 'water', displayName: '水务局', role: 'unit', unitId: 'u-water', password });
    app = await createWebServer({ store, logger: silentLogger, queue, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await queue?.close();
    await store?.close();
    await cleanup?.();
  });

  const signIn = async (username: string) => {
    const res = await fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = decodeURIComponent(cookies.find((c) => c.startsWith('ms_csrf='))!.slice('ms_csrf='.length));
    return (path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { cookie: cookies.join('; '), ...(body === undefined ? {} : { 'content-type': 'application/json', 'x-csrf-token': csrf }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
  };

  it('makes a forwarded item a case awaiting review with its 转办编号, and who entered it in its log', async () => {
    const egov = await signIn('egov');
    const res = await egov('/api/console/messages', forwardedLetter);
    const body = (await res.json()) as { messageId: string; caseId: string | null; ledgerNo: string | null; existing: boolean; linked: boolean; pending: boolean };
    expect(res.status).toBe(201);
    expect(body).toMatchObject({ existing: false, linked: false, pending: false });
    expect(body.ledgerNo).toMatch(/^YT-/);

    const message = await store.db.message.findUniqueOrThrow({ where: { id: body.messageId }, include: { source: true, case: true } });
    expect(message).toMatchObject({ sourceId: 'manual-forwarded', siteId: 'city:TCZB-2026-0417', channel: 'forwarded', author: '李先生', forwarding: { originLevel: 'city', forwardNo: 'TCZB-2026-0417' } });
    expect(message.source.name).toBe('手工录入（省市转办）');
    expect(message.postedAt?.toISOString()).toBe('2026-11-19T16:00:00.000Z');
    // Classified and registered by the pipeline's own jobs, as a crawled message is.
    expect(message.classification).toMatchObject({ category: expect.any(String) });
    expect(message.case?.state).toBe('awaiting_review');

    const review = (await (await egov('/api/console/review?limit=200')).json()) as { items: { caseId: string }[] };
    expect(review.items.map((c) => c.caseId)).toContain(body.caseId);

    const page = (await (await egov(`/api/workflow/cases/${body.caseId}`)).json()) as { case: { events: { type: string; actor: string; data: Record<string, unknown> }[] } };
    expect(page.case.events.map((e) => e.type)).toEqual(['case_created', 'entered_by_hand']);
    expect(page.case.events[1]).toMatchObject({ actor: 'egov', data: { forwardNo: 'TCZB-2026-0417', originLevel: 'city', channel: 'forwarded' } });
  });

  it('keeps the 转办单’s own 上级办理时限, which 交办 will not pass, and says so in the log', async () => {
    const egov = await signIn('egov');
    const res = await egov('/api/console/messages', { ...forwardedLetter, forwardNo: 'TCZB-2026-0501', title: '王家砭村路灯不亮', content: '市长信箱转办：王家砭村路灯损坏多日。', upperDeadline: ' 2026-12-04 ' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { messageId: string; caseId: string };
    const message = await store.db.message.findUniqueOrThrow({ where: { id: body.messageId } });
    expect(message.forwarding).toEqual({ originLevel: 'city', forwardNo: 'TCZB-2026-0501', upperDeadline: '2026-12-04' });
    const entered = await store.db.event.findFirstOrThrow({ where: { messageId: body.messageId, type: 'message_entered' } });
    expect(entered.data).toMatchObject({ forwardNo: 'TCZB-2026-0501', upperDeadline: '2026-12-04' });
  });

  it('enters a 转办编号 once: the second entry answers the first message and stores nothing', async () => {
    const admin = await signIn('admin');
    const before = await store.db.message.count();
    const first = await store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: 'manual-forwarded', siteId: 'city:TCZB-2026-0417' } } });
    const res = await admin('/api/console/messages', { ...forwardedLetter, title: '王家砭村停水（第二次录入）', forwardNo: ' TCZB-2026-0417 ' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ existing: true, messageId: first.id, caseId: first.caseId, enteredBy: 'egov' });
    // Typed in lower case, or in full width by a Chinese input method: the same 转办单.
    for (const typed of ['tczb-2026-0417', 'ＴＣＺＢ－２０２６－０４１７']) {
      const again = await admin('/api/console/messages', { ...forwardedLetter, forwardNo: typed });
      expect(again.status, typed).toBe(200);
      expect(await again.json()).toMatchObject({ existing: true, messageId: first.id });
    }
    expect(await store.db.message.count()).toBe(before);
    expect((await store.db.message.findUniqueOrThrow({ where: { id: first.id } })).title).toBe(forwardedLetter.title);
    // The same number from the province is another item.
    const province = await admin('/api/console/messages', { ...forwardedLetter, originLevel: 'province', title: '省长信箱转办：王家砭村停水', content: `${forwardedLetter.content}（省长信箱）` });
    expect(province.status).toBe(201);
    expect(await store.db.message.count()).toBe(before + 1);
  });

  it('joins the 转办 page’s copy of an entered 转办单 to its case by level and 转办编号, however it is worded or printed', async () => {
    const entered = await store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: 'manual-forwarded', siteId: 'city:TCZB-2026-0417' } } });
    await ensureSource(store.db, { id: 'city-forwarded', name: '市级转办件', channel: 'forwarded' });
    // The page prints the number in full width; its text is the city's own wording, not the letter the clerk typed in.
    const crawled = {
      sourceId: 'city-forwarded',
      channel: 'forwarded' as const,
      siteId: 'zb-20261120-17',
      title: '关于转办群众反映供水问题的函',
      content: '请印台区人民政府核查群众来信所反映事项，依法依规处理，并在规定时限内将办理结果报市政府办公室。',
      forwarding: { originLevel: 'city' as const, forwardNo: 'ＴＣＺＢ－２０２６－０４１７', upperDeadline: '2026-11-27' },
      fetchedAt: new Date().toISOString(),
    };
    await pipeline.submit(crawled);
    const copy = await waitFor(
      'the crawled 转办 item registered',
      async () => {
        const m = await store.db.message.findUnique({ where: { sourceId_siteId: { sourceId: 'city-forwarded', siteId: crawled.siteId } } });
        return m?.caseId ? m : undefined;
      },
      30_000,
    );
    expect(copy.forwarding).toMatchObject({ originLevel: 'city', forwardNo: 'TCZB-2026-0417' });
    expect(copy).toMatchObject({ caseId: entered.caseId, duplicateOfId: entered.id });
    const linked = await store.db.event.findFirstOrThrow({ where: { messageId: copy.id, type: 'duplicate_linked' } });
    expect(linked.data).toMatchObject({ matchKind: 'forward-no', duplicateOf: entered.id });
  });

  it('refuses a letter entered by hand again (the form sent twice) unless staff say it is another citizen’s; two at once make one', async () => {
    const egov = await signIn('egov');
    const letter = { channel: 'other_web', channelNote: '微信公众号“印台发布”', title: '陈炉镇中学门口路面塌陷', content: '陈炉镇中学门口的路面塌了一个大坑，学生上下学很危险，请尽快修复。', postedAt: '2026-11-21' };
    const first = await egov('/api/console/messages', letter);
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { messageId: string; caseId: string; ledgerNo: string };
    expect(firstBody.caseId).toBeTruthy();
    // Sent again, as typed again (spaces around, a zero-width space pasted in, an empty writer): the
    // same letter after intake's normalisation, no writer matching no writer.
    const again = await egov('/api/console/messages', { ...letter, title: ` ${letter.title}\u200b `, author: '' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'SAME_ENTRY', message: `与已录入的留言（案件 ${firstBody.ledgerNo}）相同`, details: { messageId: firstBody.messageId, caseId: firstBody.caseId } } });
    expect(await store.db.message.count({ where: { title: letter.title } })).toBe(1);
    expect((await store.db.case.findUniqueOrThrow({ where: { id: firstBody.caseId } })).reporterCount).toBe(1);
    // Another writer is another letter; staff saying it is another citizen's lets the same one in,
    // and each unsigned letter counts as a writer of its own (反映人数).
    const otherWriter = await egov('/api/console/messages', { ...letter, author: '钱女士' });
    expect(otherWriter.status).toBe(201);
    const allowed = await egov('/api/console/messages', { ...letter, allowSame: true });
    expect(allowed.status).toBe(201);
    expect(await allowed.json()).toMatchObject({ caseId: firstBody.caseId, linked: true });
    expect(await store.db.message.count({ where: { title: letter.title } })).toBe(3);
    expect((await store.db.case.findUniqueOrThrow({ where: { id: firstBody.caseId } })).reporterCount).toBe(3);

    // Two identical letters at the same moment (a double click, two clerks): one is entered.
    // The channel's first hand entry: its source row is made by whichever comes first.
    expect(await store.db.source.count({ where: { id: 'manual-city_mailbox' } })).toBe(0);
    const twin = { channel: 'city_mailbox', title: '红土镇垃圾清运不及时', content: '红土镇街道垃圾箱已经满了三天没人清运，气味很大。' };
    const answers = await Promise.all([egov('/api/console/messages', twin), egov('/api/console/messages', twin)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await store.db.message.count({ where: { title: twin.title } })).toBe(1);
  });

  it('refuses the same writer’s letter of the same minute typed again with a typo fixed (409 SAME_ENTRY, naming the case), and enters another letter of that writer', async () => {
    const egov = await signIn('egov');
    const letter = {
      channel: 'district_mailbox',
      title: '陈炉镇敬老院冬季取暖不足',
      content:
        '陈炉镇敬老院今年入冬以来暖气一直不热，房间里只有十度左右，住着的三十多位老人晚上只能穿着棉衣睡觉，已经有好几位老人感冒。院里说锅炉太旧，烧不起来，镇上也没钱更换。恳请区民政局尽快拨款维修或更换锅炉，让老人们暖暖和和过冬。',
      author: '周文斌',
      postedAt: '2026-11-19T16:05:00+08:00',
    };
    const first = await egov('/api/console/messages', { ...letter, content: letter.content.replace('烧不起来', '少不起来') });
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { messageId: string; caseId: string; ledgerNo: string };
    expect(firstBody.ledgerNo).toBeTruthy();
    // Typed again from the paper, the typo fixed, a space before the name, the title shortened.
    const again = await egov('/api/console/messages', { ...letter, title: '陈炉镇敬老院取暖不足', author: ' 周文斌' });
    expect(again.status).toBe(409);
    const refusal = (await again.json()) as { error: { code: string; message: string; details: Record<string, unknown> } };
    expect(refusal.error).toMatchObject({ code: 'SAME_ENTRY', details: { messageId: firstBody.messageId, caseId: firstBody.caseId, ledgerNo: firstBody.ledgerNo } });
    expect(refusal.error.message).toMatch(new RegExp(`^与已录入的留言（案件 ${firstBody.ledgerNo}）几乎相同（同一留言人、同一留言时间，内容相似度 9\\d%）$`));
    expect(await store.db.message.count({ where: { author: { contains: '周文斌' } } })).toBe(1);
    // Another letter of that writer, sent the same minute: entered.
    const other = await egov('/api/console/messages', { ...letter, title: '陈炉镇敬老院缺少护理员', content: '陈炉镇敬老院只有两名护理员照顾三十多位老人，其中不少人卧床不起，护理员忙不过来，老人经常没人照看。希望区民政局增加护理员编制或者购买护理服务。' });
    expect(other.status).toBe(201);
    expect(await store.db.message.count({ where: { author: { contains: '周文斌' } } })).toBe(2);
  });

  it('links a hand-entered copy of a crawled message to that message’s case (de-duplication ran)', async () => {
    await ensureSource(store.db, { id: 'district-mailbox', name: '印台区区长信箱', channel: 'district_mailbox' });
    const crawled = {
      sourceId: 'district-mailbox',
      channel: 'district_mailbox' as const,
      siteId: '88001',
      title: '东城街道文化路路灯不亮',
      content: '东城街道文化路从三号楼到五号楼之间的路灯已经坏了半个月，晚上出行很不安全，希望尽快维修。',
      author: '张女士',
      fetchedAt: new Date().toISOString(),
    };
    await pipeline.submit(crawled);
    const crawledCase = await waitFor('the crawled message’s case', async () => (await store.db.message.findUnique({ where: { sourceId_siteId: { sourceId: 'district-mailbox', siteId: '88001' } } }))?.caseId ?? undefined, 30_000);

    const egov = await signIn('egov');
    const res = await egov('/api/console/messages', { channel: 'other_web', channelNote: '微信公众号“印台发布”', title: crawled.title, content: crawled.content, author: '王先生' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { messageId: string; caseId: string; linked: boolean };
    expect(body).toMatchObject({ caseId: crawledCase, linked: true });
    const entered = await store.db.message.findUniqueOrThrow({ where: { id: body.messageId } });
    expect(entered).toMatchObject({ sourceId: 'manual-other_web', channel: 'other_web', caseId: crawledCase, similarity: 1 });
    const events = await store.db.event.findMany({ where: { caseId: crawledCase }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['case_created', 'duplicate_linked', 'entered_by_hand']);
    expect(events[2]).toMatchObject({ actor: 'egov', messageId: body.messageId, data: { channelNote: '微信公众号“印台发布”' } });
    expect((await store.db.case.findUniqueOrThrow({ where: { id: crawledCase } })).reporterCount).toBe(2);
  });

  it('stores a pasted letter as staff read it: bidi overrides and zero-width characters dropped, so it reads forwards and the ledger search finds its words', async () => {
    const egov = await signIn('egov');
    const res = await egov('/api/console/messages', {
      channel: 'other_web',
      channelNote: '微信群转发',
      title: '\u202e罗寨村路\u200b灯不亮\u202c',
      content: '罗\u200b寨村的路\u00ad灯坏了一个月，晚上很黑，请尽快维修。联系电话\u202e0008310831\u202c 👨\u200d👩\u200d👧',
      author: '赵\u2060先生',
    });
    expect(res.status).toBe(201);
    const { messageId, caseId } = (await res.json()) as { messageId: string; caseId: string };
    const message = await store.db.message.findUniqueOrThrow({ where: { id: messageId } });
    expect(message).toMatchObject({ title: '罗寨村路灯不亮', content: '罗寨村的路灯坏了一个月，晚上很黑，请尽快维修。联系电话0008310831 👨\u200d👩\u200d👧', author: '赵先生' });
    const ledger = (await (await egov(`/api/workflow/cases?q=${encodeURIComponent('罗寨村 路灯')}`)).json()) as { items: { id: string }[] };
    expect(ledger.items.map((c) => c.id)).toContain(caseId);

    // A title of invisible characters only is no title.
    const blank = await egov('/api/console/messages', { channel: 'district_mailbox', title: '\u200b\u202e\u200b', content: '内容' });
    expect(blank.status).toBe(400);
    expect(((await blank.json()) as { error: { message: string } }).error.message).toMatch(/请填写标题/);
  });

  it('records no change when a message stored with such characters is crawled again as it was', async () => {
    await ensureSource(store.db, { id: 'district-mailbox', name: '印台区区长信箱', channel: 'district_mailbox' });
    const crawled = { sourceId: 'district-mailbox', channel: 'district_mailbox' as const, siteId: '88002', title: '庙湾村\u200b垃圾清运不及时', content: '庙湾村的垃圾箱\u202e满了好几天\u202c，请环卫部门按时清运。', fetchedAt: new Date(Date.now() - 60_000).toISOString() };
    // Stored as an earlier release stored it: the characters kept.
    const { messageId } = await recordMessage(store.db, crawled);
    await pipeline.submit({ ...crawled, fetchedAt: new Date().toISOString() });
    await waitFor('the crawl seen again', async () => ((await store.db.message.findUniqueOrThrow({ where: { id: messageId } })).lastSeenAt.getTime() > Date.parse(crawled.fetchedAt) ? true : undefined), 30_000);
    expect(await store.db.messageChange.count({ where: { messageId } })).toBe(0);
  });

  it('refuses other roles with 403 and a bad request with a Chinese 400, storing nothing', async () => {
    const before = await store.db.message.count();
    for (const username of ['water', 'leader']) {
      const res = await (await signIn(username))('/api/console/messages', { ...forwardedLetter, forwardNo: `X-${username}` });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/u);
    }
    const egov = await signIn('egov');
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...forwardedLetter, forwardNo: '' }, /转办编号/],
      [{ ...forwardedLetter, originLevel: undefined }, /转办层级/],
      [{ channel: 'other_web', title: '标题', content: '内容' }, /渠道说明/],
      [{ channel: 'district_mailbox', title: '标题', content: '内容', forwardNo: 'A-1' }, /只有省市转办/],
      [{ channel: 'district_mailbox', title: '标题', content: '内容', upperDeadline: '2026-12-04' }, /只有省市转办/],
      [{ ...forwardedLetter, forwardNo: 'TCZB-BAD-1', upperDeadline: '2026-11-31' }, /上级办理时限.*没有这一天/],
      [{ ...forwardedLetter, forwardNo: 'TCZB-BAD-2', upperDeadline: '12月4日' }, /上级办理时限.*YYYY-MM-DD/],
      [{ channel: 'district_mailbox', title: '   ', content: '内容' }, /请填写标题/],
      [{ channel: 'district_mailbox', title: '标题', content: '内容', postedAt: '2026-02-30' }, /没有这一天/],
      [{ channel: 'district_mailbox', title: '标题', content: '内容', postedAt: '2999-01-01' }, /不能晚于现在/],
      [{ channel: 'district_mailbox', title: '标'.repeat(2001), content: '内容' }, /标题过长（最多 2000 字）/],
      [{ channel: 'wechat', title: '标题', content: '内容' }, /渠道/],
    ];
    for (const [request, message] of bad) {
      const res = await egov('/api/console/messages', request);
      expect(res.status, JSON.stringify(request).slice(0, 80)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(await store.db.message.count()).toBe(before);
    expect(await store.db.event.count({ where: { type: 'message_entered', actor: { in: ['water', 'leader'] } } })).toBe(0);
  });
});
