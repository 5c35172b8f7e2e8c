/**
 * The classifier's per-message feature lookup: the features of both linear models (category
 * and unit) indexed by their words, read while the features are produced (emitFeatures). It
 * gives exactly what `extractFeatures` followed by `LinearScorer.lookup` on each model gives:
 * the same rows in the same order, and the same counts of distinct features for the L2 norms.
 *
 * Why: building every feature string of a message, collecting them in a set and looking each
 * up in a 12,000-entry map per model was about a third of a classification. Here a message's
 * words are numbered in a small per-message table, each distinct word is looked up once in a
 * table of the models' words that holds its rows, and a word pair is found by its two word
 * numbers (lookup-tables.ts says why the tables are not Map and Set).
 */
import { featureGroupCount, featureGroupOf } from './feature-groups.js';
import { emitFeatures, type FeatureSink } from './features.js';
import { hashString, PairTable, StringTable, WordTable } from './lookup-tables.js';
import type { MessageText } from './types.js';

/** A message's features as the two models see them. */
export interface MessageRows {
  /** Distinct features of the message, known to a model or not (the category model's L2 norm). */
  featureCount: number;
  /** The same by feature group (feature-groups.ts), for a category model with per-group norms. */
  groupCounts: number[];
  /** Rows of the category model's known features, in extractFeatures' order. */
  categoryRows: number[];
  /** Distinct word features (`t:`, `w:`: the unit model's input, see unitFeatures), known or not. */
  unitFeatureCount: number;
  /** Rows of the unit model's known features, in unitFeatures' order. */
  unitRows: number[];
}

/** The WordTable values of a model word: its rows as `t:word` and `w:word` in each model. */
const titleCategory = 0;
const wordCategory = 1;
const titleUnit = 2;
const wordUnit = 3;

/** Groups of word and pair features (feature-groups.ts' featureGroupOf of `w:`, `t:`, `b:`). */
const wordGroup = featureGroupOf('w:');
const titleGroup = featureGroupOf('t:');
const pairGroup = featureGroupOf('b:');

/** Per-message flags of a word. */
const seenInTitle = 1;
const seenAsWord = 2;
/** The word contains `_`, the separator of pair features: its pairs are compared as whole strings. */
const hasSeparator = 4;

/** A pair feature's two words when it has exactly one `_` (the only pairs found by word numbers), else null. */
function pairWords(feature: string): [string, string] | null {
  if (!feature.startsWith('b:')) return null;
  const at = feature.indexOf('_', 2);
  return at >= 0 && feature.indexOf('_', at + 1) < 0 ? [feature.slice(2, at), feature.slice(at + 1)] : null;
}

/**
 * Looks a message's features up in the category model's and the unit model's feature lists.
 * Holds per-message scratch state: one index serves one message at a time (classify is
 * synchronous, so calls never overlap).
 */
export class FeatureIndex implements FeatureSink {
  /** Every word of a `t:`/`w:` feature or of a one-`_` pair feature, with its word-feature rows. */
  private readonly words = new WordTable();
  /** Category rows of one-`_` pair features `b:first_second`, by the two word numbers. */
  private readonly pairCategory: PairTable;
  /** Category rows of every other feature (cues; pairs whose words contain `_`), by the whole string. */
  private readonly wholeCategory = new Map<string, number>();

  // Scratch state of the message being read.
  private readonly local = new StringTable();
  /** By local word number: the word's slot in `words` (-1 when no model knows it) and its flags. */
  private readonly localSlot: number[] = [];
  private readonly localFlags: number[] = [];
  /** The last two words numbered, and their numbers: a pair's words were numbered just before. */
  private readonly recentWords: [string, string] = ['', ''];
  private readonly recentNumbers: [number, number] = [-1, -1];
  private readonly seenPairs = new PairTable(256);
  private readonly seenWhole = new Set<string>();
  private rows: MessageRows = { featureCount: 0, groupCounts: [0, 0, 0, 0], categoryRows: [], unitFeatureCount: 0, unitRows: [] };

