/**
 * The training rows and the fit of the learned out-of-scope model (classifier/out-of-scope-model.ts),
 * shared by train-out-of-scope.ts (trains, writes) and cv-out-of-scope.ts (cross-validates).
 *
 * Two kinds of supervision:
 *  - weak labels from the replies (distant supervision): a reply that states non-acceptance in a
 *    few words makes its message a positive, a reply that only mentions courts or missing details
 *    drops it, every other message is a negative. No message of any label file, nor a verbatim
 *    copy of one, is a weak row: a hand-labelled message is trained on by its hand label or not at all;
 *  - hand labels of the development sets (out-of-scope-sets.ts developmentSetNames), positive =
 *    flagged. Never a held-out set's message (test5 on), nor a verbatim copy of one.
 */
import { trainLinear, type LinearTrainRow } from '../linear-model.js';
import { cutWords } from '../segment.js';
import { outOfScopeFeatures, wordKey, type OutOfScopeModelData, type OutOfScopeModelSettings } from '../out-of-scope-model.js';
import { screenOutOfScope, shapeCues } from '../out-of-scope.js';
import { allLabeledIds, developmentSetNames, heldOutSetNames, readOutOfScopeLabels, textKey, type OutOfScopeLabel, type OutOfScopeSetName } from './out-of-scope-sets.js';
import type { LabeledRow } from '../data.js';

export interface TrainingRow {
  id: string;
  title: string;
  content: string;
  /** textKey: verbatim copies share it. */
  key: string;
  features: string[];
  positive: boolean;
  kind: 'weak' | 'hand';
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

export const defaultFitOptions: FitOptions = { epochs: 10, learningRate: 0.2, l2: 1e-5, minDf: 3, prune: 0.2, positivePower: 0.5, handWeight: 1 };

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

const featuresOf = (r: { title: string; content: string }) => outOfScopeFeatures(r.title, r.content, shapeCues(r.title, r.content).cues);

/**
 * The weak rows: every shared-data message (Teddy Cup rows aside) outside all label files and
 * their verbatim copies, exact repeats once. --rule-positives (rulePositives) also makes the
 * messages the rules flag positives.
 */
export function weakRows(all: LabeledRow[], rulePositives = false) {
  const labeledIds = allLabeledIds();
  const labeledTexts = new Set(all.filter((r) => labeledIds.has(r.id)).map(textKey));
  const seen = new Set<string>();
  const byRule = new Map<string, number>();
  let dropped = 0;
  let excluded = 0;
  let ruleAdded = 0;
  const rows: TrainingRow[] = [];
  for (const r of all) {
    if (r.id.startsWith('teddy-')) continue;
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
    rows.push({ id: r.id, title: r.title, content: r.content, key, features: featuresOf(r), positive, kind: 'weak' });
  }
  return { rows, byRule, dropped, excluded, ruleAdded };
}

/** One hand label of a development set, joined to its message. */
export interface HandLabelRow extends TrainingRow {
  set: OutOfScopeSetName;
  label: OutOfScopeLabel;
}

/**
 * The development sets' hand labels joined to their messages (one row per label, so a message
 * labelled in two sets appears twice: the sets are measured as they are). Rows whose message is a
 * held-out set's, or a verbatim copy of one, are left out and counted. The held-out label files
 * are read for their ids only, to exclude them.
 */
export function handLabelRows(all: LabeledRow[]) {
  const byId = new Map(all.map((r) => [r.id, r]));
  const heldOutIds = new Set(heldOutSetNames.flatMap((set) => readOutOfScopeLabels(set).map((l) => l.id)));
  const heldOutTexts = new Set(all.filter((r) => heldOutIds.has(r.id)).map(textKey));
  const rows: HandLabelRow[] = [];
  let missing = 0;
  let heldOut = 0;
  for (const set of developmentSetNames) {
    for (const label of readOutOfScopeLabels(set)) {
      const r = byId.get(label.id);
      if (!r) {
        missing++;
        continue;
      }
      const key = textKey(r);
      if (heldOutIds.has(r.id) || heldOutTexts.has(key)) {
        heldOut++;
        continue;
      }
      rows.push({ id: r.id, title: r.title, content: r.content, key, features: featuresOf(r), positive: label.flagged, kind: 'hand', set, label });
    }
  }
  return { rows, missing, heldOut };
}

/**
 * Hand rows to train on: one per message text (a message labelled in two sets counts once);
 * when its labels disagree it is a positive if any label flags it (counted in `conflicts`).
 */
export function distinctHandRows(rows: HandLabelRow[]): { rows: TrainingRow[]; conflicts: number } {
  const byKey = new Map<string, TrainingRow>();
  let conflicts = 0;
  for (const r of rows) {
    const seen = byKey.get(r.key);
    if (!seen) byKey.set(r.key, { ...r, kind: 'hand' });
    else if (seen.positive !== r.positive) {
      conflicts++;
      seen.positive = true;
    }
  }
  return { rows: [...byKey.values()], conflicts };
}

export interface FittedOutOfScope {
  features: string[];
  weights: Float32Array;
  bias: number;
  /** The weight of a weak positive (a hand row weighs handWeight times its class's weak weight). */
  positiveWeight: number;
}

/**
 * Logistic regression on the rows. Positives weigh (negatives / positives)^positivePower (at
 * most 20), counted over the weak rows (over the hand rows when there are none), so the hand rows
 * do not change how the weak ones are balanced; a hand row weighs handWeight times that.
 */
export function fitOutOfScope(rows: TrainingRow[], options: FitOptions = defaultFitOptions): FittedOutOfScope {
  const base = rows.some((r) => r.kind === 'weak') ? rows.filter((r) => r.kind === 'weak') : rows;
  const pos = base.filter((t) => t.positive).length;
  const positiveWeight = Math.min(20, ((base.length - pos) / Math.max(pos, 1)) ** options.positivePower);
  const train: LinearTrainRow[] = rows.map((t) => ({
    features: t.features,
    allowed: [t.positive ? 1 : 0],
    weight: (t.positive ? positiveWeight : 1) * (t.kind === 'hand' ? options.handWeight : 1),
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
