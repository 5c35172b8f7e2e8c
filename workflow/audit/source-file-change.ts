/**
 * 加入来源文件 on the console (web/api/source-drafts.ts): which channels the system watches is the
 * administrator's setting, so adding one is kept in the event log (caseId null, beside the account
 * changes) with who, when, the source, the file and its backup, and shown on 安全审计 as 系统设置.
 */
import { appendEvent } from '../events/append-event.js';
import type { Db } from '../store/index.js';
import { requireRole, type Actor } from '../users/actor.js';

/** The event's type. */
export const sourceFileAppendedEvent = 'source_file_appended';

export interface SourceFileAppended {
  sourceId: string;
  /** The source file written, and the copy kept before. */
  file: string;
  backup: string;
  /** The list page the draft was made from. */
  listUrl: string;
}

export async function recordSourceFileAppended(db: Pick<Db, 'event'>, actor: Actor, added: SourceFileAppended): Promise<void> {
  requireRole(actor, ['admin']);
  await appendEvent(db, { type: sourceFileAppendedEvent, actor: actor.username, role: actor.role, data: { ...added } });
}
