/**
 * The main job on one machine (`npm start`): the store, the built-in demo mailbox when no source
 * file is configured, the crawlers on their schedules, the pipeline, and the console/API.
 * Embedded default: PGlite and the in-process queue; with DATABASE_URL and REDIS_URL the same
 * process uses PostgreSQL and BullMQ (and other machines can run `minsheng worker`).
 */
import path from 'node:path';
import { demoSourceFile } from './demo-source.js';
import { loadClassifier, loadUnitDirectory } from '../../classifier/index.js';
import { loadConfiguredSourceFile, loadCrawlEngine, loadSourceFile, type SourceDefinition } from '../../crawlers/index.js';
import { AppError, ConfigError, type Config, type Logger } from '../../core/index.js';
import { createPipeline, createQueue, crawlStage, recheckChangedScopes, RecheckScopeRuns, startScheduler, watchQueueData } from '../../pipeline/index.js';
import { startDemoSite } from '../../sites/index.js';
import { createWebServer, SourceDrafts } from '../../web/index.js';
import { describeSeededAccounts, openStore, retireUnitsNotIn, seedDefaultUsers, syncUnits, systemActor, watchStoreVersion } from '../../workflow/index.js';
import { startDailyBackups } from './daily-backups.js';
import { writeInitialPasswords } from './initial-passwords.js';
import { describeMonitoredSources } from './monitored-sources.js';
import { newLocalToken, readRunFile, runFilePath, writeRunFile } from './run-file.js';
import { lockEmbeddedStore } from './store-lock.js';

export { demoSourceFile };

/** Who re-judges excluded messages when the main job finds a source's scope changed: the system, with an administrator's right to bring messages in. */
const scopeRecheckActor = { ...systemActor, role: 'admin' } as const;

export interface MainJob {
  /** The console's address. */
  url: string;
  demoUrl?: string;
  close(): Promise<void>;
}

export interface MainJobOptions {
  /**
   * PostgreSQL: called once when a newer minsheng has migrated the store since this process
   * started (an upgrade with this old console still running); the caller stops the main job.
   */
  onStoreUpgraded?: (message: string) => void;
  /** How often the store's migrations are checked for `onStoreUpgraded`. @default 60000 */
  storeVersionCheckMs?: number;
  /**
   * Ends the wait for a Redis that is down (the start rejects with the signal's reason, after
   * closing what it opened): `npm start` stopped before Redis answered stops at once.
   */
  signal?: AbortSignal;
}

