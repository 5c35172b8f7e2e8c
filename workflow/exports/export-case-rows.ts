/**
 * The rows of 每件一行 (按案件): one per case in the ledger, as the 台账 and the 《印台政务通报》
 * count them, with the case's fields, the text of the message that opened it (its copies are
 * counted, not repeated: 反映人数, 留言条数, and 来源渠道 naming every copy's channel), masked as the
 * per-message rows are (every writer of the case is masked in the text). Cases merged into another
 * are not rows (their messages are counted in the case they joined, as the bulletin does). Read in
 * pages on a stable order (registration time, id). Also the dispatch between the two kinds of row.
 */
import { channelNames, type Channel } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { casesVisibleTo } from '../users/cases-visible-to.js';
import {
  assistUnitNames,
  countExportMessages,
  defaultExportDateBasis,
  defaultExportRowKind,
  exportColumns,
  exportMessageRowBatches,
  include,
  markBasisColumn,
  periodRange,
  postedWithin,
  toRow,
  visitsHiddenFrom,
  withoutHiddenVisit,
  type ExportColumn,
  type ExportFilter,
  type ExportRow,
  type MessageWithCase,
} from './export-rows.js';
import { columnsFor, rowFor, type UnitHiddenKey } from './unit-columns.js';

/** A row of 每件一行: the case and its first message, without the per-copy columns, plus the copies' counts. */
export type CaseExportRow = Omit<ExportRow, 'duplicateOf' | 'similarity'> & {
  /** 反映人数: distinct writers (Case.reporterCount, 群众反映较多). */
  reporterCount: number;
  /** 留言条数: the messages in the case, the first one and every copy. */
  messageCount: number;
  /** 来源渠道: the channels of all the case's messages, each once, the first message's first, then as the copies came (、-separated). */
  channels: string;
};

const caseOnly: ExportColumn<CaseExportRow>[] = [
  { key: 'reporterCount', header: '反映人数', width: 8 },
  { key: 'messageCount', header: '留言条数', width: 8 },
  { key: 'channels', header: '来源渠道', width: 24 },
];

/**
 * Columns of 每件一行: the per-message ones without 重复于 and 相似度, the copies' counts after 留言人
 * (so the first eight columns sit where they do per message).
 */
export const caseExportColumns: ExportColumn<CaseExportRow>[] = exportColumns.flatMap((c): ExportColumn<CaseExportRow>[] => {
  if (c.key === 'duplicateOf' || c.key === 'similarity') return [];
  const column = c as unknown as ExportColumn<CaseExportRow>;
  return c.key === 'author' ? [column, ...caseOnly] : [column];
});

/** Either kind of row, as the offices get it or as a handling unit does (without the 分类审核 and 不予受理 keys: unit-columns.ts). */
export type AnyExportRow = ExportRow | CaseExportRow | Omit<ExportRow, UnitHiddenKey> | Omit<CaseExportRow, UnitHiddenKey>;

/**
 * The columns of an export with these filters for this actor, the time column it was cut on
 * marked: a handling unit's without the 分类审核 and 不予受理 ones (unit-columns.ts).
 */
export function exportColumnsFor(filter: ExportFilter, actor: Actor): ExportColumn<AnyExportRow>[] {
  const columns = (filter.rowsPer ?? defaultExportRowKind) === 'case' ? caseExportColumns : exportColumns;
  return markBasisColumn(columnsFor(columns as ExportColumn<AnyExportRow>[], actor), filter);
}

/** Staff decided 不予受理 (as export-rows.ts reads it). */
const notAcceptedWhere: Prisma.CaseWhereInput = { OR: [{ state: 'not_accepted' }, { state: 'archived', outOfScope: true }] };

/**
 * The cases of 每件一行, with the same meaning of each filter as per message; the period on the
 * registration time (the bulletin's) or the first message's posting time.
 */
