/**
 * Counts the reference document frequencies (reference-df.ts) from the shared mailboxes: for each
 * distinct message (exact copies counted once), the buckets of its token sketch, as the index
 * counts its own messages. Writes dedup/reference-df.bin.gz (hashed counts only, no text).
 *
 *   npx tsx dedup/eval/build-reference-df.ts [--sets dalian,jiamusi,beijing,teddy] [--out FILE]
 *
 * --sets and --out are for measuring (input-size.ts --reference FILE): a reference counted from the
 * tune city alone shows whether the weights help on cities they were not counted from.
 */
import { writeFileSync } from 'node:fs';
import { decodeSketch, fingerprint, FINGERPRINT_VERSION } from '../fingerprint.js';
import { DF_BITS, dfBucket, encodeReferenceDf, referenceDfFile } from '../reference-df.js';
import { dataSets, loadRows, type DataSetName } from './data.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const sets = (arg('--sets')?.split(',') ?? Object.keys(dataSets)) as DataSetName[];
for (const s of sets) if (!(s in dataSets)) throw new Error(`未知数据集 ${s}`);
const out = arg('--out') ?? referenceDfFile;

const counts = new Uint32Array(1 << DF_BITS);
const seen = new Set<string>();
let documents = 0;
for (const set of sets) {
  const rows = loadRows(set);
  rows.forEach((row, i) => {
    const fp = fingerprint(row);
    if (fp.size === 0 || seen.has(fp.exactHash)) return;
    seen.add(fp.exactHash);
    documents++;
    for (const t of decodeSketch(fp.tokens)) counts[dfBucket(t)]!++;
    if ((i + 1) % 2000 === 0) process.stderr.write(`${set}: ${i + 1}/${rows.length}\n`);
  });
}
const bytes = encodeReferenceDf({ version: FINGERPRINT_VERSION, documents, counts });
writeFileSync(out, bytes);
const buckets = counts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
process.stderr.write(`已写入 ${out}：${documents} 条留言（${sets.join('、')}），${buckets} 个非空桶，${bytes.length} 字节\n`);
