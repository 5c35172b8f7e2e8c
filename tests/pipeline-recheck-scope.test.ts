/**
 * 受理范围 1 after the gazetteer was completed: the real crawl of the look-alike GBK city mailbox
 * through the pipeline on PostgreSQL drops 陈炉镇's letter (its gazetteer lacks 陈炉镇) as 属地不明
 * and 王益区's as 其他区县; `minsheng sources recheck-scope` (the real CLI entry, with the source
 * file that lists 陈炉镇) brings the first in as 转入受理 does (a case in review whose log names the
 * actor and 地名表更新后重新判断：提及陈炉镇), keeps the second, and changes nothing the second time.
 * Re-judging while a crawl of the new gazetteer takes the same letters in makes no second message,
 * case or event. The main job re-judges by itself when the source file's scope changed: a real
 * main job started on a store of 450 such letters brings in those about 印台区, logs its progress
 * (every tenth) and shows the run on the console, where an admin's run goes the same way. Rows kept
 * before the kind existed get it from their reason (the migration), on PostgreSQL and PGlite.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMainJob, type MainJob } from '../cli/app/main-job.js';
import { main } from '../cli/main.js';
import { loadConfig, silentLogger, type Logger } from '../core/index.js';
import { createPipeline, crawlStage, InProcessQueue, prepareMessage, recheckChangedScopes, recheckScope, RecheckScopeRuns, recoverUnfinished, scopeHashOf, type Pipeline, type RecheckScopeRunView } from '../pipeline/index.js';
import { sampleMessages, startSite, type ControlledSite } from '../sites/index.js';
import { yintaiEstates } from '../sites/text-pool.js';
import { applyMigrations, readMigrations, recordExcludedMessage, systemActor, type Store } from '../workflow/index.js';
import { cityMailboxMessages, cityMailboxSource } from './helpers/city-mailbox.js';
import { examplesDir } from './crawlers/helpers.js';
import { openTestPgliteStore, openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';
import { sharedClassifier, waitFor } from './pipeline-helpers.js';
import { decideScope, loadSourceFile, type SourceDefinition } from '../crawlers/index.js';

const sourceId = 'example-gbk-city';
let site: ControlledSite;
let store: Store & { schema: string };
let queue: InProcessQueue;
let pipeline: Pipeline;
let source: SourceDefinition;

/** The scope as the source file has it (陈炉镇 listed) or as the mistaken one had it. */
const withGazetteer = (listed: boolean) => {
  const scope = source.scope!;
  // A new object each time: the place-name index is cached per scope object, as a loaded file's is.
  source.scope = { ...scope, gazetteer: listed ? [...new Set([...scope.gazetteer, '陈炉镇'])] : scope.gazetteer.filter((g) => g !== '陈炉镇') };
};

beforeAll(async () => {
  site = await startSite({ shape: 'gbk-html', messages: cityMailboxMessages.map((m) => ({ ...m })) });
  store = await openTestPostgresStore();
  queue = new InProcessQueue({ concurrency: 2 });
  source = await cityMailboxSource(site);
  pipeline = createPipeline({ store, queue, classifier: await sharedClassifier(), logger: silentLogger, crawl: crawlStage({ store, sources: [source], config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }) });
  await pipeline.start({ concurrency: 2 });
}, 60_000);
afterAll(async () => {
  await queue?.close();
  await store?.close();
  await site?.close();
});

const crawl = async () => {
  await pipeline.requestCrawl(sourceId);
  await queue.idle(60_000);
};
const excluded = (siteId: string) => store.db.excludedMessage.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId, siteId } } });

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['sources', 'recheck-scope', '--sources', path.join(examplesDir, 'gbk-html.yaml'), '--var', `base=${site.url}`, ...args], {
    env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent' },
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
  });
  return { code, out, err };
}

