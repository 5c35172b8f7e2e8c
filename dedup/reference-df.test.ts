/** The reference document frequencies: the file format, and the committed file matching the fingerprints. */
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_VERSION } from './fingerprint.js';
import { committedReferenceDf, decodeReferenceDf, DF_BITS, encodeReferenceDf } from './reference-df.js';

describe('reference document frequencies', () => {
  it('round-trips through the file format, empty buckets skipped', () => {
    const counts = new Uint32Array(1 << DF_BITS);
    counts[0] = 3;
    counts[1] = 200;
    counts[70_000] = 1;
    counts[(1 << DF_BITS) - 1] = 5_000_000;
    const back = decodeReferenceDf(encodeReferenceDf({ version: 7, documents: 12, counts }));
    expect(back.version).toBe(7);
    expect(back.documents).toBe(12);
    expect(back.counts).toEqual(counts);
  });

  it('rejects a file that is not one, or is cut short, with a clear error', () => {
    expect(() => decodeReferenceDf(gzipSync(Buffer.from('PK\u0003\u0004 not a table')))).toThrow(/MSDF/);
    const whole = encodeReferenceDf({ version: 1, documents: 1, counts: Uint32Array.from({ length: 1 << DF_BITS }, (_, i) => (i === 5 ? 300 : 0)) });
    const cut = gzipSync(gunzipSync(whole).subarray(0, -1));
    expect(() => decodeReferenceDf(cut)).toThrow(/不完整/);
  });

  it('is committed, counted from fingerprints of the current version (rebuild it when FINGERPRINT_VERSION changes)', () => {
    const ref = committedReferenceDf();
    expect(ref?.version).toBe(FINGERPRINT_VERSION);
    expect(ref?.documents).toBeGreaterThan(5000);
  });
});
