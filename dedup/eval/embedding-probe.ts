/**
 * Probe (issue #5, eighteenth session): would a model of meaning tell the re-posts the rules miss
 * from the hard negatives? The only pretrained Chinese language data this machine can reach is a
 * word2vec file on npm (Synonyms' vectors, node-synonyms 1.3.1: see core/word2vec-file.ts). Each
 * message becomes the IDF-weighted mean of its words' unit vectors (jieba with HMM, as the
 * fingerprint cuts; words of 2+ characters the file knows; IDF over all four shared sets); a
 * pair's score is the cosine. Prints, per fresh role, the ROC AUC of that cosine for duplicates
 * against negatives, and for the duplicates the index misses against the negatives, beside the
 * body Jaccard's AUC. Result in dedup/README.md ("A model of meaning, probed").
 *   npx tsx dedup/eval/embedding-probe.ts path/to/words.vector
 */
import { readWord2vecFile } from '../../core/word2vec-file.js';
import { jiebaTokens } from '../fingerprint.js';
import { normalizeText } from '../normalize.js';
import { dataSets, loadRows, type DataSetName } from './data.js';
import { loadFresh, scoreFresh } from './fresh.js';

const file = process.argv[2];
if (!file) throw new Error('usage: embedding-probe.ts WORDS.vector');
const { words, dimensions: dim, vectors } = readWord2vecFile(file);
const row = new Map(words.map((w, i) => [w, i]));

const tokens = new Map<string, number[]>();
const documentFrequency = new Map<number, number>();
let documents = 0;
for (const set of Object.keys(dataSets) as DataSetName[])
  for (const r of loadRows(set)) {
    const known = new Set<number>();
    for (const t of jiebaTokens(normalizeText(`${r.title}\n${r.content}`))) {
      const i = t.length >= 2 ? row.get(t) : undefined;
      if (i !== undefined) known.add(i);
    }
    tokens.set(r.id, [...known]);
    documents++;
    for (const i of known) documentFrequency.set(i, (documentFrequency.get(i) ?? 0) + 1);
  }

function meaning(id: string): Float32Array {
  const out = new Float32Array(dim);
  for (const i of tokens.get(id) ?? []) {
    const idf = Math.log((documents + 1) / ((documentFrequency.get(i) ?? 0) + 1));
    for (let d = 0; d < dim; d++) out[d]! += idf * vectors[i * dim + d]!;
  }
  const norm = Math.hypot(...out) || 1;
  return out.map((v) => v / norm);
}
function cosine(a: string, b: string): number {
  const [x, y] = [meaning(a), meaning(b)];
  let dot = 0;
  for (let d = 0; d < dim; d++) dot += x[d]! * y[d]!;
  return dot;
}
/** The chance that a positive scores above a negative (ties half). */
function auc(positives: number[], negatives: number[]): number {
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}
const quartiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return [0.25, 0.5, 0.75].map((q) => s[Math.floor(q * (s.length - 1))]!.toFixed(2)).join(' / ');
};

for (const role of ['dev', 'held-out'] as const) {
  const scored = scoreFresh(loadFresh().pairs.filter((p) => p.role === role)).map((s) => ({ ...s, cosine: cosine(s.pair.a, s.pair.b) }));
  const duplicates = scored.filter((s) => s.pair.label === 1);
  const missed = duplicates.filter((s) => !s.linked);
  const negatives = scored.filter((s) => s.pair.label === 0);
  const of = (xs: typeof scored, key: 'cosine' | 'jaccard') => xs.map((s) => (key === 'cosine' ? s.cosine : s.score.jaccard));
  process.stdout.write(
    `${role}: ${duplicates.length} duplicates (${missed.length} missed by the index), ${negatives.length} negatives\n` +
      `  cosine AUC: all duplicates ${auc(of(duplicates, 'cosine'), of(negatives, 'cosine')).toFixed(3)}, missed ones ${auc(of(missed, 'cosine'), of(negatives, 'cosine')).toFixed(3)}` +
      ` (body Jaccard: ${auc(of(duplicates, 'jaccard'), of(negatives, 'jaccard')).toFixed(3)}, ${auc(of(missed, 'jaccard'), of(negatives, 'jaccard')).toFixed(3)})\n` +
      `  cosine quartiles: duplicates ${quartiles(of(duplicates, 'cosine'))}, missed ${quartiles(of(missed, 'cosine'))}, negatives ${quartiles(of(negatives, 'cosine'))}\n`,
  );
}
