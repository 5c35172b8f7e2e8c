/**
 * 卷内目录 (第四条㈩ 按类别立卷归档): the list of the cases 归档 filed in one volume
 * (`<year>-<category>`, archive-case.ts), one entry per case, as the archivist prints it and keeps
 * it with the volume. 件号 follows the 台账编号: every case of a volume has one (a 不予受理 case has
 * no 回访 and is settled by a decision), it is the order of the 台账 and of the volume's export, so
 * the printed list and the ledger are read side by side, and an archived case never changes it.
 * Personal data is masked as exports mask it (--mask): the 留言人 and, in the title and the note,
 * the writers' names and phone and ID numbers.
 */
import { BadInputError, channelNames, outOfScopeReasonNames, type Channel, type OutOfScopeReason } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { settledTimes } from '../cases/archive-case.js';
import { satisfactionNames, type Satisfaction } from '../cases/record-visit.js';
import { requireRole, type Actor } from '../users/actor.js';
import { archiveVolumeSchema } from '../exports/export-rows.js';
import { maskName, maskText } from '../exports/mask.js';

/** Who may produce a volume's catalogue: the office that files the volumes, and an administrator. */
export const catalogueRoles = ['supervision', 'admin'] as const;

/** One line of 卷内目录; dates are China dates (YYYY-MM-DD), empty when there is none. */
export interface CatalogueEntry {
  /** 件号: 1..n in 台账编号 order. */
  no: number;
  ledgerNo: string;
  title: string;
  author: string;
  channel: string;
  receivedDate: string;
  unit: string;
  settledDate: string;
  visitResult: string;
  archivedDate: string;
  /** 备注: the cases merged into this one (并入), or the 不予受理 decision with its note. */
  remark: string;
}

export interface ArchiveCatalogue {
  volume: string;
  year: string;
  category: string;
  /** The China date the catalogue was generated. */
  generatedOn: string;
  entries: CatalogueEntry[];
}

/** The columns of the catalogue, in print order (HTML and XLSX). */
export const catalogueColumns: { key: keyof CatalogueEntry; header: string; width: number }[] = [
  { key: 'no', header: '件号', width: 6 },
  { key: 'ledgerNo', header: '台账编号', width: 16 },
  { key: 'title', header: '标题', width: 36 },
  { key: 'author', header: '留言人', width: 10 },
  { key: 'channel', header: '渠道', width: 12 },
  { key: 'receivedDate', header: '收到日期', width: 12 },
  { key: 'unit', header: '承办单位', width: 18 },
  { key: 'settledDate', header: '办结日期', width: 12 },
  { key: 'visitResult', header: '回访结果', width: 10 },
  { key: 'archivedDate', header: '归档日期', width: 12 },
  { key: 'remark', header: '备注', width: 30 },
];

/** The catalogue's title as printed: 《2026年 投诉类 网民留言卷内目录》. */
export function catalogueTitle(c: Pick<ArchiveCatalogue, 'year' | 'category'>): string {
  return `${c.year}年 ${c.category}类 网民留言卷内目录`;
}

/** The volume as typed (spaces trimmed), checked as 年份-类别; a clear message otherwise. */
export function parseVolume(volume: unknown): string {
  const parsed = archiveVolumeSchema.safeParse(typeof volume === 'string' ? volume.trim() : '');
  if (!parsed.success) throw new BadInputError(`归档卷「${typeof volume === 'string' ? volume : ''}」无法识别：归档卷应为「年份-类别」，如 2026-投诉、2026-不予受理`);
  return parsed.data;
}

/** The reasons and note of a 不予受理 decision as one remark (reasons named, each note once). */
function notAcceptedRemark(reasons: unknown, mask: (t: string) => string): string {
  if (!Array.isArray(reasons)) return '不予受理';
  const list = reasons as { code?: unknown; note?: unknown }[];
  const names = [...new Set(list.map((r) => (typeof r?.code === 'string' ? (outOfScopeReasonNames[r.code as OutOfScopeReason] ?? r.code) : '')).filter(Boolean))];
  const notes = [...new Set(list.map((r) => (typeof r?.note === 'string' ? r.note.trim() : '')).filter(Boolean))];
  return `不予受理${names.length ? `：${names.join('；')}` : ''}${notes.length ? `（${mask(notes.join('；'))}）` : ''}`;
}

