/**
 * The reason a flag of the learned out-of-scope model carries when it flags on its own (no rule
 * found anything): a small multinomial logistic model (linear-model.ts) over the same features
 * (character bigrams and shape cues), trained on the positives only, one class per 不予受理 reason
 * they were decided or answered under (out-of-scope-training.ts fitReasonModel). Only models
 * trained with staff decisions (`minsheng train --from-store`) carry one; without it the flag is
 * filed under the screening's fixed fallback (out-of-scope.ts), exactly as before.
 *
 * It runs only on the few messages the model flags alone, so it scores through feature strings
 * (LinearScorer) rather than the bigram tables the flag itself uses on every message.
 */
import { outOfScopeReasons, type OutOfScopeReason } from '../core/domain.js';
import { BadInputError } from '../core/errors.js';
import { LinearScorer } from './linear-model.js';

/** Short reason names for the evidence line shown to staff (`用词近似以往因“广告”未受理的留言：…`). */
export const reasonShortNames: Record<OutOfScopeReason, string> = {
  no_substance: '无实质内容',
  advertising: '广告',
  personal: '个人问题',
  outside_authority: '不属政府权限',
  legal_process: '已进入法定程序',
  petition_concluded: '信访已终结',
  other: '其他情形',
};

export interface OutOfScopeReasonModelData {
  /** The reasons the positives were decided under, in the measures' order (at least two). */
  classes: OutOfScopeReason[];
  /** `c:` bigram and `x:` cue features (out-of-scope-model.ts outOfScopeFeatures); weights[f * classes.length + k]. */
  features: string[];
  weights: Float32Array;
  bias: number[];
  /** Two-character words of the positives whose bigram the model kept: the only ones shown as evidence. */
  words: string[];
  /** The top reason is used at or above this probability; below it the screening's fallback reason. */
  minProbability: number;
  /** What it learnt from: positives by reason (a row with two reasons under both), and the fit options. */
  training: { rows: number; byReason: Partial<Record<OutOfScopeReason, number>> } & Record<string, unknown>;
}

/** As stored inside the out-of-scope model: 16-bit integer weights with one scale, lists joined by newlines. */
export interface StoredOutOfScopeReasonModel extends Omit<OutOfScopeReasonModelData, 'features' | 'weights' | 'words'> {
  features: string;
  words: string;
  weights: number[];
  scale: number;
}

export function packReasonModel(data: OutOfScopeReasonModelData): StoredOutOfScopeReasonModel {
  let max = 0;
  for (const w of data.weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 32767 : 1;
  return {
    classes: data.classes,
    features: data.features.join('\n'),
    weights: Array.from(data.weights, (w) => Math.round(w / scale)),
    scale,
    bias: data.bias.map((b) => Math.round(b * 1e6) / 1e6),
    words: data.words.join('\n'),
    minProbability: data.minProbability,
    training: data.training,
  };
}

/** The reason model from its stored form; throws BadInputError (naming `name`) when it is damaged. */
export function unpackReasonModel(stored: StoredOutOfScopeReasonModel, name: string): OutOfScopeReasonModelData {
  const classes = Array.isArray(stored?.classes) ? stored.classes : [];
  const features = stored?.features ? stored.features.split('\n') : [];
  if (
    classes.length < 2 ||
    !classes.every((c) => (outOfScopeReasons as readonly string[]).includes(c)) ||
    !Array.isArray(stored.bias) ||
    stored.bias.length !== classes.length ||
    !Array.isArray(stored.weights) ||
    stored.weights.length !== features.length * classes.length
  ) {
    throw new BadInputError(`${name} 已损坏：不予受理理由模型的类别、权重与特征数量不符`);
  }
  return {
    classes,
    features,
    weights: Float32Array.from(stored.weights, (q) => q * stored.scale),
    bias: stored.bias,
    words: stored.words ? stored.words.split('\n') : [],
    minProbability: stored.minProbability,
    training: stored.training ?? { rows: 0, byReason: {} },
  };
}

/** The reason model's verdict on a message: its top reason, that reason's probability, and the words behind it. */
export interface ReasonVerdict {
  code: OutOfScopeReason;
  probability: number;
  /** Up to three evidence words of the message that pushed `code` up most against the strongest other reason. */
  words: string[];
}

/** A loaded reason model. */
export class OutOfScopeReasonScorer {
  readonly minProbability: number;
  private readonly classes: OutOfScopeReason[];
  private readonly scorer: LinearScorer;
  private readonly wordOf: Map<string, string>;

  /** featureOfWord: the feature string of a two-character word's bigram (out-of-scope-model.ts wordKey). */
  constructor(data: OutOfScopeReasonModelData, featureOfWord: (word: string) => string) {
    this.classes = data.classes;
    this.minProbability = data.minProbability;
    this.scorer = new LinearScorer({ kind: 'linear', classes: data.classes, features: data.features, weights: data.weights, bias: data.bias, temperature: 1 });
    this.wordOf = new Map(data.words.map((w) => [featureOfWord(w), w]));
  }

  /** The top reason of a message's features (all of them, known or not: they set the L2 norm, as in training). */
  reasonOf(features: string[]): ReasonVerdict {
    const rows = this.scorer.lookup(features);
    const p = this.scorer.probabilitiesOf(rows, features.length);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    const words: string[] = [];
    for (const { feature } of this.scorer.topFeaturesOf(rows, best, rows.length)) {
      const word = this.wordOf.get(feature);
      if (word && words.push(word) >= 3) break;
    }
    return { code: this.classes[best]!, probability: p[best]!, words };
  }
}
