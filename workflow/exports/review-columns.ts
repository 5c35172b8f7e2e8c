/**
 * The columns of 分类审核 and who does not get them. 建议类别, 置信度, 审核状态 and
 * 分类器提示（不予受理） are the e-government centre's review tools: what the classifier suggested,
 * how sure it was, and whether staff have confirmed it yet. A handling unit (承办单位) receives a
 * case the centre has already registered, with its 类别 decided; its case page, its ledger and the
 * case API show it none of the classifier's suggestion (cases/get-case.ts classifierViewFor), so
 * its exports, in every format and on every path (the console's job, the stream, the CLI), leave
 * those columns out. The offices' files keep every column in its place; a unit's file simply lacks
 * these (JSON: the keys; CSV and XLSX: the columns), the others in the same order.
 */
import type { Actor } from '../users/actor.js';
import type { ExportColumn } from './export-rows.js';

/** The row keys of the 分类审核 columns. */
export const reviewOnlyKeys = ['suggestedCategory', 'confidence', 'reviewStatus', 'outOfScopeSuggested'] as const;
export type ReviewOnlyKey = (typeof reviewOnlyKeys)[number];

/** Whether the actor's exports leave the 分类审核 columns out: a handling unit's do. */
export const seesReviewColumns = (actor: Actor): boolean => actor.role !== 'unit';

const isReviewOnly = (key: string) => (reviewOnlyKeys as readonly string[]).includes(key);

/** The columns the actor's export has: all of them for the offices, without the 分类审核 ones for a unit. */
export function columnsFor<Row>(columns: readonly ExportColumn<Row>[], actor: Actor): ExportColumn<Row>[] {
  return seesReviewColumns(actor) ? [...columns] : columns.filter((c) => !isReviewOnly(c.key));
}

/** A row as the actor's export has it: as built for the offices, without the 分类审核 keys for a unit. */
export function rowFor<Row extends Record<ReviewOnlyKey, unknown>>(row: Row, actor: Actor): Row | Omit<Row, ReviewOnlyKey> {
  if (seesReviewColumns(actor)) return row;
  const { suggestedCategory: _category, confidence: _confidence, reviewStatus: _review, outOfScopeSuggested: _flag, ...rest } = row;
  return rest;
}
