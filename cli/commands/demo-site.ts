/**
 * `minsheng demo-site [--port N] [--interval 5]`: serves the built-in demo 区长信箱 until stopped.
 * The port defaults to MINSHENG_DEMO_PORT, the port a copy of crawlers/sources/yintai.yaml crawls
 * (`{{demoPort}}`), so a production trial's workers find the mailbox this command serves.
 */
import { BadInputError } from '../../core/index.js';
import { integerFlag } from '../arguments.js';
import type { RegisterCommand } from '../program.js';

export const registerDemoSiteCommand: RegisterCommand = (program, ctx) => {
  program
    .command('demo-site')
    .description('启动内置演示区长信箱（本机 127.0.0.1，定时产生新来信和答复）')
    .option('--port <port>', '监听端口（默认：环境变量 MINSHENG_DEMO_PORT，即来源文件中 {{demoPort}} 的值；未设置时 3100）')
    .option('--host <host>', '监听地址', '127.0.0.1')
    .option('--interval <seconds>', '每隔几秒产生一封新来信', '5')
    .option('--seed <n>', '随机种子（相同种子得到相同的初始来信）', '2026')
    .action(async (flags: { port?: string; host: string; interval: string; seed: string }) => {
      const port = flags.port === undefined ? ctx.config().demoPort : integerFlag('--port', flags.port, 0, 65535);
      const seed = integerFlag('--seed', flags.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      const interval = Number(flags.interval);
      if (!/^\s*\d+(\.\d+)?\s*$/.test(flags.interval) || interval <= 0) throw new BadInputError(`--interval 应为大于 0 的秒数：${flags.interval}`);
      const stamp = () => new Date().toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
      const { startDemoSite } = await import('../../sites/index.js');
      const site = await startDemoSite({
        port,
        host: flags.host,
        intervalMs: interval * 1000,
        seed,
        log: (line) => ctx.io.stderr(`[${stamp()}] ${line}\n`),
      }).catch((error: unknown) => {
        const code = (error as { code?: string }).code;
        if (code === 'EADDRINUSE') throw new BadInputError(`端口 ${port} 已被占用，请用 --port 换一个端口`, { cause: error });
        throw error;
      });
      ctx.io.stdout(`演示区长信箱已启动：${site.url}/\n信件列表：${site.startUrls.join(' ')}\n现有来信 ${site.messages().length} 封，每 ${interval} 秒新增一封；按 Ctrl+C 停止。\n`);
      await new Promise<void>((resolve) => {
        const onSignal = () => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolve();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      await site.close();
      ctx.io.stderr('演示信箱已停止。\n');
    });
};
