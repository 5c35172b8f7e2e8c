/**
 * `minsheng calendar due --from YYYY-MM-DD --days N`: the due date of work assigned on a day.
 * `minsheng calendar load --file year.json`: loads a year's holidays and 调休 workdays (admin), and
 * lists the due dates in hand it recounted (台账编号, 承办单位, old → new), how many it checked and
 * those whose history could not be replayed (left as they were).
 * `minsheng calendar show --year YYYY`: the non-working weekdays and working weekend days of a year.
 * The admin-loaded days come from the running main job when it holds the embedded store, else from
 * the store when one is configured or already exists; `--no-store` uses the built-in calendar only.
 * `due` and `show` warn on stderr when a year they count has no known holiday schedule.
 */
import { readFile } from 'node:fs/promises';
import { BadInputError, decodeUtf8File } from '../../core/index.js';
import type { CalendarLoadResult } from '../../workflow/calendar/index.js';
// The calendar itself, not the folder's index (which brings the store): `calendar due` and `show` may read no store.
import { createWorkCalendar, dueDateFor, nextDate, unscheduledYears, type LoadedDay, type WorkCalendar } from '../../workflow/calendar/work-calendar.js';
import { dateFlag, integerFlag } from '../arguments.js';
import type { CliContext, RegisterCommand } from '../program.js';
import { askMainJob, cliAdmin, embeddedStoreExists, runningMainJob, withStore } from '../with-store.js';

/** The days admins loaded: from the running main job's API when it holds the embedded store, else from the store. */
async function loadedDays(ctx: CliContext, useStore: boolean): Promise<LoadedDay[]> {
  if (!useStore) return [];
  const running = await runningMainJob(ctx);
  if (running) return (await askMainJob<{ days: LoadedDay[] }>(running, '/api/workflow/calendar/days')).days;
  const config = ctx.config();
  // Do not create an embedded store just to read a calendar: without one, the built-in calendar is the whole answer.
  if (!config.databaseUrl && !embeddedStoreExists(config.dataDir)) return [];
  return withStore(ctx, async (store) => (await import('../../workflow/calendar/index.js')).listCalendarDays(store.db), 'minsheng calendar');
}

/** Warns (stderr) of each year from `from` to `to` counted without its official schedule, and says how to load it. */
function warnUnscheduled(ctx: CliContext, cal: WorkCalendar, from: string, to: string, usedStore: boolean): void {
  for (const year of unscheduledYears(cal, from, to)) {
    ctx.io.stderr(
      `警告：${year} 年的节假日安排尚未载入（内置日历不含该年${usedStore ? '，管理员也未导入' : '；--no-store 未读取管理员导入的数据'}），` +
        `该年按周一至周五上班、仅元旦放假计算，春节、国庆等假期和调休都未计入，结果可能有误。\n` +
        `  请管理员在国务院办公厅公布 ${year} 年部分节假日安排后导入：minsheng calendar load --file ${year}.json` +
        `（内容如 {"year":${year},"holidays":{"${year}-01-01":"元旦"},"workdays":[]}）。\n`,
    );
  }
}

/** The recount of the due dates in hand, in staff words: how many checked, each change, each left unreplayed. */
function recountReport(out: CalendarLoadResult): string {
  const lines = [`办理时限重新计算：核对时限跨 ${out.year} 年、尚未办结的交办 ${out.checked} 件，时限改变 ${out.changed.length} 件`];
  for (const c of out.changed) lines.push(`  ${c.ledgerNo}  ${c.unit}  ${c.previousDueDate} → ${c.dueDate}`);
  if (out.unreplayed.length > 0) {
    lines.push(`无法按办理经过重算、时限未改的 ${out.unreplayed.length} 件（请人工核对）：`);
    for (const u of out.unreplayed) lines.push(`  ${u.ledgerNo}  ${u.unit}  ${u.dueDate}  ${u.reason}`);
  }
  return `${lines.join('\n')}\n`;
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
      const from = dateFlag('--from', opts.from);
      const days = integerFlag('--days', opts.days, 1, 366);
      const cal = createWorkCalendar(await loadedDays(ctx, opts.store));
      const due = dueDateFor(cal, from, days);
      ctx.io.stdout(`${due}\n`);
      warnUnscheduled(ctx, cal, from, due, opts.store);
    });
  calendar
    .command('show')
    .description('列出某年的节假日（工作日放假）和调休工作日（周末上班）')
    .requiredOption('--year <year>', '年份（2000 到 2100）')
    .option('--no-store', '不读取管理员导入的日历数据')
    .action(async (opts: { year: string; store: boolean }) => {
      const year = String(integerFlag('--year', opts.year, 2000, 2100));
      const cal = createWorkCalendar(await loadedDays(ctx, opts.store));
      warnUnscheduled(ctx, cal, `${year}-01-01`, `${year}-12-31`, opts.store);
      for (let d = `${year}-01-01`; d.startsWith(year); d = nextDate(d)) {
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
    .requiredOption('--file <file>', 'JSON 文件（UTF-8 编码）')
    .action(async (opts: { file: string }) => {
      let bytes: Buffer;
      try {
        bytes = await readFile(opts.file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? '文件不存在' : code === 'EACCES' ? '没有读取权限' : code === 'EISDIR' ? '这是一个目录' : '无法读取';
        throw new BadInputError(`无法读取日历文件 ${opts.file}：${why}`, { cause: error });
      }
      // UTF-8 only (a GBK file is refused, not read as garbage); a BOM is dropped.
      const text = decodeUtf8File(bytes, '日历文件', opts.file);
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        throw new BadInputError(`日历文件 ${opts.file} 不是有效的 JSON（应为 {"year":2027,"holidays":[...],"workdays":[...]}）`, { cause: error });
      }
      // The command line is the administrator's own tool: it acts as admin (through the running main job, as its local administrator).
      const running = await runningMainJob(ctx);
      const out = running
        ? await askMainJob<CalendarLoadResult>(running, '/api/workflow/calendar/load', { method: 'POST', body: raw })
        : // Loading a year is setting the store up (before the first start, too): it may create the store.
          await withStore(ctx, async (store) => (await import('../../workflow/calendar/index.js')).loadCalendarYear(store.db, { file: raw, actor: cliAdmin }), 'minsheng calendar load', { create: true });
      ctx.io.stdout(`已导入 ${out.year} 年：节假日 ${out.holidays} 天，调休工作日 ${out.workdays} 天\n`);
      ctx.io.stdout(recountReport(out));
    });
};
