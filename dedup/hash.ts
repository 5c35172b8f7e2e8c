/** Small, fast, deterministic 32-bit hashes: the building blocks of fingerprints and index keys. */

/** MurmurHash3's 32-bit finaliser: spreads the bits of an integer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units of s[start, end), finalised. */
export function hashString(s: string, start = 0, end = s.length, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Combines two 32-bit values into one key. */
export function combine(a: number, b: number): number {
  return fmix32((Math.imul(a, 0x9e3779b1) ^ b) >>> 0);
}

/** A deterministic stream of 32-bit numbers (core's mulberry32), for hash-function parameters and benches. */
export { seededUint32 as seededRandom } from '../core/index.js';
