/**
 * Round 4 of the category-model trials: changes to the training itself rather than to the
 * features' words. Every variant is measured the same way (shipped settings unless said):
 *   Dalian 5-fold CV, two seeds (A: folds seed 99, training seed 1 = the README's CV split;
 *   B: folds seed 7, training seed 2; C, only when asked: folds seed 123, training seed 3; D and E, only when asked:
 *   folds 2024 / 31, training seeds 4 / 5), every fold also training on all Beijing and Jiamusi rows;
 *   the Dalian 20% held-out split (seed 42); and -> Jiamusi (train Dalian + Beijing).
 *   nice -n 10 npx tsx classifier/scripts/round4-experiments.ts VARIANT... [--only cvA,cvB,held,jms]
 * Variants join options with + (e.g. src+bag5):
 *   base      the shipped model, re-implemented here (must match train-category.ts)
 *   shipped   the shipped trainCategoryModel itself, as a check on `base`
 *   src       source-aware debiasing: every source whose single labels do not cover all five
 *             classes (Beijing: 建议/咨询 only; Jiamusi: 咨询 + merged) gets its own class-bias
 *             vector in training, dropped at prediction (the shipped global bias stays)
 *   srcall    the same for every source, with an L2 pull of the source biases towards 0
 *             (1e-3 per update; srcall2 / srcall4: 1e-2 / 1e-4); cals: fit the temperature
 *             with each held-out row's own source bias added
 *   fea       "frustratingly easy" domain adaptation: for the same partial-label sources, each
 *             feature also has a source-specific copy in training; only shared weights ship
 *   ls10      label smoothing 0.1 (ls05: 0.05)
 *   boot8     hard bootstrap loss, target = 0.8 label + 0.2 the model's own top class
 *   drop5     co-teaching-style: after a first pass, drop each class's 5% single-label rows
 *             with the highest loss and retrain (drop10: 10%)
 *   bag5      five trainings with different shuffle seeds, weights averaged (one linear model,
 *             so classification costs the same); bagb5: on bootstrap resamples
 *   nb        NB-SVM-style scaling: each feature's value times (1 + the largest |log-count
 *             ratio| of one class against the rest, capped at 3), from the training rows
 *   val       counted features: words, title words, word pairs with sublinear tf (1 + ln tf),
 *             a separate L2 norm per group (words, title, pairs, cues), groups weighted alike
 *   val1      as val under one L2 norm over all groups (is it the counts or the per-group norms?)
 *   grp       the shipped binary features with val's per-group norms (no counts)
 *   valc      as val plus counted character 2/3-grams in their own group
 *   ens       (thirteenth session) the average of the probabilities of a one-norm and a grp model
 *             (EXP_ENS_W: the grp model's share, default 0.5)
 *   mix       one vector blending the one-norm and per-group values (EXP_MIX: the per-group share)
 * Group weights (grp, val): EXP_QSEP=1 makes the q: cues a group of their own; EXP_GW=q:0.5,k:0.7
 * weighs groups (default 1). --only also takes `reader` (with held: accuracy where the blind reader
 * and the site agree, reader-agreement.ts's goal figure), `teddy` (train on every labelled row, test
 * on the Teddy Cup board's blind labels, strict and lenient); EXP_CONF=1 prints -> Jiamusi's confusions;
 * EXP_DIGITS=4 prints accuracy, macro-F1 and ECE to 4 places, EXP_REL=1 the reliability bins (from:rows/shown/right).
 * grp+ls05+srcall ships since the thirteenth session (train.ts featureNorm 'per-group').
 */
import { readFileSync } from 'node:fs';
import { readEvaluationRows } from './evaluation-rows.js';
import { drawReaderSample } from './reader-sample.js';
import { readTeddyRows } from './teddy-labels.js';
import { categories } from '../../core/index.js';
import { fitTemperature } from '../calibration.js';
import { type LabeledRow } from '../data.js';
import { cueGroups, extractFeatures, messageText } from '../features.js';
import { parseLabel } from '../labels.js';
import { LinearScorer, seededRandom, softmaxInPlace } from '../linear-model.js';
import { computeReport, type ScoredRow } from '../metrics.js';
import { segmenter } from '../segment.js';
import { trainCategoryModel } from '../train-category.js';
import { defaultTrainOptions } from '../train.js';

const K = categories.length;
const labeled = readEvaluationRows();
/** The Teddy Cup board's blind reader labels (teddy-labels.ts): a site no model here trains on (`teddy`, `teddyl` lenient). */
const teddy = readTeddyRows();
const teddyLenient = readTeddyRows({ lenient: true });
const allRows = [...labeled, ...teddy, ...teddyLenient];
const allowedOf = new Map<LabeledRow, number[]>(allRows.map((r) => [r, parseLabel(r.label).map((c) => categories.indexOf(c))]));
const baseFeats = new Map<LabeledRow, string[]>(allRows.map((r) => [r, extractFeatures(r)]));

