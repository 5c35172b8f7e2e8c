/**
 * How right the complexity and urgency suggestions are, against the 200 hand-labelled messages
 * of classifier/eval/suggestion-labels.jsonl (ids and labels only; the text is joined from
 * ../shared/data):
 *   npx tsx classifier/scripts/eval-suggestions.ts [--calibrate] [--show dev|test|all]
 * Each message goes through classify(), as in the product (the category feeds complexity).
 * Prints, per split (dev = first 100 of the printed order, test = the rest, all) and per task:
 * accuracy, precision/recall of complex and of urgent, the confusion, the ranking AUC of the
 * rules' probability, a reliability table (confidence bins: mean shown confidence vs share right)
 * and ECE; then the same per sampling stratum.
 *
 * Weighting. The sample is 150 random messages plus 50 drawn only from messages holding a word of
 * sample-suggestion-labels.ts's urgency list, so it over-represents those messages (and urgency).
 * "weighted" figures post-stratify by that word list: each row counts for its cell's population
 * (pool messages with / without a list word) divided by the cell's labelled rows in the split,
 * which estimates the figure over all messages of the three sources. "unweighted" figures count
 * rows as drawn and are NOT an estimate for mail in general. Per-stratum figures are unweighted:
 * the random stratum is a plain random sample; the cue stratum describes list-word messages only.
 *
 * --calibrate fits, on the dev split (weighted), Platt's slope a and intercept b on each rule's
 * logistic score s as shipped (P = sigmoid(a·s + b); s recovered as logit of the probability the
 * rule gives), then shows what the refitted probabilities give on the test split. suggestions.ts
 * is not changed; the fit is printed as a proposal. The shipped rules already carry the fifth
 * session's fit (suggestions.ts complexityFit) and urgency its own (fit-urgency.ts, fitted on these 200
 * and the dev half of urgency-labels.jsonl), so a = 1, b = 0 means it still holds. --show SPLIT lists the rows where a suggestion
 * and the label disagree (id, label, suggestion, evidence words, the labeller's note).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadClassifier } from '../classifier.js';
import {
  auc,
  binaryFigures,
  confidenceOf,
  fitPlatt,
  logit,
  reliability,
  sigmoid,
  wilson,
  type ScoredBinaryRow,
} from './suggestion-metrics.js';
import { drawSuggestionSample, hasUrgencyWord, suggestionPool, type SuggestionStratum } from './sample-suggestion-labels.js';

interface SuggestionLabel {
  id: string;
  split: 'dev' | 'test';
  complexity: 'simple' | 'complex';
  urgency: 'normal' | 'urgent';
  note: string;
}

interface EvalRow {
  label: SuggestionLabel;
  stratum: SuggestionStratum;
  /** Holds a word of the urgency list: the post-stratification cell. */
  cueWord: boolean;
  complex: { p: number; value: string; confidence: number; evidence: string[] };
  urgent: { p: number; value: string; confidence: number; evidence: string[] };
}

type Task = 'complex' | 'urgent';
const taskNames: Record<Task, string> = { complex: 'complexity (positive: complex)', urgent: 'urgency (positive: urgent)' };
const truthOf = (r: EvalRow, task: Task) => (task === 'complex' ? r.label.complexity === 'complex' : r.label.urgency === 'urgent');

const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const calibrate = process.argv.includes('--calibrate');
const showSplit = argValue('--show');

const labelFile = fileURLToPath(new URL('../eval/suggestion-labels.jsonl', import.meta.url));
const labels = readFileSync(labelFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as SuggestionLabel);

// The draw is repeated to know each row's stratum; the label file must be that draw, in its order.
const pool = suggestionPool();
const sample = drawSuggestionSample(pool);
if (sample.length !== labels.length || sample.some((s, i) => s.row.id !== labels[i]!.id)) {
  throw new Error('suggestion-labels.jsonl does not match the draw of sample-suggestion-labels.ts (ids or order differ)');
}
labels.forEach((l, i) => {
  if (l.split !== (i < 100 ? 'dev' : 'test')) throw new Error(`row ${i + 1} (${l.id}) has split ${l.split}`);
});
const population = { cue: pool.filter(hasUrgencyWord).length, other: 0 };
population.other = pool.length - population.cue;

