/**
 * Per-message fingerprints. A fingerprint is plain JSON, so the store can keep one per message and
 * an index can be rebuilt from stored fingerprints without the text. Everything the index needs is
 * in it: the exact hash, a bottom-k sketch of the character shingles (for verification), LSH band
 * keys (MinHash over the same shingles), anchor keys (head and content-defined 8-grams, for
 * truncated and extended copies) and a 64-bit SimHash over jieba tokens.
 */
import { sha256, withoutMarkup } from '../core/index.js';
import { combine, hashString, seededRandom } from './hash.js';
import { lineKeys, nameKeys } from './key-phrases.js';
import { normalizeText } from './normalize.js';
import { requestObjects } from './request-objects.js';
import { segmenter } from './segmenter.js';

/** Parameters baked into a fingerprint; a change bumps FINGERPRINT_VERSION. */
export const fingerprintParams = {
  /** Character shingle length on normalised text. */
  shingle: 3,
  /** Bottom-k sketch size: exact similarity up to this many distinct shingles, an estimate above. */
  sketchSize: 128,
  /** MinHash LSH: bands x rows hash functions; a pair with Jaccard J becomes a candidate with P = 1-(1-J^rows)^bands. */
  bands: 20,
  rows: 3,
  /** Normalised characters hashed as the head anchor. */
  headLength: 12,
  /** Content-defined anchors: the `anchors` smallest hashes of `anchorGram`-grams in the first `anchorSpan` characters. */
  anchorGram: 8,
  anchorSpan: 80,
  anchors: 2,
  /** A body shorter than this (normalised) is fingerprinted together with its title. */
  minBody: 20,
  /** Bottom-k sketch of the distinct jieba tokens (2+ characters) of the compared text, for the reworded-copy check. */
  tokenSketchSize: 32,
  /** Digit runs kept (bottom-k of their hashes); a message with fewer has them all. */
  maxNumbers: 8,
} as const;

/**
 * 2: token sketch added (`tokens`). 3: requested facilities (`requests`). 4: numbered lines of the
 * title (`line:` keys in `names` and `titleNames`). 5: towns (`town:` keys), 古镇 and 印台 read as places.
 * 6: facilities reported broken among the requests (路灯不亮, 电梯坏了), and a 下水道 class. 7: names
 * read past verbs and function words (督促热力公司 names 热力公司, 如果公司 and 听说小区 nothing). Stored
 * fingerprints of another version are recomputed from the text (and reference-df.bin.gz is rebuilt:
 * build-reference-df.ts).
 */
export const FINGERPRINT_VERSION = 7;
/** Title shingles kept in a fingerprint (titles are short: almost always all of them). */
export const TITLE_SKETCH = 32;

/** JSON-serialisable fingerprint of one message. */
export interface Fingerprint {
  v: number;
  /** SHA-256 hex of the normalised text: equal hashes mean an exact copy. */
  exactHash: string;
  /** 64-bit SimHash over jieba tokens, 16 hex digits. */
  simhash: string;
  /** Length of the normalised text. */
  length: number;
  /** Number of distinct character shingles. */
  size: number;
  /** Base64 of the sorted uint32 shingle hashes, at most `sketchSize` of them (bottom-k). */
  sketch: string;
  /** LSH band keys (uint32). */
  bands: number[];
  /** Head and content-defined anchor keys (uint32). */
  anchors: number[];
  /** Named estates, roads, companies, institutions and bodies (key-phrases.ts): a template letter about another name is not a copy. */
  names: string[];
  /** The names in the title alone: when both titles name something, these decide a conflict. */
  titleNames: string[];
  /** Distinct character shingles of the normalised title, and the base64 of (at most 32 of) them. */
  titleSize: number;
  titleSketch: string;
  /** Base64 of the sorted uint32 hashes of the distinct tokens (2+ characters), bottom `tokenSketchSize`. */
  tokens: string;
  /** Sorted hashes of the distinct digit runs of the compared text (numbers, dates, amounts), at most `maxNumbers`. */
  numbers: number[];
  /** Classes of the facilities the message asks for (request-objects.ts): asking for other ones is another request. */
  requests: string[];
}

const SEED_TOKEN = 0x746f6b6e;
const SEED_NUMBER = 0x6e756d62;

/** Bottom-`maxNumbers` hashes of the distinct digit runs of a normalised text (leading zeros dropped). */
export function numberSet(text: string): number[] {
  const runs = new Set((text.match(/\d+/g) ?? []).map((d) => d.replace(/^0+(?=\d)/, '')));
  const hashes = [...runs].map((d) => hashString(d, 0, d.length, SEED_NUMBER));
  return hashes.sort((a, b) => a - b).slice(0, fingerprintParams.maxNumbers);
}

/** Sorted, distinct hashes of the tokens of 2 or more characters (single characters are mostly function words). */
export function tokenSet(tokens: readonly string[]): Uint32Array {
  const hashes = tokens.filter((t) => t.length >= 2).map((t) => hashString(t, 0, t.length, SEED_TOKEN));
  return Uint32Array.from(new Set(hashes)).sort();
}

const SALT_HEAD = 0x68656164;
const SALT_ANCHOR = 0x616e6368;

const { bands: BANDS, rows: ROWS } = fingerprintParams;
const HASHES = BANDS * ROWS;
const mulA = new Uint32Array(HASHES);
const addB = new Uint32Array(HASHES);
{
  const rnd = seededRandom(0x5eed1234);
  for (let i = 0; i < HASHES; i++) {
    mulA[i] = rnd() | 1; // odd: x -> a*x+b is a permutation of uint32
    addB[i] = rnd();
  }
}