/** A row as the trainer sees it: named features with values (already normalised). */
interface Vec { names: string[]; values: number[] }

/** The shipped binary features under one L2 norm. */
function binaryVec(r: LabeledRow): Vec {
  const names = baseFeats.get(r)!;
  const v = names.length ? 1 / Math.sqrt(names.length) : 0;
  return { names, values: names.map(() => v) };
}

/** EXP_QSEP=1: question/length cues (q:) form their own group; EXP_GW=q:0.5,k:2 weighs groups (default 1). */
const qSeparate = process.env.EXP_QSEP === '1';
const groupWeight = new Map<string, number>((process.env.EXP_GW ?? '').split(',').filter(Boolean).map((p) => [p.split(':')[0]!, Number(p.split(':')[1])]));
const gw = (g: string) => groupWeight.get(g) ?? 1;
const groupOf = (f: string) => (f.startsWith('q:') ? (qSeparate ? 'q' : 'k') : f.startsWith('k:') ? 'k' : f[0]!);

/** The shipped binary features, one L2 norm per group (words, title words, pairs, cues), groups alike. */
function groupedBinaryVec(r: LabeledRow, names: string[] = baseFeats.get(r)!): Vec {
  const groups = new Map<string, number>();
  for (const f of names) groups.set(groupOf(f), (groups.get(groupOf(f)) ?? 0) + 1);
  return { names, values: names.map((f) => gw(groupOf(f)) / Math.sqrt(groups.get(groupOf(f))! * groups.size)) };
}

/**
 * Features of the sentence that asks (fourteenth session, issue #4): a message's category is mostly
 * what it asks for (a question, a plea, action against someone, a proposal, thanks), and under a bag
 * of words a long letter's ask is drowned by its story. These variants add a group `a:` (its own
 * L2 norm under grp) of the words, and with `p` the word pairs, of the ask sentence(s) of the content:
 *   ask1   the content's last sentence        ask2   its last two sentences
 *   askm   every content sentence holding a request marker (请 希望 要求 建议 恳请 能否 是否 吗 ?)
 *   askml  as askm, or the last sentence when none holds one
 *   askt   as askml, the title counting as a sentence too
 *   askc   as askml over clauses (split also on ，: and 、 is not a break): the clauses holding a
 *          marker, or the last clause        askc2  the content's last two clauses
 *   ...p   (ask1p, askmp, ...) also the ask sentences' adjacent word pairs, in the same group
 *   askk   no new group: the ten cue families (features.ts) found in the ask clauses (askc's), as
 *          cues `k:a-NAME` in the cue group; askkl: in the content's last sentence (ask1's)
 *   tfl    the title's first and last word, `t:^word` / `t:word$` in the title group (no new group)
 *   tfle   the same in a group of their own (`e:`)
 * Sentences are split on 。!?; and white space (after normalizeText: ！？； are half-width and a line
 * break is a space); the message is segmented once, title and content, as features.ts does.
 * EXP_GW=a:0.5 weighs the new group.
 */
const sentenceEnd = /[。!?;\s]/;
const clauseEnd = /[。!?;,:\s]/;
const askMarker = /请|希望|要求|建议|恳请|能否|是否|吗|\?/;
const skipToken = /^[\s\p{P}\p{S}]*$/u;

interface Sentence { words: string[]; text: string }

/** Sentences of words[from, to): a punctuation or space token holding a sentence end closes one (the end kept in `text`). */
function sentencesOf(words: string[], from: number, to: number, ends = sentenceEnd): Sentence[] {
  const out: Sentence[] = [];
  let current: Sentence = { words: [], text: '' };
  for (let i = from; i < to; i++) {
    const w = words[i]!;
    current.text += w;
    if (!skipToken.test(w)) { current.words.push(w); continue; }
    current.words.push(w); // kept so pairs do not join across punctuation; dropped below
    if (ends.test(w)) {
      if (current.words.some((x) => !skipToken.test(x))) out.push(current);
      current = { words: [], text: '' };
    }
  }
  if (current.words.some((x) => !skipToken.test(x))) out.push(current);
  return out;
}

const askCache = new Map<string, Map<LabeledRow, string[]>>();

