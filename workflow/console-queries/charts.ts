/**
 * Figures for the console's bulletin charts that the bulletin itself does not give: cases per
 * category per week (China weeks starting Monday) over a period.
 */
import type { Db } from '../store/index.js';
import { chinaDate } from '../calendar/work-calendar.js';

/** The Monday (China date) of the week a date falls in. */
export function weekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - day * 86_400_000).toISOString().slice(0, 10);
}

export async function categoryTrend(db: Db, input: { from: string; to: string }): Promise<{ weeks: string[]; series: Record<string, number[]> }> {
  const rows = await db.case.findMany({
    // Merged cases are copies counted in the case they joined (as the bulletin counts them).
    where: { createdAt: { gte: new Date(`${input.from}T00:00:00+08:00`), lt: new Date(new Date(`${input.to}T00:00:00+08:00`).getTime() + 86_400_000) }, state: { not: 'merged' } },
    select: { createdAt: true, category: true },
  });
  const weeks: string[] = [];
  for (let w = weekOf(input.from); w <= input.to; w = new Date(Date.parse(`${w}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10)) weeks.push(w);
  const series: Record<string, number[]> = {};
  for (const r of rows) {
    const i = weeks.indexOf(weekOf(chinaDate(r.createdAt)));
    if (i < 0) continue;
    (series[r.category] ??= weeks.map(() => 0))[i]! += 1;
  }
  return { weeks, series };
}
