import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWord2vecFile } from './word2vec-file.js';

function vectorFile(entries: [string, number[]][], dimensions: number, separator = '\n'): string {
  const parts: Buffer[] = [Buffer.from(`${entries.length} ${dimensions}\n`)];
  for (const [word, values] of entries) {
    const floats = Buffer.alloc(4 * values.length);
    values.forEach((v, i) => floats.writeFloatLE(v, 4 * i));
    parts.push(Buffer.from(`${word} `), floats, Buffer.from(separator));
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'w2v-')), 'words.vector');
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

describe('readWord2vecFile', () => {
  it('reads words in UTF-8 and scales each vector to unit length', () => {
    const { words, dimensions, vectors } = readWord2vecFile(vectorFile([['供暖', [3, 4]], ['暖气', [0, 2]]], 2));
    expect(words).toEqual(['供暖', '暖气']);
    expect(dimensions).toBe(2);
    expect([...vectors].map((v) => Number(v.toFixed(6)))).toEqual([0.6, 0.8, 0, 1]);
  });

  it('reads entries with no newline between them', () => {
    expect(readWord2vecFile(vectorFile([['路灯', [1, 0]], ['不亮', [0, 1]]], 2, '')).words).toEqual(['路灯', '不亮']);
  });

  it('says which word a cut-off file ends at', () => {
    const file = vectorFile([['路灯', [1, 0]]], 2);
    writeFileSync(file, Buffer.concat([Buffer.from('2 2\n'), Buffer.from('路灯 '), Buffer.alloc(8), Buffer.from('\n不亮 ')]));
    expect(() => readWord2vecFile(file)).toThrow(/cut off at word 2 of 2/);
  });
});
