/**
 * Reads a word-vector file in the binary format Google's word2vec writes: a text header
 * "<words> <dimensions>\n", then per word its UTF-8 spelling, a space and <dimensions> little-endian
 * float32 values (a newline before the next word, or not). Each vector is returned scaled to unit
 * length, so a dot product is a cosine.
 *
 * Used by the experiments on pretrained vectors (classifier/scripts/build-word-clusters.ts,
 * dedup/eval/embedding-probe.ts): the vectors tried are Synonyms' (node-synonyms 1.3.1 on npm,
 * `data/words.vector`, 125,796 words x 100, trained on Chinese Wikipedia; GPL-3.0, cite
 * https://github.com/huyingxi/Synonyms). No shipped part reads them.
 */
import { readFileSync } from 'node:fs';

export interface WordVectors {
  words: string[];
  dimensions: number;
  /** words.length x dimensions, row i the unit vector of words[i]. */
  vectors: Float32Array;
}

export function readWord2vecFile(file: string): WordVectors {
  const buf = readFileSync(file);
  let pos = buf.indexOf(0x0a);
  const header = buf.subarray(0, pos).toString('utf8').trim().split(/\s+/).map(Number);
  const [count, dimensions] = header as [number, number];
  if (!(count > 0) || !(dimensions > 0)) throw new Error(`${file}: not a word2vec binary file (header "${buf.subarray(0, Math.min(pos, 40)).toString('utf8')}")`);
  pos++;
  const words: string[] = [];
  const vectors = new Float32Array(count * dimensions);
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    while (buf[pos] === 0x0a || buf[pos] === 0x20) pos++;
    const space = buf.indexOf(0x20, pos);
    if (space < 0 || space + 4 * dimensions > buf.length) throw new Error(`${file}: cut off at word ${i + 1} of ${count}`);
    words.push(decoder.decode(buf.subarray(pos, space)));
    pos = space + 1;
    let norm = 0;
    const row = i * dimensions;
    for (let d = 0; d < dimensions; d++) {
      const v = buf.readFloatLE(pos + 4 * d);
      vectors[row + d] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dimensions; d++) vectors[row + d]! /= norm;
    pos += 4 * dimensions;
  }
  return { words, dimensions, vectors };
}