/** The text a message is compared on: its body, or title + body when the body is too short to stand alone. */
export function comparableText(message: { title: string; content: string }): string {
  const body = normalizeText(message.content ?? '');
  if (body.length >= fingerprintParams.minBody) return body;
  return normalizeText(`${message.title ?? ''}${message.content ?? ''}`);
}

/** Sorted, distinct hashes of the character shingles of a normalised text. */
export function shingleSet(text: string): Uint32Array {
  const k = fingerprintParams.shingle;
  if (text.length === 0) return new Uint32Array(0);
  if (text.length < k) return Uint32Array.of(hashString(text));
  const out = new Uint32Array(text.length - k + 1);
  for (let i = 0; i + k <= text.length; i++) out[i] = hashString(text, i, i + k);
  out.sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i]!;
  return out.slice(0, n);
}

function bandKeys(shingles: Uint32Array): number[] {
  if (shingles.length === 0) return [];
  const mins = new Float64Array(HASHES).fill(Infinity);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s]!;
    for (let j = 0; j < HASHES; j++) {
      const h = (Math.imul(x, mulA[j]!) + addB[j]!) >>> 0;
      if (h < mins[j]!) mins[j] = h;
    }
  }
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let key = combine(0xb0 + b, b);
    for (let r = 0; r < ROWS; r++) key = combine(key, mins[b * ROWS + r]!);
    keys.push(key);
  }
  return keys;
}

function anchorKeys(text: string): number[] {
  const { headLength, anchorGram, anchorSpan, anchors } = fingerprintParams;
  const keys: number[] = [];
  if (text.length >= headLength) keys.push(combine(SALT_HEAD, hashString(text, 0, headLength)));
  const end = Math.min(text.length, anchorSpan);
  const grams: number[] = [];
  for (let i = 0; i + anchorGram <= end; i++) grams.push(hashString(text, i, i + anchorGram));
  const smallest = [...new Set(grams)].sort((a, b) => a - b).slice(0, anchors);
  for (const g of smallest) keys.push(combine(SALT_ANCHOR, g));
  return keys;
}

/** Splits normalised text into tokens for SimHash. */
export type Tokenizer = (text: string) => string[];

/** The default tokenizer: jieba with HMM for unknown words. */
export const jiebaTokens: Tokenizer = (text) => segmenter().cut(text, true);

/** 64-bit SimHash of a normalised text over its tokens (each occurrence weighs 1). */
export function simhash64(text: string, tokenize: Tokenizer = jiebaTokens): string {
  return simhashOf(text.length > 0 ? tokenize(text) : []);
}

function simhashOf(tokens: readonly string[]): string {
  const weights = new Int32Array(64);
  for (const token of tokens) {
    const lo = hashString(token, 0, token.length, 0x811c9dc5);
    const hi = hashString(token, 0, token.length, 0x01234567);
    for (let bit = 0; bit < 32; bit++) {
      weights[bit]! += (lo >>> bit) & 1 ? 1 : -1;
      weights[bit + 32]! += (hi >>> bit) & 1 ? 1 : -1;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (weights[bit]! > 0) lo |= 1 << bit;
    if (weights[bit + 32]! > 0) hi |= 1 << bit;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

export function encodeSketch(values: Uint32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeUInt32LE(values[i]!, i * 4);
  return bytes.toString('base64');
}

const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

export function decodeSketch(sketch: string): Uint32Array {
  const bytes = Buffer.from(sketch, 'base64');
  const out = new Uint32Array(bytes.length >>> 2);
  // On little-endian hosts (all we run on) the bytes are the array: one copy, no per-value reads.
  if (littleEndian) new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 4));
  else for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt32LE(i * 4);
  return out;
}

/**
 * Fingerprints a message (title + content). Deterministic; never throws on any string input.
 * `tokenize` replaces jieba for the SimHash and the token sketch only (benches filling an index with a million messages);
 * fingerprints to be stored must use the default.
 */
export function fingerprint(written: { title: string; content: string }, options: { tokenize?: Tokenizer } = {}): Fingerprint {
  // A page's tags and character references left by a scraper are not the writer's words (core/markup.ts).
  const message = { title: withoutMarkup(written.title ?? ''), content: withoutMarkup(written.content ?? '') };
  const text = comparableText(message);
  const shingles = shingleSet(text);
  const titleShingles = shingleSet(normalizeText(message.title ?? ''));
  const tokens = text.length > 0 ? (options.tokenize ?? jiebaTokens)(text) : [];
  return {
    v: FINGERPRINT_VERSION,
    exactHash: sha256(text),
    simhash: simhashOf(tokens),
    length: text.length,
    size: shingles.length,
    sketch: encodeSketch(shingles.subarray(0, fingerprintParams.sketchSize)),
    bands: bandKeys(shingles),
    anchors: anchorKeys(text),
    names: [...nameKeys(message), ...lineKeys(message.title ?? '')],
    titleNames: [...nameKeys({ title: message.title ?? '', content: '' }), ...lineKeys(message.title ?? '')],
    titleSize: titleShingles.length,
    titleSketch: encodeSketch(titleShingles.subarray(0, TITLE_SKETCH)),
    tokens: encodeSketch(tokenSet(tokens).subarray(0, fingerprintParams.tokenSketchSize)),
    numbers: numberSet(text),
    requests: requestObjects(`${message.title ?? ''}。${message.content ?? ''}`),
  };
}
