/**
 * Builds dedup/eval/pairs.json, the labeled pair set, from the shared data and the hand labels in
 * hand-labels.json. Only ids, labels and edit recipes are written; never message text.
 *
 *   npx tsx dedup/eval/mine-pairs.ts [--review DIR]
 *
 * Pairs, per data set (Dalian = tune split; Jiamusi, Beijing, Teddy = test split):
 * - exact: rows whose normalised body repeats another row's (label 1);
 * - real-near: non-exact pairs a permissive search finds (Jaccard >= 0.15 or containment >= 0.5),
 *   labeled by hand in hand-labels.json (1 = same message re-posted, 0 = different message);
 *   unreviewed ones are left out and counted; --review writes their text to DIR for reading;
 * - synthetic: a real row and an edited copy of it (edits.ts) (label 1);
 * - hard-negative: pairs sharing an estate/road/company/institution name whose bodies differ
 *   (label 0): hand-labeled 0 among the real-near candidates, plus name-sharing pairs under the
 *   permissive thresholds.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDedupIndex } from '../dedup-index.js';
import { fingerprint, type Fingerprint } from '../fingerprint.js';
import { seededRandom } from '../hash.js';
import { extractNames } from '../key-phrases.js';
import { loadRows, type DataRow, type DataSetName } from './data.js';
import { editKinds, type Edit } from './edits.js';

export interface LabeledPair {
  a: string;
  /** Another row's id, or an edit of row `a`. */
  b: string | { base: string; edit: Edit };
  label: 0 | 1;
  kind: 'exact' | 'real-near' | 'synthetic' | 'hard-negative';
  split: 'tune' | 'test';
  /** How the label was set. */
  by: 'rule' | 'hand';
  note?: string;
}

