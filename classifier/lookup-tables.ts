/**
 * Small open-addressing hash tables for the classifier's per-message feature lookup
 * (feature-index.ts), kept in typed arrays and hashed in JavaScript.
 *
 * Why not Map and Set: classifying a message looks up a few hundred words and word pairs. With
 * Map and Set, V8 hashes each fresh string jieba returns and follows several pointers per lookup
 * into tables of thousands of entries; on this machine that cost 100 ns or more per lookup
 * (measured: numbering a message's words in a Map cost 14 µs, in a StringTable 3 µs). Here a
 * probe reads one slot of a typed array. Every table is exact: a key is found only when it
 * equals a stored one.
 */

/** FNV-1a of a string's UTF-16 code units (32 bits). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Slot of a 32-bit hash in a table of 2^bits slots (top bits after a multiplicative mix). */
const slotOf = (hash: number, bits: number) => Math.imul(hash, 0x9e3779b1) >>> (32 - bits);

/** Hash of a pair of integers. */
const pairHash = (a: number, b: number) => Math.imul(a, 0x01000193) ^ b;

/** Tables are cleared by moving to a new stamp: slots of older stamps are empty. */
const lastStamp = 0x7fffffff;

/**
 * Strings numbered 0, 1, 2... in the order they are added; cleared in constant time. For the
 * words of one message (a few hundred at most, so the table stays in cache).
 */
export class StringTable {
  /** The strings, by number. */
  readonly keys: string[] = [];
  private readonly hashes: number[] = [];
  private bits = 8;
  /** Number + 1 of the string in a slot; the slot is empty unless its stamp is current. */
  private slots = new Int32Array(1 << this.bits);
  private stamps = new Int32Array(1 << this.bits);
  private stamp = 1;

  get size(): number {
    return this.keys.length;
  }

  /** The number of `key`, which is added if new; `hash` is hashString(key). */
  add(key: string, hash: number): number {
    const mask = (1 << this.bits) - 1;
    let slot = slotOf(hash, this.bits);
    for (; this.stamps[slot] === this.stamp; slot = (slot + 1) & mask) {
      const n = this.slots[slot]! - 1;
      if (this.hashes[n] === hash && this.keys[n] === key) return n;
    }
    const n = this.keys.length;
    this.keys.push(key);
    this.hashes.push(hash);
    this.stamps[slot] = this.stamp;
    this.slots[slot] = n + 1;
    // At most half full, so probes stay short.
    if (2 * this.keys.length > 1 << this.bits) this.grow();
    return n;
  }

  /** Forgets every string. */
  clear(): void {
    this.keys.length = 0;
    this.hashes.length = 0;
    if (this.stamp === lastStamp) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }

  private grow(): void {
    this.bits++;
    this.slots = new Int32Array(1 << this.bits);
    this.stamps = new Int32Array(1 << this.bits);
    this.stamp = 1;
    const mask = (1 << this.bits) - 1;
    this.hashes.forEach((hash, n) => {
      let slot = slotOf(hash, this.bits);
      while (this.stamps[slot] === this.stamp) slot = (slot + 1) & mask;
      this.stamps[slot] = this.stamp;
      this.slots[slot] = n + 1;
    });
  }
}

/**
 * Pairs of non-negative 32-bit integers (a, b) with an integer value each; cleared in constant time.
 * One slot is four integers [stamp, a, b, value], so a probe reads one cache line.
 */
export class PairTable {
  private bits: number;
  private count = 0;
  private table: Int32Array;
  private stamp = 1;

  /** `expected`: how many pairs the table should hold without growing. */
  constructor(expected = 64) {
    this.bits = 4;
    while (1 << this.bits < 2 * expected) this.bits++;
    this.table = new Int32Array(4 << this.bits);
  }

  /** The value of (a, b), or -1 when absent. */
  get(a: number, b: number): number {
    const t = this.table;
    const mask = (1 << this.bits) - 1;
    for (let slot = slotOf(pairHash(a, b), this.bits); t[4 * slot] === this.stamp; slot = (slot + 1) & mask) {
      if (t[4 * slot + 1] === a && t[4 * slot + 2] === b) return t[4 * slot + 3]!;
    }
    return -1;
  }

  /** Sets the value of (a, b) if absent; true when it was absent. Values are >= 0. */
  add(a: number, b: number, value = 0): boolean {
    const t = this.table;
    const mask = (1 << this.bits) - 1;
    let slot = slotOf(pairHash(a, b), this.bits);
    for (; t[4 * slot] === this.stamp; slot = (slot + 1) & mask) {
      if (t[4 * slot + 1] === a && t[4 * slot + 2] === b) return false;
    }
    t[4 * slot] = this.stamp;
    t[4 * slot + 1] = a;
    t[4 * slot + 2] = b;
    t[4 * slot + 3] = value;
    if (2 * ++this.count > 1 << this.bits) this.grow();
    return true;
  }

