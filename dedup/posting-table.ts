/**
 * A multimap from uint32 keys to item numbers, on typed arrays: open addressing for the keys,
 * linked postings for the items. About 20 bytes per posting, no per-entry objects, so a million
 * messages with ~25 keys each fit in a few hundred MB. Each key keeps at most `cap` postings (the
 * earliest): a key shared by more messages than that is boilerplate, not evidence, and the cap is
 * what keeps the cost of a lookup independent of the number of messages.
 */
export class PostingTable {
  private keys: Uint32Array;
  private heads: Int32Array;
  private counts: Uint16Array;
  private used = 0;
  private items: Int32Array;
  private next: Int32Array;
  private postings = 0;

  constructor(
    private readonly cap: number,
    initialKeys = 1024,
  ) {
    let capacity = 16;
    while (capacity < initialKeys * 2) capacity *= 2;
    this.keys = new Uint32Array(capacity);
    this.heads = new Int32Array(capacity).fill(-1);
    this.counts = new Uint16Array(capacity);
    this.items = new Int32Array(initialKeys);
    this.next = new Int32Array(initialKeys);
  }

  /** Number of distinct keys. */
  get keyCount(): number {
    return this.used;
  }

  /** Approximate bytes held. */
  get bytes(): number {
    return this.keys.byteLength + this.heads.byteLength + this.counts.byteLength + this.items.byteLength + this.next.byteLength;
  }

  // 0 marks an empty slot, so key 0 is stored as 1 (a collision only adds a candidate to verify).
  private slot(key: number): number {
    const k = key === 0 ? 1 : key;
    const mask = this.keys.length - 1;
    let i = Math.imul(k, 0x9e3779b1) >>> 0 & mask;
    for (;;) {
      const at = this.keys[i]!;
      if (at === 0 || at === k) return i;
      i = (i + 1) & mask;
    }
  }

  /** Adds item under key unless the key already holds `cap` postings. Returns whether it was added. */
  add(key: number, item: number): boolean {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    const i = this.slot(key >>> 0);
    if (this.keys[i] === 0) {
      this.keys[i] = key === 0 ? 1 : key >>> 0;
      this.used++;
    }
    if (this.counts[i]! >= this.cap) return false;
    if (this.postings === this.items.length) {
      const size = this.items.length * 2;
      const items = new Int32Array(size);
      items.set(this.items);
      const next = new Int32Array(size);
      next.set(this.next);
      this.items = items;
      this.next = next;
    }
    const p = this.postings++;
    this.items[p] = item;
    this.next[p] = this.heads[i]!;
    this.heads[i] = p;
    this.counts[i]!++;
    return true;
  }

  /** Calls fn for each item under key (most recent first). */
  forEach(key: number, fn: (item: number) => void): void {
    const i = this.slot(key >>> 0);
    for (let p = this.heads[i]!; p !== -1; p = this.next[p]!) fn(this.items[p]!);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldHeads = this.heads;
    const oldCounts = this.counts;
    const capacity = oldKeys.length * 2;
    this.keys = new Uint32Array(capacity);
    this.heads = new Int32Array(capacity).fill(-1);
    this.counts = new Uint16Array(capacity);
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j]!;
      if (k === 0) continue;
      const i = this.slot(k);
      this.keys[i] = k;
      this.heads[i] = oldHeads[j]!;
      this.counts[i] = oldCounts[j]!;
    }
  }
}
