/**
 * Verification: how much two messages' shingle sets overlap, from their bottom-k sketches. Exact
 * when both sets fit in the sketch (most messages), an unbiased estimate otherwise. The duplicate
 * decision is made here and only here, so every link can be explained by two numbers.
 */
import { withoutMarkup } from '../core/index.js';
import { comparableText, decodeSketch, fingerprintParams, shingleSet, TITLE_SKETCH, type Fingerprint } from './fingerprint.js';
import { subjectsConflict } from './key-phrases.js';
import { requestMask, requestsDiffer } from './request-objects.js';

export interface Overlap {
  /** |A∩B| / |A∪B| */
  jaccard: number;
  /** |A∩B| / min(|A|,|B|): 1 when the shorter message is contained in the longer one. */
  containment: number;
}

/** Overlap of two shingle sets given their sorted bottom-k sketches and full sizes. */
export function sketchOverlap(a: Uint32Array, sizeA: number, b: Uint32Array, sizeB: number, k: number = fingerprintParams.sketchSize): Overlap {
  if (sizeA === 0 || sizeB === 0) return { jaccard: 0, containment: 0 };
  let i = 0;
  let j = 0;
  let union = 0;
  let both = 0;
  // Walk the k smallest values of the union; membership in a sketch is exact below its max.
  while (union < k && (i < a.length || j < b.length)) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    if (x === y) {
      both++;
      i++;
      j++;
    } else if (x < y) {
      i++;
    } else {
      j++;
    }
    union++;
  }
  const jaccard = union === 0 ? 0 : both / union;
  const exact = sizeA <= k && sizeB <= k;
  const intersection = exact ? both : (jaccard * (sizeA + sizeB)) / (1 + jaccard);
  return { jaccard, containment: Math.min(1, intersection / Math.min(sizeA, sizeB)) };
}

/**
 * The exact Jaccard similarity of two messages' character shingle sets, over the text each is
 * compared on (`comparableText`: the normalised body, or title + body when the body is short), as
 * `fingerprint` reads it (markup as the text it shows). Unlike `sketchOverlap` it is exact at any
 * length, for a decision about one pair that needs more than the sketch's precision (above 130
 * characters the sketch's estimate of 0.9 is off by about 0.03, the gap between a letter retyped
 * with two typos and another letter). 1 for texts equal after normalisation; 0 when either is empty.
 */
export function textJaccard(a: { title: string; content: string }, b: { title: string; content: string }): number {
  const x = shingleSet(comparedText(a));
  const y = shingleSet(comparedText(b));
  if (x.length === 0 || y.length === 0) return 0;
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      both++;
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  return both / (x.length + y.length - both);
}

/** The text a message is compared on, as `fingerprint` reads it (markup as the text it shows). */
const comparedText = (m: { title: string; content: string }) => comparableText({ title: withoutMarkup(m.title), content: withoutMarkup(m.content) });

/**
 * How many characters (inserted, dropped or changed) separate two messages' compared texts (as
 * `textJaccard` reads them), when at most `max`; null when more. For a short letter retyped with a
 * typo, where shingles say little: one character changed in a letter of 30 costs 3 of its 28
 * 3-shingles (Jaccard 0.81), a third of such letters falls below the bar that suits longer ones
 * (`bench/retyped-letter.ts`). Bounded (Ukkonen's band: O(length × max)), so a long letter costs
 * little; written here as no library of the stack computes a bounded distance (natural's
 * LevenshteinDistance fills the whole matrix).
 */
export function textEditsWithin(a: { title: string; content: string }, b: { title: string; content: string }, max: number): number | null {
  return editsWithin([...comparedText(a)], [...comparedText(b)], max);
}

