/**
 * The "fresh" labelled pairs (fresh-candidates.json + fresh-labels.json, mined by mine-fresh.ts and
 * labelled by hand before any decision was run on them), and their evaluation with the index's
 * decisions. Used by run-eval.ts --fresh.
 *
 * Roles: the Dalian pairs are `dev` (Dalian is the tune city: rules may be fitted on them); the
 * Jiamusi and Beijing pairs are `held-out` (no rule may be fitted on them: they are the honest figure).
 * Every fresh negative was mined as a look-alike (a shared name, shared rare words or overlapping text)
 * and read as another message, so every fresh negative counts as a hard negative.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDedupIndex, type DedupOptions } from '../dedup-index.js';
import { fingerprint, type Fingerprint } from '../fingerprint.js';
import { compareFingerprints, defaultDuplicateRule, type PairScore } from '../similarity.js';
import { loadRows, type DataSetName } from './data.js';
import { pairKey, type FreshCandidate, type FreshLabel, type FreshStratum } from './mine-fresh.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface FreshPair extends FreshCandidate {
  label: 0 | 1;
  note: string;
  role: 'dev' | 'held-out';
}

/** The labelled fresh pairs; pairs left unlabelled as ambiguous (label null) are counted, not returned. */
export function loadFresh(): { pairs: FreshPair[]; ambiguous: number } {
  const candidates = JSON.parse(readFileSync(path.join(here, 'fresh-candidates.json'), 'utf8')) as FreshCandidate[];
  const labels = JSON.parse(readFileSync(path.join(here, 'fresh-labels.json'), 'utf8')) as FreshLabel[];
  const byKey = new Map(labels.map((l) => [pairKey(l.a, l.b), l]));
  const pairs: FreshPair[] = [];
  let ambiguous = 0;
  for (const c of candidates) {
    const l = byKey.get(pairKey(c.a, c.b));
    if (!l) throw new Error(`fresh pair ${c.a} ~ ${c.b} has no label`);
    if (l.label === null) {
      ambiguous++;
      continue;
    }
    pairs.push({ ...c, label: l.label, note: l.note, role: c.set === 'dalian' ? 'dev' : 'held-out' });
  }
  return { pairs, ambiguous };
}

export interface FreshScored {
  pair: FreshPair;
  linked: boolean;
  /** The index's verdict for the pair (its token weights), for the report. */
  score: PairScore;
}

/** The indexes the pairs are looked up in: the same as run-eval.ts's splits (tune: Dalian; test: Jiamusi, Beijing, Teddy). */
const indexSets: Record<'dev' | 'held-out', DataSetName[]> = { dev: ['dalian'], 'held-out': ['jiamusi', 'beijing', 'teddy'] };

/**
 * Looks up `b` of every pair in an index over all rows of its split; the pair is linked when `a` is
 * among the verified matches. `options` replaces the index's defaults (for experiments on dev only).
 */
export function scoreFresh(pairs: readonly FreshPair[], options: DedupOptions = {}, fps?: Map<string, Fingerprint>): FreshScored[] {
  const prints = fps ?? fingerprintsFor(pairs);
  const out: FreshScored[] = [];
  for (const role of ['dev', 'held-out'] as const) {
    const mine = pairs.filter((p) => p.role === role);
    if (mine.length === 0) continue;
    const index = createDedupIndex(options);
    for (const set of indexSets[role]) for (const row of loadRows(set)) index.add(row.id, prints.get(row.id) ?? fingerprint(row));
    for (const pair of mine) {
      const [a, b] = [prints.get(pair.a)!, prints.get(pair.b)!];
      const linked = index.findDuplicates(b).some((m) => m.id === pair.a && m.id !== pair.b);
      out.push({ pair, linked, score: compareFingerprints(b, a, { ...defaultDuplicateRule, ...options.rule }, index.tokenWeight) });
    }
  }
  return out;
}

/** Fingerprints of every row of the splits the pairs need. */
export function fingerprintsFor(pairs: readonly FreshPair[]): Map<string, Fingerprint> {
  const fps = new Map<string, Fingerprint>();
  const roles = new Set(pairs.map((p) => p.role));
  for (const role of roles) for (const set of indexSets[role]) for (const row of loadRows(set)) fps.set(row.id, fingerprint(row));
  return fps;
}

export interface FreshFigures {
  positives: number;
  negatives: number;
  tp: number;
  fp: number;
  precision: number;
  recall: number;
}

export function freshFigures(scored: readonly FreshScored[]): FreshFigures {
  const positives = scored.filter((s) => s.pair.label === 1).length;
  const negatives = scored.length - positives;
  const tp = scored.filter((s) => s.pair.label === 1 && s.linked).length;
  const fp = scored.filter((s) => s.pair.label === 0 && s.linked).length;
  return { positives, negatives, tp, fp, precision: tp / (tp + fp), recall: tp / positives };
}

export const strataOrder: readonly FreshStratum[] = ['near-high', 'jaccard-mid', 'jaccard-low', 'idf-overlap', 'same-title', 'shared-name-similar', 'rare-words', 'shared-name'];
