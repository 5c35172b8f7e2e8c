/**
 * Reference document frequencies for the reworded path's IDF weights (dedup/README.md, "Weights
 * on a small index"). The index counts, per token hash bucket, how many of its messages hold the
 * token in their token sketch; on its own that gives meaningless weights while it holds few
 * messages (a new district's store, a `minsheng dedup` file of a few pairs: with two messages every
 * shared word weighs 0). So the counts start from those of a reference corpus, the shared mailboxes
 * (`npx tsx dedup/eval/build-reference-df.ts`), and the index adds its own:
 *   weight = ln((N_ref + n + 1) / (df_ref + df + [in query]))
 * A large index outweighs the reference; a small one leans on it.
 *
 * File (`reference-df.bin.gz`, gzip): "MSDF", the fingerprint version (u32 LE), the number of
 * reference messages (u32 LE), then for every non-empty bucket in increasing order the gap from the
 * previous bucket and the count, each as an unsigned LEB128 varint. Only hashed token counts: no
 * text of any message.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FINGERPRINT_VERSION } from './fingerprint.js';

/** Token hashes are counted in 2^DF_BITS buckets (their top bits). */
export const DF_BITS = 20;
export const dfBucket = (hash: number) => hash >>> (32 - DF_BITS);

export interface ReferenceDf {
  /** FINGERPRINT_VERSION of the fingerprints it was counted from (tokens and their hash). */
  version: number;
  /** Messages counted. */
  documents: number;
  /** Per bucket, the messages whose token sketch holds a token of that bucket. */
  counts: Uint32Array;
}

const MAGIC = 'MSDF';
export const referenceDfFile = fileURLToPath(new URL('./reference-df.bin.gz', import.meta.url));

export function encodeReferenceDf(ref: ReferenceDf): Buffer {
  const bytes: number[] = [...Buffer.from(MAGIC, 'latin1')];
  const u32 = (x: number) => bytes.push(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff);
  const varint = (x: number) => {
    while (x >= 0x80) {
      bytes.push((x & 0x7f) | 0x80);
      x >>>= 7;
    }
    bytes.push(x);
  };
  u32(ref.version);
  u32(ref.documents);
  let previous = -1;
  ref.counts.forEach((count, bucket) => {
    if (count === 0) return;
    varint(bucket - previous);
    varint(count);
    previous = bucket;
  });
  return gzipSync(Buffer.from(bytes), { level: 9 });
}

export function decodeReferenceDf(gz: Buffer): ReferenceDf {
  const b = gunzipSync(gz);
  if (b.subarray(0, 4).toString('latin1') !== MAGIC) throw new Error('参考词频文件格式不对（缺少 MSDF 标记）');
  const version = b.readUInt32LE(4);
  const documents = b.readUInt32LE(8);
  const counts = new Uint32Array(1 << DF_BITS);
  let at = 12;
  const varint = () => {
    let x = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= b.length) throw new Error('参考词频文件不完整');
      const byte = b[at++]!;
      x += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return x;
    }
  };
  let bucket = -1;
  while (at < b.length) {
    bucket += varint();
    const count = varint();
    if (bucket >= counts.length) throw new Error('参考词频文件的桶号越界');
    counts[bucket] = count;
  }
  return { version, documents, counts };
}

let committed: ReferenceDf | null | undefined;

/**
 * The committed reference counts, read once per process; null when the file is missing or was
 * counted from fingerprints of another version (its tokens would not match): the index then
 * weighs by its own counts only, as before the reference existed.
 */
export function committedReferenceDf(): ReferenceDf | null {
  if (committed === undefined) {
    try {
      const ref = decodeReferenceDf(readFileSync(referenceDfFile));
      committed = ref.version === FINGERPRINT_VERSION ? ref : null;
    } catch {
      committed = null;
    }
  }
  return committed;
}
