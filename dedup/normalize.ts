/**
 * Text normalisation for duplicate detection: two copies of one message that differ only in
 * whitespace, punctuation, full/half width, traditional/simplified characters or letter case
 * normalise to the same string.
 */
import { toSimplified } from '../core/chinese-script.js';
import { decodePercentRuns } from '../core/markup.js';

export { toSimplified };

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
