/**
 * Text normalisation for duplicate detection: two copies of one message that differ only in
 * whitespace, punctuation, full/half width, traditional/simplified characters or letter case
 * normalise to the same string.
 */
import * as OpenCC from 'opencc-js';

/** Any punctuation, symbol, whitespace or control/format character (after NFKC). */
const noise = /[\p{P}\p{S}\p{Z}\p{C}\s]+/gu;

const CJK_START = 0x3400;
const CJK_END = 0x9fff;
let table: Uint16Array | undefined;

/**
 * Character table traditional -> simplified over the CJK blocks, built once from OpenCC's Taiwan
 * and Hong Kong presets (which include variant forms: 臺/台, 裡/裏/里). Character by character is
 * what a canonical form needs (the same input always maps the same way) and is ~50x faster than
 * running OpenCC's phrase converter on every message.
 */
function simplifiedTable(): Uint16Array {
  if (table) return table;
  const fromHongKong = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const fromTaiwan = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const out = new Uint16Array(CJK_END - CJK_START + 1);
  const chars: string[] = [];
  for (let c = CJK_START; c <= CJK_END; c++) chars.push(String.fromCharCode(c));
  // One converter call over all characters, separated so no phrase rule can span two of them.
  const converted = fromTaiwan(fromHongKong(chars.join('\n'))).split('\n');
  for (let i = 0; i < chars.length; i++) {
    const to = converted[i] ?? '';
    out[i] = to.length === 1 && to !== chars[i] ? to.charCodeAt(0) : 0;
  }
  return (table = out);
}

/** Traditional (Taiwan or Hong Kong forms) to simplified Chinese, character by character; other characters unchanged. */
export function toSimplified(text: string): string {
  const map = simplifiedTable();
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < CJK_START || c > CJK_END) continue;
    const to = map[c - CJK_START]!;
    if (to === 0) continue;
    out += text.slice(from, i) + String.fromCharCode(to);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

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