/** The shipped features plus the variant's ask (`a:`) or title-end features. */
function askFeatures(r: LabeledRow, kind: string): string[] {
  let byRow = askCache.get(kind);
  if (!byRow) askCache.set(kind, (byRow = new Map()));
  const cached = byRow.get(r);
  if (cached) return cached;
  const { title, content } = messageText(r);
  const words = segmenter().cut(`${title}\n${content}`, false);
  const cut = words.indexOf('\n');
  const titleEnd = cut >= 0 ? cut : words.length;
  const out = new Set(baseFeats.get(r)!);
  if (kind === 'tfl' || kind === 'tfle') {
    const tw = words.slice(0, titleEnd).filter((w) => !skipToken.test(w));
    const p = kind === 'tfl' ? 't:' : 'e:';
    if (tw.length) { out.add(`${p}^${tw[0]}`); out.add(`${p}${tw[tw.length - 1]}$`); }
  } else if (kind === 'askk' || kind === 'askkl') {
    const ends = kind === 'askk' ? clauseEnd : sentenceEnd;
    const body = cut >= 0 ? sentencesOf(words, cut + 1, words.length, ends) : [];
    const pool = body.length ? body : sentencesOf(words, 0, titleEnd, ends);
    let chosen = kind === 'askk' ? pool.filter((s) => askMarker.test(s.text)) : [];
    if (!chosen.length) chosen = pool.slice(-1);
    const text = chosen.map((s) => s.text).join('');
    for (const [name, pattern] of cueGroups) if (pattern.test(text)) out.add(`k:a-${name}`);
  } else {
    const pairs = kind.endsWith('p');
    const k = pairs ? kind.slice(0, -1) : kind;
    const ends = k.startsWith('askc') ? clauseEnd : sentenceEnd;
    const body = cut >= 0 ? sentencesOf(words, cut + 1, words.length, ends) : [];
    const titleSentences = sentencesOf(words, 0, titleEnd, ends);
    const pool = k === 'askt' ? [...titleSentences, ...body] : body.length ? body : titleSentences;
    let chosen: Sentence[];
    if (k === 'ask1') chosen = pool.slice(-1);
    else if (k === 'ask2') chosen = pool.slice(-2);
    else if (k === 'askm') chosen = pool.filter((s) => askMarker.test(s.text));
    else if (k === 'askc2') chosen = pool.slice(-2);
    else if (k === 'askml' || k === 'askt' || k === 'askc') { chosen = pool.filter((s) => askMarker.test(s.text)); if (!chosen.length) chosen = pool.slice(-1); }
    else throw new Error(`unknown ask kind ${kind}`);
    for (const s of chosen) {
      let prev: string | undefined;
      for (const w of s.words) {
        if (skipToken.test(w)) { prev = undefined; continue; }
        out.add(`a:${w}`);
        if (pairs && prev !== undefined) out.add(`a:${prev}_${w}`);
        prev = w;
      }
    }
  }
  const list = [...out];
  byRow.set(r, list);
  return list;
}

const askKinds = ['ask1', 'ask2', 'askm', 'askml', 'askt', 'askc', 'askc2'].flatMap((k) => [k, `${k}p`]).concat(['askk', 'askkl', 'tfl', 'tfle']);

/** EXP_MIX share of the per-group value blended with the one-norm value: one model, one vector (`mix`). */
function mixedBinaryVec(r: LabeledRow): Vec {
  const share = Number(process.env.EXP_MIX ?? '0.5');
  const a = binaryVec(r);
  const b = groupedBinaryVec(r);
  const values = a.values.map((v, i) => (1 - share) * v + share * b.values[i]!);
  const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
  return { names: a.names, values: values.map((v) => v / norm) };
}

/** Counted features, sublinear tf, one L2 norm per group; groups weigh alike (total norm 1). */
function countedVec(r: LabeledRow, chars: boolean, oneNorm = false): Vec {
  const { title, content } = messageText(r);
  const counts = new Map<string, number>();
  const add = (f: string) => counts.set(f, (counts.get(f) ?? 0) + 1);
  const words = segmenter().cut(`${title}\n${content}`, false);
  const cut = words.indexOf('\n');
  const skip = /^[\s\p{P}\p{S}]*$/u;
  const walk = (ws: string[], title: boolean) => {
    let prev: string | undefined;
    for (const w of ws) {
      if (skip.test(w)) { prev = undefined; continue; }
      if (title) add(`t:${w}`);
      add(`w:${w}`);
      if (prev !== undefined) add(`b:${prev}_${w}`);
      prev = w;
    }
  };
  walk(cut >= 0 ? words.slice(0, cut) : words, true);
  if (cut >= 0) walk(words.slice(cut + 1), false);
  // Cues stay binary (they are flags), from the shipped extractor.
  for (const f of baseFeats.get(r)!) if (f.startsWith('k:') || f.startsWith('q:')) counts.set(f, 1);
  if (chars) {
    const cs = [...`${title}|${content}`.replace(/[\s\p{P}\p{S}0-9a-z]/gu, '|')];
    for (let i = 0; i + 1 < cs.length; i++) {
      if (cs[i] === '|' || cs[i + 1] === '|') continue;
      add(`c:${cs[i]}${cs[i + 1]}`);
      if (i + 2 < cs.length && cs[i + 2] !== '|') add(`c:${cs[i]}${cs[i + 1]}${cs[i + 2]}`);
    }
  }
  const groups = new Map<string, number>();
  const names = [...counts.keys()];
  const raw = names.map((f) => 1 + Math.log(counts.get(f)!));
  names.forEach((f, i) => groups.set(groupOf(f), (groups.get(groupOf(f)) ?? 0) + raw[i]! * raw[i]!));
  const g = groups.size;
  if (oneNorm) {
    const total = [...groups.values()].reduce((a, b) => a + b, 0);
    return { names, values: raw.map((v) => v / Math.sqrt(total)) };
  }
  return { names, values: names.map((f, i) => (gw(groupOf(f)) * raw[i]!) / Math.sqrt(groups.get(groupOf(f))! * g)) };
}

