/**
 * `minsheng worker [--concurrency N]`: a production worker (PostgreSQL + BullMQ on Redis) that runs
 * jobs of every stage until SIGTERM/SIGINT, then finishes (or hands back) its jobs in flight.
 */
import { exitAfterShutdown } from '../app/exit-after-shutdown.js';
import { StoppedWhileStarting, watchStopSignals } from '../app/stop-signal.js';
import type { RegisterCommand } from '../program.js';

export const registerWorkerCommand: RegisterCommand = (program, ctx) => {
  program
    .command('worker')
    .description('启动工作进程：从 Redis 队列取任务（采集、记录、分类、登记、巡检），可在多台机器上同时运行')
    .option('--concurrency <n>', '每类任务同时处理的数量（默认 4，或环境变量 MINSHENG_WORKER_CONCURRENCY）')
    .action(async (opts: { concurrency?: string }) => {
      const config = ctx.config();
      const logger = ctx.logger();
      let concurrency: number | undefined;
      if (opts.concurrency !== undefined) {
        concurrency = Number(opts.concurrency);
        if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
          ctx.io.stderr(`错误：--concurrency 应为 1 到 64 的整数，收到 ${opts.concurrency}\n`);
          ctx.setExitCode(2);
          return;
        }
      }
      const { startWorker } = await import('../../pipeline/redis.js'); // with the crawl engine: seconds to load
      let upgraded: (message: string) => void = () => undefined;
      // Listened to before the start: a worker waiting for a Redis that is down stops on the signal.
      const stop = watchStopSignals();
      let worker: Awaited<ReturnType<typeof startWorker>>;
      try {
        worker = await startWorker({ config, logger, concurrency, onStoreUpgraded: (message) => upgraded(message), signal: stop.starting });
      } catch (error) {
        if (!(error instanceof StoppedWhileStarting)) throw error;
        ctx.io.stderr(`收到 ${error.signal}，尚未连上 Redis，工作进程已停止\n`);
        exitAfterShutdown(logger);
        return;
      }
      const crawled = worker.sources.filter((s) => s.enabled).length;
      const kinds = crawled > 0 ? `，采集来源 ${crawled} 个` : '';
      ctx.io.stderr(`工作进程已启动（并发 ${concurrency ?? config.workerConcurrency}，队列前缀 ${config.queuePrefix}${kinds}）。按 Ctrl-C 停止。\n`);
      const signal = await new Promise<string>((resolve) => {
        void stop.stopped.then(resolve);
        // An old worker left running while a newer release migrated the database stops rather
        // than write what the new code reads differently; exit 1, so a supervisor shows it.
        upgraded = (message) => {
          ctx.io.stderr(`错误：${message}\n`);
          ctx.setExitCode(1);
          resolve('数据库升级');
        };
      });
      ctx.io.stderr(`${signal === '数据库升级' ? '数据库已被新版本升级' : `收到 ${signal}`}，正在完成手头的任务后停止…\n`);
      await worker.close();
      ctx.io.stderr('工作进程已停止\n');
      exitAfterShutdown(logger);
    });
};
