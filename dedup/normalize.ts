/**
 * Text normalisation for duplicate detection: two copies of one message that differ only in
 * whitespace, punctuation, full/half width, traditional/simplified characters or letter case
 * normalise to the same string.
 */
import { toSimplified } from '../core/chinese-script.js';
import { decodePercentRuns } from '../core/markup.js';
import { withoutInvisible } from '../core/visible-text.js';

export { toSimplified };

/**
 * The text as a reader sees it, for the patterns that find names, towns, numbered lines and
 * requests: characters that show nothing but split a word for a pattern (路\u200b灯: zero-width
 * spaces and joiners, soft hyphens, bidi controls, controls; core/visible-text.ts) removed, then
 * NFKC (full-width letters and digits to half width). Other text is only NFKC-normalised, as before.
 */
export function visibleText(text: string): string {
  return withoutInvisible(text).normalize('NFKC');
}

/** Any punctuation, symbol, whitespace or control/format character (after NFKC). */
const noise = /[\p{P}\p{S}\p{Z}\p{C}\s]+/gu;

/**
 * The canonical form of a text: NFKC (full-width letters and digits to half width), percent-encoded
 * runs decoded, traditional to simplified, lower case, and every punctuation mark, symbol and space
 * removed. Idempotent.
 */
export function normalizeText(text: string): string {
  return toSimplified(decodePercentRuns(text.normalize('NFKC'))).toLowerCase().replace(noise, '');
}
