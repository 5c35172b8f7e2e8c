/**
 * The staff-decision loop on a district the model has never read: how many reviewed messages
 * (`minsheng train --from-store`) bring it up to speed.
 *   nice -n 10 npx tsx classifier/scripts/staff-loop.ts [--seeds 2] [--steps 0,100,250,500,1000,all]
 *     [--weight 2] [--source NAME]   (variants of what train --from-store gives a reviewed row)
 *
 * Simulation, with Dalian as "the district" (its letters and label habits are unlike Beijing's and
 * Jiamusi's: → Dalian is the weakest cross-site figure): a fixed 30% of Dalian is its future mail
 * (the test rows); the other 70%, in a seeded order, is the mail staff review one by one. After N
 * reviews the model is retrained as `train --from-store` does: the shared rows (here Beijing and
 * Jiamusi only, so Dalian is unseen) plus the N reviewed rows with weight 2 and no source (so no
 * per-source bias absorbs them: cli/commands/train.ts, workflow/training). The label a reviewer
 * confirms is taken to be the site's label (a merged label is kept as it is).
 * Each row: N, accuracy, macro-F1 and ECE on the future mail, mean over seeds (each seed draws
 * another test split and review order), with the spread.
 */
import { readEvaluationRows } from './evaluation-rows.js';
import { categories } from '../../core/index.js';
import { type LabeledRow } from '../data.js';
import { extractFeatures } from '../features.js';
import { parseLabel } from '../labels.js';
import { LinearScorer, seededRandom } from '../linear-model.js';
import { computeReport, type ScoredRow } from '../metrics.js';
import { trainCategoryModel } from '../train-category.js';
import { defaultTrainOptions } from '../train.js';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const seeds = Number(flag('seeds') ?? 2);
const steps = (flag('steps') ?? '0,100,250,500,1000,all').split(',');
/** What `train --from-store` gives a reviewed message (cli/commands/train.ts reviewedWeight): weight 2, no source. */
const reviewedWeight = Number(flag('weight') ?? 2);
const reviewedSource = flag('source');

const rows = readEvaluationRows();
const features = new Map<LabeledRow, string[]>(rows.map((r) => [r, extractFeatures(r)]));
const district = rows.filter((r) => r.source?.startsWith('dalian'));
const shared = rows.filter((r) => !r.source?.startsWith('dalian'));
if (district.length === 0) throw new Error('no Dalian rows in ../shared/data');

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function score(train: LabeledRow[], test: LabeledRow[]) {
  const model = trainCategoryModel(train, defaultTrainOptions, train.map((r) => features.get(r) ?? extractFeatures(r)));
  const scorer = new LinearScorer(model);
  const scored: ScoredRow[] = test.map((r) => {
    const p = scorer.probabilities(features.get(r)!);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    return { allowed: parseLabel(r.label), predicted: categories[best]!, confidence: p[best]! };
  });
  return computeReport(scored);
}

const results = new Map<string, { acc: number; f1: number; ece: number }[]>();
const t0 = performance.now();
for (let s = 0; s < seeds; s++) {
  const order = shuffled(district, 1000 + s);
  const testSize = Math.round(order.length * 0.3);
  const test = order.slice(0, testSize);
  const stream = order.slice(testSize);
  for (const step of steps) {
    const n = step === 'all' ? stream.length : Math.min(Number(step), stream.length);
    // A reviewed message as the store gives it: no source, weight 2 (unless a variant is asked for).
    const reviewed = stream.slice(0, n).map((r) => ({ ...r, source: reviewedSource, weight: reviewedWeight }));
    const report = score([...shared, ...reviewed], test);
    const key = step === 'all' ? `all (${stream.length})` : String(n);
    results.set(key, [...(results.get(key) ?? []), { acc: report.accuracy, f1: report.macroF1, ece: report.ece }]);
    process.stderr.write(`seed ${s + 1}/${seeds}: ${key} reviewed → accuracy ${report.accuracy.toFixed(3)}, macro-F1 ${report.macroF1.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs: number[]) => (xs.length > 1 ? `±${((Math.max(...xs) - Math.min(...xs)) / 2).toFixed(3)}` : '');
process.stdout.write(`District = Dalian (${district.length} rows; future mail 30%), shared rows = Beijing + Jiamusi (${shared.length}); ${seeds} seed(s); reviewed rows weight ${reviewedWeight}, source ${reviewedSource ?? 'none'}\n`);
process.stdout.write('| reviewed messages | accuracy | macro-F1 | ECE | accuracy chart |\n|---|---|---|---|---|\n');
for (const [key, list] of results) {
  const acc = mean(list.map((x) => x.acc));
  process.stdout.write(
    `| ${key} | ${acc.toFixed(3)} ${spread(list.map((x) => x.acc))} | ${mean(list.map((x) => x.f1)).toFixed(3)} ${spread(list.map((x) => x.f1))} | ${mean(list.map((x) => x.ece)).toFixed(3)} | ${'█'.repeat(Math.round(acc * 40))} |\n`,
  );
}