interface HandLabel {
  a: string;
  b: string;
  label: 0 | 1;
  note?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

const splits: [DataSetName, 'tune' | 'test', number, number][] = [
  // set, split, synthetic copies, max hard negatives
  ['dalian', 'tune', 210, 300],
  ['jiamusi', 'test', 140, 300],
  ['beijing', 'test', 35, 60],
  ['teddy', 'test', 35, 60],
];

function main(): void {
  const reviewAt = process.argv.indexOf('--review');
  const reviewDir = reviewAt > 0 ? process.argv[reviewAt + 1] : undefined;
  const hand = JSON.parse(readFileSync(path.join(here, 'hand-labels.json'), 'utf8')) as HandLabel[];
  const handByKey = new Map(hand.map((h) => [pairKey(h.a, h.b), h]));
  const pairs: LabeledPair[] = [];
  const summary: string[] = [];
  for (const [set, split, syntheticCount, maxHard] of splits) {
    const rows = loadRows(set);
    const fps = rows.map((r) => fingerprint(r));
    const rnd = seededRandom(0xdeda + set.length);
    const before = pairs.length;
    // exact
    const byHash = new Map<string, DataRow[]>();
    rows.forEach((r, i) => byHash.set(fps[i]!.exactHash, [...(byHash.get(fps[i]!.exactHash) ?? []), r]));
    for (const group of byHash.values()) {
      for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length && j < 5; j++) {
        if (fps[rows.indexOf(group[i]!)]!.size === 0) continue;
        pairs.push({ a: group[i]!.id, b: group[j]!.id, label: 1, kind: 'exact', split, by: 'rule' });
      }
    }
    // real-near candidates
    const permissive = createDedupIndex({ rule: { minJaccard: 0.15, minContainment: 0.5, minContainedSize: 10 } });
    rows.forEach((r, i) => permissive.add(r.id, fps[i]!));
    const near = new Map<string, [DataRow, DataRow]>();
    rows.forEach((r, i) => {
      for (const m of permissive.findDuplicates(fps[i]!)) {
        if (m.id === r.id || m.kind === 'exact') continue;
        near.set(pairKey(r.id, m.id), r.id < m.id ? [r, rows.find((x) => x.id === m.id)!] : [rows.find((x) => x.id === m.id)!, r]);
      }
    });
    const unreviewed: [DataRow, DataRow][] = [];
    for (const [key, [a, b]] of near) {
      const h = handByKey.get(key);
      if (!h) {
        unreviewed.push([a, b]);
        continue;
      }
      const sharesName = extractNames(`${a.title}。${a.content}`).some((p) => extractNames(`${b.title}。${b.content}`).some((q) => q.key === p.key));
      const kind = h.label === 1 ? 'real-near' : sharesName ? 'hard-negative' : 'real-near';
      pairs.push({ a: a.id, b: b.id, label: h.label, kind, split, by: 'hand', ...(h.note ? { note: h.note } : {}) });
    }
    // synthetic copies
    const eligible = rows.filter((r, i) => fps[i]!.length >= 30);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(syntheticCount, eligible.length)) chosen.add(rnd() % eligible.length);
    [...chosen].forEach((at, n) => {
      const edit: Edit = { kind: editKinds[n % editKinds.length]!, seed: rnd() };
      pairs.push({ a: eligible[at]!.id, b: { base: eligible[at]!.id, edit }, label: 1, kind: 'synthetic', split, by: 'rule' });
    });
    // hard negatives: rows sharing a name, under the permissive thresholds
    const byName = new Map<string, number[]>();
    rows.forEach((r, i) => {
      for (const p of extractNames(`${r.title}。${r.content}`)) byName.set(p.key, [...(byName.get(p.key) ?? []), i]);
    });
    const hard: LabeledPair[] = [];
    for (const members of byName.values()) {
      for (let x = 0; x < members.length && x < 6; x++) for (let y = x + 1; y < members.length && y < 6; y++) {
        const [a, b] = [rows[members[x]!]!, rows[members[y]!]!];
        if (fps[members[x]!]!.exactHash === fps[members[y]!]!.exactHash || near.has(pairKey(a.id, b.id))) continue;
        hard.push({ a: a.id, b: b.id, label: 0, kind: 'hard-negative', split, by: 'rule' });
      }
    }
    const seen = new Set<string>();
    while (seen.size < Math.min(maxHard, hard.length)) {
      const p = hard[rnd() % hard.length]!;
      const key = pairKey(p.a, p.b as string);
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push(p);
    }
    const mine = pairs.slice(before);
    const count = (k: string, l?: number) => mine.filter((p) => p.kind === k && (l === undefined || p.label === l)).length;
    summary.push(`${set}(${split}): exact ${count('exact')}, real-near ${count('real-near', 1)}+/${count('real-near', 0)}-, synthetic ${count('synthetic')}, hard-negative ${count('hard-negative')} (hand ${mine.filter((p) => p.kind === 'hard-negative' && p.by === 'hand').length}), unreviewed near ${unreviewed.length}`);
    if (reviewDir && unreviewed.length > 0) {
      mkdirSync(reviewDir, { recursive: true });
      const text = unreviewed
        .map(([a, b], i) => {
          const s = compareForReview(fps[rows.indexOf(a)]!, fps[rows.indexOf(b)]!);
          return `#${i} {"a":"${a.id}","b":"${b.id}","label":?}  ${s}\nA ${a.createdAt ?? ''} ${a.title} | ${a.content.slice(0, 220)}\nB ${b.createdAt ?? ''} ${b.title} | ${b.content.slice(0, 220)}\n`;
        })
        .join('\n');
      writeFileSync(path.join(reviewDir, `${set}.txt`), text);
    }
  }
  writeFileSync(path.join(here, 'pairs.json'), `${JSON.stringify(pairs, null, 0).replace(/\},\{/g, '},\n{')}\n`);
  process.stderr.write(`已写入 ${pairs.length} 对样本：\n${summary.join('\n')}\n`);
}

function compareForReview(a: Fingerprint, b: Fingerprint): string {
  const index = createDedupIndex({ rule: { minJaccard: 0, minContainment: 0, minContainedSize: 0 } });
  index.add('a', a);
  const m = index.findDuplicates(b).find((x) => x.id === 'a');
  return m ? `j=${m.jaccard.toFixed(2)} c=${m.containment.toFixed(2)} sizes=${a.size}/${b.size}` : '';
}

main();
