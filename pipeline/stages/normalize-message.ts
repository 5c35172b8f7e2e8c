/**
 * Normalisation before anything is stored: text from the internet may carry NUL bytes and other
 * control characters (PostgreSQL refuses NUL in text), odd spacing, or be binary garbage.
 * Pure; keeps every printable character the citizen wrote, and drops the characters that show
 * nothing (zero-width spaces, soft hyphens, bidi overrides: core/visible-text.ts).
 */
import { replyTextOrNone, withoutInvisible, type CrawledMessage } from '../../core/index.js';
import { crawledTextLimits } from '../jobs/definitions.js';

/**
 * The text as stored: characters that show nothing (controls except tab and line breaks, lone
 * surrogates, zero-width spaces and joiners, soft hyphens, bidi overrides: core/visible-text.ts) and
 * the non-characters U+FFFE/U+FFFF removed, line breaks and runs of spaces made uniform.
 */
export function cleanText(value: string): string {
  return withoutInvisible(value)
    .replace(/[\uFFFE\uFFFF]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00A0\u3000]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function cleanOptional(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = cleanText(value);
  return cleaned === '' ? undefined : cleaned;
}

/**
 * A 转办编号 in the one form it is stored and compared in, whether a crawler read it or a clerk
 * typed it: full-width letters, digits and dashes folded to half width (a Chinese input method types
 * ＴＣＺＢ－２０２６, and some 转办 pages print it so), letters in upper case (转办单 print them so; a
 * clerk types tczb). So the same 转办单 read or typed two ways is one item.
 */
export function foldForwardNo(value: string): string {
  return cleanText(value).normalize('NFKC').toUpperCase();
}

/**
 * The message's page address as stored: an absolute http(s) address, else none. Staff open it from
 * the console (原文) and it is in every export; a `javascript:`, `data:` or `file:` address, or a
 * relative one, from a source module or a JSONL file (the config crawler drops them itself:
 * crawlers/extract/fields.ts finishFields) would be a link that runs or opens something else.
 */
export function pageAddress(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const trimmed = url.trim();
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

export function normalizeMessage(message: CrawledMessage): CrawledMessage {
  const forwardNo = message.forwarding?.forwardNo === undefined ? undefined : foldForwardNo(message.forwarding.forwardNo);
  return {
    ...message,
    url: pageAddress(message.url),
    ...(message.forwarding ? { forwarding: { ...message.forwarding, forwardNo: forwardNo === '' ? undefined : forwardNo } } : {}),
    siteId: cleanText(message.siteId),
    title: cleanText(message.title),
    content: cleanText(message.content),
    author: cleanOptional(message.author),
    siteType: cleanOptional(message.siteType),
    siteStatus: cleanOptional(message.siteStatus),
    replyUnit: cleanOptional(message.replyUnit),
    // A reply box's placeholder (暂无回复, 正在办理中, —) is no reply, whoever crawled it.
    replyText: replyTextOrNone(cleanOptional(message.replyText)),
  };
}

type LimitedField = keyof typeof crawledTextLimits;

/** Fields whose cut is said in the text itself (a letter, a reply), not only with an ellipsis. */
const notedFields: ReadonlySet<LimitedField> = new Set(['content', 'replyText']);

/** Cuts `value` to at most `max` UTF-16 units without splitting a surrogate pair. */
function cutAt(value: string, max: number): string {
  const end = max > 0 && /[\uD800-\uDBFF]/.test(value[max - 1] ?? '') ? max - 1 : max;
  return value.slice(0, end);
}

function fitText(field: LimitedField, value: string): string {
  const max = crawledTextLimits[field];
  if (!notedFields.has(field)) return cutAt(value, max - 1) + '…';
  // Characters as a reader counts them (code points), not UTF-16 units.
  let characters = 0;
  for (const _ of value) characters++;
  const note = `\n\n【民声：原文共 ${characters} 字，超过 ${max} 字的上限，以下已略去；全文请见原网页】`;
  return cutAt(value, max - note.length) + note;
}

/**
 * Cuts every free-text field longer than its limit (`crawledTextLimits`) and says so: the letter
 * and the reply end with a note giving the original length, shorter fields with "…". A huge letter
 * (a pasted document, a flood of characters) is thereby recorded, classified and registered like
 * any other, with its page address for the full text, instead of being refused: on the embedded
 * queue a refused message lived only in the in-memory failed list, and the crawler counted it as
 * known, so it was lost at the next restart. Deterministic, so a re-crawl of the same page gives
 * the same text and is not taken for a change. Returns the message unchanged (the same object)
 * when nothing is too long, and the names of the fields it cut.
 */
export function fitToLimits(message: CrawledMessage): { message: CrawledMessage; cut: LimitedField[] } {
  const cut: LimitedField[] = [];
  const fitted: CrawledMessage = { ...message };
  for (const field of Object.keys(crawledTextLimits) as LimitedField[]) {
    const value = message[field];
    if (typeof value !== 'string' || value.length <= crawledTextLimits[field]) continue;
    fitted[field] = fitText(field, value);
    cut.push(field);
  }
  return cut.length === 0 ? { message, cut } : { message: fitted, cut };
}