const classifier = await loadClassifier();
let modelVersion = '';
const rows: EvalRow[] = sample.map(({ row, stratum }, i) => {
  const c = classifier.classify({ title: row.title, content: row.content });
  modelVersion = c.modelVersion;
  const pOf = (s: { value: string; confidence: number }, positive: string) => (s.value === positive ? s.confidence : 1 - s.confidence);
  return {
    label: labels[i]!,
    stratum,
    cueWord: hasUrgencyWord(row),
    complex: { ...c.complexity, p: pOf(c.complexity, 'complex') },
    urgent: { ...c.urgency, p: pOf(c.urgency, 'urgent') },
  };
});

/** Post-stratification weights within a subset: population of the cell / labelled rows of the cell. */
function weightsFor(subset: EvalRow[]): number[] {
  const nCue = subset.filter((r) => r.cueWord).length;
  const nOther = subset.length - nCue;
  return subset.map((r) => (r.cueWord ? population.cue / nCue : population.other / nOther));
}

const f3 = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));
const pct = (x: number) => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)}%`);

function scored(subset: EvalRow[], task: Task, weights: number[] | null, p = (r: EvalRow) => r[task].p): ScoredBinaryRow[] {
  return subset.map((r, i) => ({ truth: truthOf(r, task), p: p(r), weight: weights ? weights[i]! : 1 }));
}

function describeTask(subset: EvalRow[], task: Task, p?: (r: EvalRow) => number): string {
  const w = weightsFor(subset);
  const un = scored(subset, task, null, p);
  const we = scored(subset, task, w, p);
  const fu = binaryFigures(un);
  const fw = binaryFigures(we);
  const ru = reliability(un);
  const rw = reliability(we);
  const right = fu.confusion.tp + fu.confusion.tn;
  const [lo, hi] = wilson(right, un.length);
  const c = fu.confusion;
  const totalW = we.reduce((s, r) => s + r.weight, 0);
  const cw = fw.confusion;
  const labelledPositive = c.tp + c.fn;
  const lines = [
    `  ${taskNames[task]}: ${labelledPositive} of ${un.length} labelled positive (weighted share ${pct((cw.tp + cw.fn) / totalW)})`,
    `    unweighted: accuracy ${f3(fu.accuracy)} (${right}/${un.length}, 95% ${f3(lo)}-${f3(hi)}), precision ${f3(fu.precision)} (${c.tp}/${c.tp + c.fp}), recall ${f3(fu.recall)} (${c.tp}/${c.tp + c.fn}), AUC ${f3(auc(un))}, ECE ${f3(ru.ece)}`,
    `      confusion (label -> suggested): pos->pos ${c.tp}, pos->neg ${c.fn}, neg->pos ${c.fp}, neg->neg ${c.tn}`,
    `    weighted:   accuracy ${f3(fw.accuracy)}, precision ${f3(fw.precision)}, recall ${f3(fw.recall)}, AUC ${f3(auc(we))}, ECE ${f3(rw.ece)}`,
    `      confusion as shares of all mail: pos->pos ${pct(cw.tp / totalW)}, pos->neg ${pct(cw.fn / totalW)}, neg->pos ${pct(cw.fp / totalW)}, neg->neg ${pct(cw.tn / totalW)}`,
    `    reliability (shown confidence bin: rows, mean confidence, share right unweighted / weighted):`,
  ];
  for (const b of ru.bins) {
    const wb = rw.bins.find((x) => x.from === b.from);
    lines.push(`      [${b.from.toFixed(1)}, ${b.to.toFixed(1)}): ${String(b.rows).padStart(3)} rows, mean ${f3(b.meanConfidence)}, right ${f3(b.shareRight)} / ${f3(wb ? wb.shareRight : NaN)}`);
  }
  return lines.join('\n');
}

const splits: [string, EvalRow[]][] = [
  ['dev', rows.filter((r) => r.label.split === 'dev')],
  ['test', rows.filter((r) => r.label.split === 'test')],
  ['all', rows],
];
process.stdout.write(
  `${rows.length} labelled messages; pool ${pool.length} (${population.cue} with a word of the urgency list, ${population.other} without); model ${modelVersion}\n`,
);
for (const [name, subset] of splits) {
  const byStratum = (s: SuggestionStratum) => subset.filter((r) => r.stratum === s).length;
  const cue = subset.filter((r) => r.cueWord).length;
  process.stdout.write(
    `\n== ${name}: ${subset.length} rows (drawn: random ${byStratum('random')}, cue ${byStratum('cue')}; cells: list word ${cue}, none ${subset.length - cue}) ==\n`,
  );
  for (const task of ['complex', 'urgent'] as const) process.stdout.write(`${describeTask(subset, task)}\n`);
}

process.stdout.write(`\n== per sampling stratum (unweighted; random is a plain random sample of the pool) ==\n`);
for (const stratum of ['random', 'cue'] as const) {
  for (const [name, subset] of splits) {
    const part = subset.filter((r) => r.stratum === stratum);
    const parts = (['complex', 'urgent'] as const).map((task) => {
      const s = scored(part, task, null);
      const f = binaryFigures(s);
      const c = f.confusion;
      return `${task}: acc ${f3(f.accuracy)} (${c.tp + c.tn}/${part.length}), P ${f3(f.precision)} (${c.tp}/${c.tp + c.fp}), R ${f3(f.recall)} (${c.tp}/${c.tp + c.fn}), ECE ${f3(reliability(s).ece)}`;
    });
    process.stdout.write(`  ${stratum.padEnd(6)} ${name.padEnd(4)} ${String(part.length).padStart(3)} rows | ${parts.join(' | ')}\n`);
  }
}

if (calibrate) {
  const dev = splits[0]![1];
  const test = splits[1]![1];
  const devWeights = weightsFor(dev);
  process.stdout.write(`\n== --calibrate: Platt fit on dev (weighted), applied to test ==\n`);
  for (const task of ['complex', 'urgent'] as const) {
    const fit = fitPlatt(dev.map((r, i) => ({ score: logit(r[task].p), truth: truthOf(r, task), weight: devWeights[i]! })));
    const refit = (r: EvalRow) => sigmoid(fit.a * logit(r[task].p) + fit.b);
    process.stdout.write(
      `  ${taskNames[task]}: a = ${fit.a.toFixed(3)}, b = ${fit.b.toFixed(3)}  (on the shipped logit s: refit = a·s + b; a = 1, b = 0 means the fit in suggestions.ts still holds)\n`,
    );
    process.stdout.write(`  test, rules as they are:\n${describeTask(test, task)}\n`);
    process.stdout.write(`  test, refitted probabilities (suggested value by refitted p ≥ 0.5):\n${describeTask(test, task, refit)}\n`);
    // A monotone refit keeps the ranking, so the only other choice is where to cut the score:
    // every cut the rules can make, for the lead to choose on dev (test shown for the record).
    const cuts = [...new Set(rows.map((r) => Math.round(logit(r[task].p) * 100) / 100))].sort((x, y) => x - y);
    process.stdout.write(`  cuts on the raw score (positive when score ≥ cut; refitted p at the cut; dev / test, unweighted counts):\n`);
    for (const cut of cuts.slice(1)) {
      const at = (subset: EvalRow[]) => {
        const flagged = subset.filter((r) => logit(r[task].p) >= cut - 0.005);
        const tp = flagged.filter((r) => truthOf(r, task)).length;
        const pos = subset.filter((r) => truthOf(r, task)).length;
        return `P ${tp}/${flagged.length}, R ${tp}/${pos}`;
      };
      process.stdout.write(`    ${cut.toFixed(2).padStart(5)} (p ${sigmoid(fit.a * cut + fit.b).toFixed(3)}): dev ${at(dev)} | test ${at(test)}\n`);
    }
  }
}

if (showSplit) {
  const subset = splits.find(([name]) => name === showSplit)?.[1];
  if (!subset) throw new Error('--show takes dev, test or all');
  process.stdout.write(`\n== disagreements (${showSplit}) ==\n`);
  for (const r of subset) {
    for (const task of ['complex', 'urgent'] as const) {
      const s = r[task];
      const label = task === 'complex' ? r.label.complexity : r.label.urgency;
      if (s.value === label) continue;
      process.stdout.write(
        `  ${r.label.id} ${task === 'complex' ? 'complexity' : 'urgency'}: label ${label}, suggested ${s.value} ${confidenceOf({ truth: false, p: s.p, weight: 1 }).toFixed(3)} [${s.evidence.join('/')}] (${r.stratum}) — ${r.label.note}\n`,
      );
    }
  }
}
