/**
 * Measures the reason model (out-of-scope-reasons.ts) the way a district would use it: trained on
 * the weak positives (reasons from their replies) plus staff-like decisions with reasons, here the
 * development sets' hand-labelled positives and their reasons, each weighing staffDecisionWeight:
 *   npx tsx classifier/scripts/cv-out-of-scope-reasons.ts [--folds 5] [--seed 1] [--held-out]
 *
 * The hand-labelled positives of the development sets (one per text, its labels' reasons pooled;
 * never a held-out set's message nor a copy of one) are dealt into K folds. Each fold's reason model
 * is trained on the weak positives and the other folds' positives, and then names the reason of
 * each of the fold's positives through the screening's own choice (out-of-scope.ts aloneReason:
 * the reason model's top reason at >= its bar when it is not no_substance and a word of the message
 * pushed it, else the fixed fallback: outside_authority when the army or foreign powers are named,
 * else no_substance). A reason is right when it is one of the labelled reasons. Printed per fit
 * setting and bar: right out of fold, against the fallback alone; how many took the reason model's
 * reason, and how many of those were right. Every positive is scored, not only those the learned
 * model would flag alone (too few for a figure), so this measures the reason, not the flag.
 * --held-out: once, the shipped setting trained on all development positives, scored on the
 * held-out sets' positives (test8 was the only one; since the tenth session there is none).
 */
import { seededRandom } from '../../core/index.js';
import { outOfScopeReasons, type OutOfScopeReason } from '../../core/domain.js';
import { defaultOutOfScopeModel, aloneReason, shapeCues } from '../out-of-scope.js';
import { OutOfScopeModel } from '../out-of-scope-model.js';
import { staffDecisionWeight } from '../train-out-of-scope.js';
import { defaultReasonFitOptions, featuresOf, fitReasonModel, textKey, weakRows, type ReasonFitOptions, type TrainingRow } from '../out-of-scope-training.js';
import { handLabelRows } from './out-of-scope-training.js';
import { heldOutSetNames, readAllSharedRows, readOutOfScopeLabels } from './out-of-scope-sets.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const folds = Number(arg('--folds') ?? 5);
const seed = Number(arg('--seed') ?? 1);

const committedModel = defaultOutOfScopeModel();
if (!committedModel) throw new Error('找不到随附的不予受理模型');
const committed = committedModel;
const all = readAllSharedRows();
const weakPositives = weakRows(all).rows.filter((r) => r.positive);
const isReason = (c: string): c is OutOfScopeReason => (outOfScopeReasons as readonly string[]).includes(c);

/** Positives as staff rows: one per text, reasons pooled. */
function positivesOf(rows: { key: string; id: string; title: string; content: string; reasons: string[] }[]): TrainingRow[] {
  const byKey = new Map<string, TrainingRow>();
  for (const r of rows) {
    const reasons = r.reasons.filter(isReason);
    if (!reasons.length) continue;
    const seen = byKey.get(r.key);
    if (seen) seen.reasons = [...new Set([...seen.reasons!, ...reasons])];
    else byKey.set(r.key, { id: r.id, title: r.title, content: r.content, key: r.key, features: featuresOf(r), positive: true, kind: 'staff', weight: staffDecisionWeight, reasons });
  }
  return [...byKey.values()];
}

const dev = positivesOf(
  handLabelRows(all)
    .rows.filter((r) => r.positive)
    .map((r) => ({ ...r, reasons: r.label.reasons })),
);

/** A scorer that has only the reason model: aloneReason needs nothing else of it. */
function modelWith(reasons: ReturnType<typeof fitReasonModel>): OutOfScopeModel {
  return new OutOfScopeModel({
    format: 'minsheng-out-of-scope',
    formatVersion: 1,
    version: 'cv',
    createdAt: '',
    features: [],
    weights: new Float32Array(0),
    bias: 0,
    evidenceWords: [],
    settings: committed.settings,
    training: {},
    reasons,
  });
}

const reasonOf = (model: OutOfScopeModel, r: TrainingRow) => aloneReason(model, r.title, r.content, shapeCues(r.title, r.content).cues, `${r.title}\n${r.content}`, []).code;
const fallback = modelWith(undefined);

interface Tally {
  right: number;
  fallbackRight: number;
  taken: number;
  takenRight: number;
  n: number;
}
function tally(model: OutOfScopeModel, rows: TrainingRow[], t: Tally) {
  for (const r of rows) {
    const code = reasonOf(model, r);
    const base = reasonOf(fallback, r);
    const ok = (c: OutOfScopeReason) => r.reasons!.includes(c);
    t.n++;
    if (ok(code)) t.right++;
    if (ok(base)) t.fallbackRight++;
    if (code !== base) {
      t.taken++;
      if (ok(code)) t.takenRight++;
    }
  }
}
const show = (label: string, t: Tally) =>
  `${label}：理由正确 ${t.right}/${t.n}（仅用固定理由 ${t.fallbackRight}/${t.n}）；采用理由模型的 ${t.taken} 条中正确 ${t.takenRight}\n`;

const byReason = new Map<string, number>();
for (const r of dev) for (const c of r.reasons!) byReason.set(c, (byReason.get(c) ?? 0) + 1);
process.stdout.write(`开发集人工标注正例 ${dev.length} 条（${[...byReason].map(([c, n]) => `${c} ${n}`).join('，')}）；弱标注正例 ${weakPositives.length} 条；${folds} 折，种子 ${seed}\n`);

// Folds: dealt at random (seeded).
const order = dev.map((_, i) => i);
const random = seededRandom(seed);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const foldOf = new Map(order.map((row, i) => [row, i % folds]));

const settings: [string, Partial<ReasonFitOptions>][] = [
  ['shipped', {}],
  ['classPower 0', { classPower: 0 }],
  ['classPower 1', { classPower: 1 }],
  ['epochs 10', { epochs: 10 }],
  ['minDf 3', { minDf: 3 }],
];
const bars = [0.4, 0.5, 0.6, 0.7];
for (const [name, change] of settings) {
  const tallies = bars.map(() => ({ right: 0, fallbackRight: 0, taken: 0, takenRight: 0, n: 0 }));
  for (let f = 0; f < folds; f++) {
    const train = [...weakPositives, ...dev.filter((_, i) => foldOf.get(i) !== f)];
    const test = dev.filter((_, i) => foldOf.get(i) === f);
    bars.forEach((bar, b) => tally(modelWith(fitReasonModel(train, { ...defaultReasonFitOptions, ...change, minProbability: bar })), test, tallies[b]!));
  }
  bars.forEach((bar, b) => process.stdout.write(show(`${name}，门槛 ${bar}`, tallies[b]!)));
}

if (args.includes('--held-out')) {
  // Since the tenth session every label set is development data: a held-out figure needs a new set.
  if (heldOutSetNames.length === 0) throw new Error('没有保留集：所有标注集都已是开发集（--held-out 需要新的保留集）');
  const heldOutIds = new Map(heldOutSetNames.flatMap((set) => readOutOfScopeLabels(set).filter((l) => l.flagged).map((l) => [l.id, l.reasons] as const)));
  const rows = positivesOf(all.filter((r) => heldOutIds.has(r.id)).map((r) => ({ id: r.id, title: r.title, content: r.content, key: textKey(r), reasons: heldOutIds.get(r.id)! })));
  const t = { right: 0, fallbackRight: 0, taken: 0, takenRight: 0, n: 0 };
  tally(modelWith(fitReasonModel([...weakPositives, ...dev])), rows, t);
  process.stdout.write(show(`保留集（${heldOutSetNames.join('、')}）`, t));
}
