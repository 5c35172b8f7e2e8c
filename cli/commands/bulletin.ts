/**
 * `minsheng bulletin --from YYYY-MM-DD --to YYYY-MM-DD --out DIR`: writes 《印台政务通报》 (HTML and
 * XLSX). When a running main job holds the embedded store, it generates and records the bulletin
 * and this command writes the files it answers with; otherwise the command uses the store.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError } from '../../core/index.js';
import { generateBulletin, type BulletinData } from '../../workflow/bulletin/index.js';
import { checkOutputDir, dateRangeFlags } from '../arguments.js';
import type { CliContext, RegisterCommand } from '../program.js';
import { askMainJob, runningMainJob, withStore } from '../with-store.js';

/** Through the running main job (as its local administrator), or the store itself (as the supervision office). */
async function produceBulletin(ctx: CliContext, period: { from: string; to: string }, outDir: string): Promise<{ html: string; xlsx: string; data: BulletinData }> {
  const running = await runningMainJob(ctx);
  if (running) {
    ctx.io.stderr(`内置数据库正由民声进程（pid ${running.pid}）使用，经其接口生成…\n`);
    const answer = await askMainJob<{ data: BulletinData; html: string; xlsxBase64: string }>(running, '/api/cli/bulletin', { method: 'POST', body: period });
    await mkdir(outDir, { recursive: true });
    const html = path.join(outDir, 'bulletin.html');
    const xlsx = path.join(outDir, 'bulletin.xlsx');
    await writeFile(html, answer.html, 'utf8');
    await writeFile(xlsx, Buffer.from(answer.xlsxBase64, 'base64'));
    return { html, xlsx, data: answer.data };
  }
  // The command line is run by the supervision office (or an admin on its behalf).
  return withStore(ctx, (store) => generateBulletin(store.db, { ...period, outDir, actor: { userId: 'cli', username: 'cli', role: 'supervision' } }), 'minsheng bulletin');
}

export const registerBulletinCommand: RegisterCommand = (program, ctx) => {
  program
    .command('bulletin')
    .description('生成《印台政务通报》：各单位收到、按时办结、超期、退回、满意率及表扬、批评名单（bulletin.html 与 bulletin.xlsx）')
    .requiredOption('--from <date>', '统计起始日期 YYYY-MM-DD')
    .requiredOption('--to <date>', '统计结束日期 YYYY-MM-DD')
    .requiredOption('--out <dir>', '输出目录（不存在则创建）')
    .action(async (opts: { from: string; to: string; out: string }) => {
      const { from, to } = dateRangeFlags(opts.from, opts.to);
      if (!from || !to) throw new BadInputError('请用 --from 和 --to 给出统计期间');
      // Checked before anything is counted or recorded: a bulletin is numbered when it is generated.
      const outDir = await checkOutputDir('--out', opts.out);
      ctx.io.stderr(`正在统计 ${from} 至 ${to} 的办理情况……\n`);
      const out = await produceBulletin(ctx, { from, to }, outDir);
      const t = out.data.totals;
      ctx.io.stdout(`已生成《印台政务通报》：${out.html}、${out.xlsx}\n`);
      ctx.io.stdout(`交办 ${t.received} 件次，上期转入 ${t.carriedOver} 件次，按时办结 ${t.onTime}，超期 ${t.overdue}，退回 ${t.returned}；表扬 ${out.data.praise.length} 个单位，批评 ${out.data.criticism.length} 个单位\n`);
    });
};
