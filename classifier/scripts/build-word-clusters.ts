/**
 * Experiment tool (issue #4, eighteenth session): groups the words of a pretrained word-vector file
 * into k clusters (spherical k-means, 10 rounds over the `train` most frequent words, then every
 * word assigned to its nearest centre) and writes "word<TAB>cluster" lines, for
 * word-cluster-experiment.ts. A word the category model never saw in training still carries its
 * cluster's weight: that is the hope for other cities' wording.
 *   npm pack node-synonyms@1.3.1 && tar xzf node-synonyms-1.3.1.tgz   # package/data/words.vector
 *   npx tsx classifier/scripts/build-word-clusters.ts package/data/words.vector 1000 /tmp/c1000.tsv [train=40000]
 * 125,796 words x 100, k 1000: about 50 s on one core. Prints a few clusters to stderr.
 */
import { writeFileSync } from 'node:fs';
import { readWord2vecFile } from '../../core/word2vec-file.js';
import { seededRandom } from '../linear-model.js';

const [file, kArg = '1000', out = 'clusters.tsv', trainArg = '40000'] = process.argv.slice(2);
if (!file) throw new Error('usage: build-word-clusters.ts VECTORS k OUT.tsv [train]');
const { words, dimensions: dim, vectors } = readWord2vecFile(file);
const k = Number(kArg);
const train = Math.min(words.length, Number(trainArg));
const random = seededRandom(12345);
const centres = new Float32Array(k * dim);
const seedCentre = (c: number) => {
  const i = Math.floor(random() * train);
  centres.set(vectors.subarray(i * dim, i * dim + dim), c * dim);
};
for (let c = 0; c < k; c++) seedCentre(c);

function nearest(i: number): number {
  let best = 0;
  let bestDot = -Infinity;
  const row = i * dim;
  for (let c = 0; c < k; c++) {
    let dot = 0;
    const centre = c * dim;
    for (let d = 0; d < dim; d++) dot += vectors[row + d]! * centres[centre + d]!;
    if (dot > bestDot) {
      bestDot = dot;
      best = c;
    }
  }
  return best;
}

const cluster = new Int32Array(words.length);
for (let round = 0; round < 10; round++) {
  for (let i = 0; i < train; i++) cluster[i] = nearest(i);
  centres.fill(0);
  for (let i = 0; i < train; i++) for (let d = 0; d < dim; d++) centres[cluster[i]! * dim + d]! += vectors[i * dim + d]!;
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += centres[c * dim + d]! ** 2;
    if (norm === 0) seedCentre(c);
    else for (let d = 0; d < dim; d++) centres[c * dim + d]! /= Math.sqrt(norm);
  }
  process.stderr.write(`round ${round + 1} of 10\n`);
}
for (let i = train; i < words.length; i++) cluster[i] = nearest(i);
writeFileSync(out, words.map((w, i) => `${w}\t${cluster[i]}`).join('\n'));

const members = new Map<number, string[]>();
for (let i = 0; i < 5000; i++) members.set(cluster[i]!, [...(members.get(cluster[i]!) ?? []), words[i]!]);
let shown = 0;
for (const [c, ws] of members) if (ws.length >= 5 && shown++ < 12) process.stderr.write(`${c}: ${ws.slice(0, 12).join(' ')}\n`);
