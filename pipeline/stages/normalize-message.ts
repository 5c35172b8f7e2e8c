/**
 * Normalisation before anything is stored: text from the internet may carry NUL bytes and other
 * control characters (PostgreSQL refuses NUL in text), odd spacing, or be binary garbage.
 * Pure; keeps every printable character the citizen wrote.
 */
import type { CrawledMessage } from '../../core/index.js';

// Control characters except tab, newline and carriage return; and lone surrogates.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const controlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

export function cleanText(value: string): string {
  return value
    .replace(controlChars, '')
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

export function normalizeMessage(message: CrawledMessage): CrawledMessage {
  return {
    ...message,
    siteId: cleanText(message.siteId),
    title: cleanText(message.title),
    content: cleanText(message.content),
    author: cleanOptional(message.author),
    siteType: cleanOptional(message.siteType),
    siteStatus: cleanOptional(message.siteStatus),
    replyUnit: cleanOptional(message.replyUnit),
    replyText: cleanOptional(message.replyText),
  };
}
