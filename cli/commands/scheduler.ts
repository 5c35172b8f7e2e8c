/**
 * `minsheng scheduler [--once]`: keeps the crawl schedules of the source file (and the sweep and
 * deadline scan) as BullMQ job schedulers in Redis; removes those of sources no longer in the
 * file. Runs until SIGTERM/SIGINT, re-checking every minute (which also restores schedules lost
 * with Redis's data); `--once` syncs and exits.
 */
import { ConfigError } from '../../core/index.js';
import { exitAfterShutdown } from '../app/exit-after-shutdown.js';
import { StoppedWhileStarting, watchStopSignals } from '../app/stop-signal.js';
import type { RegisterCommand } from '../program.js';

export const registerSchedulerCommand: RegisterCommand = (program, ctx) => {
  program
    .command('scheduler')
    .description('维护采集计划：按来源文件在 Redis 中设置各来源的定时采集，以及定期巡检与期限检查')
    .option('--once', '同步一次后退出')
    .option('--deadline-scan-every <seconds>', '期限巡检间隔秒数（默认取环境变量 MINSHENG_DEADLINE_SCAN_EVERY，未设置时 900；0 为不巡检）')
    .action(async (opts: { once?: boolean; deadlineScanEvery?: string }) => {
      const config = ctx.config();
      const logger = ctx.logger();
      // Loaded here: the pipeline and the crawl engine take seconds, which other commands need not wait.
      const [{ loadConfiguredSourceFile }, { allJobs, startScheduler, syncSchedules, watchQueueData }, { BullmqQueue, checkRedis, requireProductionServices, waitForRedis }] = await Promise.all([import('../../crawlers/index.js'), import('../../pipeline/index.js'), import('../../pipeline/redis.js')]);
      let stop: ReturnType<typeof watchStopSignals> | undefined;
      const { redisUrl } = requireProductionServices(config, '计划进程', { redis: true, database: false });
      if (!config.sourcesFile) throw new ConfigError('计划进程需要来源文件：请设置环境变量 MINSHENG_SOURCES（YAML 或 JSON）');
      const sources = await loadConfiguredSourceFile(config.sourcesFile, config);
      // The flag overrides MINSHENG_DEADLINE_SCAN_EVERY, which every `npm start` uses too: set that
      // one on every machine, or the next `npm start` puts its own interval back.
      const scanSeconds = opts.deadlineScanEvery === undefined ? config.deadlineScanEvery : Number(opts.deadlineScanEvery);
      if (!Number.isFinite(scanSeconds) || scanSeconds < 0) throw new ConfigError(`--deadline-scan-every 无效：${opts.deadlineScanEvery}`);
      // The queue's connection would wait for Redis silently: `--once` (a command) stops at once with
      // the reason; the long-running scheduler waits like a worker, saying so every half minute.
      if (opts.once) await checkRedis(redisUrl);
      else {
        // Listened to before the wait: a scheduler waiting for a Redis that is down stops on the signal.
        stop = watchStopSignals();
        try {
          await waitForRedis(redisUrl, { logger, signal: stop.starting });
        } catch (error) {
          if (!(error instanceof StoppedWhileStarting)) throw error;
          ctx.io.stderr(`收到 ${error.signal}，尚未连上 Redis，计划进程已停止\n`);
          exitAfterShutdown(logger);
          return;
        }
      }
      const queue = new BullmqQueue({ redisUrl, prefix: config.queuePrefix, logger, definitions: allJobs });
      const options = { queue, sources, logger, deadlineScanEveryMs: scanSeconds * 1000 };
      try {
        if (opts.once) {
          const r = await syncSchedules(options);
          ctx.io.stdout(`已设置采集计划 ${r.crawls.length} 个${r.removed.length ? `，移除 ${r.removed.length} 个：${r.removed.join('、')}` : ''}\n`);
          return;
        }
        const scheduler = await startScheduler(options);
        // No store here: the workers and the main job re-send the unregistered messages.
        const dataWatch = await watchQueueData({ queue, logger, onLost: () => scheduler.restoreNow() });
        ctx.io.stderr(`计划进程已启动：采集来源 ${sources.filter((s) => s.enabled).length} 个（${sources.filter((s) => s.enabled).map((s) => s.name).join('、')}）。按 Ctrl-C 停止。\n`);
        const signal = await (stop ?? watchStopSignals()).stopped;
        scheduler.stop();
        dataWatch.stop();
        ctx.io.stderr(`收到 ${signal}，计划进程已停止（计划保留在 Redis 中，工作进程照常执行）\n`);
      } finally {
        await queue.close();
      }
      exitAfterShutdown(logger);
    });
};
