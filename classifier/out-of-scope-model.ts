/**
 * The learned half of out-of-scope screening: a small logistic model that scores how much a
 * message reads like the messages the mailboxes did not handle. It is trained by distant
 * supervision (classifier/scripts/train-out-of-scope.ts): messages whose reply states
 * non-acceptance (无具体诉求, 不在受理范围, 涉法涉诉, 司法途径...) are weak positives, the others
 * negatives, and no message of any hand-labelled set (classifier/eval) is ever trained on.
 *
 * Features are character bigrams of the normalised text plus a few shape cues (length, a body
 * that repeats its title, no request). Words would need a second jieba pass per message: the
 * category model's features are computed in classifier.ts and not handed to the screening, and
 * segmenting again costs about a third of a classification (bench: 177 of 525 µs per message),
 * which would take the classifier below its 2,000 messages/s goal on this machine. Bigrams cost
 * a few µs.
 *
 * The model file (models/out-of-scope.json.gz, gzipped JSON) is optional: without it the
 * screening is rules only, exactly as before. A classifier model file written by
 * `minsheng train --from-store` carries its own out-of-scope model (trained with the staff's
 * 不予受理 decisions), which the classifier built from it uses instead of this file; such a model
 * also carries a reason model (out-of-scope-reasons.ts) that names the reason of a flag it raises alone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BadInputError } from '../core/errors.js';
import { OutOfScopeReasonScorer, packReasonModel, unpackReasonModel, type OutOfScopeReasonModelData, type ReasonVerdict, type StoredOutOfScopeReasonModel } from './out-of-scope-reasons.js';

/** Where the committed model lives. */
export const defaultOutOfScopeModelFile = fileURLToPath(new URL('./models/out-of-scope.json.gz', import.meta.url));

/** How the model's score enters the screening (chosen on the development sets only). */
export interface OutOfScopeModelSettings {
  /**
   * At or above this probability the model flags on its own (reason: its reason model's when it
   * carries one and is sure, else from cue words, default no_substance; out-of-scope.ts aloneReason).
   */
  alone: number;
  /** At or above this probability the model lifts a rule finding that is below the flag threshold. */
  support: number;
}

export interface OutOfScopeModelData {
  format: 'minsheng-out-of-scope';
  formatVersion: 1;
  version: string;
  createdAt: string;
  /** Feature strings, and for each its log-odds weight (already scaled by the L2 norm at scoring). */
  features: string[];
  weights: Float32Array;
  bias: number;
  /** Two-character words (jieba, seen in training texts) among the bigram features: the only ones shown as evidence. */
  evidenceWords: string[];
  settings: OutOfScopeModelSettings;
  training: Record<string, unknown>;
  /**
   * Which reason a flag the model raises alone carries (trained on the positives' reasons). Only
   * in models trained with staff decisions; absent (the committed model, earlier files): the
   * screening's fixed fallback reason, as before.
   */
  reasons?: OutOfScopeReasonModelData | undefined;
}

/**
 * Characters read of a title and of a body: bounded work per message, and at most 6,000 bigrams,
 * well inside the 16,384-slot table that de-duplicates them while scoring.
 */
const maxChars = 3000;

/**
 * A character as the bigrams see it: full-width ASCII folded to half-width, Latin lower-cased,
 * every digit 0; 0 for a separator (space, punctuation, symbols). Written as code-point
 * arithmetic, not regular expressions: it runs on every character of every message.
 */
function foldChar(code: number): number {
  let c = code;
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  if (c < 128) {
    if (c >= 48 && c <= 57) return 48;
    if (c >= 65 && c <= 90) return c + 32;
    return c >= 97 && c <= 122 ? c : 0;
  }
  if (c >= 0x4e00 && c <= 0x9fff) return c;
  // CJK and general punctuation, full-width forms, arrows and other symbols.
  if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2000 && c <= 0x2bff) || (c >= 0xfe30 && c <= 0xfe4f) || c === 0xa0 || c === 0xb7) return 0;
  return c;
}

/**
 * A folded character in a compact range (< 32,768), so that a bigram key is a small integer
 * (fast to hash): the CJK block moves to 0x2000-0x71ff, other characters above 0x2000 share the
 * rest of the range (rare in these mailboxes; a collision only merges two rare features).
 */
const compact = (c: number) => (c < 0x2000 ? c : c >= 0x4e00 && c <= 0x9fff ? c - 0x4e00 + 0x2000 : 0x7200 + (c % 0xe00));

/**
 * The distinct character bigrams of a message as small integers (compact(first) * 32768 +
 * compact(second)), not across separators nor between title and body; a digit run is one 0.
 */
