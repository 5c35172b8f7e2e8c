/**
 * The rows of a classified batch: one per message that entered the ledger (copies included, each
 * pointing at the message it copies), with its case's classification and review status. Read in
 * pages on a stable order (firstSeenAt, id), so exports of any size use bounded memory.
 */
import { z } from 'zod';
import { categories, channelNames, channels, outOfScopeReasonNames, type Channel, type OutOfScopeReason } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';
import { caseStates, stateNames, type CaseState } from '../cases/state-machine.js';
import { satisfactionNames, type Satisfaction } from '../cases/record-visit.js';
import type { Actor } from '../users/actor.js';
import { casesLedBy, casesVisibleTo } from '../users/cases-visible-to.js';
import { readSuggestion } from '../console-queries/suggestion.js';
import { chinaIsoTime } from './china-time.js';
import { maskName, maskText } from './mask.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/**
 * An archive volume as 归档 names it (archive-case.ts archiveFiling): `<year>-<category>`, or
 * `<year>-不予受理`. Only such names: a typo (2026投诉) would silently export an empty catalogue.
 */
export const archiveVolumeSchema = z.string().regex(new RegExp(`^\\d{4}-(${[...categories, '不予受理'].join('|')})$`), '归档卷应为「年份-类别」，如 2026-投诉、2026-不予受理');

/** Review status of a message's case: awaiting review, confirmed (registered on), or not accepted. */
export const reviewStatuses = ['pending', 'confirmed', 'not_accepted'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];
export const reviewStatusNames: Record<ReviewStatus, string> = { pending: '待审核', confirmed: '已确认', not_accepted: '不予受理' };

/**
 * What one row of an export is: a case (每件一行, as the ledger and the bulletin count) or a message
 * (每条留言一行, copies each a row of their own). Unset means `case`: an office reading figures out of
 * an export expects them to agree with the 台账 and the 《印台政务通报》.
 */
export const exportRowKinds = ['case', 'message'] as const;
export type ExportRowKind = (typeof exportRowKinds)[number];
export const exportRowKindNames: Record<ExportRowKind, string> = { case: '每件一行（按案件）', message: '每条留言一行（按留言）' };
export const defaultExportRowKind: ExportRowKind = 'case';

/**
 * Which time the period (from, to) is read on: when the message was posted (or first seen), or when
 * its case was registered in the ledger (Case.createdAt, the basis of the bulletins and charts).
 * Unset means `posted` (the exports' basis before the choice existed).
 */
export const exportDateBases = ['posted', 'registered'] as const;
export type ExportDateBasis = (typeof exportDateBases)[number];
export const exportDateBasisNames: Record<ExportDateBasis, string> = { posted: '按留言时间', registered: '按登记时间' };
export const defaultExportDateBasis: ExportDateBasis = 'posted';

/**
 * The filters of an export and what a row is; dates are China dates on the chosen basis. Per case,
 * 按留言时间 reads the time of the message that opened the case, and a channel matches a case any
 * copy of which came through it.
 */
export const exportFilterSchema = z.object({
  rowsPer: z.enum(exportRowKinds).optional(),
  dateBasis: z.enum(exportDateBases).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  channel: z.enum(channels).optional(),
  // Known values only: an unknown one (a typo, an old link) would silently export nothing.
  category: z.enum(categories).optional(),
  state: z.enum(caseStates).optional(),
  review: z.enum(reviewStatuses).optional(),
  /** The cases 归档 filed in this volume (2026-投诉): the volume's catalogue (卷内目录). */
  archiveVolume: archiveVolumeSchema.optional(),
});
export type ExportFilter = z.infer<typeof exportFilterSchema>;

/**
 * The filters as staff read them, for the export's record (导出记录 条件): Chinese names and
 * values in the form's order, `{ 每行: '每件一行（按案件）', 时间依据: '按登记时间', 时间: '2026-11-01 至 2026-11-30', 类别: '投诉' }`;
 * no filter, only 每行.
 */
