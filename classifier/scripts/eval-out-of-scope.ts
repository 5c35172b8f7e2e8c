/**
 * Out-of-scope screening against the hand-labelled sets in classifier/eval (ids and labels only;
 * the text is joined from ../shared/data).
 *   npx tsx classifier/scripts/eval-out-of-scope.ts [--dev2|--dev3|--test|--test2|--test3|--test4|--test5|--test6|--test7|--test8|--test9] [--show] [--weighted] [--skip-borderline]
 * Default: the development set (rules were adjusted while reading it). --dev2, --dev3: the second
 * and third development sets (each labelled before the rule changes it suggested). --test: the
 * first held-out set. --test2: the second held-out set (150 messages: 60 whose replies hint at
 * non-acceptance and 30 random ones each from Dalian, Jiamusi and Beijing; labelled before any
 * change of the fourth session). --test3: the third held-out set (the same mix as test2, drawn
 * with --seed 5 and labelled blind, before anything was run on it). --test4: the fourth held-out
 * set (100 random messages and 100 holding a word of an out-of-scope cue list, drawn by
 * sample-out-of-scope-cued.ts and labelled blind). --test5: the fifth held-out set (100 random and
 * 150 cued, the same draw with another seed, drawn and labelled blind in the sixth session before
 * that session's rule changes; development data once its misses were read). --test6: the sixth
 * held-out set (the same draw, seed 20261129, drawn and labelled blind before the rule changes
 * made on test5's misses; development data once its misses were read). --test7: the seventh
 * held-out set (the same draw, seed 20261130, drawn and labelled blind in the seventh session, with
 * no rule changed since test6; development data once its misses were read in the ninth session).
 * --test8: the eighth held-out set (seed 20261201: the last 66 cued messages and 170 random ones,
 * drawn and labelled blind in the ninth session while the rules were changed on test7's misses;
 * development data once its errors were read in the tenth session). --test9: the ninth held-out set
 * (seed 20261202: 250 random messages, the cued pool being spent; drawn and labelled blind in the
 * tenth session before any rule or model ran on it, measured once, then development data).
 * No held-out set may be used to tune anything.
 * Prints precision/recall of the flag, with the learned model (the shipped screening) and with the
 * rules alone; --show lists the ids that disagree with either.
 * --weighted (test4 to test9) repeats the set's draw and adds post-stratified figures (each row counts
 * for pool cell size / labelled rows in its cell, the cells being "holds a cue word" or not: an
 * estimate for all Dalian, Jiamusi and Beijing mail), per-stratum and per-reason figures. The
 * unweighted figures over-represent cued mail, and with it the positives. The weighted figures'
 * 95% ranges come from a stratified bootstrap (rows redrawn within each cell, 2,000 rounds, seeded).
 * --skip-borderline leaves out the rows whose label note says "borderline" (a sensitivity check of
 * the labels, not a different measurement).
 */
import { screenOutOfScope } from '../out-of-scope.js';
import { outOfScopeSetNames, readAllSharedRows, readOutOfScopeLabels, type OutOfScopeLabel } from './out-of-scope-sets.js';
import { seededRandom } from '../../core/index.js';
import { cuedSetNames, repeatCuedDraw, type CuedSetName, type CuedStratum } from './sample-out-of-scope-cued.js';
import { wilson } from './suggestion-metrics.js';

const args = process.argv.slice(2);
const show = args.includes('--show');
const weighted = args.includes('--weighted');
const skipBorderline = args.includes('--skip-borderline');
const setName = outOfScopeSetNames.find((n) => n !== '' && args.includes(`--${n}`)) ?? '';
const cuedSet = cuedSetNames.find((n) => n === setName) as CuedSetName | undefined;
if (weighted && !cuedSet) throw new Error(`--weighted 只适用于 ${cuedSetNames.map((n) => `--${n}`).join('、')}（按抽样分层加权）`);
const labels = readOutOfScopeLabels(setName).filter((l) => !(skipBorderline && /borderline/i.test(l.note ?? '')));
if (labels.length === 0) throw new Error(`标注文件为空或不存在：${setName || 'dev'}`);
const sharedRows = readAllSharedRows();
const byId = new Map(sharedRows.map((r) => [r.id, r]));

