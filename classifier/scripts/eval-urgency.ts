/**
 * How right the urgency suggestion is, through classify() as in the product, against two
 * hand-labelled sets (ids and labels only; texts joined from ../shared/data):
 *   npx tsx classifier/scripts/eval-urgency.ts [--split dev|test|all] [--show dev|test|old]
 * - the 500 messages of eval/urgency-labels.jsonl (sample-urgency-labels.ts: 200 random plus 300
 *   holding a word of its danger/body/supply/time list; 66 urgent; split dev 250 / test 250);
 * - the 200 of eval/suggestion-labels.jsonl (sample-suggestion-labels.ts; 12 urgent), per split.
 * Per set and split: precision and recall of urgent, the confusion, the ranking AUC of the
 * probability of urgent, ECE of the shown confidence (bins of 0.1 from 0.5), unweighted (rows as
 * drawn: NOT an estimate for mail in general, the draws over-represent list words) and weighted
 * (post-stratified: each row counts for its cell's pool size, list word or not, over the cell's
 * labelled rows in the subset, which estimates the figure over all messages of the three sources).
 * `--split` limits the 500-message set to one split (dev while developing; test once).
 * `--show` lists the disagreements (id, label, suggestion, evidence, the labeller's note).
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { loadClassifier } from '../classifier.js';
import { auc, binaryFigures, reliability, wilson, type ScoredBinaryRow } from './suggestion-metrics.js';
import { hasUrgencyDrawWord, readUrgencyLabels, urgencyPool } from './sample-urgency-labels.js';
import { drawSuggestionSample, hasUrgencyWord, suggestionPool } from './sample-suggestion-labels.js';

const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const onlySplit = argValue('--split') ?? 'all';
const showSet = argValue('--show');
if (!['dev', 'test', 'all'].includes(onlySplit)) throw new Error('--split takes dev, test or all');

interface Row {
  id: string;
  split: 'dev' | 'test';
  urgent: boolean;
  /** Holds a word of the set's list: its post-stratification cell. */
  cell: boolean;
  note: string;
  p: number;
  value: string;
  evidence: string[];
}

const classifier = await loadClassifier();
function classifyRow(title: string, content: string) {
  const c = classifier.classify({ title, content });
  const p = c.urgency.value === 'urgent' ? c.urgency.confidence : 1 - c.urgency.confidence;
  return { p, value: c.urgency.value, evidence: c.urgency.evidence, modelVersion: c.modelVersion };
}

// The 500-message set.
const newPool = urgencyPool();
const { labels, rows: newTexts } = readUrgencyLabels(newPool);
const newPopulation = { cell: newPool.filter(hasUrgencyDrawWord).length, rest: 0 };
newPopulation.rest = newPool.length - newPopulation.cell;
let modelVersion = '';
const newRows: Row[] = labels
  .map((l, i) => ({ l, text: newTexts[i]! }))
  .filter(({ l }) => onlySplit === 'all' || l.split === onlySplit)
  .map(({ l, text }) => {
    const s = classifyRow(text.title, text.content);
    modelVersion = s.modelVersion;
    return { id: l.id, split: l.split, urgent: l.urgency === 'urgent', cell: l.listWord, note: l.note, p: s.p, value: s.value, evidence: s.evidence };
  });

// The earlier 200 (development data for the rules since the fifth session).
const oldPool = suggestionPool();
const oldSample = drawSuggestionSample(oldPool);
const oldLabelFile = fileURLToPath(new URL('../eval/suggestion-labels.jsonl', import.meta.url));
const oldLabels = readFileSync(oldLabelFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; split: 'dev' | 'test'; urgency: string; note: string });
if (oldSample.some((s, i) => s.row.id !== oldLabels[i]?.id)) throw new Error('suggestion-labels.jsonl does not match its draw');
const oldPopulation = { cell: oldPool.filter(hasUrgencyWord).length, rest: 0 };
oldPopulation.rest = oldPool.length - oldPopulation.cell;
const oldRows: Row[] = oldSample.map(({ row }, i) => {
  const l = oldLabels[i]!;
  const s = classifyRow(row.title, row.content);
  return { id: l.id, split: l.split, urgent: l.urgency === 'urgent', cell: hasUrgencyWord(row), note: l.note, p: s.p, value: s.value, evidence: s.evidence };
});

