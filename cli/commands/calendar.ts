/**
 * `minsheng calendar due --from YYYY-MM-DD --days N`: the due date of work assigned on a day.
 * `minsheng calendar load --file year.json`: loads a year's holidays and 调休 workdays (admin).
 * `minsheng calendar show --year YYYY`: the non-working weekdays and working weekend days of a year.
 * The admin-loaded days come from the store when one is configured or already exists; `--no-store`
 * uses the built-in calendar only.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError } from '../../core/index.js';
import { createWorkCalendar, dueDateFor, listCalendarDays, loadCalendarYear, parseIsoDate, nextDate, type LoadedDay } from '../../workflow/calendar/index.js';
import { systemActor } from '../../workflow/users/index.js';
import type { CliContext, RegisterCommand } from '../program.js';
import { withStore } from '../with-store.js';

async function loadedDays(ctx: CliContext, useStore: boolean): Promise<LoadedDay[]> {
  if (!useStore) return [];
  const config = ctx.config();
  // Do not create an embedded store just to read a calendar.
  if (!config.databaseUrl && !existsSync(path.join(config.dataDir, 'pglite'))) return [];
  return withStore(ctx, (store) => listCalendarDays(store.db));
}

export const registerCalendarCommand: RegisterCommand = (program, ctx) => {
  const calendar = program.command('calendar').description('工作日历：办理时限与节假日、调休数据');
  calendar
    .command('due')
    .description('计算交办当日起的办理时限（自交办次日起算的第 N 个工作日）')
    .requiredOption('--from <date>', '交办日期 YYYY-MM-DD')
    .requiredOption('--days <n>', '工作日数（简单 2，复杂 3）')
    .option('--no-store', '不读取管理员导入的日历数据')
    .action(async (opts: { from: string; days: string; store: boolean }) => {
      parseIsoDate(opts.from);
      const days = Number(opts.days);
      if (!/^\d+$/.test(opts.days) || days < 1) throw new BadInputError(`--days 应为正整数：${opts.days}`);
      const cal = createWorkCalendar(await loadedDays(ctx, opts.store));
      ctx.io.stdout(`${dueDateFor(cal, opts.from, days)}\n`);
    });
  calendar
    .command('show')
    .description('列出某年的节假日（工作日放假）和调休工作日（周末上班）')
    .requiredOption('--year <year>', '年份')
    .option('--no-store', '不读取管理员导入的日历数据')
    .action(async (opts: { year: string; store: boolean }) => {
      if (!/^\d{4}$/.test(opts.year)) throw new BadInputError(`--year 应为四位年份：${opts.year}`);
      const cal = createWorkCalendar(await loadedDays(ctx, opts.store));
      for (let d = `${opts.year}-01-01`; d.startsWith(opts.year); d = nextDate(d)) {
        const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
        const weekend = weekday === 0 || weekday === 6;
        const work = cal.isWorkday(d);
        if (weekend && work) ctx.io.stdout(`${d}  调休上班  （${cal.sourceOf(d) === 'loaded' ? '导入' : '内置'}）\n`);
        if (!weekend && !work) ctx.io.stdout(`${d}  放假      （${{ loaded: '导入', library: '内置', rule: '元旦' }[cal.sourceOf(d)]}）\n`);
      }
    });
  calendar
    .command('load')
    .description('导入一年的节假日和调休工作日（JSON：{"year":2027,"holidays":[...],"workdays":[...]}），替换该年已导入的数据')
    .requiredOption('--file <file>', 'JSON 文件')
    .action(async (opts: { file: string }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(opts.file, 'utf8'));
      } catch (error) {
        throw new BadInputError(`无法读取日历文件 ${opts.file}：${(error as Error).message}`, { cause: error });
      }
      // The command line is the administrator's own tool: it acts as admin.
      const out = await withStore(ctx, (store) => loadCalendarYear(store.db, { file: raw, actor: { ...systemActor, username: 'cli-admin', role: 'admin' } }));
      ctx.io.stdout(`已导入 ${out.year} 年：节假日 ${out.holidays} 天，调休工作日 ${out.workdays} 天\n`);
    });
};
