/**
 * The in-memory duplicate index. It holds no text: it is rebuilt from stored fingerprints by
 * calling add() in arrival order. Candidates come from three kinds of keys: the exact hash, the
 * MinHash LSH bands and the head/anchor keys. SimHash block keys were measured to add no recall, so
 * they are not indexed. Every candidate is then verified on the shingle sketches (judgePair), so a
 * link always rests on measured overlap, never on a key collision. Each key keeps at most
 * `maxPostingsPerKey` messages, so a lookup costs at most keys x cap verifications whatever the
 * index size.
 */
import { BadInputError } from '../core/index.js';
import { decodeSketch, FINGERPRINT_VERSION, type Fingerprint } from './fingerprint.js';
import { combine } from './hash.js';
import { PostingTable } from './posting-table.js';
import { subjectsConflict } from './key-phrases.js';
import { committedReferenceDf, dfBucket, DF_BITS, type ReferenceDf } from './reference-df.js';
import { requestMask } from './request-objects.js';
import { defaultDuplicateRule, judgePair, sketchOverlap, type DuplicateRule, type MatchKind, type TokenWeight } from './similarity.js';

export type { MatchKind };

export interface DedupOptions {
  /** Decision thresholds. @default defaultDuplicateRule (see similarity.ts) */
  rule?: Partial<DuplicateRule>;
  /** Messages kept per key; more are boilerplate. @default 32 */
  maxPostingsPerKey?: number;
  /** Only messages at most this many days older than the query's createdAt are duplicates. @default unlimited */
  windowDays?: number;
  /** Document frequencies the IDF weights start from (reference-df.ts); null: the index's own only. @default the committed reference */
  referenceDf?: ReferenceDf | null;
}

export interface DedupMeta {
  createdAt?: string | undefined;
  source?: string | undefined;
}

export interface DedupMatch {
  id: string;
  /** The score the decision used, in [0, 1] (1 for an exact copy). */
  similarity: number;
  jaccard: number;
  containment: number;
  /** exact: same normalised text; near: bodies similar; contained: one body holds the other; same-title: same title, bodies overlapping. */
  kind: MatchKind;
}

export interface DedupIndex {
  /** Adds a message's fingerprint; ids must be unique (a repeated id is ignored). */
  add(id: string, fp: Fingerprint, meta?: DedupMeta): void;
  /** The best earlier match above the thresholds (ties: the earliest), or null. */
  findDuplicate(fp: Fingerprint, meta?: DedupMeta): DedupMatch | null;
  /** Every verified match, best first. */
  findDuplicates(fp: Fingerprint, meta?: DedupMeta): DedupMatch[];
  has(id: string): boolean;
  /**
   * Whether the stored message `id` is about a different place or organisation than `fp`: another
   * estate, road, company or institution of the same kind, or another numbered line (the check
   * every link passes, without government bodies: a body named in a letter is often its addressee,
   * and the same letter sent to 建设局 and to 信访局 is one request); false for an id not stored.
   */
  namesDiffer(fp: Fingerprint, id: string): boolean;
  readonly size: number;
  /** Approximate bytes held by the typed arrays (ids and the id map not included). */
  readonly bytes: number;
  /** Candidates verified so far, over all lookups (cost accounting for benches). */
  readonly verified: number;
  /**
   * A token hash's weight, its IDF over the reference counts, the token sketches added so far and
   * the query: log((N_ref + n + 1) / (df_ref + df + [in query])) (reference-df.ts). Pass it to compareFingerprints(query, stored, rule, weight) to
   * get the index's decision for one pair.
   */
  readonly tokenWeight: TokenWeight;
}

/** Document-frequency counters, one per bucket of token hashes: fixed memory at any index size. */
/** ln(d) for small document frequencies: weighing a token costs a lookup, not a logarithm. */
const LOG_TABLE = Float64Array.from({ length: 4096 }, (_, d) => (d === 0 ? 0 : Math.log(d)));

const SALT_EXACT = 0x65786163;

const noNames = { names: [] as string[], titleNames: [] as string[] };
const noNumbers: readonly number[] = [];

function keysOf(fp: Fingerprint): number[] {
  const exact = combine(SALT_EXACT, parseInt(fp.exactHash.slice(0, 8), 16) >>> 0);
  return [exact, ...fp.bands, ...fp.anchors];
}

const notAgency = (key: string) => !key.startsWith('agency:');

function parseTime(value: string | undefined): number {
  return value === undefined ? NaN : parseLooseDate(value);
}

/** Parses the date formats the sites use (2019-1-1 12:59:49, 2020/1/6 12:09:38, ISO); NaN when unparseable. */
export function parseLooseDate(value: string): number {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?/.exec(value.trim());
  if (!m) return Date.parse(value);
  const [, y, mo, d, h, mi, s] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
}