  constructor(categoryFeatures: readonly string[], unitFeatures: readonly string[] | null) {
    this.pairCategory = new PairTable(categoryFeatures.filter((f) => f.startsWith('b:')).length);
    // A feature listed twice keeps its last row, as LinearScorer's index does.
    categoryFeatures.forEach((f, row) => {
      const pair = pairWords(f);
      if (f.startsWith('t:')) this.words.setValue(this.words.add(f.slice(2)), titleCategory, row);
      else if (f.startsWith('w:')) this.words.setValue(this.words.add(f.slice(2)), wordCategory, row);
      else if (pair) this.pairCategory.set(this.words.add(pair[0]), this.words.add(pair[1]), row);
      else this.wholeCategory.set(f, row);
    });
    // The unit model reads word features only (unitFeatures): nothing else of it is ever looked up.
    unitFeatures?.forEach((f, row) => {
      if (f.startsWith('t:')) this.words.setValue(this.words.add(f.slice(2)), titleUnit, row);
      else if (f.startsWith('w:')) this.words.setValue(this.words.add(f.slice(2)), wordUnit, row);
    });
  }

  /** The message's rows in both models and its feature counts. */
  rowsOf(message: MessageText): MessageRows {
    return this.rowsOfWalk((sink) => emitFeatures(message, sink));
  }

  /** As rowsOf, for the features `walk` hands over (tests use it for words jieba never returns). */
  rowsOfWalk(walk: (sink: FeatureSink) => void): MessageRows {
    this.local.clear();
    this.localSlot.length = 0;
    this.localFlags.length = 0;
    this.recentNumbers[0] = this.recentNumbers[1] = -1;
    this.seenPairs.clear();
    this.seenWhole.clear();
    const rows: MessageRows = { featureCount: 0, groupCounts: new Array<number>(featureGroupCount).fill(0), categoryRows: [], unitFeatureCount: 0, unitRows: [] };
    this.rows = rows;
    walk(this);
    return rows;
  }

  /** The message-local number of a word, numbered at its first sighting. */
  private numberOf(word: string): number {
    const recent = this.recentWords;
    if (word === recent[0] && this.recentNumbers[0] >= 0) return this.recentNumbers[0];
    if (word === recent[1] && this.recentNumbers[1] >= 0) return this.recentNumbers[1];
    const hash = hashString(word);
    const n = this.local.add(word, hash);
    if (n === this.localSlot.length) {
      this.localSlot.push(this.words.find(word, hash));
      this.localFlags.push(word.includes('_') ? hasSeparator : 0);
    }
    recent[1] = recent[0];
    this.recentNumbers[1] = this.recentNumbers[0];
    recent[0] = word;
    this.recentNumbers[0] = n;
    return n;
  }

  /** FeatureSink: `t:word` or `w:word`. */
  word(prefix: 't:' | 'w:', word: string): void {
    const n = this.numberOf(word);
    const flag = prefix === 't:' ? seenInTitle : seenAsWord;
    const flags = this.localFlags[n]!;
    if (flags & flag) return;
    this.localFlags[n] = flags | flag;
    const rows = this.rows;
    rows.featureCount++;
    rows.groupCounts[flag === seenInTitle ? titleGroup : wordGroup]!++;
    rows.unitFeatureCount++;
    const slot = this.localSlot[n]!;
    if (slot < 0) return;
    const category = this.words.value(slot, flag === seenInTitle ? titleCategory : wordCategory);
    if (category >= 0) rows.categoryRows.push(category);
    const unit = this.words.value(slot, flag === seenInTitle ? titleUnit : wordUnit);
    if (unit >= 0) rows.unitRows.push(unit);
  }

  /** FeatureSink: `b:first_second`. */
  pair(first: string, second: string): void {
    const a = this.numberOf(first);
    const b = this.numberOf(second);
    // With a `_` inside a word, two different pairs can spell the same feature: compare strings.
    if ((this.localFlags[a]! | this.localFlags[b]!) & hasSeparator) {
      this.whole(`b:${first}_${second}`);
      return;
    }
    if (!this.seenPairs.add(a, b)) return;
    this.rows.featureCount++;
    this.rows.groupCounts[pairGroup]!++;
    const slotA = this.localSlot[a]!;
    const slotB = this.localSlot[b]!;
    if (slotA < 0 || slotB < 0) return;
    const category = this.pairCategory.get(this.words.number(slotA), this.words.number(slotB));
    if (category >= 0) this.rows.categoryRows.push(category);
  }

  /** FeatureSink: a cue, whole. */
  cue(feature: string): void {
    this.whole(feature);
  }

  /** A feature compared and looked up as a whole string (never a `t:`/`w:` word feature). */
  private whole(feature: string): void {
    if (this.seenWhole.has(feature)) return;
    this.seenWhole.add(feature);
    this.rows.featureCount++;
    this.rows.groupCounts[featureGroupOf(feature)]!++;
    const category = this.wholeCategory.get(feature);
    if (category !== undefined) this.rows.categoryRows.push(category);
  }
}
