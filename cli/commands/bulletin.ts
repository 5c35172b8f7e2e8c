/** `minsheng bulletin --from YYYY-MM-DD --to YYYY-MM-DD --out DIR`: writes 《印台政务通报》 (HTML and XLSX). */
import { generateBulletin } from '../../workflow/bulletin/index.js';
import type { RegisterCommand } from '../program.js';
import { withStore } from '../with-store.js';

export const registerBulletinCommand: RegisterCommand = (program, ctx) => {
  program
    .command('bulletin')
    .description('生成《印台政务通报》：各单位收到、按时办结、超期、退回、满意率及表扬、批评名单（bulletin.html 与 bulletin.xlsx）')
    .requiredOption('--from <date>', '统计起始日期 YYYY-MM-DD')
    .requiredOption('--to <date>', '统计结束日期 YYYY-MM-DD')
    .requiredOption('--out <dir>', '输出目录')
    .action(async (opts: { from: string; to: string; out: string }) => {
      ctx.io.stderr(`正在统计 ${opts.from} 至 ${opts.to} 的办理情况……\n`);
      // The command line is run by the supervision office (or an admin on its behalf).
      const out = await withStore(ctx, (store) =>
        generateBulletin(store.db, { from: opts.from, to: opts.to, outDir: opts.out, actor: { userId: 'cli', username: 'cli', role: 'supervision' } }),
      );
      const t = out.data.totals;
      ctx.io.stdout(`已生成《印台政务通报》：${out.html}、${out.xlsx}\n`);
      ctx.io.stdout(`交办 ${t.received} 件次，按时办结 ${t.onTime}，超期 ${t.overdue}，退回 ${t.returned}；表扬 ${out.data.praise.length} 个单位，批评 ${out.data.criticism.length} 个单位\n`);
    });
};