describe('re-judging excluded messages after the gazetteer changed (PostgreSQL)', () => {
  it('keeps 属地不明 and 其他区县 apart, with the site’s 涉及区县 field', async () => {
    await crawl();
    expect(await excluded('300002')).toMatchObject({ kind: 'no_place', reason: '未提及印台区的地名或单位', district: null });
    expect(await excluded('300001')).toMatchObject({ kind: 'other_district', reason: '所属区县为王益区，不是印台区', district: '王益区' });
    // `minsheng sources excluded --kind unclear`: the 属地不明 ones alone.
    let out = '';
    const code = await main(['sources', 'excluded', '--kind', 'unclear', '--json'], { env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (out += t), stderr: () => undefined } });
    expect(code).toBe(0);
    expect((JSON.parse(out) as { siteId: string; kind: string }[]).map((m) => [m.siteId, m.kind])).toEqual([['300002', 'no_place']]);
  }, 120_000);

  it('brings in, with `minsheng sources recheck-scope`, what the completed gazetteer names, once', async () => {
    const dry = await cli('--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('试运行，未写入任何更改。来源 example-gbk-city');
    expect(dry.out).toContain('将转入受理 1 条');
    expect(dry.out).toMatch(/300002 {2}陈炉镇上街村<b>停水<\/b>三天 {2}提及陈炉镇/);
    expect(await store.db.message.count()).toBe(1);
    expect((await excluded('300002')).messageId).toBeNull();

    const run = await cli();
    expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });
    expect(run.out).toContain('已转入受理 1 条');
    expect(run.out).toContain('仍排除 1 条，其中排除原因已更新 0 条');
    // No queue in the command without Redis: the unfinished-work sweep sends it on, as the main job's does.
    await recoverUnfinished(store, queue);
    await queue.idle(60_000);
    const row = await excluded('300002');
    const message = await store.db.message.findUniqueOrThrow({ where: { id: row.messageId! }, include: { case: { include: { events: { orderBy: { id: 'asc' } } } } } });
    expect(message.case?.state).toBe('awaiting_review');
    expect(message.case?.events.map((e) => e.type)).toEqual(['case_created', 'brought_back']);
    expect(message.case?.events[1]).toMatchObject({ actor: 'cli-admin', role: 'admin', data: { note: '地名表更新后重新判断：提及陈炉镇', excludedReason: '未提及印台区的地名或单位', sourceId } });
    expect(await excluded('300001')).toMatchObject({ messageId: null, kind: 'other_district' });
    expect((await store.db.source.findUniqueOrThrow({ where: { id: sourceId } })).scopeHash).toBeTruthy();

    // Twice: nothing more.
    const again = await cli('--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toEqual([expect.objectContaining({ source: sourceId, checked: 1, broughtIn: [], takenMeanwhile: 0, unchanged: 1 })]);
    expect(await store.db.message.count()).toBe(2);
    expect(await store.db.case.count()).toBe(2);
    expect(await store.db.event.count({ where: { type: 'brought_back' } })).toBe(1);

    // A later crawl of the site's change reaches the brought-in message, no second one.
    site.reply('300002', '已协调供水公司恢复供水。');
    await crawl();
    expect(await store.db.message.count()).toBe(2);
    expect((await store.db.message.findUniqueOrThrow({ where: { id: row.messageId! } })).replyText).toContain('已协调供水公司恢复供水。');
  }, 180_000);

  it('makes no second message, case or event when a crawl of the new gazetteer takes the same letters in meanwhile', async () => {
    withGazetteer(false);
    const ids = ['310001', '310002', '310003', '310004', '310005', '310006'];
    for (const [i, id] of ids.entries()) site.addMessage({ id, title: `陈炉镇${i + 1}组道路坑洼`, content: `陈炉镇立地坡村${i + 1}组的路面坑洼，雨天积水，请修一修。`, author: `村民${i}`, status: '待回复', district: undefined });
    await crawl();
    for (const id of ids) expect((await excluded(id)).messageId).toBeNull();

    // The gazetteer completed; every letter changes on the site, so the crawl fetches and judges each again.
    withGazetteer(true);
    for (const id of ids) site.update(id, { status: '办理中' });
    const [result] = await Promise.all([recheckScope({ store, source, actor: { ...systemActor, role: 'admin' }, queue }), crawl()]);
    await queue.idle(60_000);
    await recoverUnfinished(store, queue);
    await queue.idle(60_000);
    for (const id of ids) {
      const messages = await store.db.message.findMany({ where: { sourceId, siteId: id } });
      expect(messages).toHaveLength(1);
      expect(messages[0]!.caseId).not.toBeNull();
      expect((await excluded(id)).messageId).toBe(messages[0]!.id);
      expect(await store.db.event.count({ where: { messageId: messages[0]!.id, type: 'brought_back' } })).toBeLessThanOrEqual(1);
    }
    // Each letter was brought in by the re-judgement or taken in by the crawl, never both.
    const brought = await store.db.event.count({ where: { type: 'brought_back', data: { path: ['note'], string_starts_with: '地名表更新后重新判断' } } });
    expect(brought).toBe(1 + result.broughtIn.length);
    expect(await store.db.message.count()).toBe(2 + ids.length);
  }, 180_000);

  it('re-judges at the main job’s start only when the source file’s scope changed', async () => {
    const logs: string[] = [];
    const logger = { ...silentLogger, info: (m: unknown) => void logs.push(String(m)), error: (_o: unknown, m: unknown) => void logs.push(String(m)), child: () => logger } as unknown as Logger;
    const runs = new RecheckScopeRuns({ store, sources: [source], queue, logger });
    // Judged with this scope already (the run above): nothing to do.
    expect((await store.db.source.findUniqueOrThrow({ where: { id: sourceId } })).scopeHash).toBe(scopeHashOf(source.scope!));
    await recheckChangedScopes({ runs, actor: { ...systemActor, role: 'admin' }, logger });
    expect(logs).toEqual([]);
    // The file changed (a new entry): the one letter still out is judged again, and its reason follows the new scope.
    source.scope = { ...source.scope!, otherDistricts: [...source.scope!.otherDistricts.filter((d) => d !== '王益区')] };
    await recheckChangedScopes({ runs, actor: { ...systemActor, role: 'admin' }, logger });
    expect(logs).toEqual(['来源 示例：GBK 编码的市长信箱（只收涉及印台区的留言）的受理范围（地名表）已修改：重新判断排除的 1 条留言', expect.stringMatching(/重新判断 1 条，转入受理 0 条，排除原因更新 1 条/)]);
    expect(await excluded('300001')).toMatchObject({ kind: 'no_place', reason: '未提及印台区的地名或单位（所属区县：王益区）', messageId: null });
    expect((await store.db.source.findUniqueOrThrow({ where: { id: sourceId } })).scopeHash).toBe(scopeHashOf(source.scope));
    // A run of `runs`, as the console shows it: the system's, done.
    expect(runs.latest(sourceId)).toMatchObject({ state: 'done', startedBy: '民声主程序', done: 1, total: 1, result: expect.objectContaining({ checked: 1, reasonChanged: 1 }) });
  }, 60_000);
});

