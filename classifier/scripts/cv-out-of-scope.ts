/**
 * Cross-validates the learned out-of-scope model trained on the development sets' hand labels,
 * inside the shipped screening (rules first; the model lifts a rule finding at >= support and
 * flags alone at >= alone with two evidence words: screenOutOfScope):
 *   npx tsx classifier/scripts/cv-out-of-scope.ts [--folds 5] [--seed 1] [--weights 1,3,10,30] [--no-weak-too] [--all] [--compare FILE]
 *
 * The hand-labelled messages of the development sets (out-of-scope-sets.ts developmentSetNames;
 * never a held-out set's, nor a verbatim copy of one) are dealt into K folds, a message and its
 * verbatim copies in one fold, positives and negatives dealt apart so each fold holds its share.
 * Each fold's model is trained on all weak rows plus the other folds' hand labels (each weighing
 * W times a weak row of its class), then the fold is screened with it. Printed per configuration:
 * out-of-fold precision/recall of the whole screening over all development labels and per set,
 * for a grid of (alone, support), and the model's own out-of-fold AUC. For comparison: a model
 * file (--compare; default the committed one, trained on weak labels only, so its figures on these sets are
 * out-of-sample for the model part; the rules were written on these sets and are fitted in
 * every line alike), and rules alone. --no-weak-too adds a configuration on hand labels alone.
 * The chosen line: best out-of-fold recall at precision >= 0.9 over all labels, ties to the
 * higher alone, then support, then precision, then the smaller hand weight. --all prints the
 * whole grid of each configuration (default: its best line and the committed settings' line).
 */
import { seededRandom } from '../../core/index.js';
import { existsSync, readFileSync } from 'node:fs';
import { defaultOutOfScopeModelFile, OutOfScopeModel, parseOutOfScopeModel, type OutOfScopeModelData, type OutOfScopeModelSettings } from '../out-of-scope-model.js';
import { screenOutOfScope, shapeCues } from '../out-of-scope.js';
import { readAllSharedRows } from './out-of-scope-sets.js';
import { defaultFitOptions, evidenceWordsOf, fitOutOfScope, outOfScopeModelData, weakRows } from '../out-of-scope-training.js';
import { distinctHandRows, handLabelRows, type HandLabelRow } from './out-of-scope-training.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const folds = Number(arg('--folds') ?? 5);
const seed = Number(arg('--seed') ?? 1);
const handWeights = (arg('--weights') ?? '1,3,10,30').split(',').map(Number);
const showAll = args.includes('--all');

const all = readAllSharedRows();
const weak = weakRows(all);
const hand = handLabelRows(all);
const positives = hand.rows.filter((r) => r.positive).length;
process.stdout.write(
  `人工标注 ${hand.rows.length} 条（正例 ${positives}；属保留集或其逐字副本而排除 ${hand.heldOut}，共享数据中找不到 ${hand.missing}）；` +
    `弱标注 ${weak.rows.length} 条（正例 ${weak.rows.filter((r) => r.positive).length}）；${folds} 折，种子 ${seed}\n`,
);

// Folds by message text: a group is positive when any of its labels flags it.
const groups = new Map<string, HandLabelRow[]>();
for (const r of hand.rows) groups.set(r.key, [...(groups.get(r.key) ?? []), r]);
const foldOf = new Map<string, number>();
const random = seededRandom(seed);
for (const positive of [true, false]) {
  const keys = [...groups].filter(([, rows]) => rows.some((r) => r.positive) === positive).map(([key]) => key);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  keys.forEach((key, i) => foldOf.set(key, i % folds));
}

const grid: OutOfScopeModelSettings[] = [];
for (const alone of [0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]) {
  for (const support of [0.1, 0.2, 0.3, 0.4, 0.5, 1.01]) if (support <= alone) grid.push({ alone, support });
}
const setNames = [...new Set(hand.rows.map((r) => r.set))];
interface Count {
  tp: number;
  fp: number;
  fn: number;
}
/** counts[grid point][set] */
type Counts = Count[][];
const emptyCounts = (): Counts => grid.map(() => setNames.map(() => ({ tp: 0, fp: 0, fn: 0 })));

/** Screens rows with the model (or rules alone, null) at every grid point, adding to counts; records the model's own scores. */
function screenRows(rows: HandLabelRow[], data: OutOfScopeModelData | null, counts: Counts, scores: Map<HandLabelRow, number>) {
  grid.forEach((settings, g) => {
    const model = data && new OutOfScopeModel({ ...data, settings });
    for (const r of rows) {
      const flagged = screenOutOfScope(r.title, r.content, { model }).flagged;
      const c = counts[g]![setNames.indexOf(r.set)]!;
      if (flagged && r.positive) c.tp++;
      else if (flagged) c.fp++;
      else if (r.positive) c.fn++;
    }
  });
  if (!data) return;
  const model = new OutOfScopeModel(data);
  for (const r of rows) scores.set(r, model.score(r.title, r.content, shapeCues(r.title, r.content).cues).probability);
}

const auc = (scores: Map<HandLabelRow, number>) => {
  const pos = [...scores].filter(([r]) => r.positive).map(([, p]) => p);
  const neg = [...scores].filter(([r]) => !r.positive).map(([, p]) => p);
  let wins = 0;
  for (const a of pos) for (const b of neg) wins += a > b ? 1 : a === b ? 0.5 : 0;
  return wins / Math.max(1, pos.length * neg.length);
};

