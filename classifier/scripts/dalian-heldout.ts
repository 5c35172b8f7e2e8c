/**
 * The Dalian 20% held-out split of cross-source.ts ("dalian-heldout"): the de-duplicated Dalian
 * rows of readEvaluationRows(), in file order, each drawn into the test side when
 * seededRandom(42)() < 0.2. cross-source.ts (and the experiment scripts) draw it inline, so this
 * must stay the same draw; reader-agreement.ts checks it by reproducing cross-source.ts's
 * held-out figures on the whole split.
 */
import { type LabeledRow } from '../data.js';
import { seededRandom } from '../linear-model.js';

export const dalianSource = 'dalian-12345';

/** [train, heldOut] over the Dalian rows of `rows` (other sources are ignored). */
export function dalianHeldOutSplit(rows: LabeledRow[]): [LabeledRow[], LabeledRow[]] {
  const random = seededRandom(42);
  const train: LabeledRow[] = [];
  const heldOut: LabeledRow[] = [];
  for (const r of rows) if (r.source === dalianSource) (random() < 0.2 ? heldOut : train).push(r);
  return [train, heldOut];
}
