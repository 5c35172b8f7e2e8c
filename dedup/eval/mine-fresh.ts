/**
 * Mines the "fresh" pair candidates: pairs of real messages that no rule of dedup/ was written or
 * tuned on (none is in pairs.json or hand-labels.json), from Jiamusi, Beijing and Dalian. It writes
 * only ids, the data set and the stratum a pair was drawn from (fresh-candidates.json); the labels
 * are set by hand, by reading both texts, in fresh-labels.json (see dedup/README.md).
 *
 *   npx tsx dedup/eval/mine-fresh.ts [--review DIR]
 *
 * --review writes the texts of the candidates to DIR (outside the repository), shuffled and without
 * any score, stratum or decision, so the reader labels each pair blind to what the rules would say.
 *
 * Every pair of rows of a set is scored (brute force, no index candidates, so pairs the LSH keys miss
 * are found too): shingle Jaccard, IDF-weighted token overlap (IDF over the whole set, as an index
 * holding it would weigh), title Jaccard, and shared names (estate, road, company, institution).
 * Exact copies (same normalised text) are left out. Strata, drawn in this order with a seeded sampler
 * (a pair is drawn once, under its first stratum):
 * - positive candidates (most of them should be re-posts, but the label decides):
 *   near-high (Jaccard >= 0.55), jaccard-mid (0.30-0.55), jaccard-low (0.10-0.30 with IDF overlap
 *   >= 0.25 or title Jaccard >= 0.4, else they are almost all unrelated), idf-overlap (IDF overlap
 *   0.30-0.60, Jaccard < 0.55), same-title (title Jaccard >= 0.6, titles of 5+ shingles, Jaccard < 0.55);
 * - hard-negative candidates: shared-name-similar (a shared name and max(Jaccard, IDF overlap) >= 0.25:
 *   template letters, the same place with another request), rare-words (IDF overlap >= 0.35 or
 *   Jaccard >= 0.2 with no shared name), shared-name (a shared name, any similarity).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDedupIndex } from '../dedup-index.js';
import { decodeSketch, fingerprint, TITLE_SKETCH, type Fingerprint } from '../fingerprint.js';
import { seededRandom } from '../hash.js';
import { extractNames } from '../key-phrases.js';
import { sketchOverlap, weightedTokenOverlap } from '../similarity.js';
import { loadRows, type DataRow, type DataSetName } from './data.js';
import type { LabeledPair } from './mine-pairs.js';

export const freshStrata = ['near-high', 'jaccard-mid', 'jaccard-low', 'idf-overlap', 'same-title', 'shared-name-similar', 'rare-words', 'shared-name'] as const;
export type FreshStratum = (typeof freshStrata)[number];

export interface FreshCandidate {
  a: string;
  b: string;
  set: DataSetName;
  stratum: FreshStratum;
}

/**
 * A hand label of a fresh pair (fresh-labels.json): 1 duplicate, 0 another message, null left out as
 * ambiguous; the note says why, without message text. Dalian pairs are dev (may be tuned on), the
 * others are held out (fresh.ts).
 */
