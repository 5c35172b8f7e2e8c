/**
 * Issue #4's reader goals, measured on the 200 Dalian held-out messages a careful reader
 * labelled blind (eval/reader-labels-dalian.jsonl, drawn by reader-sample.ts):
 *   - reader vs site label (the issue's careful reader agreed on 75%, macro-F1 0.62);
 *   - the held-out model (trained exactly as cross-source.ts's dalian-heldout run: the other
 *     80% of Dalian + Beijing + Jiamusi, the script's default options) vs site and vs reader;
 *   - that model's accuracy on the rows where reader and site agree (goal >= 0.95);
 *   - the same for the committed model, which was trained on these rows (not held out).
 *   npx tsx classifier/scripts/reader-agreement.ts
 * Every figure says how many rows it rests on; accuracies carry a Wilson 95% interval. The
 * sample over-represents 建议, 其他 and 求助 (see reader-sample.ts), so the figures are also
 * given re-weighted to the held-out split's class mix ("weighted": each row counts as
 * held-out rows with its site label / sampled rows with that label). Also prints the held-out model
 * on the whole held-out split, which must repeat cross-source.ts's dalian-heldout figures
 * (a check that split and training are the same).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dalianHeldOutSplit, dalianSource } from './dalian-heldout.js';
import { readEvaluationRows } from './evaluation-rows.js';
import { drawReaderSample } from './reader-sample.js';
import { categories, type Category } from '../../core/index.js';
import { loadClassifier } from '../classifier.js';
import { type LabeledRow } from '../data.js';
import { extractFeatures } from '../features.js';
import { parseLabel } from '../labels.js';
import { LinearScorer } from '../linear-model.js';
import { computeReport, type ScoredRow } from '../metrics.js';
import { trainCategoryModel, type CategoryTrainOptions } from '../train-category.js';

/** cross-source.ts's default options (its shipped settings); keep in step with that script. */
const crossSourceOptions: CategoryTrainOptions = {
  classWeightPower: 0.75,
  l2: 1e-5,
  epochs: 15,
  learningRate: 0.1,
  minDf: 10,
  sourceCap: 0,
  maxClassWeight: 10,
  prune: 0.1,
  labelSmoothing: 0.05,
  sourceBiases: true,
  sourceBiasL2: 1e-3,
  featureNorm: 'per-group',
};

const labelFile = fileURLToPath(new URL('../eval/reader-labels-dalian.jsonl', import.meta.url));

interface Row {
  id: string;
  site: Category;
  reader: Category;
  weight: number;
  heldOut: { predicted: Category; confidence: number };
  committed: { predicted: Category; confidence: number };
}

