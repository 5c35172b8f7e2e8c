/**
 * The columns a handling unit's exports leave out, and why.
 *
 * - 分类审核: 建议类别, 置信度, 审核状态 and 分类器提示（不予受理） are the e-government centre's
 *   review tools: what the classifier suggested, how sure it was, and whether staff have confirmed
 *   it yet. A unit receives a case the centre has already registered, with its 类别 decided; its
 *   case page, its ledger and the case API show it none of the classifier's suggestion
 *   (cases/get-case.ts classifierViewFor).
 * - 不予受理: 不予受理理由 and 不予受理说明 record a decision taken before any 交办 (from 待审核分类 or
 *   已登记: cases/state-machine.ts), and a unit sees only the cases handed to it
 *   (users/cases-visible-to.ts), so in its file the two columns could only ever be empty.
 *
 * So a unit's exports, in every format and on every path (the console's job, the stream, the CLI),
 * lack those columns (JSON: the keys; CSV and XLSX: the columns), the others in the same order as
 * the offices' files, which keep every column in its place.
 */
import type { Actor } from '../users/actor.js';
import type { ExportColumn } from './export-rows.js';

/** The row keys of the 分类审核 columns. */
export const reviewOnlyKeys = ['suggestedCategory', 'confidence', 'reviewStatus', 'outOfScopeSuggested'] as const;
/** The row keys of the 不予受理 decision's columns. */
export const notAcceptedKeys = ['outOfScopeReasons', 'notAcceptedNote'] as const;
/** Every key a unit's export leaves out. */
export const unitHiddenKeys = [...reviewOnlyKeys, ...notAcceptedKeys] as const;
export type UnitHiddenKey = (typeof unitHiddenKeys)[number];

/** Whether the actor's exports have every column: the offices' do, a handling unit's do not. */
export const seesAllColumns = (actor: Actor): boolean => actor.role !== 'unit';

const hiddenFromUnits = new Set<string>(unitHiddenKeys);

/** The columns the actor's export has: all of them for the offices, without unitHiddenKeys for a unit. */
export function columnsFor<Row>(columns: readonly ExportColumn<Row>[], actor: Actor): ExportColumn<Row>[] {
  return seesAllColumns(actor) ? [...columns] : columns.filter((c) => !hiddenFromUnits.has(c.key));
}

/** A row as the actor's export has it: as built for the offices, without unitHiddenKeys for a unit. */
export function rowFor<Row extends Record<UnitHiddenKey, unknown>>(row: Row, actor: Actor): Row | Omit<Row, UnitHiddenKey> {
  if (seesAllColumns(actor)) return row;
  return Object.fromEntries(Object.entries(row).filter(([key]) => !hiddenFromUnits.has(key))) as Omit<Row, UnitHiddenKey>;
}