interface XRow { vec: Vec; allowed: number[]; weight: number; source: string }

interface XOptions {
  epochs: number; lr: number; l2: number; minDf: number; prune: number; seed: number;
  power: number; maxWeight: number;
  /** Which sources get their own bias (and, with fea, feature copies) in training. */
  sourceBias: 'none' | 'partial' | 'all';
  sourceL2: number;
  fea: boolean;
  smoothing: number;
  bootstrap: number;
  dropShare: number;
  bag: number;
  bagResample: boolean;
  nb: boolean;
  /** Calibrate with each held row's own source bias added (its site's prior is known there). */
  calibrateWithSource: boolean;
}

const baseOptions: XOptions = {
  epochs: defaultTrainOptions.epochs, lr: defaultTrainOptions.learningRate, l2: defaultTrainOptions.l2,
  minDf: defaultTrainOptions.minDf, prune: defaultTrainOptions.prune, seed: 1,
  power: defaultTrainOptions.classWeightPower, maxWeight: defaultTrainOptions.maxClassWeight,
  sourceBias: 'none', sourceL2: 0, fea: false, smoothing: 0, bootstrap: 1, dropShare: 0, bag: 1, bagResample: false, nb: false, calibrateWithSource: false,
};

/** A trained model: shared weights only (what would ship). */
interface XModel { vocab: Map<string, number>; W: Float64Array; bias: Float64Array; temperature: number; sourceBias?: Map<string, Float64Array> }

function logitsOf(m: XModel, vec: Vec): Float64Array {
  const z = Float64Array.from(m.bias);
  for (let j = 0; j < vec.names.length; j++) {
    const i = m.vocab.get(vec.names[j]!);
    if (i === undefined) continue;
    for (let k = 0; k < K; k++) z[k] = z[k]! + m.W[i * K + k]! * vec.values[j]!;
  }
  return z;
}

/** Sources whose single labels miss a class, or that have merged labels: their priors are the site's habit. */
function biasedSources(rows: XRow[], mode: XOptions['sourceBias']): Set<string> {
  const out = new Set<string>();
  if (mode === 'none') return out;
  const seen = new Map<string, Set<number>>();
  const merged = new Set<string>();
  for (const r of rows) {
    if (!seen.has(r.source)) seen.set(r.source, new Set());
    if (r.allowed.length === 1) seen.get(r.source)!.add(r.allowed[0]!);
    else merged.add(r.source);
  }
  for (const [s, set] of seen) if (mode === 'all' || set.size < K || merged.has(s)) out.add(s);
  return out;
}

