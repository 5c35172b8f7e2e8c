/**
 * The hand-labelled out-of-scope sets (classifier/eval/out-of-scope-*labels.jsonl: ids and
 * labels only) and the shared-data rows they point at. Used by the evaluation, by the sampling
 * of new sets (never twice the same message) and by the model's training (which must never see
 * a labelled message, nor a verbatim copy of one under another id).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface OutOfScopeLabel {
  id: string;
  flagged: boolean;
  reasons: string[];
  note?: string;
}

/**
 * Set name -> file, in the order the sets were drawn (each draw excluded the sets before it): '' is
 * the first development set, then dev2, dev3, test, test2, test3, test4, test5, test6, test7, test8, test9.
 */
export const outOfScopeSetNames = ['', 'dev2', 'dev3', 'test', 'test2', 'test3', 'test4', 'test5', 'test6', 'test7', 'test8', 'test9'] as const;
export type OutOfScopeSetName = (typeof outOfScopeSetNames)[number];

/**
 * The sets that are development data (read, tuned on, and since the seventh session trained on),
 * written out; the others are held out: never trained or tuned on (test5, test6 and test7 became
 * development data when their misses were read, test8 and test9 in the tenth session, after test9's
 * one blind measurement: no held-out set is left). A set added to outOfScopeSetNames is held out
 * until it is moved here by hand.
 */
export const developmentSetNames = ['', 'dev2', 'dev3', 'test', 'test2', 'test3', 'test4', 'test5', 'test6', 'test7', 'test8', 'test9'] as const satisfies readonly OutOfScopeSetName[];
export const heldOutSetNames: readonly OutOfScopeSetName[] = outOfScopeSetNames.filter((name) => !(developmentSetNames as readonly string[]).includes(name));
for (const name of outOfScopeSetNames) {
  const development = (developmentSetNames as readonly string[]).includes(name);
  if (development === heldOutSetNames.includes(name)) throw new Error(`标注集 ${name || 'dev'} 必须恰好属于开发集或保留集之一`);
}

const evalDir = fileURLToPath(new URL('../eval/', import.meta.url));

export function outOfScopeLabelFile(set: OutOfScopeSetName): string {
  return path.join(evalDir, `out-of-scope-${set ? `${set}-` : ''}labels.jsonl`);
}

/** The labels of one set ([] when its file does not exist yet). */
export function readOutOfScopeLabels(set: OutOfScopeSetName): OutOfScopeLabel[] {
  let text: string;
  try {
    text = readFileSync(outOfScopeLabelFile(set), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as OutOfScopeLabel);
}

/** Moved to the product (`minsheng train --from-store` trains on the same rows); kept here for the scripts. */
export { allLabeledIds, textKey } from '../out-of-scope-training.js';
export { readSharedDataRows as readAllSharedRows } from '../data.js';

/**
 * The replies that state or hint at non-acceptance (the same list that chose the reply-hint
 * halves of the labelled sets). A hint, not a label: replies also send consumer disputes to court.
 */
export const nonAcceptanceReplyHint =
  /诉讼|法院|仲裁|复议|信访终结|终结|不在受理范围|不予受理|不属于受理|无具体诉求|内容不详|无法核实|涉法涉诉|法律途径|司法途径|不属于[^，。,]{0,12}(职责|职能|管辖|范围)|不在[^，。,]{0,8}(职责|职能|管辖)/;