export async function startMainJob(config: Config, logger: Logger, options: MainJobOptions = {}): Promise<MainJob> {
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) {
      try {
        await c();
      } catch (error) {
        logger.warn({ err: error }, '关闭时出错');
      }
    }
  };
  try {
    // A mistake in the unit directory (MINSHENG_UNITS) is named (unit, field, line and column) before anything is opened.
    const units = loadUnitDirectory(config.unitsFile);
    // So is a mistake in the source file (MINSHENG_SOURCES): before, the store was opened, migrated
    // and given its default accounts first, and a first start that then stopped on the file had
    // printed the passwords for nothing.
    const configuredSources = config.sourcesFile ? await loadConfiguredSourceFile(config.sourcesFile, config) : undefined;
    if (!config.databaseUrl) {
      const running = await readRunFile(config.dataDir);
      if (running) {
        throw new AppError(
          'CONFLICT',
          `数据目录 ${config.dataDir} 已被另一个民声进程（pid ${running.pid}，${running.url}）使用。若确认本机没有民声在运行（该 pid 已是别的程序），可删除 ${runFilePath(config.dataDir)} 后再启动`,
        );
      }
      // Held until the store is closed (closers run in reverse); a command with the store open makes this fail.
      closers.push(await lockEmbeddedStore(config.dataDir, 'minsheng start'));
    }
    logger.info(config.databaseUrl ? '正在连接 PostgreSQL…' : `正在打开内置数据库（${config.dataDir}）…`);
    const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
    closers.push(() => store.close());
    // The embedded store is this process's alone: no other version can migrate it while it runs.
    const onStoreUpgraded = options.onStoreUpgraded;
    if (config.databaseUrl && onStoreUpgraded) {
      const versionWatch = watchStoreVersion({ sql: store.sql, onNewer: onStoreUpgraded, everyMs: options.storeVersionCheckMs, logger });
      closers.push(() => versionWatch.stop());
    }
    if (!config.databaseUrl) {
      // The embedded store has no administrator: the main job backs it up once a day (stopped before the store closes).
      const backups = startDailyBackups({ store, dir: config.backupDir, keep: config.backupKeep, logger });
      closers.push(() => backups.stop());
    }

    const addedUnits = await syncUnits(store.db, units);
    if (addedUnits > 0) logger.info(`已载入承办单位目录：新增 ${addedUnits} 个单位`);
    const unitChanges = await retireUnitsNotIn(store.db, units);
    if (unitChanges.retired.length > 0) {
      logger.warn(`承办单位目录中已没有的单位已停用 ${unitChanges.retired.length} 个：${unitChanges.retired.join('、')}（不再可拟办、交办；已交办的案件和该单位的账号不受影响）`);
    }
    if (unitChanges.restored.length > 0) logger.info(`承办单位目录中重新列入的单位已恢复启用：${unitChanges.restored.join('、')}`);
    // A fresh install gets one account per office role; the passwords are shown this once.
    // On the embedded store the file is written (and flushed) before the accounts are created, so a
    // start killed in between leaves the passwords of every account it created.
    let file: string | undefined;
    const seeded = await seedDefaultUsers(store.db, {
      adminPassword: config.adminPassword,
      beforeCreate: config.databaseUrl ? undefined : async (planned) => void (file = await writeInitialPasswords(config.dataDir, describeSeededAccounts(planned))),
    });
    if (seeded.length > 0) logger.warn(`${describeSeededAccounts(seeded)}${file ? `（同一内容已保存到 ${file}，仅本机用户可读）` : ''}`);

    const classifier = await loadClassifier({ modelFile: config.modelFile, unitDirectory: units });
    logger.info(`已加载分类模型 ${classifier.version}`);

    let sources: SourceDefinition[];
    let demoUrl: string | undefined;
    if (configuredSources) {
      sources = configuredSources;
    } else {
      const demo = await startDemoSite({ port: config.demoPort, host: '127.0.0.1' });
      closers.push(() => demo.close());
      demoUrl = demo.url;
      logger.info(`演示信箱已启动：${demo.url}（每隔几秒出现新留言）`);
      sources = await loadSourceFile(demoSourceFile, { vars: { base: demo.url } });
    }
    const monitored = describeMonitoredSources(sources, config.sourcesFile ?? demoSourceFile);
    logger[monitored.level](monitored.text);

    // BullMQ and ioredis are loaded only with a Redis URL: the embedded default never pays for them.
    const redis = config.redisUrl ? await import('../../pipeline/redis.js') : undefined;
    if (config.redisUrl && redis) {
      // Redis down at start-up: wait for it, saying so every half minute, rather than stop. At
      // boot Redis may simply start after us, and a service manager restarting a process that
      // stopped would only repeat the same wait less visibly; the console opens once Redis
      // answers. A setting Redis refuses (a DB index out of range, a wrong password) stops at once.
      logger.info(`正在连接 Redis（${redis.redisAddress(config.redisUrl)}）…`);
      await redis.waitForRedis(config.redisUrl, { logger, signal: options.signal });
    }
    const queue = await createQueue(config, logger);
    // Before jobs are taken: loading the crawl engine inside the first crawl job would hold its lock's renewal.
    if (sources.length > 0) await loadCrawlEngine(sources);
    const pipeline = createPipeline({ store, queue, classifier, logger, crawl: crawlStage({ store, sources, config, queue }), reporterThreshold: config.reporterThreshold });
    closers.push(() => pipeline.close());
    await pipeline.start({ concurrency: config.workerConcurrency });
    // Crawls on their schedules, the unfinished-work sweep and the deadline scan: timers on the
    // in-process queue, BullMQ job schedulers (shared with other machines' workers) on Redis.
    // The deadline scan's interval comes from the configuration, as `minsheng scheduler`'s does:
    // each start re-syncs the one schedule of the installation, and must not undo the other's.
    const scheduler = await startScheduler({ queue, sources, logger, deadlineScanEveryMs: config.deadlineScanEvery * 1000 });
    closers.push(() => scheduler.stop());
    // Redis losing its data is said once in this process's log, unregistered messages are re-sent
    // and the schedules put back at once; /api/health shows when (queueDataLostAt).
    const dataWatch = await watchQueueData({ queue, store, logger, onLost: () => scheduler.restoreNow() });
    closers.push(() => dataWatch.stop());

    // 重新判断 (console, `minsheng sources recheck-scope` through this process, and the one at start
    // below): background runs with the scopes of the source file loaded above, stopped before the
    // pipeline and the store close.
    const recheckRuns = new RecheckScopeRuns({ store, sources, queue, logger });
    closers.push(() => recheckRuns.stop());

    const localToken = newLocalToken();
    // Production: the login rate limit per address is kept in Redis, shared by every console process.
    const rateLimitRedis = config.redisUrl && redis ? redis.connectRedis(config.redisUrl, { logger, name: 'minsheng-login-rate' }) : undefined;
    if (rateLimitRedis) closers.push(() => void rateLimitRedis.disconnect());
    const web = await createWebServer({
      store,
      logger,
      localToken,
      queue,
      metricsToken: config.metricsToken,
      reporterThreshold: config.reporterThreshold,
      secureCookies: config.secureCookies,
      trustProxy: config.trustProxy,
      exports: { exportDir: config.exportDir },
      ...(rateLimitRedis ? { loginRateLimitRedis: { connection: rateLimitRedis, prefix: config.queuePrefix } } : {}),
      status: async () => {
        const lostAt = dataWatch.lostAt();
        return { queue: queue.kind, stages: await queue.metrics(), ...(lostAt ? { queueDataLostAt: lostAt } : {}) };
      },
      ...(rateLimitRedis && redis ? { services: { redis: () => redis.pingRedis(rateLimitRedis) } } : {}),
      sourceIds: sources.map((s) => s.id),
      disabledSourceIds: sources.filter((s) => !s.enabled).map((s) => s.id),
      recheckRuns,
      // 起草新来源 on the console: chromium and the User-Agent of this installation's crawls.
      // 加入来源文件 writes the configured file only, never the demo file or one shipped in crawlers/sources/.
      sourceDrafts: new SourceDrafts({
        chromiumPath: config.chromiumPath,
        userAgent: config.userAgent,
        logger,
        ...(config.sourcesFile ? { sourceFile: { path: path.resolve(config.sourcesFile), vars: { demoPort: config.demoPort }, builtIn: path.resolve(config.sourcesFile).startsWith(path.dirname(demoSourceFile) + path.sep) } } : {}),
      }),
      ...(config.databaseUrl ? {} : { backups: { dir: config.backupDir, keep: config.backupKeep } }),
    });
    closers.push(() => web.close());
    await web.listen({ host: config.host, port: config.port }).catch((error: unknown) => {
      // Most often another minsheng console on this machine (a second `npm start` needs its own PORT).
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new ConfigError(`控制台端口 ${config.host}:${config.port} 已被占用（可能是本机已在运行的另一个民声主程序）：请先停止它，或用环境变量 PORT（或 --port）换一个端口`, { cause: error });
      }
      throw error;
    });
    const address = web.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host}:${port}`;
    if (!config.databaseUrl) closers.push(await writeRunFile(config.dataDir, { pid: process.pid, url, token: localToken, startedAt: new Date().toISOString() }));
    logger.info(`控制台：${url}`);
    // A source file whose scope (gazetteer) changed since its excluded messages were judged: they
    // are judged again in the background, named in each case's log as the system's doing.
    const stopRecheck = new AbortController();
    const autoRecheck = recheckChangedScopes({ runs: recheckRuns, actor: scopeRecheckActor, logger, signal: stopRecheck.signal });
    closers.push(async () => {
      stopRecheck.abort();
      await recheckRuns.stop();
      await autoRecheck;
    });
    return { url, demoUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}