/** Levenshtein distance of two sequences of characters if at most `max`, else null. */
export function editsWithin(x: readonly string[], y: readonly string[], max: number): number | null {
  if (Math.abs(x.length - y.length) > max) return null;
  const beyond = max + 1;
  // row[j]: the distance from x[0..i) to y[0..j); cells further than `max` from the diagonal are out of reach.
  let row = Array.from({ length: y.length + 1 }, (_, j) => (j <= max ? j : beyond));
  for (let i = 1; i <= x.length; i++) {
    const next = new Array<number>(y.length + 1).fill(beyond);
    if (i <= max) next[0] = i;
    let best = next[0]!;
    for (let j = Math.max(1, i - max); j <= Math.min(y.length, i + max); j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      next[j] = Math.min(beyond, row[j - 1]! + cost, row[j]! + 1, next[j - 1]! + 1);
      best = Math.min(best, next[j]!);
    }
    if (best > max) return null;
    row = next;
  }
  return row[y.length]! <= max ? row[y.length]! : null;
}

/**
 * A token's weight (its IDF in the index); uniform when no document frequencies are known.
 * `inQuery` says the token is in the first side of the pair (a looked-up message, not yet counted).
 */
export type TokenWeight = (hash: number, inQuery: boolean) => number;
const uniformWeight: TokenWeight = () => 1;

/**
 * Weighted Jaccard of two token sets from their sorted bottom-k sketches: the weight of the tokens
 * in both over the weight of the union, over the k smallest hashes of the union (a uniform sample of
 * it, so the ratio is an estimate when a text has more than k distinct tokens).
 */
export function weightedTokenOverlap(a: Uint32Array, b: Uint32Array, weightOf: TokenWeight = uniformWeight, k: number = fingerprintParams.tokenSketchSize): number {
  let i = 0;
  let j = 0;
  let union = 0;
  let all = 0;
  let both = 0;
  while (union < k && (i < a.length || j < b.length)) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    const h = Math.min(x, y);
    const w = weightOf(h, x <= y);
    all += w;
    if (x === y) {
      both += w;
      i++;
      j++;
    } else if (x < y) {
      i++;
    } else {
      j++;
    }
    union++;
  }
  return all > 0 ? both / all : 0;
}

/** Decision thresholds, chosen on the labeled pairs in dedup/eval (see dedup/README.md). */
export interface DuplicateRule {
  /** A pair is a duplicate when the Jaccard similarity of the bodies reaches this ... @default 0.55 */
  minJaccard: number;
  /** ... or when the shorter body is contained in the longer at least this much ... @default 0.85 */
  minContainment: number;
  /** ... and the shorter has at least this many distinct shingles (short texts are contained by chance) ... @default 30 */
  minContainedSize: number;
  /** ... or when the titles reach this Jaccard similarity ... @default 0.6 */
  minTitleJaccard: number;
  /** ... with titles of at least this many shingles (not 咨询, 投诉) ... @default 5 */
  minTitleSize: number;
  /** ... and the bodies still reach this Jaccard similarity (a re-post under its old title, reworded). @default 0.3 */
  minJaccardWithTitle: number;
  /** ... or when the rare words overlap this much (IDF-weighted Jaccard of the token sketches: a reworded re-post) ... @default 0.55 */
  minTokenOverlap: number;
  /** ... with at least this many tokens in each sketch ... @default 8 */
  minTokens: number;
  /** ... and the bodies still reach this Jaccard similarity. @default 0.15 */
  minJaccardReworded: number;
}

export const defaultDuplicateRule: DuplicateRule = {
  minJaccard: 0.55,
  minContainment: 0.85,
  minContainedSize: 30,
  minTitleJaccard: 0.6,
  minTitleSize: 5,
  minJaccardWithTitle: 0.3,
  minTokenOverlap: 0.55,
  minTokens: 8,
  minJaccardReworded: 0.15,
};

/**
 * exact: same normalised text; near: bodies similar; contained: one body holds the other; same-title:
 * same title, bodies overlapping; reworded: the same rare words (IDF-weighted), bodies overlapping.
 */
export const matchKinds = ['exact', 'near', 'contained', 'same-title', 'reworded'] as const;
export type MatchKind = (typeof matchKinds)[number];

