/**
 * Figures for the console's bulletin charts that the bulletin itself does not give: cases per
 * category per week (China weeks starting Monday) over a period.
 *
 * Read as the bulletin reads its 分类 (bulletin/compute-bulletin.ts): the cases received in the
 * period, each with the state and category it had at the period's end (or today, when earlier;
 * bulletin/cases-as-of.ts), merged ones left out. So the weeks add up to the bulletin's 收到留言 and
 * its categories: a case registered under another category, re-categorised or merged after the
 * period moves neither.
 */
import type { Db } from '../store/index.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { casesAsOf } from '../bulletin/cases-as-of.js';

/** The Monday (China date) of the week a date falls in. */
export function weekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - day * 86_400_000).toISOString().slice(0, 10);
}

export async function categoryTrend(db: Db, input: { from: string; to: string; now?: Date | undefined }): Promise<{ weeks: string[]; series: Record<string, number[]> }> {
  const today = chinaDate(input.now ?? new Date());
  const asOf = today < input.to ? today : input.to;
  const end = new Date(new Date(`${asOf}T00:00:00+08:00`).getTime() + 86_400_000);
  const received = await db.case.findMany({
    where: { createdAt: { gte: new Date(`${input.from}T00:00:00+08:00`), lt: end } },
    select: { id: true, createdAt: true, category: true, state: true },
  });
  const atEnd = await casesAsOf(db, received, end);
  const weeks: string[] = [];
  for (let w = weekOf(input.from); w <= input.to; w = new Date(Date.parse(`${w}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10)) weeks.push(w);
  const series: Record<string, number[]> = {};
  for (const r of received) {
    const stood = atEnd.get(r.id)!;
    // Merged cases are copies counted in the case they joined (as the bulletin counts them).
    if (stood.state === 'merged') continue;
    const i = weeks.indexOf(weekOf(chinaDate(r.createdAt)));
    if (i < 0) continue;
    (series[stood.category] ??= weeks.map(() => 0))[i]! += 1;
  }
  return { weeks, series };
}
