/**
 * The feature vectors the round-4 trials (round4-experiments.ts) train on: the shipped binary
 * features under one L2 norm (`base`) or one per group (`grp`), with the ask-sentence and
 * title-end features of the fourteenth session (`ask…`, `tfl`), a blend of the two norms (`mix`),
 * and counted features (`val`, `val1`, `valc`). Each variant's vectors are built here, apart from
 * the trainer (round4-training.ts), so a new vector is one function. EXP_QSEP, EXP_GW and EXP_MIX
 * are read here (the header of round4-experiments.ts says what they do).
 */
import { type LabeledRow } from '../data.js';
import { cueGroups, messageText } from '../features.js';
import { segmenter } from '../segment.js';
import { baseFeats } from './round4-rows.js';

/** A row as the trainer sees it: named features with values (already normalised). */
export interface Vec { names: string[]; values: number[] }

/** The shipped binary features under one L2 norm. */
export function binaryVec(r: LabeledRow): Vec {
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
export function groupedBinaryVec(r: LabeledRow, names: string[] = baseFeats.get(r)!): Vec {
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
export function askFeatures(r: LabeledRow, kind: string): string[] {
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

export const askKinds = ['ask1', 'ask2', 'askm', 'askml', 'askt', 'askc', 'askc2'].flatMap((k) => [k, `${k}p`]).concat(['askk', 'askkl', 'tfl', 'tfle']);

/** EXP_MIX share of the per-group value blended with the one-norm value: one model, one vector (`mix`). */
export function mixedBinaryVec(r: LabeledRow): Vec {
  const share = Number(process.env.EXP_MIX ?? '0.5');
  const a = binaryVec(r);
  const b = groupedBinaryVec(r);
  const values = a.values.map((v, i) => (1 - share) * v + share * b.values[i]!);
  const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
  return { names: a.names, values: values.map((v) => v / norm) };
}

/** Counted features, sublinear tf, one L2 norm per group; groups weigh alike (total norm 1). */
export function countedVec(r: LabeledRow, chars: boolean, oneNorm = false): Vec {
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