interface Result {
  name: string;
  handWeight: number;
  counts: Counts;
  auc?: number;
}
const results: Result[] = [];

// Rules alone, and the model to compare with (weak labels only: out-of-sample for the model part).
const rulesCounts = emptyCounts();
screenRows(hand.rows, null, rulesCounts, new Map());
results.push({ name: '仅规则', handWeight: 0, counts: rulesCounts });
const compareFile = arg('--compare') ?? defaultOutOfScopeModelFile;
const compared = existsSync(compareFile) ? parseOutOfScopeModel(readFileSync(compareFile), compareFile) : null;
if (compared) {
  const counts = emptyCounts();
  const scores = new Map<HandLabelRow, number>();
  screenRows(hand.rows, compared, counts, scores);
  results.push({ name: `对照模型 ${compared.version}（${compareFile}）`, handWeight: 0, counts, auc: auc(scores) });
}

const configurations = [...handWeights.map((w) => ({ weight: w, weakToo: true })), ...(args.includes('--no-weak-too') ? [{ weight: 1, weakToo: false }] : [])];
for (const { weight, weakToo } of configurations) {
  const counts = emptyCounts();
  const scores = new Map<HandLabelRow, number>();
  const started = Date.now();
  for (let fold = 0; fold < folds; fold++) {
    const trainHand = distinctHandRows(hand.rows.filter((r) => foldOf.get(r.key) !== fold)).rows;
    const train = [...(weakToo ? weak.rows : []), ...trainHand];
    const options = { ...defaultFitOptions, handWeight: weight };
    const fitted = fitOutOfScope(train, options);
    const data = outOfScopeModelData(fitted, evidenceWordsOf(train, fitted), { alone: 1.01, support: 1.01 }, {});
    screenRows(
      hand.rows.filter((r) => foldOf.get(r.key) === fold),
      data,
      counts,
      scores,
    );
  }
  results.push({ name: `${weakToo ? '弱标注 + ' : ''}人工标注 ×${weight}（折外）`, handWeight: weight, counts, auc: auc(scores) });
  process.stderr.write(`  ${results.at(-1)!.name}：${((Date.now() - started) / 1000).toFixed(0)} 秒\n`);
}

const total = (cs: Count[]) => cs.reduce((a, b) => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn }));
const p = (c: Count) => c.tp / Math.max(1, c.tp + c.fp);
const r = (c: Count) => c.tp / Math.max(1, c.tp + c.fn);
const lineOf = (label: string, cs: Count[]) => {
  const t = total(cs);
  const sets = cs.map((c, i) => `${setNames[i] || 'dev'} ${c.tp}/${c.tp + c.fp} ${c.tp}/${c.tp + c.fn}`).join('  ');
  return `  ${label.padEnd(24)} 合计 P ${p(t).toFixed(3)}（${t.tp}/${t.tp + t.fp}）R ${r(t).toFixed(3)}（${t.tp}/${t.tp + t.fn}）  ${sets}\n`;
};
const better = (a: { c: Count; s: OutOfScopeModelSettings; w: number }, b: { c: Count; s: OutOfScopeModelSettings; w: number }) =>
  r(a.c) - r(b.c) || a.s.alone - b.s.alone || a.s.support - b.s.support || p(a.c) - p(b.c) || b.w - a.w;

let chosen: { name: string; c: Count; s: OutOfScopeModelSettings; w: number } | undefined;
const shippedSettings = compared?.settings;
for (const res of results) {
  process.stdout.write(`\n${res.name}${res.auc !== undefined ? `：模型单独 AUC ${res.auc.toFixed(3)}` : ''}\n`);
  let best: { c: Count; s: OutOfScopeModelSettings; w: number; g: number } | undefined;
  grid.forEach((s, g) => {
    const c = total(res.counts[g]!);
    if (showAll) process.stdout.write(lineOf(`alone ${s.alone} support ${s.support}`, res.counts[g]!));
    if (p(c) >= 0.9 && (!best || better({ c, s, w: res.handWeight }, best) > 0)) best = { c, s, w: res.handWeight, g };
  });
  if (res.name === '仅规则') {
    process.stdout.write(lineOf('规则', res.counts[0]!));
    continue;
  }
  if (shippedSettings) {
    const g = grid.findIndex((s) => s.alone === shippedSettings.alone && s.support === shippedSettings.support);
    if (g >= 0) process.stdout.write(lineOf(`对照模型的设置 ${shippedSettings.alone}/${shippedSettings.support}`, res.counts[g]!));
  }
  if (best) {
    process.stdout.write(lineOf(`最佳 ${best.s.alone}/${best.s.support}`, res.counts[best.g]!));
    if (!res.name.startsWith('对照模型') && (!chosen || better(best, chosen) > 0)) chosen = { name: res.name, ...best };
  }
}
if (chosen) {
  process.stdout.write(`\n选定（折外精确率 >= 0.9 时召回最高）：${chosen.name}，alone ${chosen.s.alone}，support ${chosen.s.support}：P ${p(chosen.c).toFixed(3)} R ${r(chosen.c).toFixed(3)}\n`);
}
