/**
 * A time limit for work a request waits on. BullMQ's Redis connection waits for Redis to come
 * back rather than failing a command, and a paused server never answers at all: without a limit,
 * a health check or the metrics would hang for as long as the outage lasts.
 */
import { UnavailableError } from '../core/index.js';

/** `work`, or an UnavailableError (503) saying `what` did not answer within `ms`. */
export async function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new UnavailableError(`${what}在 ${ms / 1000} 秒内没有响应`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
