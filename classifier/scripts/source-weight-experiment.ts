/**
 * Experiment (issue #4): Dalian rows weighted W in training (Dalian is the one source labelling all
 * five classes; Jiamusi's 5,824 rows, mostly 咨询 / 反映问题, dominate the fit).
 *   npx tsx classifier/scripts/source-weight-experiment.ts W [cv|heldout|jiamusi|teddy ...]
 */
import { readEvaluationRows } from './evaluation-rows.js';
import { readTeddyRows } from './teddy-labels.js';
import { categories } from '../../core/index.js';
import { type LabeledRow } from '../data.js';
import { extractFeatures } from '../features.js';
import { parseLabel } from '../labels.js';
import { LinearScorer, seededRandom } from '../linear-model.js';
import { computeReport, type ScoredRow } from '../metrics.js';
import { trainCategoryModel } from '../train-category.js';
import { defaultTrainOptions } from '../train.js';

const [w = '1', ...which] = process.argv.slice(2);
const weight = Number(w);
const features = new Map<LabeledRow, string[]>();
const feats = (r: LabeledRow) => features.get(r) ?? (features.set(r, extractFeatures(r)), features.get(r)!);
const weighted = (rows: LabeledRow[]) => rows.map((r) => (r.source === 'dalian-12345' ? { ...r, weight } : r));

function score(train: LabeledRow[], test: LabeledRow[]): ScoredRow[] {
  const t = weighted(train);
  const model = trainCategoryModel(t, defaultTrainOptions, t.map((r) => feats(r)));
  const scorer = new LinearScorer(model);
  return test.map((r) => {
    const p = scorer.probabilities(feats(r));
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    return { allowed: parseLabel(r.label), predicted: categories[best]!, confidence: p[best]! };
  });
}
const show = (name: string, s: ScoredRow[]) => {
  const r = computeReport(s);
  process.stdout.write(`W=${weight} ${name}: ${r.accuracy.toFixed(3)} / ${r.macroF1.toFixed(3)} / ECE ${r.ece.toFixed(3)}\n`);
};

const labeled = readEvaluationRows();
const by = (s: string) => labeled.filter((r) => r.source === s);
const dalian = by('dalian-12345');
const beijing = by('beijing-mailbox');
const jiamusi = by('jiamusi-zmhd');
const want = (s: string) => which.length === 0 || which.includes(s);
if (want('heldout')) {
  const random = seededRandom(42);
  const dTrain: LabeledRow[] = [];
  const dTest: LabeledRow[] = [];
  for (const r of dalian) (random() < 0.2 ? dTest : dTrain).push(r);
  show('dalian-heldout', score([...dTrain, ...beijing, ...jiamusi], dTest));
}
if (want('jiamusi')) show('->jiamusi', score([...dalian, ...beijing], jiamusi));
if (want('teddy')) show('->teddy', score(labeled, readTeddyRows()));
if (want('cv')) {
  for (const seed of [99, 7]) {
    const fr = seededRandom(seed);
    const fold = dalian.map(() => Math.floor(fr() * 5));
    const pooled: ScoredRow[] = [];
    for (let f = 0; f < 5; f++) pooled.push(...score([...dalian.filter((_, i) => fold[i] !== f), ...beijing, ...jiamusi], dalian.filter((_, i) => fold[i] === f)));
    show(`dalian-5fold seed ${seed}`, pooled);
  }
}
