/**
 * Draws the 200 Dalian held-out messages that a careful reader labels blind (issue #4's
 * "reader agreement"), and prints them for reading with id, title and content only: no site
 * label, no model prediction. The text goes to OUT (outside the repository; it is never copied
 * here); only ids and the reader's labels are committed (eval/reader-labels-dalian.jsonl).
 *   npx tsx classifier/scripts/reader-sample.ts OUT.txt [--ids]
 * Sampling (seeded, reproducible), from the held-out split of cross-source.ts: every held-out
 * row whose site label is 其他 or 建议, up to 40 rows labelled 求助 (all if fewer), and the rest
 * of the 200 drawn at random from the remaining held-out rows (咨询, 投诉, and 求助 beyond 40).
 * The rare classes are over-represented on purpose; reader-agreement.ts also reports figures
 * re-weighted to the held-out split's own class mix. The printed order is shuffled, so strata
 * are not grouped. --ids prints the sampled ids (in printed order) instead of the text.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dalianHeldOutSplit } from './dalian-heldout.js';
import { readEvaluationRows } from './evaluation-rows.js';
import { type LabeledRow } from '../data.js';
import { seededRandom, shuffled } from '../../core/index.js';

export const readerSampleSize = 200;
export const readerHelpCap = 40;

/** The sample, in printed order, with the stratum each row was drawn from. */
export function drawReaderSample(heldOut: LabeledRow[]): { row: LabeledRow; stratum: string }[] {
  const random = seededRandom(20260404);
  const rare = heldOut.filter((r) => r.label === '其他' || r.label === '建议');
  const help = shuffled(heldOut.filter((r) => r.label === '求助'), random).slice(0, readerHelpCap);
  const taken = new Set([...rare, ...help]);
  const rest = shuffled(heldOut.filter((r) => !taken.has(r)), random).slice(0, readerSampleSize - taken.size);
  const drawn = [
    ...rare.map((row) => ({ row, stratum: row.label })),
    ...help.map((row) => ({ row, stratum: '求助' })),
    ...rest.map((row) => ({ row, stratum: 'rest' })),
  ];
  return shuffled(drawn, random);
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: reader-sample.ts OUT.txt [--ids]');
  const [, heldOut] = dalianHeldOutSplit(readEvaluationRows());
  const sample = drawReaderSample(heldOut);
  const text = process.argv.includes('--ids')
    ? sample.map((s) => s.row.id).join('\n') + '\n'
    : sample.map((s, i) => `#${i + 1} ${s.row.id}\n标题：${s.row.title.trim()}\n内容：${s.row.content.trim()}\n`).join('\n');
  writeFileSync(out, text);
  process.stderr.write(`held-out ${heldOut.length} rows; sample ${sample.length} written to ${out}\n`);
}
