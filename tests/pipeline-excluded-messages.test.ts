/**
 * Out-of-district messages of a city mailbox are kept, not lost: the real crawl of the look-alike
 * GBK city mailbox through the real pipeline on PostgreSQL (in-process queue and BullMQ), the
 * console's API over HTTP and the CLI. A message the scope drops is kept with its reason and is no
 * case; it is not fetched again unless it changes, and a change updates the kept copy; bringing
 * one back (转入受理) makes it a case in review whose event log says who brought it back and why,
 * once (409 the second time); nothing counts an excluded message in bulletins or exports.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { silentLogger } from '../core/index.js';
import { createPipeline, crawlStage, InProcessQueue, type JobQueue, type Pipeline } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { startSite, type ControlledSite } from '../sites/index.js';
import { createWebServer } from '../web/index.js';
import { listSources, systemActor, type Store } from '../workflow/index.js';
import { computeBulletin } from '../workflow/bulletin/index.js';
import { listReviewQueue } from '../workflow/console-queries/index.js';
import { exportRowBatches } from '../workflow/exports/index.js';
import { createUser } from '../workflow/users/index.js';
import { cityMailboxMessages, cityMailboxSource } from './helpers/city-mailbox.js';
import { deleteQueuePrefix, openTestPostgresStore, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';
import { sharedClassifier } from './pipeline-helpers.js';

const password = 'excluded-pass-2026';

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

describe.each(modes)('excluded city-mailbox messages on PostgreSQL ($name)', ({ open }) => {
  let site: ControlledSite;
  let store: Store & { schema: string };
  let queue: JobQueue;
  let cleanup: () => Promise<void>;
  let pipeline: Pipeline;
  let app: FastifyInstance;
  let base: string;
  const sourceId = 'example-gbk-city';

  beforeAll(async () => {
    site = await startSite({ shape: 'gbk-html', messages: cityMailboxMessages.map((m) => ({ ...m })) });
    store = await openTestPostgresStore();
    ({ queue, cleanup } = await open());
    const source = await cityMailboxSource(site);
    pipeline = createPipeline({ store, queue, classifier: await sharedClassifier(), logger: silentLogger, crawl: crawlStage({ store, sources: [source], config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }) });
    await pipeline.start({ concurrency: 2 });
    for (const [username, role] of [['egov', 'egov_centre'], ['leader', 'leader']] as const) await createUser(store.db, { username, displayName: username, role, password });
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
    await site?.close();
  });

  const crawl = async () => {
    await pipeline.requestCrawl(sourceId);
    await queue.idle(60_000);
  };
  const excluded = (siteId: string) => store.db.excludedMessage.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId, siteId } } });
  const messageOf = (siteId: string) => store.db.message.findUnique({ where: { sourceId_siteId: { sourceId, siteId } } });
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
  const inBulletinAndExport = async () => {
    const bulletin = await computeBulletin(store.db, { from: '2026-01-01', to: '2099-12-31' });
    const titles: string[] = [];
    for await (const batch of exportRowBatches(store.db, { filter: {}, actor: { ...systemActor, role: 'admin' }, masked: false })) titles.push(...batch.map((r) => r.title));
    return { cases: bulletin.totals.cases, titles: titles.sort() };
  };

  it('keeps each dropped message with its reason, out of cases, bulletins and exports; fetches it again only when it changes', async () => {
    await crawl();
    expect((await store.db.message.findMany()).map((m) => m.siteId)).toEqual(['300003']);
    expect(await store.db.case.count()).toBe(1);
    const wangyi = await excluded('300001');
    expect(wangyi).toMatchObject({ title: '青年路KTV噪音扰民', content: cityMailboxMessages[2]!.content, author: '张先生', siteStatus: '待回复', siteType: '投诉', channel: 'city_mailbox', reason: '所属区县为王益区，不是印台区', messageId: null, changedAt: null });
    expect(wangyi.url).toMatch(/show\.asp\?id=300001$/);
    expect(wangyi.postedAt?.toISOString()).toBe('2026-11-18T03:00:00.000Z');
    expect(await excluded('300002')).toMatchObject({ title: '陈炉镇上街村<b>停水</b>三天', reason: '未提及印台区的地名或单位', messageId: null });
    expect((await listSources(store.db)).find((s) => s.id === sourceId)?.excludedMessages).toBe(2);
    expect(await inBulletinAndExport()).toEqual({ cases: 1, titles: ['城关街道北环路路灯不亮'] });

    // Unchanged: the dropped messages are not fetched again.
    site.resetRequests();
    await crawl();
    expect(site.requests().filter((r) => r.path.includes('show.asp'))).toEqual([]);
    expect((await excluded('300001')).changedAt).toBeNull();

    // Changed on the site: fetched again, the kept copy follows; still no message, no case.
    site.update('300001', { status: '办理中', content: `${cityMailboxMessages[2]!.content}周末更吵。` });
    site.resetRequests();
    await crawl();
    expect(site.requests().filter((r) => r.path.includes('show.asp')).map((r) => r.path)).toEqual([expect.stringMatching(/show\.asp\?id=300001$/)]);
    const updated = await excluded('300001');
    expect(updated).toMatchObject({ siteStatus: '办理中', content: `${cityMailboxMessages[2]!.content}周末更吵。`, id: wangyi.id, reason: '所属区县为王益区，不是印台区' });
    expect(updated.changedAt).not.toBeNull();
    expect(await messageOf('300001')).toBeNull();
    expect(await store.db.excludedMessage.count()).toBe(2);
    expect(await store.db.case.count()).toBe(1);
  }, 120_000);

  it('lists them over HTTP, and brings one back once: a case in review whose event log says who and why', async () => {
    const egov = await signIn('egov');
    const list = (await (await egov(`/api/console/sources/excluded?sourceId=${sourceId}`)).json()) as { total: number; items: { id: string; siteId: string; reason: string }[] };
    expect(list.total).toBe(2);
    expect(list.items.map((i) => i.siteId)).toEqual(['300002', '300001']); // newest first
    const searched = (await (await egov('/api/console/sources/excluded?q=停水')).json()) as { items: { siteId: string }[] };
    expect(searched.items.map((i) => i.siteId)).toEqual(['300002']);
    const chenlu = list.items[0]!;

    const leader = await signIn('leader');
    expect((await leader('/api/console/sources/excluded')).status).toBe(200);
    expect((await leader(`/api/console/sources/excluded/${chenlu.id}/bring-back`, { note: '涉及陈炉镇' })).status).toBe(403);
    const noNote = await egov(`/api/console/sources/excluded/${chenlu.id}/bring-back`, { note: '  ' });
    expect(noNote.status).toBe(400);
    expect(((await noNote.json()) as { error: { message: string } }).error.message).toBe('请填写转入受理的理由');

    const res = await egov(`/api/console/sources/excluded/${chenlu.id}/bring-back`, { note: '涉及陈炉镇，地名表漏列' });
    expect(res.status).toBe(200);
    const { messageId } = (await res.json()) as { messageId: string };
    await queue.idle(60_000);
    const message = await store.db.message.findUniqueOrThrow({ where: { id: messageId }, include: { case: { include: { events: { orderBy: { id: 'asc' } } } } } });
    expect(message).toMatchObject({ siteId: '300002', title: '陈炉镇上街村<b>停水</b>三天', channel: 'city_mailbox', author: '王女士' });
    expect(message.case?.state).toBe('awaiting_review');
    expect(message.case?.events.map((e) => e.type)).toEqual(['case_created', 'brought_back']);
    expect(message.case?.events[1]).toMatchObject({ actor: 'egov', role: 'egov_centre', messageId, data: { note: '涉及陈炉镇，地名表漏列', excludedReason: '未提及印台区的地名或单位', sourceId } });
    const queueItems = (await listReviewQueue(store.db, { actor: { ...systemActor, role: 'admin' } })).items;
    expect(queueItems.map((i) => i.message.id)).toContain(messageId);

    // Twice: refused, and nothing else happens.
    const again = await egov(`/api/console/sources/excluded/${chenlu.id}/bring-back`, { note: '再次转入' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/^这条留言已于 .+ 由 egov（区电子政务管理中心）转入受理，不能重复转入$/);
    expect(await store.db.message.count()).toBe(2);
    expect(await store.db.event.count({ where: { type: 'brought_back' } })).toBe(1);

    // It leaves the list (shown under 已转入受理 with its case), the count and stays out of nothing else.
    const after = (await (await egov('/api/console/sources/excluded?status=brought_back')).json()) as { items: { siteId: string; broughtBack: { by: string; ledgerNo: string; caseId: string } }[] };
    expect(after.items).toEqual([expect.objectContaining({ siteId: '300002', broughtBack: expect.objectContaining({ by: 'egov', ledgerNo: message.case?.ledgerNo, caseId: message.caseId }) })]);
    expect((await listSources(store.db)).find((s) => s.id === sourceId)?.excludedMessages).toBe(1);
    expect(await inBulletinAndExport()).toEqual({ cases: 2, titles: ['城关街道北环路路灯不亮', '陈炉镇上街村<b>停水</b>三天'].sort() });

    // Later changes on the site reach the brought-back message (the crawler still drops it; the store knows better).
    site.reply('300002', '已协调供水公司恢复供水。');
    await crawl();
    const changes = await store.db.messageChange.findMany({ where: { messageId }, orderBy: { id: 'asc' } });
    expect(changes.map((c) => c.field)).toEqual(expect.arrayContaining(['siteStatus', 'replyText']));
    expect((await store.db.message.findUniqueOrThrow({ where: { id: messageId } })).replyText).toContain('已协调供水公司恢复供水。');
    expect(await store.db.message.count()).toBe(2);
    expect(await store.db.case.count()).toBe(2);
  }, 120_000);

  it('lists them with `minsheng sources excluded --json`', async () => {
    let out = '';
    let err = '';
    const code = await main(['sources', 'excluded', '--source', sourceId, '--json'], {
      env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent' },
      io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
    });
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const rows = JSON.parse(out) as { siteId: string; reason: string; title: string; url: string }[];
    expect(rows).toEqual([expect.objectContaining({ siteId: '300001', reason: '所属区县为王益区，不是印台区', title: '青年路KTV噪音扰民', url: expect.stringMatching(/show\.asp\?id=300001$/) })]);
  }, 60_000);
});