const f3 = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));

function weightsFor(subset: Row[], population: { cell: number; rest: number }): number[] {
  const nCell = subset.filter((r) => r.cell).length;
  const nRest = subset.length - nCell;
  return subset.map((r) => (r.cell ? population.cell / nCell : population.rest / nRest));
}

function describe(name: string, subset: Row[], population: { cell: number; rest: number }): string {
  const w = weightsFor(subset, population);
  const un: ScoredBinaryRow[] = subset.map((r) => ({ truth: r.urgent, p: r.p, weight: 1 }));
  const we: ScoredBinaryRow[] = subset.map((r, i) => ({ truth: r.urgent, p: r.p, weight: w[i]! }));
  const fu = binaryFigures(un);
  const fw = binaryFigures(we);
  const c = fu.confusion;
  const [rlo, rhi] = wilson(c.tp, c.tp + c.fn);
  const totalW = we.reduce((s, r) => s + r.weight, 0);
  return [
    `${name}: ${subset.length} rows, ${c.tp + c.fn} urgent (weighted share ${f3((fw.confusion.tp + fw.confusion.fn) / totalW)})`,
    `  unweighted: precision ${f3(fu.precision)} (${c.tp}/${c.tp + c.fp}), recall ${f3(fu.recall)} (${c.tp}/${c.tp + c.fn}, 95% ${f3(rlo)}-${f3(rhi)}), AUC ${f3(auc(un))}, ECE ${f3(reliability(un).ece)}, accuracy ${f3(fu.accuracy)}`,
    `  weighted:   precision ${f3(fw.precision)}, recall ${f3(fw.recall)}, AUC ${f3(auc(we))}, ECE ${f3(reliability(we).ece)}, accuracy ${f3(fw.accuracy)}; flagged ${f3((fw.confusion.tp + fw.confusion.fp) / totalW)} of mail`,
  ].join('\n');
}

process.stdout.write(
  `model ${modelVersion}; urgency set pool ${newPool.length} (${newPopulation.cell} with a list word); earlier set pool ${oldPool.length} (${oldPopulation.cell} with its list word)\n\n`,
);
const newSplits: [string, Row[]][] =
  onlySplit === 'all'
    ? [
        ['urgency-labels dev', newRows.filter((r) => r.split === 'dev')],
        ['urgency-labels test', newRows.filter((r) => r.split === 'test')],
        ['urgency-labels all', newRows],
      ]
    : [[`urgency-labels ${onlySplit}`, newRows]];
for (const [name, subset] of newSplits) process.stdout.write(`${describe(name, subset, newPopulation)}\n`);
for (const [name, subset] of [
  ['suggestion-labels (earlier 200) dev', oldRows.filter((r) => r.split === 'dev')],
  ['suggestion-labels (earlier 200) test', oldRows.filter((r) => r.split === 'test')],
  ['suggestion-labels (earlier 200) all', oldRows],
] as [string, Row[]][]) {
  process.stdout.write(`${describe(name, subset, oldPopulation)}\n`);
}

if (showSet) {
  const subset = showSet === 'old' ? oldRows : newRows.filter((r) => r.split === showSet);
  if (showSet !== 'old' && onlySplit !== 'all' && onlySplit !== showSet) throw new Error('--show needs its split measured');
  process.stdout.write(`\n== disagreements (${showSet}) ==\n`);
  for (const r of subset) {
    if ((r.value === 'urgent') === r.urgent) continue;
    process.stdout.write(`  ${r.id}: label ${r.urgent ? 'urgent' : 'normal'}, p(urgent) ${r.p.toFixed(3)} [${r.evidence.join('/')}] — ${r.note}\n`);
  }
}
