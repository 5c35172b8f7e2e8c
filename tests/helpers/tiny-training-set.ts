/** Tiny labelled sets (6 rows per category), so a test trains a model in seconds. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createClassifier, trainModel, writeModelFile, type Classifier } from '../../classifier/index.js';

export const tinyTrainingRows = ['投诉', '咨询', '建议', '求助', '其他'].flatMap((label, k) =>
  Array.from({ length: 6 }, (_, j) => ({ id: `b${k}-${j}`, title: `${label}示例${j}`, content: `这是一条${label}类的示例留言，编号${j}。`, label })),
);

/** Writes the tiny set as JSON Lines, as `minsheng train --data` reads it. */
export async function writeTinyTrainingSet(file: string): Promise<void> {
  await writeFile(file, `${tinyTrainingRows.map((row) => JSON.stringify(row)).join('\n')}\n`);
}

/**
 * A second model trained on a tiny set in seconds, written to `dir/tiny.json.gz`: it suggests
 * other categories than the committed one (each category its own topic word), for reclassify tests.
 */
export function trainTinyModel(dir: string): { file: string; classifier: Classifier } {
  const rows = ['投诉', '咨询', '建议', '求助', '其他'].flatMap((label, k) =>
    Array.from({ length: 6 }, (_, j) => ({ title: `${label}示例${j}`, content: `这是一条${label}类的示例留言，编号${j}，${['路灯', '居住证', '公交', '停水', '噪音'][k]}。`, label })),
  );
  const model = trainModel(rows, { minDf: 1, epochs: 3 });
  const file = path.join(dir, 'tiny.json.gz');
  writeModelFile(file, model);
  return { file, classifier: createClassifier(model) };
}