export function exportConditions(filter: ExportFilter): Record<string, string> {
  const out: Record<string, string> = {};
  out['每行'] = exportRowKindNames[filter.rowsPer ?? defaultExportRowKind];
  if (filter.from || filter.to) out['时间依据'] = exportDateBasisNames[filter.dateBasis ?? defaultExportDateBasis];
  if (filter.from || filter.to) out['时间'] = filter.from && filter.to ? `${filter.from} 至 ${filter.to}` : filter.from ? `${filter.from} 起` : `至 ${filter.to}`;
  if (filter.channel) out['渠道'] = channelNames[filter.channel];
  if (filter.category) out['类别'] = filter.category;
  if (filter.state) out['办理状态'] = stateNames[filter.state as CaseState] ?? filter.state;
  if (filter.review) out['审核状态'] = reviewStatusNames[filter.review];
  if (filter.archiveVolume) out['归档卷'] = filter.archiveVolume;
  return out;
}

export interface ExportRow {
  messageId: string;
  ledgerNo: string;
  channel: string;
  source: string;
  /** Beijing time with its offset, `2026-11-28T17:28:09+08:00` (CSV and XLSX show `2026-11-28 17:28:09`). */
  postedAt: string;
  /** When the case was registered in the ledger (Case.createdAt), as postedAt. */
  registeredAt: string;
  title: string;
  content: string;
  author: string;
  category: string;
  suggestedCategory: string;
  confidence: number | null;
  reviewStatus: string;
  /** 不予受理 as staff decided it (Chinese reason names); empty unless the case is not accepted. */
  outOfScopeReasons: string;
  /** The classifier's 不予受理 flag on this message, only while the case awaits review: a suggestion, not a decision. */
  outOfScopeSuggested: string;
  /** 不予受理说明: the note staff gave with the 不予受理 decision (masked as title and content are); empty unless the case is not accepted. */
  notAcceptedNote: string;
  complexity: string;
  urgency: string;
  unit: string;
  /** 协办单位 of the 交办 in force (、-separated); empty when the case has none. */
  assistUnits: string;
  state: string;
  dueDate: string;
  /** 回访结果: the satisfaction of the case's last follow-up visit (满意, 基本满意, 不满意, 无法联系); empty before any. */
  visitResult: string;
  /** When that visit was made, as postedAt; empty before any. */
  visitedAt: string;
  /** The volume 归档 filed the case in (2026-投诉); empty until archived. */
  archiveVolume: string;
  /** When the case was archived, as postedAt; empty until archived. */
  archivedAt: string;
  /** The ledger number of the case holding the message this one copies (what staff can look up). */
  duplicateOf: string;
  similarity: number | null;
  url: string;
  /**
   * An item forwarded by the province or city (第三条㈠3): 转办层级 (省级转办, 市级转办), the 转办单's
   * 转办编号 and its own 办理时限 (上级办理时限, YYYY-MM-DD), as the message carries them; empty otherwise.
   */
  forwardLevel: string;
  forwardNo: string;
  upperDeadline: string;
}

/** One column of CSV and XLSX. */
export interface ExportColumn<Row> {
  key: keyof Row & string;
  header: string;
  width: number;
  time?: true;
}

/**
 * Column order and Chinese headers of CSV and XLSX (JSON uses the keys). `time`: an ISO time,
 * shown in CSV and XLSX as Beijing wall-clock time.
 */