export interface FreshLabel {
  a: string;
  b: string;
  label: 0 | 1 | null;
  note: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Quotas per set, in stratum order. Jiamusi and Beijing are the "other cities"; Dalian is the tune city. */
const quotas: Record<'jiamusi' | 'beijing' | 'dalian', Record<FreshStratum, number>> = {
  jiamusi: { 'near-high': 6, 'jaccard-mid': 14, 'jaccard-low': 12, 'idf-overlap': 12, 'same-title': 8, 'shared-name-similar': 40, 'rare-words': 12, 'shared-name': 16 },
  beijing: { 'near-high': 4, 'jaccard-mid': 6, 'jaccard-low': 8, 'idf-overlap': 8, 'same-title': 6, 'shared-name-similar': 16, 'rare-words': 10, 'shared-name': 8 },
  dalian: { 'near-high': 3, 'jaccard-mid': 6, 'jaccard-low': 8, 'idf-overlap': 8, 'same-title': 5, 'shared-name-similar': 14, 'rare-words': 6, 'shared-name': 6 },
};

interface Features {
  i: number;
  j: number;
  jaccard: number;
  idf: number;
  title: number;
  sharedName: boolean;
}

/** The pairs the earlier evaluation has seen: pairs.json (real pairs) and hand-labels.json. */
export function seenPairs(): Set<string> {
  const pairs = JSON.parse(readFileSync(path.join(here, 'pairs.json'), 'utf8')) as LabeledPair[];
  const hand = JSON.parse(readFileSync(path.join(here, 'hand-labels.json'), 'utf8')) as { a: string; b: string }[];
  const seen = new Set<string>();
  for (const p of pairs) if (typeof p.b === 'string') seen.add(pairKey(p.a, p.b));
  for (const h of hand) seen.add(pairKey(h.a, h.b));
  return seen;
}

function stratumOf(f: Features): FreshStratum[] {
  const out: FreshStratum[] = [];
  if (f.jaccard >= 0.55) out.push('near-high');
  if (f.jaccard >= 0.3 && f.jaccard < 0.55) out.push('jaccard-mid');
  if (f.jaccard >= 0.1 && f.jaccard < 0.3 && (f.idf >= 0.25 || f.title >= 0.4)) out.push('jaccard-low');
  if (f.idf >= 0.3 && f.idf < 0.6 && f.jaccard < 0.55) out.push('idf-overlap');
  if (f.title >= 0.6 && f.jaccard < 0.55) out.push('same-title');
  if (f.sharedName && Math.max(f.jaccard, f.idf) >= 0.25) out.push('shared-name-similar');
  if (!f.sharedName && (f.idf >= 0.35 || f.jaccard >= 0.2)) out.push('rare-words');
  if (f.sharedName) out.push('shared-name');
  return out;
}

function mineSet(set: 'jiamusi' | 'beijing' | 'dalian', seen: Set<string>): { candidates: FreshCandidate[]; rows: DataRow[]; pools: string } {
  const rows = loadRows(set);
  const fps: Fingerprint[] = rows.map((r) => fingerprint(r));
  const index = createDedupIndex();
  rows.forEach((r, i) => index.add(r.id, fps[i]!));
  const weight = (h: number) => index.tokenWeight(h, false);
  const sketches = fps.map((f) => decodeSketch(f.sketch));
  const titles = fps.map((f) => decodeSketch(f.titleSketch));
  const tokens = fps.map((f) => decodeSketch(f.tokens));
  const names = rows.map((r) => new Set(extractNames(`${r.title}。${r.content}`).filter((p) => p.kind !== 'agency').map((p) => p.key)));
  const pools = new Map<FreshStratum, Features[]>(freshStrata.map((s) => [s, []]));
  for (let i = 0; i < rows.length; i++) {
    if (fps[i]!.size === 0) continue;
    for (let j = i + 1; j < rows.length; j++) {
      if (fps[j]!.size === 0 || fps[i]!.exactHash === fps[j]!.exactHash) continue;
      const idf = tokens[i]!.length > 0 && tokens[j]!.length > 0 ? weightedTokenOverlap(tokens[i]!, tokens[j]!, weight) : 0;
      const sharedName = [...names[i]!].some((k) => names[j]!.has(k));
      // Cheap filter: pairs that share no name and few rare words fall in no stratum unless their shingles overlap.
      const jaccard = sketchOverlap(sketches[i]!, fps[i]!.size, sketches[j]!, fps[j]!.size).jaccard;
      if (!sharedName && idf < 0.25 && jaccard < 0.1) continue;
      const title = fps[i]!.titleSize >= 5 && fps[j]!.titleSize >= 5 ? sketchOverlap(titles[i]!, fps[i]!.titleSize, titles[j]!, fps[j]!.titleSize, TITLE_SKETCH).jaccard : 0;
      const f: Features = { i, j, jaccard, idf, title, sharedName };
      const strata = stratumOf(f);
      if (strata.length === 0 || seen.has(pairKey(rows[i]!.id, rows[j]!.id))) continue;
      for (const s of strata) pools.get(s)!.push(f);
    }
  }
  const rnd = seededRandom(0xf4e5 + set.length);
  const chosen = new Set<string>();
  const candidates: FreshCandidate[] = [];
  for (const stratum of freshStrata) {
    const pool = pools.get(stratum)!;
    const want = Math.min(quotas[set][stratum], pool.length);
    let got = 0;
    for (let tries = 0; got < want && tries < pool.length * 20; tries++) {
      const f = pool[rnd() % pool.length]!;
      const [a, b] = [rows[f.i]!.id, rows[f.j]!.id];
      const key = pairKey(a, b);
      if (chosen.has(key)) continue;
      chosen.add(key);
      candidates.push({ a, b, set, stratum });
      got++;
    }
  }
  return { candidates, rows, pools: freshStrata.map((s) => `${s} ${pools.get(s)!.length}`).join(', ') };
}

function main(): void {
  const reviewAt = process.argv.indexOf('--review');
  const reviewDir = reviewAt > 0 ? process.argv[reviewAt + 1] : undefined;
  const seen = seenPairs();
  const all: FreshCandidate[] = [];
  const byId = new Map<string, DataRow>();
  for (const set of ['jiamusi', 'beijing', 'dalian'] as const) {
    const { candidates, rows, pools } = mineSet(set, seen);
    for (const r of rows) byId.set(r.id, r);
    all.push(...candidates);
    process.stderr.write(`${set}: ${candidates.length} candidates; pool sizes: ${pools}\n`);
  }
  writeFileSync(path.join(here, 'fresh-candidates.json'), `${JSON.stringify(all).replace(/\},\{/g, '},\n{')}\n`);
  if (reviewDir) {
    // Shuffled, no stratum and no score: the reader sees two texts and nothing else.
    const rnd = seededRandom(0x5eaf);
    const order = all.map((c, n) => ({ c, r: rnd(), n })).sort((x, y) => x.r - y.r);
    mkdirSync(reviewDir, { recursive: true });
    const show = (r: DataRow) => `${r.createdAt ?? ''} [${r.unit ?? ''}] ${r.title} | ${r.content.replace(/\s+/g, ' ').slice(0, 420)}`;
    const text = order.map(({ c }, k) => `#${k} ${c.a} ${c.b}\nA ${show(byId.get(c.a)!)}\nB ${show(byId.get(c.b)!)}\n`).join('\n');
    writeFileSync(path.join(reviewDir, 'fresh-review.txt'), text);
  }
  process.stderr.write(`已写入 ${all.length} 对候选 fresh-candidates.json\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