/** The catalogue of a volume; a malformed volume, or one that holds no case, is refused with a message saying so. */
export async function computeArchiveCatalogue(db: Db, input: { volume: string; actor: Actor; now?: Date | undefined }): Promise<ArchiveCatalogue> {
  requireRole(input.actor, catalogueRoles);
  const volume = parseVolume(input.volume);
  const cases = await db.case.findMany({
    where: { archiveVolume: volume, state: 'archived' },
    orderBy: [{ ledgerNo: 'asc' }],
    select: {
      id: true,
      ledgerNo: true,
      outOfScope: true,
      outOfScopeReasons: true,
      archivedAt: true,
      assignedAt: true,
      primaryMessageId: true,
      unit: { select: { name: true } },
      visits: { select: { satisfaction: true }, orderBy: [{ visitedAt: 'desc' }, { id: 'desc' }], take: 1 },
      messages: { select: { id: true, title: true, author: true, channel: true, postedAt: true, firstSeenAt: true } },
    },
  });
  if (cases.length === 0) throw new BadInputError(`归档卷 ${volume} 中没有已归档的案件，未生成卷内目录（请核对年份和类别，或先归档）`);
  // 办结: the step that settled each case (its last 回访 closing it, or the 不予受理 decision).
  const settled = await settledTimes(db, cases.map((c) => ({ id: c.id, state: c.outOfScope ? 'not_accepted' : 'closed' })));
  // 并入: the cases merged into these (their letters now belong here; the merged case keeps its number).
  const merged = await db.case.findMany({
    where: { state: 'merged', primaryMessageId: { in: cases.flatMap((c) => c.messages.map((m) => m.id)) } },
    select: { ledgerNo: true, primaryMessageId: true },
    orderBy: { ledgerNo: 'asc' },
  });
  const entries = cases.map((c, i): CatalogueEntry => {
    const primary = c.messages.find((m) => m.id === c.primaryMessageId) ?? c.messages[0];
    const names = [...new Set(c.messages.flatMap((m) => (m.author ? [m.author] : [])))];
    const mask = (t: string) => maskText(t, names);
    const ids = new Set(c.messages.map((m) => m.id));
    const mergedIn = merged.filter((m) => ids.has(m.primaryMessageId)).map((m) => m.ledgerNo);
    const remark = [c.outOfScope ? notAcceptedRemark(c.outOfScopeReasons, mask) : '', mergedIn.length ? `并入 ${mergedIn.join('、')}` : ''].filter(Boolean).join('；');
    const visit = c.visits[0];
    const settledAt = settled.get(c.id);
    return {
      no: i + 1,
      ledgerNo: c.ledgerNo,
      title: mask(primary?.title ?? ''),
      author: primary?.author ? maskName(primary.author) : '',
      channel: primary ? (channelNames[primary.channel as Channel] ?? primary.channel) : '',
      receivedDate: primary ? chinaDate(primary.postedAt ?? primary.firstSeenAt) : '',
      // A case decided 不予受理 was handed to no unit (its unit is the classifier's suggestion).
      unit: !c.outOfScope && c.assignedAt ? (c.unit?.name ?? '') : '',
      settledDate: settledAt ? chinaDate(settledAt) : '',
      visitResult: visit ? (satisfactionNames[visit.satisfaction as Satisfaction] ?? visit.satisfaction) : '',
      archivedDate: c.archivedAt ? chinaDate(c.archivedAt) : '',
      remark,
    };
  });
  const [year = '', category = ''] = volume.split('-');
  return { volume, year, category, generatedOn: chinaDate(input.now ?? new Date()), entries };
}