function grown<T extends Uint32Array | Int32Array | Uint16Array | Uint8Array | Float64Array>(array: T, need: number, make: (n: number) => T): T {
  if (need <= array.length) return array;
  const out = make(Math.max(need, array.length * 2));
  out.set(array);
  return out;
}

/** Creates an empty index. */
export function createDedupIndex(options: DedupOptions = {}): DedupIndex {
  const rule: DuplicateRule = { ...defaultDuplicateRule, ...options.rule };
  const cap = options.maxPostingsPerKey ?? 32;
  if (!(cap >= 1 && cap <= 65535)) throw new BadInputError('maxPostingsPerKey 须在 1 到 65535 之间');
  const windowMs = options.windowDays === undefined ? Infinity : options.windowDays * 86_400_000;
  const table = new PostingTable(cap, 4096);
  const ids: string[] = [];
  const names: { names: string[]; titleNames: string[] }[] = [];
  const numbers: (readonly number[])[] = [];
  const byId = new Map<string, number>();
  let sizes = new Uint32Array(1024);
  let exact32 = new Uint32Array(1024);
  let times = new Float64Array(1024);
  let sketchStart = new Int32Array(1024);
  let sketchLength = new Uint8Array(1024);
  let pool = new Uint32Array(64 * 1024);
  let poolUsed = 0;
  let titleStart = new Int32Array(1024);
  let titleLength = new Uint8Array(1024);
  let titleSizes = new Uint16Array(1024);
  let titlePool = new Uint32Array(16 * 1024);
  let titlePoolUsed = 0;
  let verifiedCount = 0;
  let tokenStart = new Int32Array(1024);
  let tokenLength = new Uint8Array(1024);
  let tokenPool = new Uint32Array(16 * 1024);
  let tokenPoolUsed = 0;
  // Requested facility classes (request-objects.ts), one bit each: 2 bytes per message.
  let requestMasks = new Uint16Array(1024);
  // The index's own counts start at the reference's (shared, read-only; a zero table without one).
  const reference = options.referenceDf === undefined ? committedReferenceDf() : options.referenceDf;
  const referenceCounts = reference?.counts ?? new Uint32Array(1 << DF_BITS);
  const referenceDocs = reference?.documents ?? 0;
  const df = new Uint32Array(1 << DF_BITS);
  // IDF over the reference and the indexed messages plus the query: a query token not yet counted
  // gets its own count. ln(N_ref + n + 1) is kept up to date by add(); small counts take their
  // logarithm from a table.
  let logDocs = Math.log(referenceDocs + 1);
  const tokenWeight: TokenWeight = (hash, inQuery) => {
    const bucket = dfBucket(hash);
    const d = Math.max(1, referenceCounts[bucket]! + df[bucket]! + (inQuery ? 1 : 0));
    return logDocs - (d < LOG_TABLE.length ? LOG_TABLE[d]! : Math.log(d));
  };

  function checkVersion(fp: Fingerprint): void {
    if (fp.v !== FINGERPRINT_VERSION) {
      throw new BadInputError(`指纹版本 ${String(fp.v)} 与当前版本 ${FINGERPRINT_VERSION} 不符，请按原文重新计算指纹`);
    }
  }

  function matches(fp: Fingerprint, meta?: DedupMeta): DedupMatch[] {
    checkVersion(fp);
    const sketch = decodeSketch(fp.sketch);
    // Same property order as the stored side below: judgePair sees one object shape.
    const query = { sketch, size: fp.size, titleSketch: decodeSketch(fp.titleSketch), titleSize: fp.titleSize, names: fp as { names: string[]; titleNames: string[] }, tokens: decodeSketch(fp.tokens), numbers: fp.numbers, requests: requestMask(fp.requests) };
    const hash32 = parseInt(fp.exactHash.slice(0, 8), 16) >>> 0;
    const time = parseTime(meta?.createdAt);
    const seen = new Set<number>();
    const found: { item: number; match: DedupMatch }[] = [];
    const verify = (item: number): void => {
      if (seen.has(item)) return;
      seen.add(item);
      verifiedCount++;
      const t = times[item]!;
      if (windowMs !== Infinity && !Number.isNaN(time) && !Number.isNaN(t) && Math.abs(time - t) > windowMs) return;
      const size = sizes[item]!;
      const stored = pool.subarray(sketchStart[item]!, sketchStart[item]! + sketchLength[item]!);
      if (exact32[item] === hash32 && size === fp.size && size > 0) {
        const overlap = sketchOverlap(sketch, fp.size, stored, size);
        if (overlap.jaccard === 1) {
          found.push({ item, match: { id: ids[item]!, similarity: 1, jaccard: 1, containment: 1, kind: 'exact' } });
          return;
        }
      }
      const titleSketch = titlePool.subarray(titleStart[item]!, titleStart[item]! + titleLength[item]!);
      const tokens = tokenPool.subarray(tokenStart[item]!, tokenStart[item]! + tokenLength[item]!);
      const score = judgePair(query, { sketch: stored, size, titleSketch, titleSize: titleSizes[item]!, names: names[item]!, tokens, numbers: numbers[item]!, requests: requestMasks[item]! }, rule, tokenWeight);
      if (!score.kind) return;
      const match = { id: ids[item]!, similarity: score.similarity, jaccard: score.jaccard, containment: score.containment, kind: score.kind };
      found.push({ item, match });
    };
    for (const key of keysOf(fp)) table.forEach(key, verify);
    found.sort((a, b) => b.match.similarity - a.match.similarity || a.item - b.item);
    return found.map((f) => f.match);
  }

  return {
    add(id, fp, meta) {
      checkVersion(fp);
      if (byId.has(id)) return;
      const item = ids.length;
      ids.push(id);
      names.push(fp.names.length === 0 ? noNames : { names: fp.names, titleNames: fp.titleNames });
      numbers.push(fp.numbers.length === 0 ? noNumbers : fp.numbers);
      byId.set(id, item);
      const n = item + 1;
      sizes = grown(sizes, n, (k) => new Uint32Array(k));
      exact32 = grown(exact32, n, (k) => new Uint32Array(k));
      times = grown(times, n, (k) => new Float64Array(k));
      sketchStart = grown(sketchStart, n, (k) => new Int32Array(k));
      sketchLength = grown(sketchLength, n, (k) => new Uint8Array(k));
      const sketch = decodeSketch(fp.sketch);
      if (sketch.length > 255) throw new BadInputError('指纹的草图过长（超过 255 项）');
      pool = grown(pool, poolUsed + sketch.length, (k) => new Uint32Array(k));
      pool.set(sketch, poolUsed);
      sketchStart[item] = poolUsed;
      sketchLength[item] = sketch.length;
      poolUsed += sketch.length;
      titleStart = grown(titleStart, n, (k) => new Int32Array(k));
      titleLength = grown(titleLength, n, (k) => new Uint8Array(k));
      titleSizes = grown(titleSizes, n, (k) => new Uint16Array(k));
      const title = decodeSketch(fp.titleSketch);
      if (title.length > 255) throw new BadInputError('指纹的标题草图过长（超过 255 项）');
      titlePool = grown(titlePool, titlePoolUsed + title.length, (k) => new Uint32Array(k));
      titlePool.set(title, titlePoolUsed);
      titleStart[item] = titlePoolUsed;
      titleLength[item] = title.length;
      titleSizes[item] = Math.min(fp.titleSize, 65535);
      titlePoolUsed += title.length;
      tokenStart = grown(tokenStart, n, (k) => new Int32Array(k));
      tokenLength = grown(tokenLength, n, (k) => new Uint8Array(k));
      const tokens = decodeSketch(fp.tokens);
      if (tokens.length > 255) throw new BadInputError('指纹的词草图过长（超过 255 项）');
      tokenPool = grown(tokenPool, tokenPoolUsed + tokens.length, (k) => new Uint32Array(k));
      tokenPool.set(tokens, tokenPoolUsed);
      tokenStart[item] = tokenPoolUsed;
      tokenLength[item] = tokens.length;
      tokenPoolUsed += tokens.length;
      for (const t of tokens) df[dfBucket(t)]!++;
      logDocs = Math.log(referenceDocs + ids.length + 1);
      sizes[item] = fp.size;
      requestMasks = grown(requestMasks, n, (k) => new Uint16Array(k));
      requestMasks[item] = requestMask(fp.requests);
      exact32[item] = parseInt(fp.exactHash.slice(0, 8), 16) >>> 0;
      times[item] = parseTime(meta?.createdAt);
      for (const key of keysOf(fp)) table.add(key, item);
    },
    findDuplicate(fp, meta) {
      return matches(fp, meta)[0] ?? null;
    },
    findDuplicates: matches,
    has: (id) => byId.has(id),
    namesDiffer(fp, id) {
      const item = byId.get(id);
      if (item === undefined) return false;
      const places = (n: { names: string[]; titleNames: string[] }) => ({ names: n.names.filter(notAgency), titleNames: n.titleNames.filter(notAgency) });
      return subjectsConflict(places(fp), places(names[item]!));
    },
    get size() {
      return ids.length;
    },
    get verified() {
      return verifiedCount;
    },
    tokenWeight,
    get bytes() {
      return table.bytes + df.byteLength + requestMasks.byteLength + tokenStart.byteLength + tokenLength.byteLength + tokenPool.byteLength + titleStart.byteLength + titleLength.byteLength + titleSizes.byteLength + titlePool.byteLength + sizes.byteLength + exact32.byteLength + times.byteLength + sketchStart.byteLength + sketchLength.byteLength + pool.byteLength;
    },
  };
}