/** One AdaGrad training (the shipped loop plus this round's options). */
function trainOnce(rows: XRow[], o: XOptions, seed: number): XModel {
  const df = new Map<string, number>();
  for (const r of rows) for (const f of r.vec.names) df.set(f, (df.get(f) ?? 0) + 1);
  const vocab = new Map<string, number>();
  for (const [f, n] of df) if (n >= o.minDf) vocab.set(f, vocab.size);
  const F = vocab.size;
  const srcSet = biasedSources(rows, o.sourceBias);
  const srcIndex = new Map([...srcSet].map((s, i) => [s, i]));
  const S = srcIndex.size;

  // NB-style scale per feature: largest |log-count ratio| of one class against the rest.
  const scale = new Float64Array(F).fill(1);
  if (o.nb) {
    const pc = new Float64Array(F * K);
    const tot = new Float64Array(K);
    for (const r of rows) {
      if (r.allowed.length !== 1) continue;
      const k = r.allowed[0]!;
      for (let j = 0; j < r.vec.names.length; j++) {
        const i = vocab.get(r.vec.names[j]!);
        if (i === undefined) continue;
        pc[i * K + k] = pc[i * K + k]! + r.vec.values[j]!;
        tot[k] = tot[k]! + r.vec.values[j]!;
      }
    }
    const all = tot.reduce((a, b) => a + b, 0);
    for (let i = 0; i < F; i++) {
      let rowSum = 0;
      for (let k = 0; k < K; k++) rowSum += pc[i * K + k]!;
      let best = 0;
      for (let k = 0; k < K; k++) {
        if (!tot[k]) continue;
        const p = (pc[i * K + k]! + 1) / (tot[k]! + F);
        const q = (rowSum - pc[i * K + k]! + 1) / (all - tot[k]! + F);
        best = Math.max(best, Math.abs(Math.log(p / q)));
      }
      scale[i] = 1 + Math.min(3, best);
    }
  }

  const docs = rows.map((r) => {
    const idx: number[] = [];
    const val: number[] = [];
    r.vec.names.forEach((f, j) => {
      const i = vocab.get(f);
      if (i !== undefined) { idx.push(i); val.push(r.vec.values[j]! * scale[i]!); }
    });
    return { idx: Int32Array.from(idx), val: Float64Array.from(val), allowed: r.allowed, weight: r.weight, src: srcIndex.get(r.source) ?? -1 };
  });

  const W = new Float64Array(F * K);
  const G = new Float64Array(F * K).fill(1e-6);
  const bias = new Float64Array(K);
  const Gb = new Float64Array(K).fill(1e-6);
  const SB = new Float64Array(S * K);
  const GSB = new Float64Array(S * K).fill(1e-6);
  const SW = o.fea ? new Float64Array(S * F * K) : new Float64Array(0);
  const GSW = o.fea ? new Float64Array(S * F * K).fill(1e-6) : new Float64Array(0);
  const z = new Float64Array(K);
  const grad = new Float64Array(K);
  const random = seededRandom(seed);
  const order = docs.map((_, i) => i);
  const lr = o.lr;
  const step = (arr: Float64Array, acc: Float64Array, at: number, g: number) => {
    acc[at] = acc[at]! + g * g;
    arr[at] = arr[at]! - (lr * g) / Math.sqrt(acc[at]!);
  };

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const d of order) {
      const doc = docs[d]!;
      const s = doc.src;
      for (let k = 0; k < K; k++) z[k] = bias[k]! + (s >= 0 ? SB[s * K + k]! : 0);
      for (let j = 0; j < doc.idx.length; j++) {
        const base = doc.idx[j]! * K;
        const v = doc.val[j]!;
        for (let k = 0; k < K; k++) z[k] = z[k]! + W[base + k]! * v;
        if (o.fea && s >= 0) {
          const sb = s * F * K + base;
          for (let k = 0; k < K; k++) z[k] = z[k]! + SW[sb + k]! * v;
        }
      }
      softmaxInPlace(z);
      let pSet = 0;
      for (const k of doc.allowed) pSet += z[k]!;
      // Target: posterior within the allowed set (= one-hot for a single label), then
      // smoothed towards uniform, or mixed with the model's own top class (hard bootstrap).
      for (let k = 0; k < K; k++) grad[k] = z[k]!;
      const keep = (1 - o.smoothing) * o.bootstrap;
      for (const k of doc.allowed) grad[k] = grad[k]! - (keep * z[k]!) / Math.max(pSet, 1e-12);
      if (o.smoothing > 0) for (let k = 0; k < K; k++) grad[k] = grad[k]! - o.smoothing / K;
      if (o.bootstrap < 1) {
        let top = 0;
        for (let k = 1; k < K; k++) if (z[k]! > z[top]!) top = k;
        grad[top] = grad[top]! - (1 - o.bootstrap) * (1 - o.smoothing);
      }
      for (let k = 0; k < K; k++) grad[k] = grad[k]! * doc.weight;
      for (let k = 0; k < K; k++) {
        step(bias, Gb, k, grad[k]!);
        if (s >= 0) step(SB, GSB, s * K + k, grad[k]! + o.sourceL2 * SB[s * K + k]!);
      }
      for (let j = 0; j < doc.idx.length; j++) {
        const base = doc.idx[j]! * K;
        const v = doc.val[j]!;
        for (let k = 0; k < K; k++) step(W, G, base + k, grad[k]! * v + o.l2 * W[base + k]!);
        if (o.fea && s >= 0) {
          const sb = s * F * K + base;
          for (let k = 0; k < K; k++) step(SW, GSW, sb + k, grad[k]! * v + o.l2 * SW[sb + k]!);
        }
      }
    }
  }
  // Fold the NB scale into the weights so the model reads unscaled values.
  for (let i = 0; i < F; i++) for (let k = 0; k < K; k++) W[i * K + k] = W[i * K + k]! * scale[i]!;
  const sourceBias = new Map([...srcIndex].map(([name, i]) => [name, SB.slice(i * K, (i + 1) * K)]));
  return { vocab, W, bias, temperature: 1, sourceBias };
}

