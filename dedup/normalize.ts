/**
 * Text normalisation for duplicate detection: two copies of one message that differ only in
 * whitespace, punctuation, full/half width, traditional/simplified characters or letter case
 * normalise to the same string.
 */
import { toSimplified } from '../core/chinese-script.js';

export { toSimplified };

/** Any punctuation, symbol, whitespace or control/format character (after NFKC). */
const noise = /[\p{P}\p{S}\p{Z}\p{C}\s]+/gu;

/**
 * The canonical form of a text: NFKC (full-width letters and digits to half width), percent-encoded
 * runs decoded, traditional to simplified, lower case, and every punctuation mark, symbol and space
 * removed. Idempotent.
 */
export function normalizeText(text: string): string {
  return toSimplified(decodePercent(text.normalize('NFKC'))).toLowerCase().replace(noise, '');
}

/** Some sites store bodies percent-encoded (%E6%88%91...): decode runs of %XX that form valid UTF-8. */
function decodePercent(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
