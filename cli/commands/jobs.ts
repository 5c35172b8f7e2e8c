/**
 * `minsheng jobs failed [--json]` lists the jobs that went to the failed list (with their reason);
 * `minsheng jobs retry --id ID... | --all` runs them again. Needs REDIS_URL (the in-process queue
 * of `npm start` keeps its failed list in memory: see the console).
 */
import type { BullmqQueue } from '../../pipeline/index.js';
import type { CliContext, RegisterCommand } from '../program.js';
import { beijingTime, printable, printableLines, jsonOutput } from '../terminal-text.js';

/**
 * The queue; the pipeline is loaded here (with the crawl engine it takes seconds), not by every
 * command. Redis is checked first: the queue's connection would wait for ever for a Redis that
 * is down, and on a DB index Redis refuses it would read database 0 (and say there is nothing).
 */
async function openQueue(ctx: CliContext, what: string): Promise<BullmqQueue> {
  const [{ allJobs }, { BullmqQueue, checkRedis, requireProductionServices }] = await Promise.all([import('../../pipeline/index.js'), import('../../pipeline/redis.js')]);
  const config = ctx.config();
  const { redisUrl } = requireProductionServices(config, what, { redis: true, database: false });
  await checkRedis(redisUrl);
  return new BullmqQueue({ redisUrl, prefix: config.queuePrefix, logger: ctx.logger(), definitions: allJobs });
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * What a failed job was about, in one short line: the source and the site's id of the letter (a
 * payload without one, as a buggy producer may send, says so rather than printing "undefined"),
 * with its title when it has one; a message already in the store by its id; a crawl by its source.
 */
export function failedJobSubject(payload: unknown): string {
  const p = payload as { message?: { sourceId?: unknown; siteId?: unknown; title?: unknown }; messageId?: unknown; sourceId?: unknown } | undefined;
  const given = (value: unknown) => (value === undefined || value === null || String(value).trim() === '' ? undefined : String(value));
  if (p?.message) {
    const title = typeof p.message.title === 'string' && p.message.title.trim() !== '' ? ` 《${clip(p.message.title.trim(), 30)}》` : '';
    return `来源 ${given(p.message.sourceId) ?? '（未注明）'} 留言 ${given(p.message.siteId)?.slice(0, 40) ?? '（无网站编号）'}${title}`;
  }
  if (given(p?.messageId)) return `留言 ${String(p?.messageId)}`;
  if (given(p?.sourceId)) return `来源 ${String(p?.sourceId)}`;
  return '';
}

export const registerJobsCommand: RegisterCommand = (program, ctx) => {
  const jobs = program.command('jobs').description('队列任务：查看与重试失败任务（生产模式，需要 REDIS_URL）');
  jobs
    .command('failed')
    .description('列出失败任务及原因')
    .option('--json', '以 JSON 输出（含任务数据，正文截断到 2000 字）')
    .action(async (opts: { json?: boolean }) => {
      const queue = await openQueue(ctx, '查看失败任务');
      try {
        const failed = await queue.failed();
        if (opts.json) {
          ctx.io.stdout(jsonOutput(failed.map((f) => ({ ...f, payload: shorten(f.payload) }))));
          return;
        }
        if (failed.length === 0) {
          ctx.io.stdout('没有失败任务\n');
          return;
        }
        ctx.io.stdout(`失败任务 ${failed.length} 个：\n`);
        for (const f of failed) {
          // The subject and the reason quote what sites sent (a site id, a field): printed safe.
          ctx.io.stdout(`${f.id}\t${f.queue}\t${beijingTime(f.failedAt)}\t尝试 ${f.attempts} 次\t${printable(failedJobSubject(f.payload))}\n  原因：${printableLines(clip(f.reason, 300))}\n`);
        }
        ctx.io.stdout('重试：minsheng jobs retry --id <编号>（或 --all）\n');
      } finally {
        await queue.close();
      }
    });
  jobs
    .command('retry')
    .description('重新执行失败任务')
    .option('--id <id...>', '要重试的任务编号（可多个）')
    .option('--all', '重试全部失败任务')
    .action(async (opts: { id?: string[]; all?: boolean }) => {
      if (!opts.all && !opts.id?.length) {
        ctx.io.stderr('错误：请用 --id <编号> 指定任务，或用 --all 重试全部（编号见 minsheng jobs failed）\n');
        ctx.setExitCode(2);
        return;
      }
      if (opts.all && opts.id?.length) {
        ctx.io.stderr('错误：--id 与 --all 不能同时使用\n');
        ctx.setExitCode(2);
        return;
      }
      const queue = await openQueue(ctx, '重试失败任务');
      try {
        if (opts.all) {
          ctx.io.stdout(`已重新排队 ${await queue.retryFailed()} 个任务\n`);
          return;
        }
        // One id at a time, so the error names the ids that are not in the list (a typo, or one
        // retried meanwhile by a colleague or on /admin/queues), not only how many.
        const missing: string[] = [];
        let n = 0;
        for (const id of new Set(opts.id)) {
          const retried = await queue.retryFailed([id]);
          if (retried === 0) missing.push(id);
          n += retried;
        }
        ctx.io.stdout(`已重新排队 ${n} 个任务\n`);
        if (missing.length > 0) {
          ctx.io.stderr(`错误：${missing.length} 个编号不在失败列表中：${missing.map((id) => printable(id)).join('、')}（编号见 minsheng jobs failed）\n`);
          ctx.setExitCode(1);
        }
      } finally {
        await queue.close();
      }
    });
};

/** Long strings in a payload cut to 2000 characters, so a poison message prints readably. */
function shorten(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 2000 ? `${value.slice(0, 2000)}…（共 ${value.length} 字）` : value;
  if (Array.isArray(value)) return value.map(shorten);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v)]));
  return value;
}