/** Centres, averages (bagging) and prunes like the shipped trainer. */
function trainModel(rows: XRow[], o: XOptions, seed: number): XModel {
  const models: XModel[] = [];
  for (let b = 0; b < o.bag; b++) {
    let sample = rows;
    if (o.bagResample && o.bag > 1) {
      const random = seededRandom(seed * 1000 + b);
      sample = rows.map(() => rows[Math.floor(random() * rows.length)]!);
    }
    models.push(trainOnce(sample, o, b === 0 ? seed : seed * 100 + b));
  }
  const names = new Set<string>();
  for (const m of models) for (const f of m.vocab.keys()) names.add(f);
  const vocab = new Map<string, number>();
  const kept: number[] = [];
  const bias = new Float64Array(K);
  for (const m of models) for (let k = 0; k < K; k++) bias[k] = bias[k]! + m.bias[k]! / models.length;
  const w = new Float64Array(K);
  for (const f of names) {
    w.fill(0);
    for (const m of models) {
      const i = m.vocab.get(f);
      if (i !== undefined) for (let k = 0; k < K; k++) w[k] = w[k]! + m.W[i * K + k]! / models.length;
    }
    let mean = 0;
    for (let k = 0; k < K; k++) mean += w[k]! / K;
    let max = 0;
    for (let k = 0; k < K; k++) { w[k] = w[k]! - mean; max = Math.max(max, Math.abs(w[k]!)); }
    if (max >= o.prune) { vocab.set(f, vocab.size); kept.push(...w); }
  }
  return { vocab, W: Float64Array.from(kept), bias, temperature: 1, sourceBias: models[0]!.sourceBias };
}

function rowLoss(m: XModel, r: XRow): number {
  const z = logitsOf(m, r.vec);
  softmaxInPlace(z);
  let s = 0;
  for (const k of r.allowed) s += z[k]!;
  return -Math.log(Math.max(s, 1e-12));
}

/** Drops each class's highest-loss share of single-label rows after a first pass. */
function dropNoisy(rows: XRow[], o: XOptions, seed: number): XRow[] {
  if (o.dropShare <= 0) return rows;
  const first = trainModel(rows, o, seed);
  const drop = new Set<XRow>();
  for (let k = 0; k < K; k++) {
    const cls = rows.filter((r) => r.allowed.length === 1 && r.allowed[0] === k).map((r) => ({ r, loss: rowLoss(first, r) }));
    cls.sort((a, b) => b.loss - a.loss);
    for (const { r } of cls.slice(0, Math.floor(cls.length * o.dropShare))) drop.add(r);
  }
  return rows.filter((r) => !drop.has(r));
}

/** Class weights as prepareRows, temperature as trainCategoryModel (15% slice, then retrain on all). */
function trainCalibrated(train: LabeledRow[], vecOf: (r: LabeledRow) => Vec, o: XOptions): XModel {
  const counts = new Array<number>(K).fill(0);
  let single = 0;
  for (const r of train) { const a = allowedOf.get(r)!; if (a.length === 1) { counts[a[0]!]!++; single++; } }
  const present = counts.filter((n) => n > 0).length || 1;
  const cw = counts.map((n) => (n ? Math.min(o.maxWeight, Math.pow(single / (present * n), o.power)) : 1));
  const rows: XRow[] = train.map((r) => {
    const a = allowedOf.get(r)!;
    return { vec: vecOf(r), allowed: a, weight: a.length === 1 ? cw[a[0]!]! : 1, source: r.source ?? '' };
  });
  const random = seededRandom(o.seed + 7);
  const fit: XRow[] = [];
  const held: XRow[] = [];
  for (const r of rows) (random() < 0.15 ? held : fit).push(r);
  const first = trainModel(dropNoisy(fit, o, o.seed), o, o.seed);
  const singleHeld = held.filter((r) => r.allowed.length === 1);
  const temperature = fitTemperature((singleHeld.length >= 30 ? singleHeld : held).map((r) => {
    const logits = logitsOf(first, r.vec);
    const sb = o.calibrateWithSource ? first.sourceBias?.get(r.source) : undefined;
    if (sb) for (let k = 0; k < K; k++) logits[k] = logits[k]! + sb[k]!;
    return { logits, allowed: r.allowed };
  }));
  return { ...trainModel(dropNoisy(rows, o, o.seed), o, o.seed), temperature };
}

