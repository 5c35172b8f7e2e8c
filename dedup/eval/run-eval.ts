/**
 * Precision and recall of duplicate detection on the labeled pairs (pairs.json).
 *
 *   npx tsx dedup/eval/run-eval.ts [--sweep]
 *   npx tsx dedup/eval/run-eval.ts --fresh
 *
 * For each split, one index holds every real row of the split's data sets (so each lookup competes
 * with thousands of distractors); a pair counts as linked when looking up `b` returns `a` among the
 * verified matches. --sweep also prints pairwise precision/recall over a grid of thresholds on the
 * tune split (how the defaults were chosen). --fresh prints only the fresh pairs (fresh.ts): precision,
 * recall and hard negatives linked, for the held-out cities (Jiamusi, Beijing) and the dev city (Dalian).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDedupIndex } from '../dedup-index.js';
import { fingerprint, type Fingerprint } from '../fingerprint.js';
import { compareFingerprints, defaultDuplicateRule, type DuplicateRule } from '../similarity.js';
import { loadAllById, loadRows, type DataSetName } from './data.js';
import { applyEdit } from './edits.js';
import { freshFigures, loadFresh, scoreFresh, strataOrder, type FreshScored } from './fresh.js';
import type { LabeledPair } from './mine-pairs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const setsOf: Record<'tune' | 'test', DataSetName[]> = { tune: ['dalian'], test: ['jiamusi', 'beijing', 'teddy'] };

interface Scored {
  pair: LabeledPair;
  a: Fingerprint;
  b: Fingerprint;
  linked: boolean;
}

function pct(x: number): string {
  return Number.isFinite(x) ? (x * 100).toFixed(1) : '-';
}

function metrics(rows: { label: number; predicted: boolean; kind: string }[]) {
  const tp = rows.filter((r) => r.label === 1 && r.predicted).length;
  const fp = rows.filter((r) => r.label === 0 && r.predicted).length;
  const fn = rows.filter((r) => r.label === 1 && !r.predicted).length;
  const hardLinked = rows.filter((r) => r.kind === 'hard-negative' && r.predicted).length;
  return { tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn), hardLinked };
}

function freshReport(): string[] {
  const { pairs, ambiguous } = loadFresh();
  const scored = scoreFresh(pairs);
  const out: string[] = [`\n== 新标注集 fresh: ${pairs.length} 对（另有 ${ambiguous} 对难以判断，未计入）`];
  const line = (name: string, rows: readonly FreshScored[]) => {
    const f = freshFigures(rows);
    return `${name.padEnd(34)} 正例 ${String(f.positives).padStart(3)} 负例 ${String(f.negatives).padStart(3)}  精确率 precision ${pct(f.precision).padStart(5)}%  召回率 recall ${pct(f.recall).padStart(5)}% (${f.tp}/${f.positives})  困难负例误连 hard negatives linked ${f.fp} of ${f.negatives}`;
  };
  const heldOut = scored.filter((s) => s.pair.role === 'held-out');
  out.push(line('held-out (佳木斯 Jiamusi + 北京 Beijing)', heldOut));
  out.push(line('  jiamusi', heldOut.filter((s) => s.pair.set === 'jiamusi')));
  out.push(line('  beijing', heldOut.filter((s) => s.pair.set === 'beijing')));
  out.push(line('dev (大连 Dalian)', scored.filter((s) => s.pair.role === 'dev')));
  out.push(line('all', scored));
  out.push('by stratum (all cities):');
  for (const stratum of strataOrder) out.push(line(`  ${stratum}`, scored.filter((s) => s.pair.stratum === stratum)));
  const kinds = new Map<string, number>();
  for (const s of scored.filter((x) => x.linked && x.pair.label === 1)) kinds.set(s.score.kind ?? '?', (kinds.get(s.score.kind ?? '?') ?? 0) + 1);
  out.push(`links by path (true positives): ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const s of scored.filter((x) => x.linked !== (x.pair.label === 1))) {
    out.push(`  错判 ${s.pair.label ? 'FN' : 'FP'} ${s.pair.role} ${s.pair.stratum} ${s.pair.a} ~ ${s.pair.b} j=${s.score.jaccard.toFixed(2)} c=${s.score.containment.toFixed(2)} ${s.score.kind ?? ''} (${s.pair.note})`);
  }
  return out;
}

function main(): void {
  if (process.argv.includes('--fresh')) {
    process.stdout.write(`${freshReport().join('\n')}\n`);
    return;
  }
  const pairs = JSON.parse(readFileSync(path.join(here, 'pairs.json'), 'utf8')) as LabeledPair[];
  const byId = loadAllById();
  const out: string[] = [];
  const scoredBySplit = new Map<string, Scored[]>();
  for (const split of ['tune', 'test'] as const) {
    const index = createDedupIndex();
    const fps = new Map<string, Fingerprint>();
    for (const set of setsOf[split]) {
      for (const row of loadRows(set)) {
        const fp = fingerprint(row);
        fps.set(row.id, fp);
        index.add(row.id, fp);
      }
    }
    const scored: Scored[] = [];
    for (const pair of pairs.filter((p) => p.split === split)) {
      const a = fps.get(pair.a)!;
      const realB = typeof pair.b === 'string' ? pair.b : undefined;
      const b = typeof pair.b === 'string' ? fps.get(pair.b)! : fingerprint(applyEdit(byId.get(pair.b.base)!, pair.b.edit));
      const linked = index.findDuplicates(b).some((m) => m.id === pair.a && m.id !== realB);
      scored.push({ pair, a, b, linked });
    }
    scoredBySplit.set(split, scored);
    const all = metrics(scored.map((s) => ({ label: s.pair.label, predicted: s.linked, kind: s.pair.kind })));
    out.push(`\n== ${split === 'tune' ? '调参集 tune (大连)' : '测试集 test (佳木斯、北京、泰迪杯)'}: ${scored.length} 对`);
    out.push(`精确率 precision ${pct(all.precision)}%  召回率 recall ${pct(all.recall)}%  (TP ${all.tp}, FP ${all.fp}, FN ${all.fn})  困难负例误连 hard negatives linked: ${all.hardLinked}`);
    for (const kind of ['exact', 'real-near', 'synthetic', 'hard-negative']) {
      const mine = scored.filter((s) => s.pair.kind === kind);
      if (mine.length === 0) continue;
      const pos = mine.filter((s) => s.pair.label === 1);
      const neg = mine.filter((s) => s.pair.label === 0);
      out.push(`  ${kind.padEnd(14)} 正例 ${String(pos.length).padStart(4)} 召回 ${pct(pos.filter((s) => s.linked).length / pos.length).padStart(5)}%   负例 ${String(neg.length).padStart(4)} 误连 ${neg.filter((s) => s.linked).length}`);
    }
    const bySynth = new Map<string, { n: number; hit: number }>();
    for (const s of scored.filter((x) => x.pair.kind === 'synthetic')) {
      const k = (s.pair.b as { edit: { kind: string } }).edit.kind;
      const e = bySynth.get(k) ?? { n: 0, hit: 0 };
      e.n++;
      if (s.linked) e.hit++;
      bySynth.set(k, e);
    }
    out.push(`  synthetic by edit: ${[...bySynth].map(([k, e]) => `${k} ${e.hit}/${e.n}`).join(', ')}`);
    for (const s of scored.filter((x) => x.linked !== (x.pair.label === 1)).slice(0, 12)) {
      const v = compareFingerprints(s.a, s.b);
      out.push(`  错判 ${s.pair.label ? 'FN' : 'FP'} ${s.pair.kind} ${s.pair.a} ~ ${typeof s.pair.b === 'string' ? s.pair.b : `${s.pair.b.base}+${s.pair.b.edit.kind}`} j=${v.jaccard.toFixed(2)} c=${v.containment.toFixed(2)} sizes=${s.a.size}/${s.b.size}${s.pair.note ? ` (${s.pair.note})` : ''}`);
    }
  }
  if (process.argv.includes('--sweep')) {
    out.push('\n== 阈值扫描 threshold sweep (tune, pairwise verification)');
    out.push('minJaccard minContainment minContainedSize  precision recall hardLinked');
    const tune = scoredBySplit.get('tune')!;
    for (const minJaccard of [0.4, 0.45, 0.5, 0.55, 0.6]) {
      for (const minContainment of [0.7, 0.8, 0.85, 0.9, 1.01]) {
        for (const minContainedSize of [15, 30]) {
          const rule: DuplicateRule = { ...defaultDuplicateRule, minJaccard, minContainment, minContainedSize };
          const m = metrics(tune.map((s) => ({ label: s.pair.label, predicted: compareFingerprints(s.a, s.b, rule).duplicate, kind: s.pair.kind })));
          const mark = rule.minJaccard === defaultDuplicateRule.minJaccard && rule.minContainment === defaultDuplicateRule.minContainment && rule.minContainedSize === defaultDuplicateRule.minContainedSize ? '  <- default' : '';
          out.push(`${String(minJaccard).padEnd(10)} ${String(minContainment).padEnd(14)} ${String(minContainedSize).padEnd(17)} ${pct(m.precision).padStart(9)} ${pct(m.recall).padStart(6)} ${String(m.hardLinked).padStart(10)}${mark}`);
        }
      }
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
