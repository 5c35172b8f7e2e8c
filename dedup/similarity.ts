/**
 * Verification: how much two messages' shingle sets overlap, from their bottom-k sketches. Exact
 * when both sets fit in the sketch (most messages), an unbiased estimate otherwise. The duplicate
 * decision is made here and only here, so every link can be explained by two numbers.
 */
import { decodeSketch, fingerprintParams, type Fingerprint } from './fingerprint.js';
import { namesConflict, subjectNames } from './key-phrases.js';

export interface Overlap {
  /** |A∩B| / |A∪B| */
  jaccard: number;
  /** |A∩B| / min(|A|,|B|): 1 when the shorter message is contained in the longer one. */
  containment: number;
}

/** Overlap of two shingle sets given their sorted bottom-k sketches and full sizes. */
export function sketchOverlap(a: Uint32Array, sizeA: number, b: Uint32Array, sizeB: number, k = fingerprintParams.sketchSize): Overlap {
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

/** Decision thresholds, chosen on the labeled pairs in dedup/eval (see dedup/README.md). */
export interface DuplicateRule {
  /** A pair is a duplicate when its Jaccard similarity reaches this. @default 0.55 */
  minJaccard: number;
  /** ... or when the shorter is contained in the longer at least this much ... @default 0.85 */
  minContainment: number;
  /** ... and the shorter has at least this many distinct shingles (short texts are contained by chance). @default 30 */
  minContainedSize: number;
}

export const defaultDuplicateRule: DuplicateRule = { minJaccard: 0.55, minContainment: 0.85, minContainedSize: 30 };

export interface PairScore extends Overlap {
  /** The score the decision used: max(jaccard, containment when the shorter text is long enough). */
  similarity: number;
  duplicate: boolean;
}

/** Scores an overlap under a rule. */
export function scoreOverlap(overlap: Overlap, sizeA: number, sizeB: number, rule: DuplicateRule = defaultDuplicateRule): PairScore {
  const containmentCounts = Math.min(sizeA, sizeB) >= rule.minContainedSize;
  const duplicate = overlap.jaccard >= rule.minJaccard || (containmentCounts && overlap.containment >= rule.minContainment);
  const similarity = Math.max(overlap.jaccard, containmentCounts ? overlap.containment : 0);
  return { ...overlap, similarity, duplicate };
}

/** Compares two fingerprints: the same decision the index makes for a candidate pair. */
export function compareFingerprints(a: Fingerprint, b: Fingerprint, rule: DuplicateRule = defaultDuplicateRule): PairScore {
  if (a.exactHash === b.exactHash && a.size > 0) return { jaccard: 1, containment: 1, similarity: 1, duplicate: true };
  const overlap = sketchOverlap(decodeSketch(a.sketch), a.size, decodeSketch(b.sketch), b.size);
  const score = scoreOverlap(overlap, a.size, b.size, rule);
  return namesConflict(...subjectNames(a, b)) ? { ...score, duplicate: false } : score;
}