function optionsOf(parts: string[], seed: number): XOptions {
  const o: XOptions = { ...baseOptions, seed };
  for (const p of parts) {
    if (p === 'src') o.sourceBias = 'partial';
    else if (p.startsWith('srcall')) { o.sourceBias = 'all'; o.sourceL2 = p.length > 6 ? Math.pow(10, -Number(p.slice(6))) : 1e-3; }
    else if (p === 'cals') o.calibrateWithSource = true;
    else if (p === 'fea') { o.sourceBias = 'partial'; o.fea = true; }
    else if (p.startsWith('ls')) o.smoothing = Number(p.slice(2)) / 100;
    else if (p.startsWith('boot')) o.bootstrap = Number(p.slice(4)) / 10;
    else if (p.startsWith('drop')) o.dropShare = Number(p.slice(4)) / 100;
    else if (p.startsWith('bagb')) { o.bag = Number(p.slice(4)); o.bagResample = true; }
    else if (p.startsWith('bag')) o.bag = Number(p.slice(3));
    else if (p === 'nb') o.nb = true;
    else if (!['base', 'shipped', 'val', 'val1', 'valc', 'grp', 'ens', 'mix', ...askKinds].includes(p)) throw new Error(`unknown part ${p}`);
  }
  return o;
}

function predictAll(train: LabeledRow[], test: LabeledRow[], parts: string[], seed: number, vecs: Map<LabeledRow, Vec>): ScoredRow[] {
  const toScored = (p: Float64Array, r: LabeledRow): ScoredRow => {
    let best = 0;
    for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k;
    return { allowed: parseLabel(r.label), predicted: categories[best]!, confidence: p[best]! };
  };
  if (parts.includes('shipped')) {
    const scorer = new LinearScorer(trainCategoryModel(train, { ...defaultTrainOptions, seed }, train.map((r) => baseFeats.get(r)!)));
    return test.map((r) => toScored(scorer.probabilities(baseFeats.get(r)!), r));
  }
  if (parts.includes('ens')) {
    // Average of the probabilities of the one-norm binary model and the per-group-norm model (EXP_ENS_W: the latter's share).
    const share = Number(process.env.EXP_ENS_W ?? '0.5');
    const o = optionsOf(parts.filter((p) => p !== 'ens'), seed);
    const a = trainCalibrated(train, binaryVec, o);
    const b = trainCalibrated(train, groupedBinaryVec, o);
    return test.map((r) => {
      const za = logitsOf(a, binaryVec(r));
      softmaxInPlace(za, a.temperature);
      const zb = logitsOf(b, groupedBinaryVec(r));
      softmaxInPlace(zb, b.temperature);
      const z = za.map((v, k) => (1 - share) * v + share * zb[k]!);
      return toScored(z, r);
    });
  }
  const m = trainCalibrated(train, (r) => vecs.get(r)!, optionsOf(parts, seed));
  return test.map((r) => {
    const z = logitsOf(m, vecs.get(r)!);
    softmaxInPlace(z, m.temperature);
    return toScored(z, r);
  });
}

/** Accuracy on the reader sample's rows where reader and site agree (reader-agreement.ts's goal figure), raw and weighted to the split's class mix. */
function readerAgreed(dTest: LabeledRow[], scored: ScoredRow[]): string {
  const reader = new Map<string, string>();
  for (const line of readFileSync(new URL('../eval/reader-labels-dalian.jsonl', import.meta.url), 'utf8').split('\n')) {
    if (line.trim()) { const { id, reader: r } = JSON.parse(line) as { id: string; reader: string }; reader.set(id, r); }
  }
  const predicted = new Map(dTest.map((r, i) => [r.id, scored[i]!.predicted]));
  const sample = drawReaderSample(dTest).map((s) => s.row);
  const site = (r: LabeledRow) => parseLabel(r.label)[0]!;
  const weight = new Map(categories.map((c) => [c, dTest.filter((r) => site(r) === c).length / Math.max(1, sample.filter((r) => site(r) === c).length)]));
  const agreed = sample.filter((r) => reader.get(r.id) === site(r));
  let right = 0, w = 0, wRight = 0;
  const perClass = new Map<string, [number, number]>();
  for (const r of agreed) {
    const ok = predicted.get(r.id) === site(r);
    const pc = perClass.get(site(r)) ?? [0, 0];
    perClass.set(site(r), [pc[0] + (ok ? 1 : 0), pc[1] + 1]);
    right += ok ? 1 : 0;
    w += weight.get(site(r))!;
    wRight += ok ? weight.get(site(r))! : 0;
  }
  const vsReader = sample.filter((r) => reader.has(r.id) && predicted.get(r.id) === reader.get(r.id)).length;
  return `vs reader ${vsReader}/${sample.length}; agreed ${right}/${agreed.length} = ${(right / agreed.length).toFixed(3)}, weighted ${(wRight / w).toFixed(3)} [${[...perClass].map(([c, [k, n]]) => `${c}${k}/${n}`).join(' ')}]`;
}

