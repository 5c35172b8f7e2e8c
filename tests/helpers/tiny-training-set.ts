/** A tiny labelled set (6 rows per category), so a test trains a model in seconds. */
import { writeFile } from 'node:fs/promises';

export const tinyTrainingRows = ['投诉', '咨询', '建议', '求助', '其他'].flatMap((label, k) =>
  Array.from({ length: 6 }, (_, j) => ({ id: `b${k}-${j}`, title: `${label}示例${j}`, content: `这是一条${label}类的示例留言，编号${j}。`, label })),
);

/** Writes the tiny set as JSON Lines, as `minsheng train --data` reads it. */
export async function writeTinyTrainingSet(file: string): Promise<void> {
  await writeFile(file, `${tinyTrainingRows.map((row) => JSON.stringify(row)).join('\n')}\n`);
}
