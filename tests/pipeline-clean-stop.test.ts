/**
 * A crawl cut off by its process stopping on request (SIGTERM / SIGINT: the queue is closed and
 * aborts the signal of the jobs in flight) is no fault of the site. QA: after every planned restart
 * the source kept 抓取被中断 as its last error, and 采集来源 showed it as 已恢复（… 出错：抓取被中断…）.
 * Here a real crawl of a slow local site is stopped mid-run: the source gets no last error, the
 * log says it in an info line, and the next run resumes; a run that fails for real still records
 * its error, and a stop after it leaves that error as it was.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSourceText } from '../crawlers/index.js';
import { crawlSourceJob, crawlStage, createPipeline, InProcessQueue } from '../pipeline/index.js';
import { applyMigrations, readMigrations, type Store } from '../workflow/index.js';
import { openTestPgliteStore, openTestPostgresStore } from './helpers/services.js';
import { sharedClassifier } from './pipeline-helpers.js';

describe('a crawl stopped on request', () => {
  let store: Store;
  let server: Server;
  let base: string;
  let broken = false;
  // Detail pages answer only when released (a slow site): the stop comes while one is in flight.
  const detailAsked: (() => void)[] = [];
  let slow = true;
  beforeAll(async () => {
    store = await openTestPostgresStore();
    server = createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      if (req.url?.startsWith('/d')) {
        detailAsked.shift()?.();
        if (slow) return; // never answered: only the crawler's stop ends it
        res.end('<html><body><div class="c">三天没有水了，陈炉镇</div></body></html>');
        return;
      }
      if (broken) {
        res.statusCode = 500;
        res.end('<html><body>服务器错误</body></html>');
        return;
      }
      res.end('<html><body><ul><li><a href="/d?id=1">陈炉镇停水</a></li><li><a href="/d?id=2">陈炉镇路灯不亮</a></li></ul></body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  });

  const source = () =>
    parseSourceText(
      `sources:\n  - { id: slow, name: 慢网站, channel: other_web, startUrls: ['${base}/l'], politeness: { delay: 0, maxConcurrency: 1, retries: 0, timeout: 20s }, list: { items: li, fields: { title: a, detailUrl: { selector: a, attr: href } } }, detail: { fields: { content: div.c } } }`,
      's.yaml',
    );

  /** Runs one crawl of the source on a queue of its own; `stop` (if given) closes the queue once a detail page is asked for. */
  async function crawlOnce(stop: boolean) {
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
    const queue = new InProcessQueue({ logger });
    createPipeline({ store, queue, classifier: await sharedClassifier(), logger, crawl: crawlStage({ store, sources: source(), config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }) });
    await queue.start();
    const asked = new Promise<void>((resolve) => detailAsked.push(resolve));
    await queue.enqueue(crawlSourceJob, { sourceId: 'slow' });
    if (stop) {
      await asked;
      await queue.close(); // as on SIGTERM: aborts the jobs in flight and waits for them
    } else {
      try {
        await queue.idle(60_000);
      } finally {
        await queue.close();
      }
    }
    detailAsked.length = 0;
    const row = await store.db.source.findUniqueOrThrow({ where: { id: 'slow' } });
    return { row, lines: lines.map((l) => `${l.level >= 40 ? 'WARN' : 'INFO'} ${l.msg}`) };
  }

  it('leaves no last error on the source and says the stop in an info line', async () => {
    const { row, lines } = await crawlOnce(true);
    expect(row.lastRunAt).not.toBeNull();
    expect(row.lastError).toBeNull();
    expect(row.lastErrorAt).toBeNull();
    expect(row.lastSuccessAt).toBeNull(); // not a finished run either
    expect(lines.filter((l) => l.startsWith('WARN'))).toEqual([]);
    expect(lines).toContainEqual(expect.stringMatching(/^INFO 采集已中断（本进程正在停止）：慢网站，/));
  });

  it('resumes the stopped run: the next one reads the letters it had left', async () => {
    slow = false;
    const { row } = await crawlOnce(false);
    expect(row.lastError).toBeNull();
    expect(row.lastSuccessAt).not.toBeNull();
    expect(await store.db.message.count({ where: { sourceId: 'slow' } })).toBe(2);
  });

  it('still records a real failure, and a stop after it leaves that error as it was', async () => {
    broken = true;
    const failed = await crawlOnce(false);
    expect(failed.row.lastError).toMatch(/500/);
    expect(failed.row.lastErrorAt).not.toBeNull();
    expect(failed.lines).toContainEqual(expect.stringMatching(/^WARN 采集失败：慢网站，/));

    broken = false;
    slow = true;
    // A letter not yet known, so this run asks for a detail page and is stopped on it.
    await store.db.source.update({ where: { id: 'slow' }, data: { crawlState: { ...((failed.row.crawlState ?? {}) as object), items: {} } } });
    const stopped = await crawlOnce(true);
    expect(stopped.row.lastError).toBe(failed.row.lastError);
    expect(stopped.row.lastErrorAt).toEqual(failed.row.lastErrorAt);
  });
});

describe('a stop saved as the source\'s error before', () => {
  const stopText = '抓取被中断，下次运行从中断处继续';

  async function migrateOldRows(old: Store) {
    const name = (await readMigrations()).find((m) => m.name.endsWith('_source_stop_not_error'))!.name;
    await old.sql.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, [name]);
    const health = (lastError: string) => JSON.stringify({ sourceId: 'x', health: { lastError, lastErrorAt: '2026-11-01T00:00:00.000Z', itemsFound: 3 } });
    await old.sql.query(
      `INSERT INTO "Source" ("id", "name", "channel", "definition", "updatedAt", "lastError", "lastErrorAt", "crawlState") VALUES ('stopped', '市长信箱', 'city_mailbox', '{}', now(), $1, now(), $2::jsonb), ('failed', '区长信箱', 'city_mailbox', '{}', now(), '网站返回 HTTP 500', now(), $3::jsonb)`,
      [stopText, health(stopText), health('网站返回 HTTP 500')],
    );
    expect(await applyMigrations(old.sql)).toEqual([name]);
    const rows = await old.db.source.findMany({ orderBy: { id: 'asc' }, select: { id: true, lastError: true, lastErrorAt: true, crawlState: true } });
    return rows.map((r) => [r.id, r.lastError, r.lastErrorAt !== null, (r.crawlState as { health: Record<string, unknown> }).health]);
  }
  const expected = [
    ['failed', '网站返回 HTTP 500', true, { lastError: '网站返回 HTTP 500', lastErrorAt: '2026-11-01T00:00:00.000Z', itemsFound: 3 }],
    ['stopped', null, false, { itemsFound: 3 }],
  ];

  it('is cleared on PostgreSQL, a real error kept', async () => {
    const old = await openTestPostgresStore();
    try {
      expect(await migrateOldRows(old)).toEqual(expected);
    } finally {
      await old.close();
    }
  }, 60_000);

  it('is cleared on the embedded store, a real error kept', async () => {
    const old = await openTestPgliteStore();
    try {
      expect(await migrateOldRows(old)).toEqual(expected);
    } finally {
      await old.close();
    }
  }, 60_000);
});
