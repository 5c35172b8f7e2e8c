/**
 * `minsheng export --format csv|xlsx|json [--rows-per case|message] [--date-basis posted|registered]
 * [--from --to --channel --category --state --review --archive-volume] [--mask] [--force] --out FILE`: writes a
 * classified batch, the same rows as the console's export page (one per case unless --rows-per message).
 * An existing --out file is refused unless --force.
 * Progress goes to stderr. When a running main job holds the embedded store, the rows come from
 * its API (as the local administrator); otherwise from the store directly. The file is written
 * next to its destination and renamed when complete, so a failed export leaves no partial file.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError, BadInputError } from '../../core/index.js';
import type { exportConditions, ExportFilter } from '../../workflow/exports/index.js';
// The module, not the folder's index (which brings the store): the formats are in the help text.
import { exportFormats, type ExportFormat } from '../../workflow/exports/formats.js';
import type { Actor } from '../../workflow/users/index.js';
import { caseStateFlag, categoryFlag, checkOutputFile, dateRangeFlags, integerFlag } from '../arguments.js';
import type { RegisterCommand } from '../program.js';
import { osUser } from '../os-user.js';
import { countStreamedExportRows } from '../streamed-export-rows.js';
import { fetchMainJob, runningMainJob, withStore } from '../with-store.js';

interface ExportOptions {
  format: string;
  out: string;
  force?: boolean;
  from?: string;
  to?: string;
  channel?: string;
  category?: string;
  state?: string;
  review?: string;
  archiveVolume?: string;
  rowsPer: string;
  dateBasis: string;
  mask?: boolean;
  batchSize: string;
}

/** The flag of a filter field: rowsPer -> rows-per. */
const flagOf = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** What the rows are and the period's basis, as the summary line says it. */
function describeBasis(filter: ExportFilter, conditions: typeof exportConditions): string {
  return Object.entries(conditions(filter)).filter(([k]) => k === '每行' || k === '时间依据').map(([k, v]) => `${k}：${v}`).join('，');
}

