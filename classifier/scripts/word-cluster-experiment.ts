/**
 * Experiment (issue #4, eighteenth session): word clusters of pretrained vectors as a fifth feature
 * group (`c:<cluster>` for each word of title and content that the cluster file knows;
 * feature-groups.ts group 4). Clusters from build-word-clusters.ts. Not shipped: see
 * classifier/README.md, "Word clusters from pretrained vectors".
 *   npx tsx classifier/scripts/word-cluster-experiment.ts CLUSTERS.tsv|none [heldout|jiamusi|teddy|cv ...]
 * SEEDS=99,7 (default) or 2024,31: the Dalian fold seeds of the CV runs. The held-out run also
 * prints the model's accuracy on the reader-labelled rows where reader and site agree
 * (reader-agreement.ts's "held-out model" figure).
 */
import { readFileSync } from 'node:fs';
import { dalianHeldOutSplit } from './dalian-heldout.js';
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

const [clusterFile = 'none', ...which] = process.argv.slice(2);
const clusters = new Map<string, string>();
if (clusterFile !== 'none')
  for (const line of readFileSync(clusterFile, 'utf8').split('\n')) {
    const [word, cluster] = line.split('\t');
    if (word && cluster) clusters.set(word, cluster);
  }

const cache = new Map<LabeledRow, string[]>();
function featuresOf(row: LabeledRow): string[] {
  let out = cache.get(row);
  if (out) return out;
  const features = extractFeatures(row);
  const all = new Set(features);
  for (const f of features) {
    const cluster = f.startsWith('w:') ? clusters.get(f.slice(2)) : undefined;
    if (cluster !== undefined) all.add(`c:${cluster}`);
  }
  out = [...all];
  cache.set(row, out);
  return out;
}

function score(train: LabeledRow[], test: LabeledRow[]): ScoredRow[] {
  const model = trainCategoryModel(train, defaultTrainOptions, train.map(featuresOf));
  const scorer = new LinearScorer(model);
  return test.map((r) => {
    const p = scorer.probabilities(featuresOf(r));
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    return { allowed: parseLabel(r.label), predicted: categories[best]!, confidence: p[best]! };
  });
}
const show = (name: string, s: ScoredRow[]) => {
  const r = computeReport(s);
  process.stdout.write(`${clusterFile} ${name}: ${r.accuracy.toFixed(3)} / ${r.macroF1.toFixed(3)} / ECE ${r.ece.toFixed(3)}\n`);
};

const labeled = readEvaluationRows();
const by = (s: string) => labeled.filter((r) => r.source === s);
const dalian = by('dalian-12345');
const others = labeled.filter((r) => r.source !== 'dalian-12345');
const want = (s: string) => which.length === 0 || which.includes(s);
if (want('heldout')) {
  const [train, heldOut] = dalianHeldOutSplit(labeled);
  const scored = score([...train, ...others], heldOut);
  show('dalian-heldout', scored);
  const reader = new Map<string, string>();
  for (const line of readFileSync(new URL('../eval/reader-labels-dalian.jsonl', import.meta.url), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { id, reader: label } = JSON.parse(line) as { id: string; reader: string };
    reader.set(id, label);
  }
  let agreed = 0;
  let right = 0;
  heldOut.forEach((r, i) => {
    if (reader.get(r.id) !== r.label) return;
    agreed++;
    if (scored[i]!.predicted === r.label) right++;
  });
  process.stdout.write(`${clusterFile} reader-agreed: ${right}/${agreed} = ${(right / agreed).toFixed(3)}\n`);
}
if (want('jiamusi')) show('->jiamusi', score([...dalian, ...by('beijing-mailbox')], by('jiamusi-zmhd')));
if (want('teddy')) show('->teddy', score(labeled, readTeddyRows()));
if (want('cv'))
  for (const seed of (process.env.SEEDS ?? '99,7').split(',').map(Number)) {
    const random = seededRandom(seed);
    const fold = dalian.map(() => Math.floor(random() * 5));
    const pooled: ScoredRow[] = [];
    for (let f = 0; f < 5; f++) pooled.push(...score([...dalian.filter((_, i) => fold[i] !== f), ...others], dalian.filter((_, i) => fold[i] === f)));
    show(`dalian-5fold seed ${seed}`, pooled);
  }