export const exportColumns: ExportColumn<ExportRow>[] = [
  { key: 'ledgerNo', header: '台账编号', width: 18 },
  { key: 'messageId', header: '留言编号', width: 38 },
  { key: 'channel', header: '渠道', width: 12 },
  { key: 'source', header: '来源', width: 18 },
  { key: 'postedAt', header: '留言时间', width: 20, time: true },
  { key: 'title', header: '标题', width: 40 },
  { key: 'content', header: '内容', width: 80 },
  { key: 'author', header: '留言人', width: 12 },
  { key: 'category', header: '类别', width: 8 },
  { key: 'suggestedCategory', header: '建议类别', width: 10 },
  { key: 'confidence', header: '置信度', width: 8 },
  { key: 'reviewStatus', header: '审核状态', width: 10 },
  { key: 'outOfScopeReasons', header: '不予受理理由', width: 24 },
  { key: 'outOfScopeSuggested', header: '分类器提示（不予受理）', width: 24 },
  { key: 'complexity', header: '复杂程度', width: 10 },
  { key: 'urgency', header: '紧急程度', width: 10 },
  { key: 'unit', header: '承办单位', width: 18 },
  { key: 'assistUnits', header: '协办单位', width: 24 },
  { key: 'state', header: '办理状态', width: 18 },
  { key: 'dueDate', header: '办理时限', width: 12 },
  { key: 'duplicateOf', header: '重复于', width: 18 },
  { key: 'similarity', header: '相似度', width: 8 },
  { key: 'url', header: '原文链接', width: 40 },
  // Last, so the columns of the exports before it keep their places.
  { key: 'registeredAt', header: '登记时间', width: 20, time: true },
  { key: 'notAcceptedNote', header: '不予受理说明', width: 40 },
  // 卷内目录: the follow-up visit that settled the case and where and when 归档 filed it.
  { key: 'visitResult', header: '回访结果', width: 10 },
  { key: 'visitedAt', header: '回访时间', width: 20, time: true },
  { key: 'archiveVolume', header: '归档卷', width: 16 },
  { key: 'archivedAt', header: '归档时间', width: 20, time: true },
  { key: 'forwardLevel', header: '转办层级', width: 10 },
  { key: 'forwardNo', header: '转办编号', width: 20 },
  { key: 'upperDeadline', header: '上级办理时限', width: 12 },
];

/**
 * What a JSON export's rows carry that CSV and XLSX say in their header: with a period, the basis it
 * was read on (`periodBasis`: 'posted' or 'registered', the row's postedAt or registeredAt), so a file
 * cut 按登记时间 is not read as one cut 按留言时间. Without a period, nothing (the rows stay as they were).
 */
export function exportJsonStamp(filter: ExportFilter): Record<string, string> | undefined {
  return filter.from || filter.to ? { periodBasis: filter.dateBasis ?? defaultExportDateBasis } : undefined;
}

/** The header that marks the time column a period was read on (CSV and XLSX: the export says its basis). */
export const basisHeaderSuffix = '（导出时间依据）';

/**
 * The columns with the time column the period was read on marked (留言时间（导出时间依据）), when
 * a period was given: the file itself says which basis it was cut on.
 */
export function markBasisColumn<Row>(columns: readonly ExportColumn<Row>[], filter: ExportFilter): ExportColumn<Row>[] {
  if (!filter.from && !filter.to) return [...columns];
  const key = (filter.dateBasis ?? defaultExportDateBasis) === 'registered' ? 'registeredAt' : 'postedAt';
  return columns.map((c) => (c.key === key ? { ...c, header: c.header + basisHeaderSuffix } : c));
}

export const startOf = (date: string) => new Date(`${date}T00:00:00+08:00`);
export const endOf = (date: string) => new Date(startOf(date).getTime() + 86_400_000);

/** Staff decided 不予受理: the decision standing, or the case archived as such (立卷 under 不予受理). */
const notAcceptedWhere: Prisma.CaseWhereInput = { OR: [{ state: 'not_accepted' }, { state: 'archived', outOfScope: true }] };

/** The period as a time range (China days), or null without one. */
export function periodRange(filter: ExportFilter): Prisma.DateTimeFilter | null {
  if (!filter.from && !filter.to) return null;
  const range: Prisma.DateTimeFilter = {};
  if (filter.from) range.gte = startOf(filter.from);
  if (filter.to) range.lt = endOf(filter.to);
  return range;
}