export function bigramKeys(title: string, content: string): Set<number> {
  const keys = new Set<number>();
  for (const part of [title.slice(0, maxChars), content.slice(0, maxChars)]) {
    let prev = 0;
    for (let i = 0; i < part.length; i++) {
      const c = foldChar(part.charCodeAt(i));
      if (c === 48 && prev === 48) continue;
      if (c !== 0 && prev !== 0) keys.add(compact(prev) * 32768 + compact(c));
      prev = c;
    }
  }
  return keys;
}

/** The key of a two-character word, to find it among a message's bigrams (evidence). */
export const wordKey = (word: string) => compact(foldChar(word.charCodeAt(0))) * 32768 + compact(foldChar(word.charCodeAt(1)));

/**
 * Feature strings of a message, for training: `c:` character bigrams (their bigramKeys numbers)
 * and `x:` shape cues given by the caller (see out-of-scope.ts: length bucket, body repeats
 * title, no request, no concrete object).
 */
export function outOfScopeFeatures(title: string, content: string, cues: string[] = []): string[] {
  return [...[...bigramKeys(title, content)].map((key) => `c:${key}`), ...cues.map((cue) => `x:${cue}`)];
}

const hashSlot = (key: number, bits: number) => Math.imul(key, 0x9e3779b1) >>> (32 - bits);

/**
 * A loaded model: scores a message from its bigrams and shape cues. The weights sit in an
 * open-addressing table of integer keys, and the bigrams of a message are de-duplicated in a
 * reused, generation-stamped table: no Set or Map per message (this runs on every message and
 * a Map-based version cost about twice as much).
 */
export class OutOfScopeModel {
  readonly version: string;
  readonly settings: OutOfScopeModelSettings;
  private readonly bits: number;
  private readonly keys: Int32Array;
  private readonly weights: Float32Array;
  /** Index into `words` of a slot's evidence word, or -1. */
  private readonly wordOf: Int32Array;
  private readonly words: string[] = [];
  private readonly cues = new Map<string, number>();
  private readonly bias: number;
  private readonly seenKeys = new Int32Array(1 << 14);
  private readonly seenStamp = new Int32Array(1 << 14);
  private stamp = 0;
  private readonly reasonScorer: OutOfScopeReasonScorer | undefined;

  constructor(data: OutOfScopeModelData) {
    this.version = data.version;
    this.settings = data.settings;
    this.bias = data.bias;
    this.reasonScorer = data.reasons ? new OutOfScopeReasonScorer(data.reasons, (word) => `c:${wordKey(word)}`) : undefined;
    let bits = 4;
    while (1 << bits < data.features.length * 2) bits++;
    this.bits = bits;
    this.keys = new Int32Array(1 << bits).fill(-1);
    this.weights = new Float32Array(1 << bits);
    this.wordOf = new Int32Array(1 << bits).fill(-1);
    data.features.forEach((f, i) => {
      if (f.startsWith('c:')) this.weights[this.slotFor(Number(f.slice(2)))] = data.weights[i]!;
      else if (f.startsWith('x:')) this.cues.set(f.slice(2), data.weights[i]!);
    });
    for (const word of data.evidenceWords) {
      const slot = this.find(wordKey(word));
      if (slot >= 0) {
        this.wordOf[slot] = this.words.length;
        this.words.push(word);
      }
    }
  }

  /** The slot of a key, claimed if new (loading only). */
  private slotFor(key: number): number {
    const mask = (1 << this.bits) - 1;
    let slot = hashSlot(key, this.bits);
    while (this.keys[slot] !== -1 && this.keys[slot] !== key) slot = (slot + 1) & mask;
    this.keys[slot] = key;
    return slot;
  }

  /** The slot of a known key, or -1. */
  private find(key: number): number {
    const mask = (1 << this.bits) - 1;
    let slot = hashSlot(key, this.bits);
    for (;;) {
      const k = this.keys[slot]!;
      if (k === key) return slot;
      if (k === -1) return -1;
      slot = (slot + 1) & mask;
    }
  }

  /** True the first time a key is seen in the current message. */
  private firstSight(key: number): boolean {
    let slot = hashSlot(key, 14);
    while (this.seenStamp[slot] === this.stamp) {
      if (this.seenKeys[slot] === key) return false;
      slot = (slot + 1) & ((1 << 14) - 1);
    }
    this.seenStamp[slot] = this.stamp;
    this.seenKeys[slot] = key;
    return true;
  }

