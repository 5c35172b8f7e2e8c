/**
 * Hand labels of the development sets (out-of-scope-sets.ts developmentSetNames) as training rows
 * of the learned out-of-scope model, positive = flagged; never a held-out set's message (test8
 * was one until the tenth session; none is left), nor a verbatim copy of one. Used by train-out-of-scope.ts and cv-out-of-scope.ts (an
 * experiment: the committed model has none). The weak rows and the fit are the product's
 * (classifier/out-of-scope-training.ts: `minsheng train --from-store` uses them too).
 */
import { featuresOf, textKey, type TrainingRow } from '../out-of-scope-training.js';
import { developmentSetNames, heldOutSetNames, readOutOfScopeLabels, type OutOfScopeLabel, type OutOfScopeSetName } from './out-of-scope-sets.js';
import type { LabeledRow } from '../data.js';

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