/** A message posted in the range (one without a posting time: first seen in it). */
export const postedWithin = (range: Prisma.DateTimeFilter): Prisma.MessageWhereInput => ({ OR: [{ postedAt: range }, { postedAt: null, firstSeenAt: range }] });

/**
 * The Prisma condition for the filters and the actor's scope (a unit: its own cases only). The
 * review filter matches the 审核状态 column (reviewStatusOf): 不予受理 includes the cases archived
 * as such, 已确认 excludes every 不予受理.
 */
export function exportWhere(filter: ExportFilter, actor: Actor): Prisma.MessageWhereInput {
  const caseWhere: Prisma.CaseWhereInput = {};
  if (filter.category) caseWhere.category = filter.category;
  if (filter.state) caseWhere.state = filter.state;
  if (filter.archiveVolume) caseWhere.archiveVolume = filter.archiveVolume;
  const and: Prisma.MessageWhereInput[] = [{ caseId: { not: null } }, { case: caseWhere }, { case: casesVisibleTo(actor) }];
  if (filter.review === 'pending') and.push({ case: { state: 'awaiting_review' } });
  if (filter.review === 'not_accepted') and.push({ case: notAcceptedWhere });
  if (filter.review === 'confirmed') and.push({ case: { categoryConfirmed: true, NOT: notAcceptedWhere } });
  if (filter.channel) and.push({ channel: filter.channel });
  const range = periodRange(filter);
  if (range) and.push((filter.dateBasis ?? defaultExportDateBasis) === 'registered' ? { case: { createdAt: range } } : postedWithin(range));
  return { AND: and };
}

export const include = {
  source: { select: { name: true } },
  case: { select: { ledgerNo: true, createdAt: true, reporterCount: true, category: true, categoryConfirmed: true, state: true, outOfScope: true, complexity: true, urgency: true, dueDate: true, outOfScopeReasons: true, archiveVolume: true, archivedAt: true, unit: { select: { name: true } },
      visits: { select: { satisfaction: true, visitedAt: true }, orderBy: [{ visitedAt: 'desc' }, { id: 'desc' }], take: 1 },
      // 协办 of the 交办 in force: those closed by the lead's return belong to an undone 交办.
      assignments: { where: { role: 'assist', status: { not: 'returned' } }, select: { unitId: true }, orderBy: [{ assignedAt: 'asc' }, { unitId: 'asc' }] },
      // The proposal in force of a case proposed or agreed (拟：…), whose unit is its 承办单位 as the ledger shows it.
      proposals: { where: { decision: { in: ['pending', 'approved'] } }, select: { unitId: true }, orderBy: [{ proposedAt: 'desc' }, { id: 'desc' }], take: 1 } } },
} satisfies Prisma.MessageInclude;

/** A case 已拟办待领导审批 or 领导已同意待交办: its 承办单位 is its proposal's unit, not its suggestion. */
const proposedUnitId = (c: MessageWithCase['case']): string | undefined => (c && (c.state === 'proposed' || c.state === 'approved') ? c.proposals[0]?.unitId : undefined);

export type MessageWithCase = Prisma.MessageGetPayload<{ include: typeof include }>;

function reviewStatusOf(c: MessageWithCase['case']): string {
  if (!c) return '';
  if (c.state === 'awaiting_review') return reviewStatusNames.pending;
  // A case refused straight from the review queue was never registered (categoryConfirmed stays false): archived, it is still 不予受理.
  if (decidedNotAccepted(c)) return reviewStatusNames.not_accepted;
  return c.categoryConfirmed ? reviewStatusNames.confirmed : reviewStatusNames.pending;
}

const reasonNames = (codes: (string | null | undefined)[]) =>
  [...new Set(codes.filter((x): x is string => Boolean(x)))].map((code) => outOfScopeReasonNames[code as OutOfScopeReason] ?? code).join('；');

