/**
 * Trains the learned half of out-of-scope screening (classifier/out-of-scope-model.ts) and
 * chooses how it joins the rules:
 *   npx tsx classifier/scripts/train-out-of-scope.ts [--hand-labels [--hand-weight W] [--no-weak]] [--rule-positives]
 *     [--write | --output FILE] [--alone P --support P] [--diagnose] [--oof [--list N]]
 *
 * Weak labels come from the replies (out-of-scope-training.ts): a reply that states
 * non-acceptance makes its message a positive, a reply that only mentions courts, arbitration or
 * missing details drops it, every other message is a negative. --rule-positives also counts the
 * messages the rules flag as positives. No message of any label file, nor a verbatim copy of
 * one, is a weak row; exact repeats count once.
 * --hand-labels also trains on the development sets' hand labels (out-of-scope-sets.ts
 * developmentSetNames: positive = flagged), each weighing --hand-weight times a weak row of its
 * class; never on a held-out set (test5 on) nor a verbatim copy of one. --no-weak drops the weak
 * rows (hand labels only).
 *
 * Prints precision/recall on the development sets for a grid of the two settings (`alone`: the
 * model flags by itself; `support`: it lifts a rule finding below the threshold), rules alone
 * first. Without --hand-labels these figures are out-of-sample for the model; with it they are
 * fitted, and the settings come from cv-out-of-scope.ts (out-of-fold) instead: --write then needs
 * --alone and --support. Held-out sets are not read here (eval-out-of-scope.ts measures them).
 * --write saves classifier/models/out-of-scope.json.gz (--output FILE: elsewhere, for
 * experiments) with --alone/--support (defaults, weak labels only: the grid's best recall at
 * development precision >= 0.9, ties to the higher thresholds).
 */
import { defaultOutOfScopeModelFile, OutOfScopeModel, writeOutOfScopeModel } from '../out-of-scope-model.js';
import { screenOutOfScope, shapeCues } from '../out-of-scope.js';
import { developmentSetNames, readAllSharedRows } from './out-of-scope-sets.js';
import { defaultFitOptions, evidenceWordsOf, fitOutOfScope, outOfScopeModelData, weakRows, type TrainingRow } from '../out-of-scope-training.js';
import { distinctHandRows, handLabelRows, type HandLabelRow } from './out-of-scope-training.js';

const args = process.argv.slice(2);
const numberArg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const stringArg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const rulePositives = args.includes('--rule-positives');
const handLabels = args.includes('--hand-labels');
const noWeak = args.includes('--no-weak');
if (noWeak && !handLabels) throw new Error('--no-weak 需与 --hand-labels 同用（否则没有训练数据）');
const options = {
  epochs: numberArg('--epochs') ?? defaultFitOptions.epochs,
  learningRate: numberArg('--lr') ?? defaultFitOptions.learningRate,
  l2: numberArg('--l2') ?? defaultFitOptions.l2,
  minDf: numberArg('--min-df') ?? defaultFitOptions.minDf,
  prune: numberArg('--prune') ?? defaultFitOptions.prune,
  positivePower: numberArg('--power') ?? defaultFitOptions.positivePower,
  handWeight: numberArg('--hand-weight') ?? defaultFitOptions.handWeight,
};
const output = stringArg('--output') ?? (args.includes('--write') ? defaultOutOfScopeModelFile : undefined);

const all = readAllSharedRows();
const weak = weakRows(all, rulePositives);
const hand = handLabelRows(all);
const distinctHand = distinctHandRows(hand.rows);
const train: TrainingRow[] = [...(noWeak ? [] : weak.rows), ...(handLabels ? distinctHand.rows : [])];
const positives = train.filter((t) => t.positive).length;
process.stdout.write(
  `训练：${train.length} 条（正例 ${positives}）；弱标注 ${noWeak ? '不用' : `${weak.rows.length} 条，正例 ${[...weak.byRule].map(([k, v]) => `${k} ${v}`).join('，')}${rulePositives ? `，规则标记 ${weak.ruleAdded}` : ''}`}` +
    `（排除标注集 ${weak.excluded} 条，回复含糊而舍弃 ${weak.dropped} 条）` +
    (handLabels
      ? `；人工标注 ${distinctHand.rows.length} 条（去重前 ${hand.rows.length}，正例 ${distinctHand.rows.filter((r) => r.positive).length}，标注不一致 ${distinctHand.conflicts}，` +
        `属保留集或其逐字副本而排除 ${hand.heldOut}，权重 ×${options.handWeight}）`
      : '') +
    '\n',
);

const fitted = fitOutOfScope(train, options);
const evidenceWords = evidenceWordsOf(train, fitted);
const training = {
  rows: train.length,
  positives,
  positiveWeight: Math.round(fitted.positiveWeight * 100) / 100,
  rulePositives,
  handLabels: handLabels ? { sets: developmentSetNames.map((n) => n || 'dev'), rows: distinctHand.rows.length, weak: !noWeak } : false,
  ...options,
};
const modelData = (alone: number, support: number) => outOfScopeModelData(fitted, evidenceWords, { alone, support }, training);