export interface PairScore extends Overlap {
  /** The score shown with a link: max(jaccard, containment when the shorter text is long enough); 1 for exact copies. */
  similarity: number;
  duplicate: boolean;
  /** Why it is a duplicate; null when it is not. */
  kind: MatchKind | null;
}

/** One side of a comparison: what a fingerprint (or an index entry) holds. */
export interface PairSide {
  sketch: Uint32Array;
  size: number;
  titleSketch: Uint32Array;
  titleSize: number;
  names: { names: string[]; titleNames: string[] };
  /** Token sketch (fingerprint `tokens`); without it the reworded check is skipped. */
  tokens?: Uint32Array | undefined;
  /** Digit-run hashes (fingerprint `numbers`), for the different-request check of the reworded path. */
  numbers?: readonly number[] | undefined;
  /** Requested facility classes as a mask (`requestMask(fingerprint.requests)`); 0 or absent: the different-request check is skipped. */
  requests?: number | undefined;
}

/**
 * True when two texts cite numbers (dates, amounts, house numbers) and none in common: the same
 * writer's template about another date or building. Only decided when both lists are complete.
 */
export function numbersDiffer(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (!a || !b || a.length === 0 || b.length === 0) return false;
  if (a.length >= fingerprintParams.maxNumbers || b.length >= fingerprintParams.maxNumbers) return false;
  return !a.some((x) => b.includes(x));
}

/**
 * The duplicate decision for two non-identical messages. Two messages whose subjects name different
 * estates/companies/bodies of the same kind are never duplicates (template letters).
 */
export function judgePair(a: PairSide, b: PairSide, rule: DuplicateRule = defaultDuplicateRule, weightOf: TokenWeight = uniformWeight): PairScore {
  const overlap = sketchOverlap(a.sketch, a.size, b.sketch, b.size);
  const containmentCounts = Math.min(a.size, b.size) >= rule.minContainedSize;
  const similarity = Math.max(overlap.jaccard, containmentCounts ? overlap.containment : 0);
  let kind: MatchKind | null = null;
  if (overlap.jaccard >= rule.minJaccard) kind = 'near';
  else if (containmentCounts && overlap.containment >= rule.minContainment) kind = 'contained';
  else if (overlap.jaccard >= rule.minJaccardWithTitle && Math.min(a.titleSize, b.titleSize) >= rule.minTitleSize) {
    const title = sketchOverlap(a.titleSketch, a.titleSize, b.titleSketch, b.titleSize, TITLE_SKETCH);
    if (title.jaccard >= rule.minTitleJaccard) kind = 'same-title';
  }
  if (kind === null && overlap.jaccard >= rule.minJaccardReworded && a.tokens && b.tokens && Math.min(a.tokens.length, b.tokens.length) >= rule.minTokens) {
    if (weightedTokenOverlap(a.tokens, b.tokens, weightOf) >= rule.minTokenOverlap && !numbersDiffer(a.numbers, b.numbers)) kind = 'reworded';
  }
  if (kind !== null && subjectsConflict(a.names, b.names)) kind = null;
  if (kind !== null && requestsDiffer(a.requests, b.requests)) kind = null;
  return { ...overlap, similarity, duplicate: kind !== null, kind };
}

function side(fp: Fingerprint): PairSide {
  return { sketch: decodeSketch(fp.sketch), size: fp.size, titleSketch: decodeSketch(fp.titleSketch), titleSize: fp.titleSize, names: fp, tokens: decodeSketch(fp.tokens ?? ''), numbers: fp.numbers, requests: requestMask(fp.requests) };
}

/**
 * Compares two fingerprints: the same decision the index makes for a candidate pair when given the
 * index's token weights (`index.tokenWeight`); without them every token weighs the same.
 */
export function compareFingerprints(a: Fingerprint, b: Fingerprint, rule: DuplicateRule = defaultDuplicateRule, weightOf: TokenWeight = uniformWeight): PairScore {
  if (a.exactHash === b.exactHash && a.size > 0) return { jaccard: 1, containment: 1, similarity: 1, duplicate: true, kind: 'exact' };
  return judgePair(side(a), side(b), rule, weightOf);
}