  /**
   * Probability that the message is out of scope, and the words (two-character words among
   * its bigrams) that pushed it up most, strongest first: the evidence shown to staff.
   * The same bigrams as bigramKeys (training), counted once each.
   */
  score(title: string, content: string, cues: string[] = []): { probability: number; evidence: string[] } {
    this.stamp = this.stamp === 0x7fffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) this.seenStamp.fill(0);
    let distinct = 0;
    let sum = 0;
    const pushes: { word: string; w: number }[] = [];
    for (const part of [title.slice(0, maxChars), content.slice(0, maxChars)]) {
      let prev = 0;
      for (let i = 0; i < part.length; i++) {
        const c = foldChar(part.charCodeAt(i));
        if (c === 48 && prev === 48) continue;
        if (c !== 0 && prev !== 0) {
          const key = compact(prev) * 32768 + compact(c);
          if (this.firstSight(key)) {
            distinct++;
            const slot = this.find(key);
            if (slot >= 0) {
              const w = this.weights[slot]!;
              sum += w;
              const word = this.wordOf[slot]!;
              if (w > 0 && word >= 0) pushes.push({ word: this.words[word]!, w });
            }
          }
        }
        prev = c;
      }
    }
    for (const cue of cues) sum += this.cues.get(cue) ?? 0;
    // Every feature of the message counts in the L2 norm, known or not, as in training.
    const n = distinct + cues.length;
    const z = this.bias + (n ? sum / Math.sqrt(n) : 0);
    pushes.sort((a, b) => b.w - a.w);
    return { probability: 1 / (1 + Math.exp(-z)), evidence: pushes.slice(0, 3).map((p) => p.word) };
  }

  /**
   * The reason model's verdict on a message (the same cues as score), with the probability bar
   * it was trained with; null when the model carries no reason model.
   */
  reasonOf(title: string, content: string, cues: string[] = []): (ReasonVerdict & { minProbability: number }) | null {
    if (!this.reasonScorer) return null;
    return { ...this.reasonScorer.reasonOf(outOfScopeFeatures(title, content, cues)), minProbability: this.reasonScorer.minProbability };
  }
}

/** The model as stored: in its own file (gzipped), or inside a classifier model file (model-file.ts). */
export interface StoredOutOfScopeModel extends Omit<OutOfScopeModelData, 'features' | 'weights' | 'evidenceWords' | 'reasons'> {
  features: string;
  evidenceWords: string;
  /** Weights as integers of `scale`. */
  weights: number[];
  scale: number;
  /** Only in models that carry a reason model; a model without one is stored exactly as before. */
  reasons?: StoredOutOfScopeReasonModel;
}

/** The model in its stored form (16-bit integer weights with one scale). */
export function packOutOfScopeModel(data: OutOfScopeModelData): StoredOutOfScopeModel {
  let max = 0;
  for (const w of data.weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 32767 : 1;
  const { reasons, ...rest } = data;
  return {
    ...rest,
    features: data.features.join('\n'),
    evidenceWords: data.evidenceWords.join('\n'),
    weights: [...data.weights].map((w) => Math.round(w / scale)),
    scale,
    ...(reasons ? { reasons: packReasonModel(reasons) } : {}),
  };
}

/** The model from its stored form; throws BadInputError (naming `name`) when it is not one. */
export function unpackOutOfScopeModel(stored: StoredOutOfScopeModel, name = '不予受理模型文件'): OutOfScopeModelData {
  if (stored?.format !== 'minsheng-out-of-scope' || stored.formatVersion !== 1) throw new BadInputError(`${name} 不是本系统的不予受理模型（格式或版本不符）`);
  const features = stored.features === '' ? [] : stored.features.split('\n');
  if (!Array.isArray(stored.weights) || features.length !== stored.weights.length) throw new BadInputError(`${name} 已损坏：权重数量与特征数量不符`);
  const { reasons, ...rest } = stored;
  return {
    ...rest,
    features,
    evidenceWords: stored.evidenceWords ? stored.evidenceWords.split('\n') : [],
    weights: Float32Array.from(stored.weights, (q) => q * stored.scale),
    ...(reasons ? { reasons: unpackReasonModel(reasons, name) } : {}),
  };
}

export function serializeOutOfScopeModel(data: OutOfScopeModelData): Buffer {
  return gzipSync(JSON.stringify(packOutOfScopeModel(data)), { level: 9 });
}

export function parseOutOfScopeModel(bytes: Buffer, name = '不予受理模型文件'): OutOfScopeModelData {
  let stored: StoredOutOfScopeModel;
  try {
    stored = JSON.parse(gunzipSync(bytes).toString('utf8')) as StoredOutOfScopeModel;
  } catch (error) {
    throw new BadInputError(`${name} 无法解析：不是 gzip 压缩的 JSON`, { cause: error });
  }
  return unpackOutOfScopeModel(stored, name);
}

export function writeOutOfScopeModel(file: string, data: OutOfScopeModelData): void {
  writeFileSync(file, serializeOutOfScopeModel(data));
}

/**
 * Loads the model file; null when it does not exist (the screening then runs on rules alone).
 * A file that exists but cannot be read is an error, not a silent fallback.
 */
export function loadOutOfScopeModel(file = defaultOutOfScopeModelFile): OutOfScopeModel | null {
  if (!existsSync(file)) return null;
  return new OutOfScopeModel(parseOutOfScopeModel(readFileSync(file), file));
}