const fmt = (rows: ScoredRow[]) => {
  const r = computeReport(rows);
  const f = categories.map((c) => `${c}${r.perClass[c].f1.toFixed(2)}`).join(' ');
  const d = Number(process.env.EXP_DIGITS ?? '3');
  const bins = process.env.EXP_REL === '1' ? ` bins ${r.reliability.filter((b) => b.count).map((b) => `${b.from.toFixed(1)}:${b.count}/${b.meanConfidence.toFixed(2)}/${b.accuracy.toFixed(2)}`).join(' ')}` : '';
  return `acc ${r.accuracy.toFixed(d)} F1 ${r.macroF1.toFixed(d)} ECE ${r.ece.toFixed(d)} ≥0.9 ${(r.confident.accuracy * 100).toFixed(1)}%/${r.confident.rows} [${f}]${bins}`;
};

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1]!.split(',') : ['cvA', 'cvB', 'held', 'jms'];
const variants = args.filter((a, i) => !a.startsWith('--') && (onlyAt < 0 || i !== onlyAt + 1));
const dalian = labeled.filter((r) => r.source === 'dalian-12345');
const beijing = labeled.filter((r) => r.source === 'beijing-mailbox');
const jiamusi = labeled.filter((r) => r.source === 'jiamusi-zmhd');
const extra = [...beijing, ...jiamusi];

for (const variant of variants) {
  const parts = variant.split('+');
  const t0 = performance.now();
  const askKind = parts.find((p) => askKinds.includes(p));
  if (askKind && !parts.includes('grp')) throw new Error(`${askKind} is measured with grp only`);
  if (process.env.EXP_ASKSHOW && askKind) for (const r of labeled.slice(0, Number(process.env.EXP_ASKSHOW))) process.stdout.write(`${r.label} ${r.title} | ${askFeatures(r, askKind).filter((f) => /^[ae]:|^k:a-|^t:[\^]|\$$/.test(f)).join(' ')}\n`);
  const vecs = new Map<LabeledRow, Vec>(allRows.map((r) => [r, parts.includes('val') ? countedVec(r, false) : parts.includes('val1') ? countedVec(r, false, true) : parts.includes('grp') ? groupedBinaryVec(r, askKind ? askFeatures(r, askKind) : undefined) : parts.includes('mix') ? mixedBinaryVec(r) : parts.includes('valc') ? countedVec(r, true) : binaryVec(r)]));
  const lines: string[] = [];
  // cvD, cvE (fourteenth session): two more fold splits, only for confirming a choice made on A-C.
  for (const [name, foldSeed, seed] of [['cvA', 99, 1], ['cvB', 7, 2], ['cvC', 123, 3], ['cvD', 2024, 4], ['cvE', 31, 5]] as const) {
    if (!only.includes(name)) continue;
    const random = seededRandom(foldSeed);
    const fold = dalian.map(() => Math.floor(random() * 5));
    const pooled: ScoredRow[] = [];
    for (let f = 0; f < 5; f++) pooled.push(...predictAll([...dalian.filter((_, i) => fold[i] !== f), ...extra], dalian.filter((_, i) => fold[i] === f), parts, seed, vecs));
    lines.push(`  ${name}  ${fmt(pooled)}`);
  }
  if (only.includes('held')) {
    const r2 = seededRandom(42);
    const dTrain: LabeledRow[] = [];
    const dTest: LabeledRow[] = [];
    for (const r of dalian) (r2() < 0.2 ? dTest : dTrain).push(r);
    const scored = predictAll([...dTrain, ...extra], dTest, parts, 1, vecs);
    lines.push(`  held ${fmt(scored)}`);
    if (only.includes('reader')) lines.push(`  reader ${readerAgreed(dTest, scored)}`);
  }
  if (only.includes('teddy')) {
    lines.push(`  teddy  ${fmt(predictAll(labeled, teddy, parts, 1, vecs))}`);
    lines.push(`  teddyL ${fmt(predictAll(labeled, teddyLenient, parts, 1, vecs))}`);
  }
  if (only.includes('jms')) {
    const scored = predictAll([...dalian, ...beijing], jiamusi, parts, 1, vecs);
    lines.push(`  jms  ${fmt(scored)}`);
    if (process.env.EXP_CONF === '1') {
      const conf = new Map<string, number>();
      for (const s of scored) { const key = `${s.allowed.join('|')} -> ${s.predicted}`; conf.set(key, (conf.get(key) ?? 0) + 1); }
      lines.push(`  jms confusion ${[...conf].sort().map(([k, n]) => `${k}: ${n}`).join('; ')}`);
    }
  }
  process.stdout.write(`${variant} (${((performance.now() - t0) / 1000).toFixed(0)}s)\n${lines.join('\n')}\n`);
}
