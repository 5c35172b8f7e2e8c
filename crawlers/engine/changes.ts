/** Turning raw fields into a CrawledMessage, and telling which fields changed since last time. */
import { sha256, type Channel, type CrawledMessage } from '../../core/index.js';
import type { RawFields } from '../extract/fields.js';
import type { SourceDefinition } from '../source/schema.js';

/** Fields compared between visits (what staff care about when a message changes). */
export const watchedFields = ['title', 'content', 'author', 'postedAt', 'siteType', 'siteStatus', 'replyUnit', 'replyAt', 'replyText', 'forwardNo', 'originLevel', 'upperDeadline'] as const;

const short = (s: string) => sha256(s).slice(0, 16);

/** A time a site prints as a count back from now (`3小时前`, `刚刚`): another text at each run for the same moment. */
const drifting = /^(?:刚刚|\d+\s*(?:秒|分钟|分|小时|个小时|天|周|个月|月|年)(?:以)?前)$/;

/** The text a field is compared by: a drifting time only as being there, so its count going up is no change. */
function comparable(name: string, value: string): string {
  return (name === 'postedAt' || name === 'replyAt') && drifting.test(value.trim()) ? '(相对时间)' : value;
}

/** Hash of everything a list page showed of an item. */
export function listHash(fields: RawFields): string {
  const keys = Object.keys(fields).sort();
  return short(keys.map((k) => `${k}=${comparable(k, fields[k as keyof RawFields] ?? '')}`).join('\u0001'));
}

export function fieldHashes(fields: RawFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of watchedFields) if (fields[f] !== undefined) out[f] = short(comparable(f, fields[f] as string));
  return out;
}

/** Names of fields whose hash differs (added, removed or changed). */
export function changedFields(before: Record<string, string>, after: Record<string, string>): string[] {
  return watchedFields.filter((f) => before[f] !== after[f]);
}

export function toCrawledMessage(source: SourceDefinition, siteId: string, fields: RawFields, fetchedAt: string): CrawledMessage {
  const channel: Channel = source.channel;
  const originLevel = (fields.originLevel as 'province' | 'city' | undefined) ?? source.forwarding?.originLevel;
  return {
    sourceId: source.id,
    channel,
    siteId,
    url: fields.detailUrl,
    title: fields.title ?? '',
    content: fields.content ?? '',
    author: fields.author,
    postedAt: fields.postedAt,
    siteType: fields.siteType,
    siteStatus: fields.siteStatus,
    replyUnit: fields.replyUnit,
    replyAt: fields.replyAt,
    replyText: fields.replyText,
    // Kept with a dropped message so the scope can judge it again; a page's overlong cell is cut.
    district: fields.district?.slice(0, 200),
    forwarding:
      channel === 'forwarded' || fields.forwardNo || fields.upperDeadline
        ? { originLevel: originLevel ?? 'city', forwardNo: fields.forwardNo, upperDeadline: fields.upperDeadline }
        : undefined,
    fetchedAt,
  };
}
