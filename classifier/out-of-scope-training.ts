/**
 * The training rows and the fit of the learned out-of-scope model (out-of-scope-model.ts): the
 * shipped recipe, used by `minsheng train --from-store` (train-out-of-scope.ts, with staff
 * decisions) and by the scripts that trained the committed model and cross-validate it
 * (scripts/train-out-of-scope.ts, scripts/cv-out-of-scope.ts).
 *
 * Weak labels from the replies (distant supervision): a reply that states non-acceptance in a few
 * words makes its message a positive, a reply that only mentions courts or missing details drops
 * it, every other message is a negative. No message of any label file (eval/out-of-scope-*labels.jsonl),
 * nor a verbatim copy of one, is a weak row: a hand-labelled message is trained on by its hand
 * label or not at all, and the held-out sets stay unseen.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { outOfScopeReasons, type OutOfScopeReason } from '../core/domain.js';
import { trainLinear, type LinearTrainRow } from './linear-model.js';
import { cutWords } from './segment.js';
import { outOfScopeFeatures, wordKey, type OutOfScopeModelData, type OutOfScopeModelSettings } from './out-of-scope-model.js';
import type { OutOfScopeReasonModelData } from './out-of-scope-reasons.js';
import { screenOutOfScope, shapeCues } from './out-of-scope.js';
import type { LabeledRow } from './data.js';

export interface TrainingRow {
  id: string;
  title: string;
  content: string;
  /** textKey: verbatim copies share it. */
  key: string;
  features: string[];
  positive: boolean;
  /** weak: a reply's label; hand: a development set's label; staff: a decision recorded in the store. */
  kind: 'weak' | 'hand' | 'staff';
  /**
   * How many times the class weight of a weak row of its class this row counts (hand rows:
   * FitOptions.handWeight when unset). @default 1
   */
  weight?: number | undefined;
  /**
   * A positive's 不予受理 reasons (staff: as decided; weak: from its reply, weakReasonOf), which
   * the reason model learns; a positive without any teaches it nothing.
   */
  reasons?: OutOfScopeReason[] | undefined;
}

export interface FitOptions {
  /** @default 10 */
  epochs: number;
  /** @default 0.2 */
  learningRate: number;
  /** @default 1e-5 */
  l2: number;
  /** Bigrams in fewer training messages are dropped. @default 3 */
  minDf: number;
  /** Weights below this are dropped after training. @default 0.2 */
  prune: number;
  /** Positives weigh (negatives / positives)^power, at most 20. @default 0.5 */
  positivePower: number;
  /** A hand-labelled row weighs this many times a weak row of its class. @default 1 */
  handWeight: number;
}

/** The fit options of the committed model (classifier/models/out-of-scope.json.gz). */
export const defaultFitOptions: FitOptions = { epochs: 10, learningRate: 0.2, l2: 1e-5, minDf: 3, prune: 0.2, positivePower: 0.5, handWeight: 1 };

/** The text key that identifies verbatim copies of a message under different ids. */
export const textKey = (r: { title: string; content: string }) => `${r.title.trim()}\u0000${r.content.trim()}`;

const evalDir = fileURLToPath(new URL('./eval/', import.meta.url));

/** Every id in any out-of-scope label file under classifier/eval (whatever its set name). */
export function allLabeledIds(): Set<string> {
  const ids = new Set<string>();
  for (const file of readdirSync(evalDir)) {
    if (!/^out-of-scope-.*labels\.jsonl$/.test(file)) continue;
    for (const line of readFileSync(path.join(evalDir, file), 'utf8').split('\n')) {
      if (line.trim()) ids.add((JSON.parse(line) as { id: string }).id);
    }
  }
  return ids;
}

/** The texts (textKey) of every labelled message and of its verbatim copies among `all`. */
export function labeledTexts(all: LabeledRow[], labeledIds = allLabeledIds()): Set<string> {
  return new Set(all.filter((r) => labeledIds.has(r.id)).map(textKey));
}

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
/**
 * The reason a weak positive's reply gives: 涉法涉诉 is legal_process, 信访终结 petition_concluded;
 * the form replies (无具体诉求, 不在受理范围, 感谢您的留言) answer posts without substance.
 */
export const weakReasonOf = (rule: string): OutOfScopeReason => (rule === '涉法涉诉' ? 'legal_process' : rule === '信访终结' ? 'petition_concluded' : 'no_substance');

