/**
 * The installation's record of the last time Redis lost the queue's data, shared by every process
 * (kept in Redis itself, so it goes with the next loss, which writes its own): when it was first
 * noticed and how far the re-sending of the lost work got. Written by pipeline/queue-data-watch.ts,
 * read by the console (for the administrator and the centre) and `minsheng sources status`, which
 * show it as `describeQueueDataLoss` words it.
 */
import { beijingClock } from '../../core/index.js';

/**
 * `pending`: no process with the store has taken the re-sending yet (one takes it on its next
 * check; else the unfinished-work sweep does it); `running`: one is re-sending; `done`; `failed`
 * (the sweep, every minute, re-sends them).
 */
export type QueueDataResend = 'pending' | 'running' | 'done' | 'failed';

export interface QueueDataLoss {
  /** When the first process noticed the loss (ISO time). */
  lostAt: string;
  resend: QueueDataResend;
  /** Messages recorded without a case sent to classification again (with `done`). */
  resent?: number | undefined;
  /** When the re-sending ended (ISO time). */
  resentAt?: string | undefined;
  /** Why re-sending failed (with `failed`). */
  error?: string | undefined;
}

/** The record's Redis key (a hash) for the installation's key prefix. */
export const queueDataLossKey = (prefix: string) => `${prefix}:data-loss`;

const resendStates: readonly string[] = ['pending', 'running', 'done', 'failed'] satisfies QueueDataResend[];

/** The record's fields as strings (a Redis hash), the absent ones left out. */
export function queueDataLossFields(loss: Partial<QueueDataLoss>): Record<string, string> {
  return Object.fromEntries(Object.entries(loss).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
}

/** The record from its hash; undefined when there is none (no loss since Redis last lost its data) or it is not one. */
export function parseQueueDataLoss(fields: Record<string, string>): QueueDataLoss | undefined {
  const { lostAt, resend, resent, resentAt, error } = fields;
  if (!lostAt || Number.isNaN(Date.parse(lostAt))) return undefined;
  return {
    lostAt,
    resend: resend && resendStates.includes(resend) ? (resend as QueueDataResend) : 'pending',
    ...(resent !== undefined && /^\d+$/.test(resent) ? { resent: Number(resent) } : {}),
    ...(resentAt ? { resentAt } : {}),
    ...(error ? { error } : {}),
  };
}

const at = (iso: string) => beijingClock(Date.parse(iso)).slice(0, 16);

/**
 * The words for a re-sending that failed with `reason`: the one wording of the watch's log line
 * (queue-data-watch.ts) and of the notice (`describeQueueDataLoss`), so staff reading both read one thing.
 */
export function failedResendWords(reason: string | undefined): string {
  return `已记录、未登记的留言未能重新送去分类（${reason || '原因不明'}），由每分钟的巡检补做`;
}

/** One line for staff who run the system: when, and whether the lost work was sent again. */
export function describeQueueDataLoss(loss: QueueDataLoss): string {
  const resend =
    loss.resend === 'done'
      ? `已于 ${at(loss.resentAt ?? loss.lostAt)} 将 ${loss.resent ?? 0} 条已记录、未登记的留言重新送去分类`
      : loss.resend === 'running'
        ? '正在将已记录、未登记的留言重新送去分类'
        : loss.resend === 'failed'
          ? failedResendWords(loss.error)
          : '已记录、未登记的留言尚未重新送去分类（由主程序或工作进程在下次检查时补做）';
  return `任务队列数据丢失：${at(loss.lostAt)} 发现 Redis 中的队列数据已丢失（Redis 重启时未开启持久化，或被清空），排队中的任务和失败任务列表随之丢失；${resend}。采集计划已补回，已记录的留言不会丢失或重复。请检查 Redis 的 AOF 持久化。`;
}
