import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/index.js';
import { hashString, PairTable, StringTable, WordTable } from './lookup-tables.js';

/** Words that share hashes' inputs in awkward ways: prefixes, the four-unit boundary, surrogates, empty. */
const awkward = ['', '一', '一二', '一二三', '一二三四', '一二三四五', '一二三四六', '一二三四五六', 'a', 'ab', 'abcd', 'abcde', '\u0000', '\u0000\u0000', '𠀀', '𠀀𠀁', 'x_y', '_'];

function randomWords(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(random() * 6);
    return Array.from({ length }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 50))).join('');
  });
}

describe('StringTable', () => {
  it('numbers strings as a Map would, across growth and clearing', () => {
    const table = new StringTable();
    for (const round of [1, 2, 3]) {
      const expected = new Map<string, number>();
      for (const word of [...awkward, ...randomWords(3000, round)]) {
        if (!expected.has(word)) expected.set(word, expected.size);
        expect(table.add(word, hashString(word))).toBe(expected.get(word));
      }
      expect(table.size).toBe(expected.size);
      expect(table.keys).toEqual([...expected.keys()]);
      table.clear();
      expect(table.size).toBe(0);
    }
  });
});

describe('PairTable', () => {
  it('keeps pairs and values as a Map would, across growth and clearing', () => {
    const table = new PairTable(4);
    const random = seededRandom(7);
    for (let round = 0; round < 3; round++) {
      const expected = new Map<string, number>();
      for (let i = 0; i < 5000; i++) {
        const a = Math.floor(random() * 100);
        const b = Math.floor(random() * 100_000);
        const key = `${a},${b}`;
        expect(table.add(a, b, i)).toBe(!expected.has(key));
        if (!expected.has(key)) expected.set(key, i);
        if (i % 7 === 0) {
          table.set(a, b, i + 1);
          expected.set(key, i + 1);
        }
      }
      for (const [key, value] of expected) {
        const [a, b] = key.split(',').map(Number) as [number, number];
        expect(table.get(a, b)).toBe(value);
        expect(table.get(b + 1_000_000, a)).toBe(-1);
      }
      table.clear();
      expect(table.get(0, 0)).toBe(-1);
    }
  });
});

describe('WordTable', () => {
  it('finds exactly the words added, with their values', () => {
    const table = new WordTable();
    const words = [...new Set([...awkward, ...randomWords(2000, 3)])];
    words.forEach((word, i) => {
      expect(table.add(word)).toBe(i);
      table.setValue(i, i % 4, i);
    });
    expect(table.add(words[5]!)).toBe(5);
    for (const [i, word] of words.entries()) {
      const slot = table.find(word, hashString(word));
      expect(slot).toBeGreaterThanOrEqual(0);
      expect(table.number(slot)).toBe(i);
      for (let k = 0; k < 4; k++) expect(table.value(slot, k)).toBe(k === i % 4 ? i : -1);
    }
    // Absent: longer, shorter or differing after the first four code units.
    for (const word of ['一二三四七', '一二三四五七', '二', 'abc', '𠀁', '一二三四五六七']) expect(table.find(word, hashString(word))).toBe(-1);
    expect(() => table.add('新词')).toThrow();
  });
});