export function caseExportWhere(filter: ExportFilter, actor: Actor): Prisma.CaseWhereInput {
  const and: Prisma.CaseWhereInput[] = [{ state: { not: 'merged' } }, casesVisibleTo(actor)];
  if (filter.category) and.push({ category: filter.category });
  if (filter.state) and.push({ state: filter.state });
  if (filter.archiveVolume) and.push({ archiveVolume: filter.archiveVolume });
  if (filter.review === 'pending') and.push({ state: 'awaiting_review' });
  if (filter.review === 'not_accepted') and.push(notAcceptedWhere);
  if (filter.review === 'confirmed') and.push({ categoryConfirmed: true, NOT: notAcceptedWhere });
  if (filter.channel) and.push({ messages: { some: { channel: filter.channel } } });
  const range = periodRange(filter);
  // The message that opened a case is the one copying none (register, merge and split keep it so).
  if (range) and.push((filter.dateBasis ?? defaultExportDateBasis) === 'registered' ? { createdAt: range } : { messages: { some: { duplicateOfId: null, ...postedWithin(range) } } });
  return { AND: and };
}

/** How many rows an export with these filters has (cases or messages, as `rowsPer` says). */
export async function countExportRows(db: Db, filter: ExportFilter, actor: Actor): Promise<number> {
  if ((filter.rowsPer ?? defaultExportRowKind) === 'message') return countExportMessages(db, filter, actor);
  return db.case.count({ where: caseExportWhere(filter, actor) });
}

function caseRow(c: { id: string; primaryMessageId: string }, messages: readonly MessageWithCase[], masked: boolean, unitNameOf: ReadonlyMap<string, string>): CaseExportRow | null {
  const primary = messages.find((m) => m.id === c.primaryMessageId) ?? messages[0];
  if (!primary) return null;
  const names = [...new Set(messages.flatMap((m) => (m.author ? [m.author] : [])))];
  const row: Partial<ExportRow> = toRow(primary, masked, new Map(), unitNameOf, names);
  delete row.duplicateOf;
  delete row.similarity;
  return {
    ...(row as Omit<ExportRow, 'duplicateOf' | 'similarity'>),
    reporterCount: primary.case?.reporterCount ?? 1,
    messageCount: messages.length,
    channels: [...new Set([primary, ...messages].map((m) => channelNames[m.channel as Channel] ?? m.channel))].join('、'),
  };
}

/** The rows of 每件一行, page by page (`batchSize` cases per query). */
export async function* exportCaseRowBatches(db: Db, input: { filter: ExportFilter; actor: Actor; masked: boolean; batchSize?: number }): AsyncGenerator<CaseExportRow[]> {
  const where = caseExportWhere(input.filter, input.actor);
  const take = input.batchSize ?? 500;
  let cursor: string | undefined;
  for (;;) {
    const page = await db.case.findMany({
      where,
      select: { id: true, primaryMessageId: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (page.length === 0) return;
    const messages = await db.message.findMany({ where: { caseId: { in: page.map((c) => c.id) } }, include, orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }] });
    const byCase = new Map<string, MessageWithCase[]>();
    for (const m of messages) byCase.set(m.caseId!, [...(byCase.get(m.caseId!) ?? []), m]);
    const unitNameOf = await assistUnitNames(db, messages);
    const hidden = await visitsHiddenFrom(db, input.actor, page.map((c) => c.id));
    yield page.flatMap((c) => {
      const row = caseRow(c, byCase.get(c.id) ?? [], input.masked, unitNameOf);
      return row ? [withoutHiddenVisit(row, c.id, hidden)] : [];
    });
    if (page.length < take) return;
    cursor = page[page.length - 1]!.id;
  }
}

/**
 * The rows of an export, page by page: cases or messages, as `rowsPer` says; a handling unit's
 * without the 分类审核 and 不予受理 keys (unit-columns.ts), so a JSON file lacks them as CSV and XLSX do.
 */
export async function* exportRowBatches(db: Db, input: { filter: ExportFilter; actor: Actor; masked: boolean; batchSize?: number }): AsyncGenerator<AnyExportRow[]> {
  if ((input.filter.rowsPer ?? defaultExportRowKind) === 'message') for await (const batch of exportMessageRowBatches(db, input)) yield batch.map((row) => rowFor(row, input.actor));
  else for await (const batch of exportCaseRowBatches(db, input)) yield batch.map((row) => rowFor(row, input.actor));
}
