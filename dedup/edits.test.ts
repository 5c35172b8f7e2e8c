import { describe, expect, it } from 'vitest';
import { seededUint32 } from '../core/index.js';
import { editsWithin, textEditsWithin } from './index.js';

/** The whole matrix, for comparison. */
function levenshtein(x: readonly string[], y: readonly string[]): number {
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) next[j] = Math.min(row[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1), row[j]! + 1, next[j - 1]! + 1);
    row = next;
  }
  return row[y.length]!;
}

describe('editsWithin', () => {
  it('agrees with the full Levenshtein distance up to its bound, and says null beyond it', () => {
    const rnd = seededUint32(11);
    const alphabet = [...'路灯坏了请修'];
    const word = () => Array.from({ length: rnd() % 9 }, () => alphabet[rnd() % alphabet.length]!);
    for (let n = 0; n < 3000; n++) {
      const [x, y, max] = [word(), word(), rnd() % 4];
      const d = levenshtein(x, y);
      expect(editsWithin(x, y, max), `${x.join('')} ~ ${y.join('')} within ${max}`).toBe(d <= max ? d : null);
    }
  });

  it('counts characters, not UTF-16 units, over the texts de-duplication compares', () => {
    expect(textEditsWithin({ title: '', content: '新华路路灯不亮，晚上出行不安全𠀀' }, { title: '', content: '新华路路灯不亮，晚上出门不安全𠀁' }, 2)).toBe(2);
    // Spaces, punctuation and full width are normalised away before counting.
    expect(textEditsWithin({ title: '', content: '新华路 路灯不亮！' }, { title: '', content: '新华路路灯不亮!' }, 0)).toBe(0);
    expect(textEditsWithin({ title: '', content: '新华路路灯不亮' }, { title: '', content: '东风路的路灯一直不亮' }, 2)).toBeNull();
  });
});