/** Replies that mention courts, non-acceptance at length, or missing details: the message is dropped. */
const ambiguous = /诉讼|法院|仲裁|复议|终结|受理范围|不予受理|无具体诉求|法律途径|司法途径|民事纠纷|经济纠纷|内容不详|无法核实|地址不详|地址记录不详|无法派单|无法联系|详细地址|具体地址/;

/** The model's features of a message: its bigrams and shape cues. */
export const featuresOf = (r: { title: string; content: string }) => outOfScopeFeatures(r.title, r.content, shapeCues(r.title, r.content).cues);

/**
 * The weak rows: every shared-data message (Teddy Cup rows aside) outside all label files and
 * their verbatim copies, exact repeats once. rulePositives also makes the messages the rules
 * flag positives (an experiment of the scripts; the committed model has none).
 */
export function weakRows(all: LabeledRow[], rulePositives = false) {
  const labeledIds = allLabeledIds();
  const labeled = labeledTexts(all, labeledIds);
  const seen = new Set<string>();
  const byRule = new Map<string, number>();
  let dropped = 0;
  let excluded = 0;
  let ruleAdded = 0;
  const rows: TrainingRow[] = [];
  for (const r of all) {
    if (r.id.startsWith('teddy-')) continue;
    const key = textKey(r);
    if (labeledIds.has(r.id) || labeled.has(key)) {
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
    rows.push({ id: r.id, title: r.title, content: r.content, key, features: featuresOf(r), positive, kind: 'weak', reasons: hit ? [weakReasonOf(hit[0])] : undefined });
  }
  return { rows, byRule, dropped, excluded, ruleAdded };
}

export interface FittedOutOfScope {
  features: string[];
  weights: Float32Array;
  bias: number;
  /** The weight of a weak positive (another row weighs its own weight times its class's weak weight). */
  positiveWeight: number;
}

/** The class weight of a positive: (negatives / positives)^positivePower over the weak rows (all rows when none), at most 20. */
export function weakPositiveWeight(rows: TrainingRow[], options: FitOptions = defaultFitOptions): number {
  const base = rows.some((r) => r.kind === 'weak') ? rows.filter((r) => r.kind === 'weak') : rows;
  const pos = base.filter((t) => t.positive).length;
  return Math.min(20, ((base.length - pos) / Math.max(pos, 1)) ** options.positivePower);
}

/**
 * Logistic regression on the rows. Positives weigh (negatives / positives)^positivePower (at
 * most 20), counted over the weak rows (over all rows when there are none), so hand and staff
 * rows do not change how the weak ones are balanced; such a row weighs its `weight` (hand rows:
 * handWeight) times the weak weight of its class.
 */
export function fitOutOfScope(rows: TrainingRow[], options: FitOptions = defaultFitOptions): FittedOutOfScope {
  const positiveWeight = weakPositiveWeight(rows, options);
  const train: LinearTrainRow[] = rows.map((t) => ({
    features: t.features,
    allowed: [t.positive ? 1 : 0],
    weight: (t.positive ? positiveWeight : 1) * (t.weight ?? (t.kind === 'hand' ? options.handWeight : 1)),
  }));
  const linear = trainLinear(train, ['in', 'out'], { epochs: options.epochs, learningRate: options.learningRate, l2: options.l2, minDf: options.minDf, prune: options.prune, seed: 1 });
  const weights = new Float32Array(linear.features.length);
  for (let i = 0; i < linear.features.length; i++) weights[i] = linear.weights[i * 2 + 1]! - linear.weights[i * 2]!;
  return { features: linear.features, weights, bias: linear.bias[1]! - linear.bias[0]!, positiveWeight };
}

/**
 * Two-character words of the training texts (jieba), seen in at least 3 of them, whose bigram
 * the model kept: the bigrams that read as words, and so may be shown to staff as evidence.
 */
export function evidenceWordsOf(rows: TrainingRow[], fitted: FittedOutOfScope): string[] {
  const wordCounts = new Map<string, number>();
  for (const t of rows) {
    for (const w of new Set(cutWords(`${t.title}\n${t.content}`))) if (/^\p{Script=Han}{2}$/u.test(w)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  }
  const known = new Set(fitted.features);
  return [...wordCounts].filter(([w, n]) => n >= 3 && known.has(`c:${wordKey(w)}`)).map(([w]) => w);
}

export function outOfScopeModelData(fitted: FittedOutOfScope, evidenceWords: string[], settings: OutOfScopeModelSettings, training: Record<string, unknown>): OutOfScopeModelData {
  return {
    format: 'minsheng-out-of-scope',
    formatVersion: 1,
    version: `${new Date().toISOString().slice(0, 10).replace(/-/g, '.')}-oos-${fitted.features.length}`,
    createdAt: new Date().toISOString(),
    features: fitted.features,
    weights: fitted.weights,
    bias: fitted.bias,
    evidenceWords,
    settings,
    training,
  };
}

export interface ReasonFitOptions {
  /** @default 30 */
  epochs: number;
  /** @default 0.2 */
  learningRate: number;
  /** @default 1e-5 */
  l2: number;
  /** Bigrams in fewer positives are dropped: one text alone does not make a kind. @default 2 */
  minDf: number;
  /** Features whose largest centred weight is below this are dropped. @default 0.05 */
  prune: number;
  /** Each reason weighs (rows / (reasons × its rows))^classPower, at most 10. @default 0.5 */
  classPower: number;
  /** The top reason is used at or above this probability (stored in the model). @default 0.5 */
  minProbability: number;
}

/** The reason model's fit (chosen by scripts/cv-out-of-scope-reasons.ts on the development sets' hand-labelled reasons). */
export const defaultReasonFitOptions: ReasonFitOptions = { epochs: 30, learningRate: 0.2, l2: 1e-5, minDf: 2, prune: 0.05, classPower: 0.5, minProbability: 0.5 };

/**
 * The reason model (out-of-scope-reasons.ts): multinomial logistic regression over the rows'
 * features, trained on the positives with reasons only; a row with several reasons is a partial
 * label (any of them), and weighs its `weight` (staff rows: staffDecisionWeight). Classes are the
 * reasons present; undefined when fewer than two are (nothing to choose between).
 */
export function fitReasonModel(rows: TrainingRow[], options: ReasonFitOptions = defaultReasonFitOptions): OutOfScopeReasonModelData | undefined {
  const positives = rows.filter((r) => r.positive && r.reasons?.length);
  const present = new Set(positives.flatMap((r) => r.reasons!));
  const classes = outOfScopeReasons.filter((c) => present.has(c));
  if (classes.length < 2) return undefined;
  // Class balance over the single-reason rows, as train-category.ts: a handful of staff decisions
  // of one kind are not drowned by the weak rows' no_substance.
  const totals = classes.map(() => 0);
  let single = 0;
  for (const r of positives) {
    if (r.reasons!.length !== 1) continue;
    const k = classes.indexOf(r.reasons![0]!);
    totals[k] = totals[k]! + (r.weight ?? 1);
    single += r.weight ?? 1;
  }
  const classWeight = totals.map((t) => (t > 0 ? Math.min(10, (single / (classes.length * t)) ** options.classPower) : 1));
  const train: LinearTrainRow[] = positives.map((r) => {
    const allowed = [...new Set(r.reasons!)].map((c) => classes.indexOf(c));
    return { features: r.features, allowed, weight: (allowed.length === 1 ? classWeight[allowed[0]!]! : 1) * (r.weight ?? 1) };
  });
  const linear = trainLinear(train, classes, { epochs: options.epochs, learningRate: options.learningRate, l2: options.l2, minDf: options.minDf, prune: options.prune, seed: 1 });
  // Evidence words: two-character words (jieba) of at least two positives whose bigram the model kept.
  const wordCounts = new Map<string, number>();
  for (const r of positives) {
    for (const w of new Set(cutWords(`${r.title}\n${r.content}`))) if (/^\p{Script=Han}{2}$/u.test(w)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  }
  const known = new Set(linear.features);
  const words = [...wordCounts].filter(([w, n]) => n >= 2 && known.has(`c:${wordKey(w)}`)).map(([w]) => w);
  const byReason: Partial<Record<OutOfScopeReason, number>> = {};
  for (const r of positives) for (const c of new Set(r.reasons!)) byReason[c] = (byReason[c] ?? 0) + 1;
  const { minProbability, ...fit } = options;
  return { classes, features: linear.features, weights: linear.weights, bias: linear.bias, words, minProbability, training: { rows: positives.length, byReason, ...fit } };
}