function readReaderLabels(): Map<string, Category> {
  const out = new Map<string, Category>();
  for (const line of readFileSync(labelFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { id, reader } = JSON.parse(line) as { id: string; reader: string };
    const parsed = parseLabel(reader);
    if (parsed.length !== 1) throw new Error(`reader label of ${id} must be one class: ${reader}`);
    out.set(id, parsed[0]!);
  }
  return out;
}

/** Wilson 95% interval of k successes in n. */
function wilson(k: number, n: number): [number, number] {
  if (!n) return [0, 0];
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

const f3 = (x: number) => x.toFixed(3);

/** Accuracy, macro-F1 (classes present or predicted), per class and confusion; optional weights. */
function describe(title: string, pairs: { gold: Category; predicted: Category; weight: number }[]): string {
  const scored: ScoredRow[] = pairs.map((p) => ({ allowed: [p.gold], predicted: p.predicted, confidence: 1 }));
  const r = computeReport(scored);
  const right = pairs.filter((p) => p.gold === p.predicted).length;
  const [lo, hi] = wilson(right, pairs.length);
  const lines = [`\n### ${title}`];
  lines.push(`rows ${pairs.length}: accuracy ${f3(r.accuracy)} (${right}/${pairs.length}, 95% ${f3(lo)}–${f3(hi)}), macro-F1 ${f3(r.macroF1)}`);
  // Re-weighted to the held-out split's class mix.
  const w = Object.fromEntries(categories.map((g) => [g, Object.fromEntries(categories.map((p) => [p, 0]))])) as Record<Category, Record<Category, number>>;
  let total = 0;
  let wRight = 0;
  for (const p of pairs) {
    w[p.gold][p.predicted] += p.weight;
    total += p.weight;
    if (p.gold === p.predicted) wRight += p.weight;
  }
  const f1s: number[] = [];
  for (const c of categories) {
    let gold = 0;
    let pred = 0;
    for (const o of categories) {
      gold += w[c][o];
      pred += w[o][c];
    }
    if (!gold && !pred) continue;
    const prec = pred ? w[c][c] / pred : 0;
    const rec = gold ? w[c][c] / gold : 0;
    f1s.push(prec + rec ? (2 * prec * rec) / (prec + rec) : 0);
  }
  lines.push(`weighted to the held-out mix (${total.toFixed(0)} rows' worth): accuracy ${f3(total ? wRight / total : 0)}, macro-F1 ${f3(f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0)}`);
  lines.push('class   precision  recall   F1     gold rows  predicted rows');
  for (const c of categories) {
    const f = r.perClass[c];
    const predicted = categories.reduce((s, g) => s + r.confusion[g][c], 0);
    lines.push(`${c}    ${f3(f.precision)}      ${f3(f.recall)}   ${f3(f.f1)}  ${String(f.support).padStart(5)}      ${String(predicted).padStart(5)}`);
  }
  lines.push(`confusion (rows = ${title.includes(' vs reader') ? 'reader' : 'site'}, columns = ${title.startsWith('reader') ? 'reader' : 'model'}):  ${categories.join('  ')}`);
  for (const g of categories) lines.push(`  ${g}  ${categories.map((p) => String(r.confusion[g][p]).padStart(5)).join(' ')}`);
  return lines.join('\n') + '\n';
}

/** The model on rows where reader and site agree: accuracy per agreed class, and by confidence. */
function onAgreed(title: string, rows: Row[], pick: (r: Row) => { predicted: Category; confidence: number }): string {
  const agreed = rows.filter((r) => r.reader === r.site);
  const lines = [`\n### ${title}: model accuracy where reader and site agree (goal >= 0.95)`];
  const right = agreed.filter((r) => pick(r).predicted === r.site).length;
  const [lo, hi] = wilson(right, agreed.length);
  lines.push(`rows ${agreed.length}: accuracy ${f3(agreed.length ? right / agreed.length : 0)} (${right}/${agreed.length}, 95% ${f3(lo)}–${f3(hi)}); 0.95 would allow ${Math.floor(agreed.length * 0.05)} errors, there are ${agreed.length - right}`);
  let wAll = 0;
  let wRight = 0;
  for (const r of agreed) {
    wAll += r.weight;
    if (pick(r).predicted === r.site) wRight += r.weight;
  }
  lines.push(`weighted to the held-out mix: accuracy ${f3(wAll ? wRight / wAll : 0)}`);
  for (const c of categories) {
    const of = agreed.filter((r) => r.site === c);
    const k = of.filter((r) => pick(r).predicted === c).length;
    const wrong = of.filter((r) => pick(r).predicted !== c).map((r) => pick(r).predicted);
    const by = categories.map((p) => [p, wrong.filter((x) => x === p).length] as const).filter(([, n]) => n).map(([p, n]) => `${p} ${n}`).join(', ');
    lines.push(`  ${c}: ${k}/${of.length}${of.length ? ` = ${f3(k / of.length)}` : ''}${by ? ` (wrong: ${by})` : ''}`);
  }
  for (const t of [0.5, 0.7, 0.9]) {
    const sure = agreed.filter((r) => pick(r).confidence >= t);
    const k = sure.filter((r) => pick(r).predicted === r.site).length;
    lines.push(`  confidence >= ${t}: ${k}/${sure.length}${sure.length ? ` = ${f3(k / sure.length)}` : ''} (covers ${sure.length} of ${agreed.length})`);
  }
  return lines.join('\n') + '\n';
}

const labeled = readEvaluationRows();
const [dTrain, dTest] = dalianHeldOutSplit(labeled);
const bySource = (s: string) => labeled.filter((r) => r.source === s);
const train = [...dTrain, ...bySource('beijing-mailbox'), ...bySource('jiamusi-zmhd')];
process.stderr.write(`training the held-out model on ${train.length} rows (${dTrain.length} Dalian) ...\n`);
const model = trainCategoryModel(train, crossSourceOptions, train.map((r) => extractFeatures(r)));
const scorer = new LinearScorer(model);
const predictHeldOut = (r: LabeledRow) => {
  const p = scorer.probabilities(extractFeatures(r));
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
  return { predicted: categories[best]!, confidence: p[best]! };
};
const committed = await loadClassifier();

// Check: the whole held-out split, as cross-source.ts reports it.
const whole = computeReport(dTest.map((r) => ({ allowed: parseLabel(r.label), ...predictHeldOut(r) })));
process.stdout.write(`held-out model on the whole Dalian held-out split (${whole.rows} rows, ${model.features.length} features, T=${model.temperature.toFixed(2)}): accuracy ${f3(whole.accuracy)}, macro-F1 ${f3(whole.macroF1)}, ECE ${f3(whole.ece)}\n`);

const readerLabels = readReaderLabels();
const sample = drawReaderSample(dTest);
const sampledIds = new Set(sample.map((s) => s.row.id));
for (const id of readerLabels.keys()) if (!sampledIds.has(id)) throw new Error(`${id} is not in the reader sample`);
// Post-stratified weights: each row counts as (held-out rows with its site label) / (sampled
// rows with that label), so the weighted figures stand for the held-out split's class mix.
const count = (rs: LabeledRow[], c: Category) => rs.filter((r) => parseLabel(r.label)[0] === c).length;
const sampledRows = sample.map((s) => s.row);
const weightOf = new Map<Category, number>(categories.map((c) => [c, count(dTest, c) / Math.max(1, count(sampledRows, c))]));
const strata = new Map<string, number>();
for (const s of sample) strata.set(s.stratum, (strata.get(s.stratum) ?? 0) + 1);
process.stdout.write(`sample: ${sample.length} of ${dTest.length} held-out rows; drawn as ${[...strata].map(([s, n]) => `${s} ${n}`).join(', ')}; site labels (sampled / held-out): ${categories.map((c) => `${c} ${count(sampledRows, c)}/${count(dTest, c)}`).join(', ')}\n`);

const rows: Row[] = sample
  .filter((s) => readerLabels.has(s.row.id))
  .map((s) => {
    const c = committed.classify({ title: s.row.title, content: s.row.content });
    const site = parseLabel(s.row.label);
    if (s.row.source !== dalianSource || site.length !== 1) throw new Error(`unexpected row ${s.row.id}`);
    return {
      id: s.row.id,
      site: site[0]!,
      reader: readerLabels.get(s.row.id)!,
      weight: weightOf.get(site[0]!)!,
      heldOut: predictHeldOut(s.row),
      committed: { predicted: c.category, confidence: c.confidence },
    };
  });
if (rows.length !== sample.length) process.stdout.write(`WARNING: only ${rows.length} of ${sample.length} sampled rows have a reader label\n`);

const pairs = (gold: (r: Row) => Category, predicted: (r: Row) => Category) =>
  rows.map((r) => ({ gold: gold(r), predicted: predicted(r), weight: r.weight }));
process.stdout.write(describe('reader vs site', pairs((r) => r.site, (r) => r.reader)));
process.stdout.write(describe('held-out model vs site', pairs((r) => r.site, (r) => r.heldOut.predicted)));
process.stdout.write(describe('held-out model vs reader', pairs((r) => r.reader, (r) => r.heldOut.predicted)));
process.stdout.write(onAgreed('held-out model', rows, (r) => r.heldOut));
process.stdout.write('\n## For reference: the committed model, trained on these rows (not held out)\n');
process.stdout.write(describe('committed model (trained on these rows, not held out) vs site', pairs((r) => r.site, (r) => r.committed.predicted)));
process.stdout.write(describe('committed model (trained on these rows, not held out) vs reader', pairs((r) => r.reader, (r) => r.committed.predicted)));
process.stdout.write(onAgreed('committed model (trained on these rows, not held out)', rows, (r) => r.committed));