// Development sets only (every label of each, as eval-out-of-scope.ts counts them).
const bySet = new Map<string, HandLabelRow[]>();
for (const r of hand.rows) bySet.set(r.set || 'dev', [...(bySet.get(r.set || 'dev') ?? []), r]);
function measure(model: OutOfScopeModel | null): { name: string; tp: number; fp: number; fn: number }[] {
  return [...bySet].map(([name, rows]) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of rows) {
      const flagged = screenOutOfScope(r.title, r.content, { model }).flagged;
      if (flagged && r.positive) tp++;
      else if (flagged) fp++;
      else if (r.positive) fn++;
    }
    return { name, tp, fp, fn };
  });
}
const line = (label: string, m: { name: string; tp: number; fp: number; fn: number }[]) => {
  const sum = m.reduce((a, b) => ({ name: 'all', tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn }));
  const pr = (x: { tp: number; fp: number; fn: number }) => `${x.tp}/${x.tp + x.fp} ${x.tp}/${x.tp + x.fn}`;
  return { sum, text: `${label.padEnd(22)} 合计 P ${(sum.tp / Math.max(1, sum.tp + sum.fp)).toFixed(3)} R ${(sum.tp / Math.max(1, sum.tp + sum.fn)).toFixed(3)}  ${m.map((x) => `${x.name} ${pr(x)}`).join('  ')}\n` };
};
if (handLabels) process.stdout.write('（以下开发集数字为拟合值：模型训练时见过这些标注；设置请用 cv-out-of-scope.ts 的折外数字选）\n');
process.stdout.write(line('规则', measure(null)).text);
let best: { alone: number; support: number; recall: number } | undefined;
for (const alone of [0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]) {
  for (const support of [0.1, 0.2, 0.3, 0.4, 1.01]) {
    if (support > alone) continue;
    const { sum, text } = line(`alone ${alone} support ${support}`, measure(new OutOfScopeModel(modelData(alone, support))));
    process.stdout.write(text);
    const precision = sum.tp / Math.max(1, sum.tp + sum.fp);
    const recall = sum.tp / Math.max(1, sum.tp + sum.fn);
    if (precision >= 0.9 && (!best || recall >= best.recall)) best = { alone, support, recall };
  }
}
if (output) {
  if (handLabels && (numberArg('--alone') === undefined || numberArg('--support') === undefined)) {
    throw new Error('用人工标注训练时，开发集网格是拟合值：请用 cv-out-of-scope.ts 的折外结果给出 --alone 和 --support');
  }
  const alone = numberArg('--alone') ?? best?.alone ?? 1.01;
  const support = numberArg('--support') ?? best?.support ?? 1.01;
  writeOutOfScopeModel(output, modelData(alone, support));
  process.stdout.write(`已写入 ${output}（${fitted.features.length} 个特征，alone ${alone}，support ${support}）\n`);
}

// Diagnostics (development sets only): how the model ranks the labelled messages on its own.
if (args.includes('--diagnose')) {
  const model = new OutOfScopeModel(modelData(1.01, 1.01));
  const scored = hand.rows.map((r) => {
    const { probability, evidence } = model.score(r.title, r.content, shapeCues(r.title, r.content).cues);
    return { id: r.id, p: probability, label: r.positive, rules: screenOutOfScope(r.title, r.content, { model: null }).flagged, evidence };
  });
  const pos = scored.filter((s) => s.label);
  const neg = scored.filter((s) => !s.label);
  let wins = 0;
  for (const a of pos) for (const b of neg) wins += a.p > b.p ? 1 : a.p === b.p ? 0.5 : 0;
  process.stdout.write(`模型单独 AUC（开发集合计${handLabels ? '，拟合值' : ''}）：${(wins / (pos.length * neg.length)).toFixed(3)}\n`);
  process.stdout.write('规则漏报的正例：\n');
  for (const s of pos.filter((x) => !x.rules).sort((a, b) => b.p - a.p)) process.stdout.write(`  ${s.id} p=${s.p.toFixed(3)} ${s.evidence.join('、')}\n`);
  process.stdout.write('得分最高的负例：\n');
  for (const s of neg.sort((a, b) => b.p - a.p).slice(0, 12)) process.stdout.write(`  ${s.id} p=${s.p.toFixed(3)} 规则=${s.rules} ${s.evidence.join('、')}\n`);
}

// Out-of-fold screening of the training pool (5 folds): how often rules + model flag a message
// the model has not seen, against rules alone. The shipped model has seen these messages and
// flags its own weak positives more readily; this is the figure for new mail.
if (args.includes('--oof')) {
  const alone = numberArg('--alone') ?? best?.alone ?? 1.01;
  const support = numberArg('--support') ?? best?.support ?? 1.01;
  let rulesFlags = 0;
  const added: { id: string; text: string; reason: string }[] = [];
  for (let fold = 0; fold < 5; fold++) {
    const part = fitOutOfScope(
      train.filter((_, i) => i % 5 !== fold),
      options,
    );
    const model = new OutOfScopeModel({ ...modelData(alone, support), features: part.features, weights: part.weights, bias: part.bias });
    train.forEach((t, i) => {
      if (i % 5 !== fold) return;
      const rules = screenOutOfScope(t.title, t.content, { model: null }).flagged;
      if (rules) rulesFlags++;
      const r = screenOutOfScope(t.title, t.content, { model });
      if (r.flagged && !rules) added.push({ id: t.id, text: `${t.title}｜${t.content}`.replace(/\s+/g, ' ').slice(0, 140), reason: `${r.reasons[0]!.code}:${r.reasons[0]!.confidence}:${r.reasons[0]!.evidence.join('/')}` });
    });
  }
  process.stdout.write(`折外（alone ${alone}，support ${support}）：${train.length} 条中规则标记 ${rulesFlags}，模型新增 ${added.length}\n`);
  for (const a of added.slice(0, Number(numberArg('--list') ?? 0))) process.stdout.write(`  ${a.id} ${a.reason}\n    ${a.text}\n`);
}