describe('the main job re-judging by itself at start (PostgreSQL)', () => {
  it('brings in the letters its completed gazetteer names, logs the progress, and shows the run on the console', async () => {
    const own = await openTestPostgresStore();
    const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-recheck-start-'));
    // Its own look-alike mailbox, whose one letter is in scope: the crawl at start leaves nothing out beside the run.
    const mailbox = await startSite({ shape: 'gbk-html', messages: [{ ...cityMailboxMessages[0]! }] });
    let job: MainJob | undefined;
    try {
      // The source file as the admin completed it: the gazetteer now lists this district's estates.
      const file = path.join(dir, 'sources.yaml');
      const text = (await readFile(path.join(examplesDir, 'gbk-html.yaml'), 'utf8')).replaceAll('{{base}}', mailbox.url);
      await writeFile(file, text.replace('王益乡]', `王益乡, ${yintaiEstates.join(', ')}]`));
      const completed = (await loadSourceFile(file))[0]!;
      // Last judged with the gazetteer without them: of generated city-mailbox letters, 450 it left out.
      const lacking = { ...completed.scope!, gazetteer: completed.scope!.gazetteer.filter((g) => !yintaiEstates.includes(g)) };
      await own.db.source.create({ data: { id: sourceId, name: completed.name, channel: 'city_mailbox', definition: {}, scopeHash: scopeHashOf(lacking) } });
      const fetchedAt = new Date().toISOString();
      let [left, ours] = [0, 0];
      for (const m of sampleMessages(2000, 11, { otherDistricts: 0.5 })) {
        const judged = decideScope(lacking, { title: m.title, content: m.content });
        if (judged.keep) continue;
        if (decideScope(completed.scope!, { title: m.title, content: m.content }).keep) ours++;
        await recordExcludedMessage(own.db, prepareMessage({ sourceId, channel: 'city_mailbox', siteId: `start${m.id}`, title: m.title, content: m.content, author: m.author, postedAt: undefined, siteStatus: m.status, fetchedAt }), judged.reason, judged.kind);
        if (++left === 450) break;
      }
      expect(left).toBe(450);
      expect(ours).toBeGreaterThan(10);

      const logs: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push((JSON.parse(line) as { msg: string }).msg) });
      const env = { DATABASE_URL: `${testDatabaseUrl}?schema=${own.schema}`, MINSHENG_SOURCES: file, MINSHENG_DATA_DIR: path.join(dir, 'data'), MINSHENG_ADMIN_PASSWORD: 'recheck-admin-2026', PORT: '0', LOG_LEVEL: 'info' };
      job = await startMainJob(loadConfig(env), logger);
      const name = completed.name;
      await waitFor('the re-judgement’s end in the log', async () => logs.some((l) => l.startsWith(`来源 ${name}：重新判断 450 条`)), 120_000).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}; the log:\n${logs.join('\n')}`);
      });
      const lines = logs.filter((l) => l.startsWith(`来源 ${name}`));
      expect(lines).toEqual([
        `来源 ${name}的受理范围（地名表）已修改：重新判断排除的 450 条留言`,
        `来源 ${name}：已重新判断 200/450 条（44%）`,
        `来源 ${name}：已重新判断 400/450 条（88%）`,
        `来源 ${name}：重新判断 450 条，转入受理 ${ours} 条，排除原因更新 0 条`,
      ]);
      expect(await own.db.excludedMessage.count({ where: { sourceId, messageId: { not: null }, siteId: { startsWith: 'start' } } })).toBe(ours);
      expect((await own.db.source.findUniqueOrThrow({ where: { id: sourceId } })).scopeHash).toBe(scopeHashOf(completed.scope!));
      // The main job's pipeline classifies and registers them: each a case in review, its log naming the re-judgement.
      const registered = { sourceId, siteId: { startsWith: 'start' }, caseId: { not: null } };
      await waitFor('the brought-in letters registered', async () => (await own.db.message.count({ where: registered })) === ours, 120_000, 500);
      const one = await own.db.message.findFirstOrThrow({ where: registered, include: { case: { include: { events: true } } }, orderBy: { siteId: 'asc' } });
      expect(one.case?.events.find((e) => e.type === 'brought_back')).toMatchObject({ actor: 'system', role: 'admin', data: expect.objectContaining({ note: expect.stringMatching(new RegExp(`^地名表更新后重新判断：提及(${yintaiEstates.join('|')})`)) }) });

      // The console shows that run, and an admin's run through the same main job judges the letters still out.
      const login = await fetch(`${job.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'recheck-admin-2026' }) });
      const headers = { cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
      const runsPath = `${job.url}/api/console/sources/${sourceId}/recheck-scope`;
      const { run: atStart } = (await (await fetch(runsPath, { headers })).json()) as { run: RecheckScopeRunView };
      expect(atStart).toMatchObject({ state: 'done', startedBy: '民声主程序', done: 450, total: 450 });
      expect(atStart.result?.broughtIn).toHaveLength(ours);
      const stillOut = 450 - ours;
      const started = await fetch(runsPath, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as RecheckScopeRunView;
      const end = await waitFor('the admin’s run', async () => {
        const run = (await (await fetch(`${runsPath}/${id}`, { headers })).json()) as RecheckScopeRunView;
        return run.state !== 'running' && run;
      });
      expect(end).toMatchObject({ state: 'done', startedBy: '系统管理员（admin）', result: { checked: stillOut, broughtIn: [], unchanged: stillOut } });
      expect(logs).toContain(`来源 ${name}：系统管理员（admin）开始重新判断排除的 ${stillOut} 条留言`);
    } finally {
      await job?.close();
      await own.close();
      await mailbox.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('excluded messages kept before their kind was stored', () => {
  const migrationName = async () => (await readMigrations()).find((m) => m.name.endsWith('_excluded_message_kind'))!.name;
  const rows = [
    ['a', '所属区县为王益区，不是印台区', 'other_district', '王益区'],
    ['b', '内容涉及耀州区，未提及印台区的地名或单位', 'other_district', null],
    ['c', '未提及印台区的地名或单位', 'no_place', null],
    ['d', '未提及印台区的地名或单位（所属区县：铜川市）', 'no_place', '铜川市'],
  ] as const;

  async function migrateOldRows(old: Store): Promise<unknown[]> {
    const name = await migrationName();
    await old.sql.exec(`ALTER TABLE "ExcludedMessage" DROP COLUMN "kind", DROP COLUMN "district"; ALTER TABLE "Source" DROP COLUMN "scopeHash"; DROP TYPE "ExclusionKind"`);
    await old.sql.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, [name]);
    await old.sql.exec(`INSERT INTO "Source" ("id", "name", "channel", "definition", "updatedAt") VALUES ('s', '市长信箱', 'city_mailbox', '{}', now())`);
    for (const [siteId, reason] of rows) await old.sql.query(`INSERT INTO "ExcludedMessage" ("id", "sourceId", "siteId", "channel", "title", "content", "reason") VALUES ($1, 's', $1, 'city_mailbox', '来信', '内容', $2)`, [siteId, reason]);
    expect(await applyMigrations(old.sql)).toEqual([name]);
    return (await old.db.excludedMessage.findMany({ orderBy: { siteId: 'asc' }, select: { siteId: true, reason: true, kind: true, district: true } })).map((r) => [r.siteId, r.reason, r.kind, r.district]);
  }

  it('gets them from the reason on PostgreSQL', async () => {
    const old = await openTestPostgresStore();
    try {
      expect(await migrateOldRows(old)).toEqual(rows);
    } finally {
      await old.close();
    }
  }, 60_000);

  it('gets them from the reason on the embedded store', async () => {
    const old = await openTestPgliteStore();
    try {
      expect(await migrateOldRows(old)).toEqual(rows);
    } finally {
      await old.close();
    }
  }, 60_000);
});
