/**
 * Feature groups, for a category model with per-group norms (LinearModelData.featureNorm
 * 'per-group'): 0 words (`w:`), 1 title words (`t:`), 2 word pairs (`b:`), 3 cues (`q:`, `k:`), as
 * features.ts names them, and 4 word clusters (`c:`), which only the experiment
 * classifier/scripts/word-cluster-experiment.ts emits: no shipped model has them, and a group with no
 * feature in a message takes no share of its norm, so every model scores as it did with four groups.
 *
 * Why per-group norms: under one L2 norm over all of a message's features, the ~15 cue and
 * question features of a 300-word letter weigh almost nothing beside its hundreds of words and
 * pairs, so the cues written for the rare classes (求助's 怎么办/恳请, 其他's thanks) barely count
 * in long letters. One norm per group gives each group the same say whatever the letter's length
 * (round 4's `grp`; measured in the README, thirteenth session).
 */
export const featureGroupCount = 5;

export function featureGroupOf(feature: string): number {
  switch (feature.slice(0, 2)) {
    case 'w:':
      return 0;
    case 't:':
      return 1;
    case 'b:':
      return 2;
    case 'c:':
      return 4;
    default:
      return 3;
  }
}

/** Distinct features of each group in a list of distinct features. */
export function countFeatureGroups(features: readonly string[]): number[] {
  const counts = new Array<number>(featureGroupCount).fill(0);
  for (const f of features) counts[featureGroupOf(f)]!++;
  return counts;
}

/**
 * The value of a feature of each group: each group present has its own L2 norm and the groups
 * weigh alike, so a feature of group g is 1 / sqrt(n_g · G), n_g the group's distinct features
 * (known to the model or not, as in training), G the number of groups present. The whole vector's
 * norm is 1, as under one norm.
 */
export function perGroupValues(counts: ArrayLike<number>): Float64Array {
  let present = 0;
  for (let g = 0; g < featureGroupCount; g++) if (counts[g]! > 0) present++;
  const values = new Float64Array(featureGroupCount);
  for (let g = 0; g < featureGroupCount; g++) values[g] = counts[g]! > 0 ? 1 / Math.sqrt(counts[g]! * present) : 0;
  return values;
}