type Screening = ReturnType<typeof screenOutOfScope>;
interface EvalRow {
  label: OutOfScopeLabel;
  withModel: Screening;
  rulesOnly: Screening;
  /** cue-enriched sets only: which draw the row came from, and whether it holds a cue word (its weighting cell). */
  stratum?: CuedStratum;
  cued?: boolean;
  weight: number;
}

let missing = 0;
const rows: EvalRow[] = [];
for (const label of labels) {
  const row = byId.get(label.id);
  if (!row) {
    missing++;
    continue;
  }
  rows.push({
    label,
    withModel: screenOutOfScope(row.title, row.content),
    rulesOnly: screenOutOfScope(row.title, row.content, { model: null }),
    weight: 1,
  });
}

let pool: { cued: number; plain: number } | undefined;
if (weighted && cuedSet) {
  const draw = repeatCuedDraw(cuedSet, sharedRows);
  pool = draw.pool;
  const drawn = new Map(draw.sample.map((s) => [s.row.id, s]));
  for (const r of rows) {
    const s = drawn.get(r.label.id)!;
    r.stratum = s.stratum;
    r.cued = s.cued;
  }
  const inCell = (cued: boolean) => rows.filter((r) => r.cued === cued).length;
  const nCued = inCell(true);
  const nPlain = inCell(false);
  for (const r of rows) r.weight = r.cued ? pool.cued / nCued : pool.plain / nPlain;
}

type Which = 'withModel' | 'rulesOnly';
const whichName: Record<Which, string> = { withModel: '规则 + 模型', rulesOnly: '仅规则' };

interface Figures {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  reasonRight: number;
  wTp: number;
  wFp: number;
  wFn: number;
}

function figures(subset: EvalRow[], which: Which): Figures {
  const f: Figures = { tp: 0, fp: 0, fn: 0, tn: 0, reasonRight: 0, wTp: 0, wFp: 0, wFn: 0 };
  for (const r of subset) {
    const s = r[which];
    if (s.flagged && r.label.flagged) {
      f.tp++;
      f.wTp += r.weight;
      if (r.label.reasons.includes(s.reasons[0]!.code)) f.reasonRight++;
    } else if (s.flagged) {
      f.fp++;
      f.wFp += r.weight;
    } else if (r.label.flagged) {
      f.fn++;
      f.wFn += r.weight;
    } else f.tn++;
  }
  return f;
}

const pct = (k: number, n: number) => (n ? `${((100 * k) / n).toFixed(1)}%` : '-');
const interval = (k: number, n: number) => {
  if (!n) return '';
  const [lo, hi] = wilson(k, n);
  return `，95% ${lo.toFixed(2)}–${hi.toFixed(2)}`;
};

function unweightedLine(subset: EvalRow[], which: Which): string {
  const f = figures(subset, which);
  return (
    `${whichName[which]}：精确率 ${pct(f.tp, f.tp + f.fp)}（${f.tp}/${f.tp + f.fp}${interval(f.tp, f.tp + f.fp)}）  ` +
    `召回率 ${pct(f.tp, f.tp + f.fn)}（${f.tp}/${f.tp + f.fn}${interval(f.tp, f.tp + f.fn)}）  真阴性 ${f.tn}；命中者首要理由与标注一致 ${f.reasonRight}/${f.tp}`
  );
}

/**
 * Percentile ranges of the weighted precision and recall over a stratified bootstrap: each cell's
 * labelled rows are redrawn with replacement (their weights stay the cell's), 2,000 rounds; rounds
 * where a figure is undefined (no flag, no positive) are left out of that figure's range.
 */
function bootstrapRanges(subset: EvalRow[], which: Which): { precision: string; recall: string } {
  const random = seededRandom(4);
  const cells = [subset.filter((r) => r.cued), subset.filter((r) => !r.cued)];
  const precisions: number[] = [];
  const recalls: number[] = [];
  for (let round = 0; round < 2000; round++) {
    const resample = cells.flatMap((cell) => cell.map(() => cell[Math.floor(random() * cell.length)]!));
    const f = figures(resample, which);
    if (f.wTp + f.wFp > 0) precisions.push(f.wTp / (f.wTp + f.wFp));
    if (f.wTp + f.wFn > 0) recalls.push(f.wTp / (f.wTp + f.wFn));
  }
  const range = (xs: number[]) => {
    const sorted = xs.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return sorted.length ? `${at(0.025).toFixed(2)}–${at(0.975).toFixed(2)}` : '-';
  };
  return { precision: range(precisions), recall: range(recalls) };
}