export const registerExportCommand: RegisterCommand = (program, ctx) => {
  program
    .command('export')
    .description('导出已分类的留言（CSV 带 BOM 可直接用 Excel 打开、XLSX、JSON）')
    .requiredOption('--format <format>', `格式：${exportFormats.join('、')}`)
    .requiredOption('--out <file>', '输出文件')
    .option('--rows-per <kind>', 'case：每件一行（按案件，与台账、通报的件数一致）；message：每条留言一行（按留言，重复留言各占一行）', 'case')
    .option('--date-basis <basis>', '日期依据：posted（按留言时间）；registered（按登记时间，与《印台政务通报》一致）', 'posted')
    .option('--from <date>', '日期起 YYYY-MM-DD（依 --date-basis）')
    .option('--to <date>', '日期止 YYYY-MM-DD（依 --date-basis）')
    .option('--channel <channel>', '渠道：city_mailbox、district_mailbox、forwarded、other_web')
    .option('--category <category>', '类别：咨询、建议、投诉、求助、其他')
    .option('--state <state>', '办理状态（状态代码如 assigned，或中文名如 已交办办理中）')
    .option('--review <status>', '审核状态：pending（待审核）、confirmed（已确认）、not_accepted（不予受理）')
    .option('--archive-volume <卷>', '归档卷（卷内目录）：只导出立卷归档在该卷的案件，如 2026-投诉、2026-不予受理')
    .option('--mask', '隐藏个人信息（手机号、身份证号、留言人姓名）')
    .option('--batch-size <n>', '每次读取条数', '500')
    .option('--force', '--out 文件已存在时覆盖它（默认不覆盖）')
    .action(async (opts: ExportOptions) => {
      if (!(exportFormats as readonly string[]).includes(opts.format)) throw new BadInputError(`--format 应为 ${exportFormats.join('、')}：${opts.format}`);
      const format = opts.format as ExportFormat;
      dateRangeFlags(opts.from, opts.to);
      const category = opts.category === undefined ? undefined : categoryFlag('--category', opts.category);
      const state = opts.state === undefined ? undefined : caseStateFlag('--state', opts.state);
      const { exportConditions, exportFilterSchema, runExport } = await import('../../workflow/exports/index.js');
      const parsed = exportFilterSchema.safeParse({ rowsPer: opts.rowsPer, dateBasis: opts.dateBasis, from: opts.from, to: opts.to, channel: opts.channel, category, state, review: opts.review, archiveVolume: opts.archiveVolume });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new BadInputError(`筛选条件 --${flagOf(String(issue?.path[0] ?? ''))} 无效：${issue?.message ?? ''}`);
      }
      const filter: ExportFilter = parsed.data;
      const batchSize = integerFlag('--batch-size', opts.batchSize, 1, 10_000);
      // Before anything is read or logged: a missing or read-only folder fails now, not after the export.
      const out = await checkOutputFile('--out', opts.out);
      // An existing file is kept unless --force, as `sources suggest --output` keeps one: an earlier export is not lost to a retyped command.
      if (!opts.force && existsSync(out)) throw new BadInputError(`--out ${opts.out} 已存在，不覆盖：请另给一个文件名，或加 --force 覆盖它`);
      const part = `${out}.part`;
      const started = Date.now();
      let lastReport = 0;
      const progress = (rows: number, total: number, force = false) => {
        const now = Date.now();
        if (!force && now - lastReport < 500) return;
        lastReport = now;
        ctx.io.stderr(`已导出 ${rows} / ${total} ${filter.rowsPer === 'message' ? '条' : '件'}（${total ? Math.floor((rows / total) * 100) : 100}%）\n`);
      };
      try {
        const running = await runningMainJob(ctx);
        let rows: number;
        if (running) {
          ctx.io.stderr(`内置数据库正由民声进程（pid ${running.pid}）使用，经其接口导出…\n`);
          const params = new URLSearchParams({ format, masked: opts.mask ? 'true' : 'false' });
          for (const [k, v] of Object.entries(filter)) if (v !== undefined) params.set(k, String(v));
          const res = await fetchMainJob(running, `/api/exports/stream?${params}`);
          if (!res.body) throw new AppError('UNAVAILABLE', '正在运行的民声进程没有返回导出内容');
          rows = Number(res.headers.get('x-export-total') ?? 0);
          ctx.io.stderr(`共 ${rows} ${filter.rowsPer === 'message' ? '条留言' : '件'}，正在接收…\n`);
          // Progress as the file arrives: rows counted in CSV and JSON, the size of an XLSX (a zip, read only whole).
          const counter = countStreamedExportRows(format);
          let counted: number | null = null;
          const received = (force = false) => {
            const now = Date.now();
            if (!force && now - lastReport < 500) return;
            lastReport = now;
            if (counted === null) ctx.io.stderr(`已接收 ${(counter.bytes / 1024 / 1024).toFixed(1)} MB\n`);
            else progress(Math.min(counted, rows), rows, true);
          };
          lastReport = Date.now();
          const counting = new Transform({
            transform(chunk: Buffer, _encoding, done) {
              counted = counter.push(chunk);
              received();
              done(null, chunk);
            },
          });
          await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), counting, createWriteStream(part));
          received(true);
        } else {
          const actor: Actor = { userId: 'cli', username: `cli:${osUser()}`, role: 'system' };
          rows = await withStore(
            ctx,
            async (store) => {
              const result = await runExport(store.db, { format, filter, masked: Boolean(opts.mask), actor, via: 'cli', out: createWriteStream(part), batchSize, onProgress: (p) => progress(p.rows, p.total, p.rows === 0) });
              progress(result.rows, result.total, true);
              return result.rows;
            },
            'minsheng export',
          );
        }
        await rename(part, out);
        ctx.io.stderr(`导出完成：${rows} ${filter.rowsPer === 'message' ? '条留言' : '件'}（${describeBasis(filter, exportConditions)}），用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒\n`);
        // Nothing matched: said in words, not left to a 0 in the summary (the file is still written, for scripts).
        if (rows === 0) ctx.io.stderr(`没有符合条件的${filter.rowsPer === 'message' ? '留言' : '案件'}：${format === 'json' ? '文件中是空数组 []' : '文件只有表头'}，请检查筛选条件\n`);
        ctx.io.stdout(`${out}\n`);
      } catch (error) {
        await rm(part, { force: true });
        throw error;
      }
    });
};
