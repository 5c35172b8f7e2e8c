/**
 * One fingerprint of everything the classifier says about the shared data: the proof that a
 * change meant to be output-neutral (speed work, refactoring) is. Classifies every message of
 * ../shared/data/messages/*.jsonl with the default model (or --model FILE) and prints the
 * SHA-256 of the lines `id<TAB>JSON.stringify(classification)`, in file and line order, so any
 * difference in any field, value, evidence order or key order changes it.
 *   npx tsx classifier/scripts/output-hash.ts [--model FILE] [--dump OUT.tsv]
 * --dump writes the hashed lines to OUT.tsv (it holds evidence words taken from the messages:
 * write it outside the repository) for a `diff` between two versions when the hashes differ.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadClassifier } from '../classifier.js';
import { defaultSharedDataDir } from '../data.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const modelFile = option('--model');
const dumpFile = option('--dump');

const classifier = await loadClassifier(modelFile ? { modelFile } : {});
const dir = defaultSharedDataDir();
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();
const hash = createHash('sha256');
const dump: string[] = [];
const counts: string[] = [];
for (const file of files) {
  let n = 0;
  for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { id?: string; title?: string; content?: string };
    const out = `${row.id ?? ''}\t${JSON.stringify(classifier.classify({ title: row.title ?? '', content: row.content ?? '' }))}\n`;
    hash.update(out);
    if (dumpFile) dump.push(out);
    n++;
  }
  counts.push(`${file} ${n}`);
}
if (dumpFile) writeFileSync(dumpFile, dump.join(''));
process.stdout.write(`模型 ${classifier.version}；${counts.join('，')}\nSHA-256 ${hash.digest('hex')}\n`);
