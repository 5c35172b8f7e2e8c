/** `minsheng start` (= `npm start`): the main job; runs until Ctrl-C or SIGTERM, then shuts down gracefully. */
import { exitAfterShutdown } from '../app/exit-after-shutdown.js';
import { StoppedWhileStarting, watchStopSignals } from '../app/stop-signal.js';
import { integerFlag } from '../arguments.js';
import type { RegisterCommand } from '../program.js';

export const registerStartCommand: RegisterCommand = (program, ctx) => {
  program
    .command('start')
    .description('启动主程序：采集、分类、登记，并提供控制台（默认使用内置数据库与演示信箱）')
    .option('--port <port>', '控制台端口（默认 3000，或环境变量 PORT）')
    .action(async (opts: { port?: string }) => {
      const config = ctx.config();
      if (opts.port !== undefined) config.port = integerFlag('--port', opts.port, 0, 65535);
      const logger = ctx.logger();
      // Loaded here: the main job pulls in the crawl engine and the queue, which take seconds.
      const { startMainJob } = await import('../app/main-job.js');
      let upgraded: (message: string) => void = () => undefined;
      // Listened to before the start: `npm start` waiting for a Redis that is down stops on the signal.
      const stop = watchStopSignals();
      let job: Awaited<ReturnType<typeof startMainJob>>;
      try {
        job = await startMainJob(config, logger, { onStoreUpgraded: (message) => upgraded(message), signal: stop.starting });
      } catch (error) {
        if (!(error instanceof StoppedWhileStarting)) throw error;
        logger.info(`收到 ${error.signal}，尚未连上 Redis，已停止`);
        exitAfterShutdown(logger);
        return;
      }
      ctx.io.stdout(`民声已启动。控制台：${job.url}\n按 Ctrl-C 停止。\n`);
      await new Promise<void>((resolve) => {
        const stopNow = (signal: string) => {
          logger.info(`收到 ${signal}，正在停止…`);
          resolve();
        };
        void stop.stopped.then(stopNow);
        // An old console left running while a newer release migrated the database stops rather
        // than write what the new code reads differently; exit 1, so a supervisor shows it.
        upgraded = (message) => {
          logger.error(`${message}（本进程已停止）`);
          ctx.setExitCode(1);
          resolve();
        };
      });
      await job.close();
      logger.info('已停止');
      exitAfterShutdown(logger);
    });
};