  /** Sets the value of (a, b), replacing any earlier one. */
  set(a: number, b: number, value: number): void {
    const t = this.table;
    const mask = (1 << this.bits) - 1;
    for (let slot = slotOf(pairHash(a, b), this.bits); t[4 * slot] === this.stamp; slot = (slot + 1) & mask) {
      if (t[4 * slot + 1] === a && t[4 * slot + 2] === b) {
        t[4 * slot + 3] = value;
        return;
      }
    }
    this.add(a, b, value);
  }

  /** Forgets every pair. */
  clear(): void {
    this.count = 0;
    if (this.stamp === lastStamp) {
      this.table.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }

  private grow(): void {
    const old = this.table;
    const oldStamp = this.stamp;
    this.bits++;
    this.table = new Int32Array(4 << this.bits);
    this.stamp = 1;
    this.count = 0;
    for (let slot = 0; slot < old.length / 4; slot++) {
      if (old[4 * slot] === oldStamp) this.add(old[4 * slot + 1]!, old[4 * slot + 2]!, old[4 * slot + 3]!);
    }
  }
}

/** Integers per WordTable slot: length + 1, code units 0-1, code units 2-3, number, four values. */
const wordSlotSize = 8;
/** Values a WordTable holds per word. */
const wordValues = 4;

/** Code units `i` and `i + 1` of a string as one integer (0 past its end). */
const twoUnits = (s: string, i: number) => ((i < s.length ? s.charCodeAt(i) << 16 : 0) | (i + 1 < s.length ? s.charCodeAt(i + 1) : 0)) | 0;

/**
 * Words numbered 0, 1, 2... in the order they are added, with four integer values each (-1 until
 * set): all added and set first, then only read. The table is built at the first lookup, at its
 * final size: a slot is eight integers [length + 1, code units 0-1, code units 2-3, number, four
 * values], so a word of up to four code units (most Chinese words) is recognised and its values
 * read from the slot alone, one cache line; a longer word is also compared with the stored string.
 */
export class WordTable {
  /** The words, by number. */
  readonly words: string[] = [];
  /** While adding: word -> number, and four values per number. */
  private readonly numbers = new Map<string, number>();
  private readonly values: number[] = [];
  private bits = 0;
  private table: Int32Array | null = null;

  /** The number of `word`, which is added if new. Only before the first lookup. */
  add(word: string): number {
    const known = this.numbers.get(word);
    if (known !== undefined) return known;
    if (this.table) throw new Error('WordTable: words are added before the first lookup');
    const n = this.words.length;
    this.numbers.set(word, n);
    this.words.push(word);
    this.values.push(-1, -1, -1, -1);
    return n;
  }

  /** Sets value k (0..3) of word number n. Only before the first lookup. */
  setValue(n: number, k: number, value: number): void {
    if (this.table) throw new Error('WordTable: values are set before the first lookup');
    this.values[4 * n + k] = value;
  }

  /** The slot of `word` (hash = hashString(word)) for number() and value(), or -1 when absent. */
  find(word: string, hash: number): number {
    const t = this.table ?? this.build();
    const mask = (1 << this.bits) - 1;
    const length = word.length + 1;
    const first = twoUnits(word, 0);
    const second = twoUnits(word, 2);
    for (let slot = slotOf(hash, this.bits); t[wordSlotSize * slot] !== 0; slot = (slot + 1) & mask) {
      const at = wordSlotSize * slot;
      if (t[at] === length && t[at + 1] === first && t[at + 2] === second && (length <= 5 || this.words[t[at + 3]!] === word)) return slot;
    }
    return -1;
  }

  /** The word number in a slot found by find(). */
  number(slot: number): number {
    return this.table![wordSlotSize * slot + 3]!;
  }

  /** Value k (0..3) of the word in a slot found by find(). */
  value(slot: number, k: number): number {
    return this.table![wordSlotSize * slot + 4 + k]!;
  }

  /** The slot table, at most half full. */
  private build(): Int32Array {
    let bits = 4;
    while (1 << bits < 2 * this.words.length) bits++;
    const t = new Int32Array(wordSlotSize << bits);
    const mask = (1 << bits) - 1;
    this.words.forEach((word, n) => {
      let slot = slotOf(hashString(word), bits);
      while (t[wordSlotSize * slot] !== 0) slot = (slot + 1) & mask;
      const at = wordSlotSize * slot;
      t[at] = word.length + 1;
      t[at + 1] = twoUnits(word, 0);
      t[at + 2] = twoUnits(word, 2);
      t[at + 3] = n;
      for (let k = 0; k < wordValues; k++) t[at + 4 + k] = this.values[4 * n + k]!;
    });
    this.bits = bits;
    this.table = t;
    this.numbers.clear();
    return t;
  }
}