/** The note of a 不予受理 decision (each of its reasons carries the decision's note): each distinct note once. */
const decisionNote = (reasons: { note?: unknown }[]) =>
  [...new Set(reasons.map((r) => (typeof r?.note === 'string' ? r.note.trim() : '')).filter(Boolean))].join('；');

/** Staff decided 不予受理 (still standing, or archived as such): the case's reasons are that decision. */
const decidedNotAccepted = (c: NonNullable<MessageWithCase['case']>) => c.state === 'not_accepted' || (c.state === 'archived' && c.outOfScope);

export function toRow(m: MessageWithCase, masked: boolean, ledgerNoOf: ReadonlyMap<string, string>, unitNameOf: ReadonlyMap<string, string>, maskNames?: readonly string[]): ExportRow {
  const s = readSuggestion(m.classification);
  const c = m.case;
  const names = maskNames ?? (m.author ? [m.author] : []);
  const text = (t: string) => (masked ? maskText(t, names) : t);
  // The case's reasons hold the classifier's flag until staff decide; only a decision is shown as one.
  const reasons = c && decidedNotAccepted(c) && Array.isArray(c.outOfScopeReasons) ? reasonNames((c.outOfScopeReasons as { code?: string }[]).map((r) => r?.code)) : '';
  const note = c && decidedNotAccepted(c) && Array.isArray(c.outOfScopeReasons) ? text(decisionNote(c.outOfScopeReasons as { note?: unknown }[])) : '';
  const visit = c?.visits[0];
  const suggested = c?.state === 'awaiting_review' && s?.outOfScope.flagged ? reasonNames(s.outOfScope.reasons.map((r) => r.code)) : '';
  return {
    messageId: m.id,
    ledgerNo: c?.ledgerNo ?? '',
    channel: channelNames[m.channel as Channel] ?? m.channel,
    source: m.source.name,
    postedAt: chinaIsoTime(m.postedAt ?? m.firstSeenAt),
    registeredAt: c ? chinaIsoTime(c.createdAt) : '',
    title: text(m.title),
    content: text(m.content),
    author: m.author ? (masked ? maskName(m.author) : m.author) : '',
    category: c?.category ?? '',
    suggestedCategory: s?.category ?? '',
    confidence: s?.confidence === null || s?.confidence === undefined ? null : Math.round(s.confidence * 1000) / 1000,
    reviewStatus: reviewStatusOf(c),
    outOfScopeReasons: reasons,
    outOfScopeSuggested: suggested,
    notAcceptedNote: note,
    complexity: c?.complexity === 'complex' ? '复杂' : '简单',
    urgency: c?.urgency === 'urgent' ? '紧急' : '一般',
    // Before 交办 the unit proposed or agreed, as the ledger's 拟：… (QA, office's day: a case the housing
    // bureau returned and the office proposed elsewhere was exported as the housing bureau's).
    unit: unitNameOf.get(proposedUnitId(c) ?? '') ?? c?.unit?.name ?? s?.unit.value ?? '',
    assistUnits: (c?.assignments ?? []).map((a) => unitNameOf.get(a.unitId) ?? a.unitId).join('、'),
    state: c ? (stateNames[c.state as CaseState] ?? c.state) : '',
    dueDate: c?.dueDate ?? '',
    visitResult: visit ? (satisfactionNames[visit.satisfaction as Satisfaction] ?? visit.satisfaction) : '',
    visitedAt: visit ? chinaIsoTime(visit.visitedAt) : '',
    archiveVolume: c?.archiveVolume ?? '',
    archivedAt: c?.archivedAt ? chinaIsoTime(c.archivedAt) : '',
    duplicateOf: m.duplicateOfId ? (ledgerNoOf.get(m.duplicateOfId) ?? '') : '',
    similarity: m.similarity,
    url: m.url ?? '',
    ...forwardingColumns(m.forwarding),
  };
}

