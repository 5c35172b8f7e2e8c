/**
 * The fresh cross-site category test (issue #4): 200 messages of the Teddy Cup 2020 sample (a city
 * board, "A市") that the category model never trains on (the set has topics, not types), labelled
 * blind by a reader with the reader conventions of classifier/README.md ("Reader agreement") in
 * classifier/eval/teddy-category-labels.jsonl (ids, labels and short notes only; the text is joined
 * from ../shared/data). Drawn as 200 of the 494 distinct texts, seed 20261128.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { categories } from '../../core/index.js';
import type { LabeledRow } from '../data.js';
import { readAllSharedRows } from './out-of-scope-sets.js';

export interface TeddyLabel {
  id: string;
  label: string;
  note?: string;
}

export const teddyLabelFile = fileURLToPath(new URL('../eval/teddy-category-labels.jsonl', import.meta.url));

/**
 * The labelled Teddy messages as evaluation rows (source `teddy2020c-sample`); throws on a bad label
 * or a missing id. `lenient`: a row whose note says "borderline: X also fits" also counts X as right
 * (a merged label, `投诉|建议`, as the evaluation reads the sites' merged types).
 */
export function readTeddyRows(options: { lenient?: boolean } = {}, rows: readonly LabeledRow[] = readAllSharedRows()): LabeledRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return readFileSync(teddyLabelFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const label = JSON.parse(line) as TeddyLabel;
      const row = byId.get(label.id);
      if (!row) throw new Error(`共享数据中没有 ${label.id}`);
      if (!(categories as readonly string[]).includes(label.label)) throw new Error(`${label.id} 的类别无效：${label.label}`);
      const also = options.lenient && /borderline/i.test(label.note ?? '') ? categories.filter((c) => c !== label.label && label.note!.includes(c)) : [];
      return { id: row.id, title: row.title, content: row.content, label: [label.label, ...also].join('|'), source: 'teddy2020c-sample' };
    });
}
