/**
 * A case's messages as the command line lists them before a de-duplication correction (`minsheng
 * cases copies`, `cases split`): the first message and each copy with a number (序号, 1 the first),
 * the writer, channel, source, time and similarity, and the case's 反映人数. The console's case
 * page shows the same (重复留言); the command names a copy to split off by its number or id.
 */
import { channelNames, NotFoundError, BadInputError, type Channel } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { stateNames, type CaseState } from './state-machine.js';

export interface CaseCopyLine {
  /** 1 for the case's first message, then the copies in the order they arrived. */
  no: number;
  messageId: string;
  primary: boolean;
  title: string;
  author: string | null;
  channelName: string;
  source: string;
  postedAt: string | null;
  /** How like the case's first message the copy was found (null: the first, or merged in by staff). */
  similarity: number | null;
}

export interface CaseCopies {
  caseId: string;
  ledgerNo: string;
  title: string;
  state: string;
  stateName: string;
  reporterCount: number;
  messages: CaseCopyLine[];
}

/** The case named by 台账编号 (any case) or id, with its messages numbered; 404 when there is none. */
export async function listCaseCopies(db: Db, reference: string): Promise<CaseCopies> {
  const ref = reference.trim();
  const c = await db.case.findFirst({
    where: { OR: [{ ledgerNo: ref.toUpperCase() }, { id: ref }] },
    include: { messages: { orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }], select: { id: true, title: true, author: true, channel: true, postedAt: true, similarity: true, source: { select: { name: true } } } } },
  });
  if (!c) throw new NotFoundError(`案件不存在：${ref}`);
  const ordered = [...c.messages.filter((m) => m.id === c.primaryMessageId), ...c.messages.filter((m) => m.id !== c.primaryMessageId)];
  return {
    caseId: c.id,
    ledgerNo: c.ledgerNo,
    title: c.title,
    state: c.state,
    stateName: stateNames[c.state as CaseState] ?? c.state,
    reporterCount: c.reporterCount,
    messages: ordered.map((m, i) => ({
      no: i + 1,
      messageId: m.id,
      primary: m.id === c.primaryMessageId,
      title: m.title,
      author: m.author,
      channelName: channelNames[m.channel as Channel] ?? m.channel,
      source: m.source.name,
      postedAt: m.postedAt?.toISOString() ?? null,
      similarity: m.id === c.primaryMessageId ? null : m.similarity,
    })),
  };
}

/** The message a command names by its number (序号, as listed) or id; refused when the case has none such. */
export function copyNamed(copies: CaseCopies, reference: string): CaseCopyLine {
  const ref = reference.trim();
  const found = /^\d+$/.test(ref) ? copies.messages.find((m) => m.no === Number(ref)) : copies.messages.find((m) => m.messageId === ref);
  if (!found) throw new BadInputError(`案件 ${copies.ledgerNo} 没有序号或编号为 ${ref} 的留言（共 ${copies.messages.length} 条，用 minsheng cases copies ${copies.ledgerNo} 查看）`);
  return found;
}
