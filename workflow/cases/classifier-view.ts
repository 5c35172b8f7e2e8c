/**
 * What a handling unit (承办单位) is not shown of the classifier. The suggestion (建议类别, its
 * confidence, the 疑似不予受理 flag, the model's raw output and its updates) is the e-government
 * centre's tool for 分类审核: the unit receives a case the centre has already registered, with its
 * 类别 decided, and its ledger never shows a suggestion (the offices' 建议承办单位 cell). So the case
 * API gives a unit none of it either, and its exports leave the same columns out
 * (exports/unit-columns.ts): the 类别 as registered, 复杂程度, 紧急程度 and 承办单位 stay, and the
 * copies' 相似度 (de-duplication, not classification) too.
 */
import type { Prisma } from '../../prisma/generated/client.js';

/** Per event type, the keys of its data that are the classifier's suggestion, not a decision. */
const classifierKeys: Readonly<Record<string, readonly string[]>> = {
  // At intake the case's category is the suggestion, with its confidence and flag.
  case_created: ['category', 'confidence', 'outOfScope'],
  // 登记: the category registered stays; what had been suggested and which fields staff changed go.
  register: ['suggested', 'corrected'],
};

/** Events only about the suggestion (a new model's re-suggestion before 登记): a unit sees none of them. */
const classifierEvents = new Set(['suggestion_updated']);

/** The event log as a unit reads it: without the classifier's events, nor their facts in the others. */
export function eventsWithoutClassifier<E extends { type: string; data: Prisma.JsonValue }>(events: readonly E[]): E[] {
  return events.filter((e) => !classifierEvents.has(e.type)).map((e) => {
    const keys = classifierKeys[e.type];
    if (!keys || !e.data || typeof e.data !== 'object' || Array.isArray(e.data)) return e;
    const data: Record<string, Prisma.JsonValue> = {};
    for (const [key, value] of Object.entries(e.data)) if (!keys.includes(key) && value !== undefined) data[key] = value;
    return { ...e, data };
  });
}

/**
 * A message as a unit reads it: without its classification (the model's suggestion and
 * confidences). `null`, so the answer keeps its shape.
 */
export function messageWithoutClassifier<M extends { classification: Prisma.JsonValue }>(m: M): M {
  return { ...m, classification: null };
}
