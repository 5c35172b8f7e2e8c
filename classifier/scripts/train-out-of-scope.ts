/**
 * Trains the learned half of out-of-scope screening (classifier/out-of-scope-model.ts) by
 * distant supervision, and chooses how it joins the rules on the development sets only:
 *   npx tsx classifier/scripts/train-out-of-scope.ts [--rule-positives] [--write] [--alone P --support P]
 *
 * Weak labels come from the replies: a reply that states non-acceptance (`weakPositive`) makes
 * its message a positive; a reply that only mentions courts, arbitration or missing details
 * (`ambiguous`) drops the message; every other message is a negative. --rule-positives also
 * counts the messages the rules flag as positives (the model then learns the words around them).
 * Never trained on: any message of any label file under classifier/eval (dev, dev2, dev3, test,
 * test2), nor a verbatim copy of one; exact repeats count once.
 *
 * Prints precision/recall on dev, dev2 and dev3 (together and apart) for a grid of the two
 * settings (`alone`: the model flags by itself; `support`: it lifts a rule finding below the
 * threshold), rules alone first. Held-out sets are not read here: eval-out-of-scope.ts --test/--test2.
 * --write saves classifier/models/out-of-scope.json.gz with --alone/--support (defaults: the
 * grid's best recall at dev precision >= 0.9, ties to the higher thresholds).
 */
import { trainLinear, type LinearTrainRow } from '../linear-model.js';
import { cutWords } from '../segment.js';
import { defaultOutOfScopeModelFile, OutOfScopeModel, outOfScopeFeatures, wordKey, writeOutOfScopeModel, type OutOfScopeModelData } from '../out-of-scope-model.js';
import { screenOutOfScope, shapeCues } from '../out-of-scope.js';
import { allLabeledIds, readAllSharedRows, readOutOfScopeLabels, textKey } from './out-of-scope-sets.js';

const args = process.argv.slice(2);
const numberArg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const rulePositives = args.includes('--rule-positives');
const options = {
  epochs: numberArg('--epochs') ?? 10,
  learningRate: numberArg('--lr') ?? 0.2,
  l2: numberArg('--l2') ?? 1e-5,
  minDf: numberArg('--min-df') ?? 3,
  prune: numberArg('--prune') ?? 0.2,
  positivePower: numberArg('--power') ?? 0.5,
};

/**
 * Replies that state non-acceptance under 第三条㈡ in a few words (the Dalian platform's form
 * replies: 无具体诉求, 不在平台受理范围, 请您具体问题具体投诉...), or name 涉法涉诉 / 信访终结.
 * A long reply that says 不在受理范围 mostly answers a consumer or company dispute, which this
 * project's labels keep in scope: it is dropped, as are replies that only mention courts.
 */
const weakPositive: [string, RegExp][] = [
  ['不在受理范围', /^.{0,40}(不在[^，。]{0,8}受理范围|不属于[^，。]{0,8}受理范围|不予受理).{0,20}$/],
  ['无具体诉求', /^.{0,30}(无具体诉求|没有具体诉求|请您具体问题具体投诉|请您详细说明您的(具体)?诉求).{0,20}$/],
  ['感谢留言', /^尊敬的网友您好：感谢您的留言。?$/],
  ['涉法涉诉', /涉法涉诉/],
  ['信访终结', /信访[^，。]{0,8}终结|终结信访/],
];
/** Replies that mention courts, non-acceptance at length, or missing details: the message is dropped. */
const ambiguous = /诉讼|法院|仲裁|复议|终结|受理范围|不予受理|无具体诉求|法律途径|司法途径|民事纠纷|经济纠纷|内容不详|无法核实|地址不详|地址记录不详|无法派单|无法联系|详细地址|具体地址/;

const labeledIds = allLabeledIds();
const all = readAllSharedRows().filter((r) => !r.id.startsWith('teddy-'));
const labeledTexts = new Set(all.filter((r) => labeledIds.has(r.id)).map(textKey));
const seen = new Set<string>();
const byRule = new Map<string, number>();
let dropped = 0;
let excluded = 0;
let ruleAdded = 0;
const train: { id: string; title: string; content: string; features: string[]; positive: boolean }[] = [];
for (const r of all) {
  const key = textKey(r);
  if (labeledIds.has(r.id) || labeledTexts.has(key)) {
    excluded++;
    continue;
  }
  if (seen.has(key)) continue;
  seen.add(key);
  const reply = (r.reply ?? '').replace(/\s+/g, '');
  const hit = weakPositive.find(([, p]) => p.test(reply));
  let positive = Boolean(hit);
  if (hit) byRule.set(hit[0], (byRule.get(hit[0]) ?? 0) + 1);
  else if (ambiguous.test(reply)) {
    dropped++;
    continue;
  }
  if (!positive && rulePositives && screenOutOfScope(r.title, r.content, { model: null }).flagged) {
    positive = true;
    ruleAdded++;
  }
  train.push({ id: r.id, title: r.title, content: r.content, features: outOfScopeFeatures(r.title, r.content, shapeCues(r.title, r.content).cues), positive });
}
const positives = train.filter((t) => t.positive).length;
process.stdout.write(
  `训练：${train.length} 条（正例 ${positives}：${[...byRule].map(([k, v]) => `${k} ${v}`).join('，')}${rulePositives ? `，规则标记 ${ruleAdded}` : ''}）；` +
    `排除标注集 ${excluded} 条，回复含糊而舍弃 ${dropped} 条\n`,
);