const out: string[] = [];
out.push(
  `不予受理筛查（${setName || 'dev'}${skipBorderline ? '，不含标注为 borderline 的条目' : ''}）：${rows.length} 条（标注为不予受理 ${rows.filter((r) => r.label.flagged).length} 条）${missing ? `，${missing} 条在共享数据中找不到` : ''}`,
  unweightedLine(rows, 'withModel'),
  unweightedLine(rows, 'rulesOnly'),
);

if (weighted && pool) {
  const nCued = rows.filter((r) => r.cued).length;
  const totalWeight = rows.reduce((s, r) => s + r.weight, 0);
  const positiveWeight = rows.filter((r) => r.label.flagged).reduce((s, r) => s + r.weight, 0);
  out.push(
    '',
    `加权（事后分层：抽样池含提示词 ${pool.cued} 条、不含 ${pool.plain} 条；已标注 ${nCued} / ${rows.length - nCued} 条）：` +
      `估计全部留言中不予受理占 ${pct(positiveWeight, totalWeight)}`,
  );
  for (const which of ['withModel', 'rulesOnly'] as const) {
    const f = figures(rows, which);
    const range = bootstrapRanges(rows, which);
    out.push(
      `  ${whichName[which]}：精确率 ${pct(f.wTp, f.wTp + f.wFp)}（95% ${range.precision}）  召回率 ${pct(f.wTp, f.wTp + f.wFn)}（95% ${range.recall}）`,
    );
  }
  const groups: [string, (r: EvalRow) => boolean][] = [
    ['随机抽取', (r) => r.stratum === 'random'],
    ['按提示词抽取', (r) => r.stratum === 'cued'],
    ['含提示词（两种抽取）', (r) => r.cued === true],
    ['不含提示词', (r) => r.cued === false],
  ];
  out.push('', '分层（不加权）：');
  for (const [name, test] of groups) {
    const subset = rows.filter(test);
    out.push(`  ${name}：${subset.length} 条，标注为不予受理 ${subset.filter((r) => r.label.flagged).length} 条`);
    for (const which of ['withModel', 'rulesOnly'] as const) out.push(`    ${unweightedLine(subset, which)}`);
  }
  // Per reason: a positive labelled with several reasons counts under each; a flag counts under
  // the screening's first reason.
  const codes = [...new Set(rows.flatMap((r) => [...r.label.reasons, ...r.withModel.reasons.map((x) => x.code), ...r.rulesOnly.reasons.map((x) => x.code)]))].sort();
  out.push('', '按理由（不加权；召回按标注理由，误报按筛查的首要理由）：');
  for (const code of codes) {
    const positives = rows.filter((r) => r.label.flagged && r.label.reasons.includes(code));
    const parts = (['withModel', 'rulesOnly'] as const).map((which) => {
      const caught = positives.filter((r) => r[which].flagged).length;
      const flaggedAs = rows.filter((r) => r[which].flagged && r[which].reasons[0]!.code === code);
      const wrong = flaggedAs.filter((r) => !r.label.flagged).length;
      return `${whichName[which]} 找到 ${caught}/${positives.length}，首要理由为此的标记 ${flaggedAs.length} 条（其中误报 ${wrong}）`;
    });
    out.push(`  ${code}：${parts.join('；')}`);
  }
}

if (show) {
  out.push('');
  const describe = (s: Screening) => {
    const top = s.reasons[0];
    return top ? `${top.code}:${top.confidence}:${top.evidence.join('/')}` : '无';
  };
  for (const r of rows) {
    if (r.withModel.flagged === r.label.flagged && r.rulesOnly.flagged === r.label.flagged) continue;
    const kind = r.label.flagged ? '漏报' : '误报';
    const which = r.withModel.flagged !== r.label.flagged && r.rulesOnly.flagged !== r.label.flagged ? '两者' : r.withModel.flagged !== r.label.flagged ? '仅规则+模型' : '仅规则';
    const where = r.stratum ? ` [${r.stratum}${r.cued ? '，含提示词' : ''}]` : '';
    out.push(
      `${kind}（${which}） ${r.label.id}${where} 标注=${r.label.reasons.join(',') || '无'} 规则+模型=${describe(r.withModel)} 仅规则=${describe(r.rulesOnly)}${r.label.note ? ` — ${r.label.note}` : ''}`,
    );
  }
}
process.stdout.write(out.join('\n') + '\n');
