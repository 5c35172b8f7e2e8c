/**
 * Does a decision depend on how much else the index holds? `minsheng dedup` is run on files of any
 * size, and a new district's store starts empty, while run-eval.ts decides each pair against an index
 * of a whole city. This script decides the real labelled pairs three ways:
 *   - city: look up b in an index of every row of its split (run-eval.ts, fresh.ts);
 *   - file: one `decideDuplicates` stream holding only the messages of the split's labelled pairs,
 *     in date order (what a file of labelled pairs given to `minsheng dedup` does);
 *   - pair: each pair on its own, a then b (a two-line file).
 * A pair counts as linked when b's decision names a as its original (file: a, or any message a
 * earlier decision linked to a or a to it, since the stream links each copy to its best match).
 *
 *   npx tsx dedup/eval/input-size.ts [--reference FILE|none]
 * --reference: the reference document frequencies the weights start from (reference-df.ts; default
 * the committed file, `none` the index's own counts only, FILE one built by build-reference-df.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDedupIndex, type DedupOptions } from '../dedup-index.js';
import { decideDuplicates } from '../decide.js';
import { fingerprint } from '../fingerprint.js';
import { decodeReferenceDf } from '../reference-df.js';
import { loadAllById, loadRows, type DataRow, type DataSetName } from './data.js';
import { loadFresh } from './fresh.js';
import type { LabeledPair } from './mine-pairs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const referenceArg = process.argv[process.argv.indexOf('--reference') + 1];
const dedup: DedupOptions = !process.argv.includes('--reference') ? {} : { referenceDf: referenceArg === 'none' ? null : decodeReferenceDf(readFileSync(referenceArg ?? '')) };

interface RealPair {
  a: string;
  b: string;
  label: 0 | 1;
  hard: boolean;
}

interface Figures {
  tp: number;
  fp: number;
  positives: number;
  negatives: number;
  hardLinked: number;
  hard: number;
}

function figures(pairs: readonly RealPair[], linked: (p: RealPair) => boolean): Figures {
  const f: Figures = { tp: 0, fp: 0, positives: 0, negatives: 0, hardLinked: 0, hard: 0 };
  for (const p of pairs) {
    const l = linked(p);
    if (p.label === 1) {
      f.positives++;
      if (l) f.tp++;
    } else {
      f.negatives++;
      if (l) f.fp++;
      if (p.hard) {
        f.hard++;
        if (l) f.hardLinked++;
      }
    }
  }
  return f;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '-');
const show = (f: Figures) =>
  `精确率 precision ${pct(f.tp / (f.tp + f.fp)).padStart(6)}  召回率 recall ${pct(f.tp / f.positives).padStart(6)} (${f.tp}/${f.positives})  误连 false links ${f.fp} of ${f.negatives}（困难负例 hard ${f.hardLinked} of ${f.hard}）`;

const byDate = (rows: DataRow[]) => [...rows].sort((x, y) => (x.createdAt ?? '').localeCompare(y.createdAt ?? '') || x.id.localeCompare(y.id));

/** Links of one stream, as an undirected graph: a pair is linked when b reaches a. */
function streamLinks(rows: DataRow[]): (a: string, b: string) => boolean {
  const decisions = decideDuplicates(byDate(rows), { dedup });
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let r = id;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  for (const d of decisions) if (d.duplicateOf) parent.set(d.id, d.duplicateOf);
  return (a, b) => root(a) === root(b);
}

function report(name: string, pairs: readonly RealPair[], cityRows: DataRow[], byId: Map<string, DataRow>): string[] {
  const index = createDedupIndex(dedup);
  const fps = new Map(cityRows.map((r) => [r.id, fingerprint(r)]));
  for (const r of cityRows) index.add(r.id, fps.get(r.id)!);
  const city = figures(pairs, (p) => index.findDuplicates(fps.get(p.b)!).some((m) => m.id === p.a));
  const ids = new Set(pairs.flatMap((p) => [p.a, p.b]));
  const inFile = streamLinks([...ids].map((id) => byId.get(id)!));
  const file = figures(pairs, (p) => inFile(p.a, p.b));
  const pair = figures(pairs, (p) => decideDuplicates([byId.get(p.a)!, byId.get(p.b)!], { dedup })[1]?.duplicateOf === p.a);
  return [`== ${name}: ${pairs.length} 对（文件 file: ${ids.size} 条留言；城市 city: ${cityRows.length} 条）`, `  city ${show(city)}`, `  file ${show(file)}`, `  pair ${show(pair)}`];
}

function main(): void {
  const byId = loadAllById();
  const rowsOf = (sets: DataSetName[]) => sets.flatMap((s) => loadRows(s));
  const labelled = JSON.parse(readFileSync(path.join(here, 'pairs.json'), 'utf8')) as LabeledPair[];
  const real = (split: 'tune' | 'test'): RealPair[] =>
    labelled
      .filter((p): p is LabeledPair & { b: string } => p.split === split && typeof p.b === 'string' && p.kind !== 'exact')
      .map((p) => ({ a: p.a, b: p.b, label: p.label as 0 | 1, hard: p.kind === 'hard-negative' }));
  const fresh = loadFresh().pairs;
  const freshOf = (role: 'dev' | 'held-out'): RealPair[] => fresh.filter((p) => p.role === role).map((p) => ({ a: p.a, b: p.b, label: p.label, hard: p.label === 0 }));
  const out = [
    ...report('tune (大连 Dalian): real near duplicates and hard negatives', real('tune'), rowsOf(['dalian']), byId),
    ...report('test (佳木斯、北京、泰迪杯): real near duplicates and hard negatives', real('test'), rowsOf(['jiamusi', 'beijing', 'teddy']), byId),
    ...report('fresh dev (大连 Dalian)', freshOf('dev'), rowsOf(['dalian']), byId),
    ...report('fresh held out (佳木斯、北京)', freshOf('held-out'), rowsOf(['jiamusi', 'beijing', 'teddy']), byId),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