function fit(rowsToFit: typeof train) {
  const pos = rowsToFit.filter((t) => t.positive).length;
  const positiveWeight = Math.min(20, ((rowsToFit.length - pos) / Math.max(pos, 1)) ** options.positivePower);
  const rows: LinearTrainRow[] = rowsToFit.map((t) => ({ features: t.features, allowed: [t.positive ? 1 : 0], weight: t.positive ? positiveWeight : 1 }));
  const linear = trainLinear(rows, ['in', 'out'], { epochs: options.epochs, learningRate: options.learningRate, l2: options.l2, minDf: options.minDf, prune: options.prune, seed: 1 });
  const weights = new Float32Array(linear.features.length);
  for (let i = 0; i < linear.features.length; i++) weights[i] = linear.weights[i * 2 + 1]! - linear.weights[i * 2]!;
  return { features: linear.features, weights, bias: linear.bias[1]! - linear.bias[0]!, positiveWeight };
}
const fitted = fit(train);

// Two-character words of the training texts (jieba), seen in at least 3 of them: the bigrams
// that read as words, and so may be shown to staff as evidence.
const wordCounts = new Map<string, number>();
for (const t of train) {
  for (const w of new Set(cutWords(`${t.title}\n${t.content}`))) if (/^\p{Script=Han}{2}$/u.test(w)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
}
const known = new Set(fitted.features);
const evidenceWords = [...wordCounts].filter(([w, n]) => n >= 3 && known.has(`c:${wordKey(w)}`)).map(([w]) => w);

const modelData = (alone: number, support: number): OutOfScopeModelData => ({
  format: 'minsheng-out-of-scope',
  formatVersion: 1,
  version: `${new Date().toISOString().slice(0, 10).replace(/-/g, '.')}-oos-${fitted.features.length}`,
  createdAt: new Date().toISOString(),
  features: fitted.features,
  weights: fitted.weights,
  bias: fitted.bias,
  evidenceWords,
  settings: { alone, support },
  training: { rows: train.length, positives, positiveWeight: Math.round(fitted.positiveWeight * 100) / 100, rulePositives, ...options },
});

// Development sets only.
const byId = new Map(all.map((r) => [r.id, r]));
const devSets = (['', 'dev2', 'dev3'] as const).map((name) => ({ name: name || 'dev', labels: readOutOfScopeLabels(name) }));
function measure(model: OutOfScopeModel | null): { name: string; tp: number; fp: number; fn: number }[] {
  return devSets.map(({ name, labels }) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const label of labels) {
      const row = byId.get(label.id);
      if (!row) continue;
      const flagged = screenOutOfScope(row.title, row.content, { model }).flagged;
      if (flagged && label.flagged) tp++;
      else if (flagged) fp++;
      else if (label.flagged) fn++;
    }
    return { name, tp, fp, fn };
  });
}
const line = (label: string, m: { name: string; tp: number; fp: number; fn: number }[]) => {
  const sum = m.reduce((a, b) => ({ name: 'all', tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn }));
  const pr = (x: { tp: number; fp: number; fn: number }) => `${x.tp}/${x.tp + x.fp} ${x.tp}/${x.tp + x.fn}`;
  return { sum, text: `${label.padEnd(22)} 合计 P ${(sum.tp / Math.max(1, sum.tp + sum.fp)).toFixed(3)} R ${(sum.tp / Math.max(1, sum.tp + sum.fn)).toFixed(3)}  ${m.map((x) => `${x.name} ${pr(x)}`).join('  ')}\n` };
};
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
if (args.includes('--write')) {
  const alone = numberArg('--alone') ?? best?.alone ?? 1.01;
  const support = numberArg('--support') ?? best?.support ?? 1.01;
  writeOutOfScopeModel(defaultOutOfScopeModelFile, modelData(alone, support));
  process.stdout.write(`已写入 ${defaultOutOfScopeModelFile}（${fitted.features.length} 个特征，alone ${alone}，support ${support}）\n`);
}

// Diagnostics (development sets only): how the model ranks the labelled messages on its own.
if (args.includes('--diagnose')) {
  const model = new OutOfScopeModel(modelData(1.01, 1.01));
  const scored: { id: string; p: number; label: boolean; rules: boolean; evidence: string[] }[] = [];
  for (const { labels } of devSets) {
    for (const label of labels) {
      const row = byId.get(label.id);
      if (!row) continue;
      const { probability, evidence } = model.score(row.title, row.content, shapeCues(row.title, row.content).cues);
      scored.push({ id: label.id, p: probability, label: label.flagged, rules: screenOutOfScope(row.title, row.content, { model: null }).flagged, evidence });
    }
  }
  const pos = scored.filter((s) => s.label);
  const neg = scored.filter((s) => !s.label);
  let wins = 0;
  for (const a of pos) for (const b of neg) wins += a.p > b.p ? 1 : a.p === b.p ? 0.5 : 0;
  process.stdout.write(`模型单独 AUC（dev 合计）：${(wins / (pos.length * neg.length)).toFixed(3)}\n`);
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
    const part = fit(train.filter((_, i) => i % 5 !== fold));
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