const forwardLevelNames: Record<string, string> = { province: '省级转办', city: '市级转办' };

/** 转办层级, 转办编号 and 上级办理时限 of a message's forwarding (empty strings when it has none). */
function forwardingColumns(value: unknown): Pick<ExportRow, 'forwardLevel' | 'forwardNo' | 'upperDeadline'> {
  const f = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return { forwardLevel: forwardLevelNames[str(f.originLevel)] ?? '', forwardNo: str(f.forwardNo), upperDeadline: str(f.upperDeadline) };
}

/** How many messages an export with these filters has (the rows of 每条留言一行). */
export async function countExportMessages(db: Db, filter: ExportFilter, actor: Actor): Promise<number> {
  return db.message.count({ where: exportWhere(filter, actor) });
}

/**
 * Of these cases, those whose 回访 the actor may not read: for a handling unit, the ones it only
 * assists (协办). The visit is the lead's and the offices' business, and an assisting unit's case
 * page shows none (cases/get-case.ts); its export leaves 回访结果 and 回访时间 empty the same way.
 */
export async function visitsHiddenFrom(db: Db, actor: Actor, caseIds: readonly string[]): Promise<ReadonlySet<string>> {
  if (actor.role !== 'unit' || caseIds.length === 0) return new Set();
  const led = await db.case.findMany({ where: { id: { in: [...caseIds] }, ...casesLedBy(actor.unitId ?? '-') }, select: { id: true } });
  const ledIds = new Set(led.map((c) => c.id));
  return new Set(caseIds.filter((id) => !ledIds.has(id)));
}

/** The row without its 回访 when the actor may not read its case's (visitsHiddenFrom). */
export function withoutHiddenVisit<Row extends { visitResult: string; visitedAt: string }>(row: Row, caseId: string | null, hidden: ReadonlySet<string>): Row {
  return caseId !== null && hidden.has(caseId) ? { ...row, visitResult: '', visitedAt: '' } : row;
}

/** The rows of 每条留言一行, page by page (`batchSize` messages per query). */
export async function* exportMessageRowBatches(db: Db, input: { filter: ExportFilter; actor: Actor; masked: boolean; batchSize?: number }): AsyncGenerator<ExportRow[]> {
  const where = exportWhere(input.filter, input.actor);
  const take = input.batchSize ?? 500;
  let cursor: string | undefined;
  for (;;) {
    const page = await db.message.findMany({
      where,
      include,
      orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }],
      take,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (page.length === 0) return;
    const originals = [...new Set(page.map((m) => m.duplicateOfId).filter((x): x is string => Boolean(x)))];
    const ledgerNoOf = new Map(
      originals.length
        ? (await db.message.findMany({ where: { id: { in: originals } }, select: { id: true, case: { select: { ledgerNo: true } } } })).flatMap((o) => (o.case ? [[o.id, o.case.ledgerNo] as const] : []))
        : [],
    );
    const unitNameOf = await assistUnitNames(db, page);
    const hidden = await visitsHiddenFrom(db, input.actor, [...new Set(page.flatMap((m) => (m.caseId ? [m.caseId] : [])))]);
    yield page.map((m) => withoutHiddenVisit(toRow(m, input.masked, ledgerNoOf, unitNameOf), m.caseId, hidden));
    if (page.length < take) return;
    cursor = page[page.length - 1]!.id;
  }
}

/** The names of the 协办单位 of a page's cases, and of the units their proposals in force name. */
export async function assistUnitNames(db: Db, page: readonly MessageWithCase[]): Promise<Map<string, string>> {
  const assistIds = [...new Set(page.flatMap((m) => [...(m.case?.assignments.map((a) => a.unitId) ?? []), ...(m.case?.proposals.map((p) => p.unitId) ?? [])]))];
  return new Map(assistIds.length ? (await db.unit.findMany({ where: { id: { in: assistIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name] as const) : []);
}
