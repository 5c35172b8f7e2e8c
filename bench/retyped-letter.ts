/**
 * What a retyped letter scores against the letter it copies, and what two different letters score,
 * on the exact shingle Jaccard (dedup textJaccard) that 手工录入 compares a letter with the same
 * writer's earlier entries of the same minute (workflow/intake/enter-message.ts, retypedJaccard).
 *   npx tsx bench/retyped-letter.ts [--per-set 600]
 * Letters: real ones from ../shared/data whose normalised body has 100-300 characters. Retyped: one
 * or two characters changed (another character of the letter in their place), dropped or doubled,
 * at seeded positions. Different letters: for each letter, the highest score against any other
 * letter of its set (the nearest different letter; the sets hold real re-posts, so the top of this
 * list is copies). Every pair of different letters scoring retypedJaccard or more is printed with
 * de-duplication's judgement (compareFingerprints): hand entry refuses only those it calls a copy.
 * Two Dalian letters are stored percent-encoded (％E4％B8…): a typo inside a code breaks its
 * decoding, hence the minimum of 0.034 there; a hand-typed letter has no such text.
 * 2026-11-30: one typo 0.931 or more, two typos 0.878 or more (those two aside); 34 pairs of different
 * letters at 0.85 or more, all re-posts of one letter, 3 of them sent to another body (0.868, 0.903,
 * 0.903), which de-duplication does not call copies.
 * Short letters (20-99 characters), since hand entry also takes letters at most `retypedEdits`
 * characters apart: the share of retyped ones the Jaccard bar alone catches against the bar or the
 * edits, and every pair of different short letters of a set that close, with de-duplication's
 * judgement (figures in workflow/README.md, 手工录入).
 */
import { parseArgs } from 'node:util';
import { comparableText, compareFingerprints, editsWithin, fingerprint, normalizeText, textEditsWithin, textJaccard } from '../dedup/index.js';
import { loadRows, type DataSetName } from '../dedup/eval/data.js';
import { seededUint32 } from '../core/index.js';
import { retypedEdits, retypedJaccard } from '../workflow/intake/same-entry.js';

const { values } = parseArgs({ options: { 'per-set': { type: 'string', default: '600' } } });
const perSet = Number(values['per-set']);
const sets: DataSetName[] = ['dalian', 'jiamusi', 'beijing'];

const rnd = seededUint32(20261130);
/** One typo: a character replaced by another of the letter, dropped, or doubled. */
function typo(text: string): string {
  const chars = [...text];
  const at = rnd() % chars.length;
  const kind = rnd() % 3;
  if (kind === 0) chars[at] = chars[rnd() % chars.length] === chars[at] ? '错' : chars[rnd() % chars.length]!;
  else if (kind === 1) chars.splice(at, 1);
  else chars.splice(at, 0, chars[at]!);
  return chars.join('');
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;
const fmt = (x: number) => x.toFixed(3);

for (const set of sets) {
  const letters = loadRows(set).filter((r) => {
    const n = normalizeText(r.content).length;
    return n >= 100 && n <= 300;
  });
  const sample = letters.slice(0, perSet);
  const one: number[] = [];
  const two: number[] = [];
  for (const l of sample) {
    const once = { title: l.title, content: typo(l.content) };
    one.push(textJaccard(l, once));
    two.push(textJaccard(l, { title: l.title, content: typo(once.content) }));
  }
  const nearestOther: number[] = [];
  const above: string[] = [];
  for (const l of sample) {
    let best = 0;
    const text = comparableText(l);
    for (const o of letters) {
      if (o.id === l.id || comparableText(o) === text) continue;
      const s = textJaccard(l, o);
      best = Math.max(best, s);
      if (s >= retypedJaccard && s < 1 && l.id < o.id) above.push(`    ${fmt(s)} ${compareFingerprints(fingerprint(l), fingerprint(o)).duplicate ? 'copy    ' : 'no copy '} ${l.id} ${l.title} ~ ${o.id} ${o.title}`);
    }
    nearestOther.push(best);
  }
  const scores = nearestOther;
  console.log(`${set}: ${sample.length} letters of 100-300 characters (of ${letters.length})`);
  console.log(`  one typo:  min ${fmt(Math.min(...one))}, 1% ${fmt(quantile(one, 0.01))}, median ${fmt(quantile(one, 0.5))}`);
  console.log(`  two typos: min ${fmt(Math.min(...two))}, 1% ${fmt(quantile(two, 0.01))}, median ${fmt(quantile(two, 0.5))}`);
  console.log(`  nearest different letter: median ${fmt(quantile(scores, 0.5))}, 99% ${fmt(quantile(scores, 0.99))}; ≥ 0.5: ${scores.filter((s) => s >= 0.5).length}, ≥ 0.8: ${scores.filter((s) => s >= 0.8).length}, ≥ ${retypedJaccard}: ${scores.filter((s) => s >= retypedJaccard).length}`);
  console.log(`  pairs of different letters scoring ${retypedJaccard} or more (de-duplication's judgement):`);
  for (const line of above) console.log(line);
}

const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} %`;
for (const set of sets) {
  const short = loadRows(set).filter((r) => {
    const n = normalizeText(r.content).length;
    return n >= 20 && n < 100;
  });
  const caught = { one: [0, 0], two: [0, 0] };
  for (const l of short) {
    const once = { title: l.title, content: typo(l.content) };
    const twice = { title: l.title, content: typo(once.content) };
    for (const [name, copy] of [['one', once], ['two', twice]] as const) {
      const jaccard = textJaccard(l, copy) >= retypedJaccard;
      if (jaccard) caught[name][0]! += 1;
      if (jaccard || textEditsWithin(l, copy, retypedEdits) !== null) caught[name][1]! += 1;
    }
  }
  console.log(`${set}: ${short.length} short letters (20-99 characters)`);
  console.log(`  one typo caught:  Jaccard ≥ ${retypedJaccard} ${pct(caught.one[0]!, short.length)}; or ≤ ${retypedEdits} characters apart ${pct(caught.one[1]!, short.length)}`);
  console.log(`  two typos caught: Jaccard ≥ ${retypedJaccard} ${pct(caught.two[0]!, short.length)}; or ≤ ${retypedEdits} characters apart ${pct(caught.two[1]!, short.length)}`);
  const texts = short.map((l) => [...comparableText(l)]);
  const close: string[] = [];
  for (let i = 0; i < short.length; i++) {
    for (let j = i + 1; j < short.length; j++) {
      const d = texts[i]!.join('') === texts[j]!.join('') ? null : editsWithin(texts[i]!, texts[j]!, retypedEdits);
      if (d === null) continue;
      const [a, b] = [short[i]!, short[j]!];
      close.push(`    ${d} ${compareFingerprints(fingerprint(a), fingerprint(b)).duplicate ? 'copy    ' : 'no copy '} ${a.id} ${a.title} ~ ${b.id} ${b.title}`);
    }
  }
  console.log(`  pairs of different short letters ≤ ${retypedEdits} characters apart (de-duplication's judgement): ${close.length}`);
  for (const line of close) console.log(line);
}
