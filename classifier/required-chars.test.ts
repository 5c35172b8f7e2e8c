/**
 * The characters a pattern's matches need (required-chars.ts): the derivation on the syntax the
 * classifier's patterns use, and the contract that matters, on every pattern that is prefiltered:
 * a text the prefilter rules out is never one the pattern matches, so the rule sets give exactly
 * the patterns' answers (random texts over each pattern's own characters, and every shared message
 * as the urgency signals and the out-of-scope screening read it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksTraditional, toSimplified } from '../core/chinese-script.js';
import { defaultSharedDataDir } from './data.js';
import { rulePrefilters } from './out-of-scope.js';
import { rules } from './out-of-scope-rules.js';
import { meets, prefiltered, requiredChars, TextChars, type CharCondition, type Prefiltered } from './required-chars.js';
import { roomTemperaturePrefilter, urgencyPatterns, urgencyPrefilters, urgencySignals, urgencyTesters } from './urgency-signals.js';

const chars = new TextChars();
const may = (pattern: RegExp, text: string) => prefiltered(pattern).mayMatch(chars.reset(text));

/** Every code unit a condition names (the alphabet of the random texts). */
function codesOf(condition: CharCondition | null, out = new Set<number>()): Set<number> {
  if (condition === null) return out;
  if (condition.kind === 'any') for (const c of condition.codes) out.add(c);
  else for (const p of condition.parts) codesOf(p, out);
  return out;
}

/** Every prefiltered pattern of the classifier, named. */
const prefilteredPatterns: [string, Prefiltered][] = [
  ...Object.entries(urgencyPrefilters).map(([name, p]) => [`urgency ${name}`, p!] as [string, Prefiltered]),
  ['urgency room temperature', roomTemperaturePrefilter],
  ...rulePrefilters.map((p, i) => [`out-of-scope rule ${i} (${rules[i]!.code})`, p] as [string, Prefiltered]),
];

describe('required characters of a pattern', () => {
  it('needs every character of a sequence and one alternative of an alternation', () => {
    expect(may(/孩子|小孩/, '孩')).toBe(false);
    expect(may(/孩子|小孩/, '小孩子')).toBe(true);
    // A set of characters, not their order: a superset of what matches, never less.
    expect(may(/孩子/, '子孩')).toBe(true);
    expect(may(/信访终结/, '信访已终')).toBe(false);
  });

  it('needs nothing of optional parts, negated classes, open escapes or negative look-arounds', () => {
    expect(may(/停水(?![通费])/, '停水费')).toBe(true);
    expect(may(/(?<![不没无])危险/, '不危险')).toBe(true);
    expect(may(/x{0,3}y/, 'y')).toBe(true);
    expect(may(/x?y*z/, 'z')).toBe(true);
    expect(may(/[^a]b/, 'b')).toBe(true);
    expect(may(/\s\S\w\W.b/, 'b')).toBe(true);
    expect(requiredChars(/./)).toBeNull();
    expect(requiredChars(/[\u4e00-\u9fff]/)).toBeNull();
    expect(requiredChars(/(?:)/)).toBeNull();
  });

  it('needs the characters of repeats at least once, classes, escapes and positive look-arounds', () => {
    expect(may(/x{2}y/, 'y')).toBe(false);
    expect(may(/x+y/, 'xy')).toBe(true);
    expect(may(/[\d一二]天/, '三天')).toBe(false);
    expect(may(/[\d一二]天/, '5天')).toBe(true);
    expect(may(/[7-9][0-9]岁/, '65岁')).toBe(false);
    expect(may(/(?<=前)后/, '后')).toBe(false);
    expect(may(/后(?=天)/, '后')).toBe(false);
    expect(may(/\u4e2d\x41/, '中A')).toBe(true);
    expect(may(/\u4e2d\x41/, '中')).toBe(false);
    expect(may(/\.\[/, '.[')).toBe(true);
    expect(may(/\.\[/, '.')).toBe(false);
    expect(may(/(?<n>甲)\k<n>乙/, '甲')).toBe(false);
  });

  it('reads braces that are not a quantifier as characters, and back-references as nothing', () => {
    expect(may(/a{/, 'a')).toBe(false);
    expect(may(/a{/, 'a{')).toBe(true);
    expect(may(/(a)\1/, 'a')).toBe(true);
  });

  it('accepts either case of an ASCII letter under /i and gives up on other scripts\' case', () => {
    expect(may(/test/i, 'TeSt')).toBe(true);
    expect(may(/[a-c]x/i, 'BX')).toBe(true);
    expect(may(/test/i, 'tex')).toBe(false);
    expect(requiredChars(/ǆ/i)).toBeNull();
    expect(requiredChars(/k/iu)).toBeNull();
  });

  it('never rules out a text the pattern matches: random texts from each classifier pattern\'s own words', () => {
    let seed = 20261129;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    let matched = 0;
    for (const [name, { pattern, condition, mayMatch }] of prefilteredPatterns) {
      // Pieces of the pattern's literal words (so that many texts match) and single characters,
      // including digits and the punctuation its gaps exclude.
      const words = pattern.source.match(/[\u3400-\u9fffA-Za-z0-9]+/g) ?? [];
      const singles = [...codesOf(condition)].map((c) => String.fromCharCode(c)).concat([...'，。！？\n 05多了']);
      const plain = new RegExp(pattern.source, pattern.flags.replace('g', ''));
      for (let n = 0; n < 300; n++) {
        let text = '';
        for (let k = 1 + random(6); k > 0; k--) {
          const word = words.length > 0 && random(2) === 0 ? words[random(words.length)]! : singles[random(singles.length)]!;
          text += random(3) === 0 ? word.slice(random(word.length)) : word;
        }
        // The compiled condition answers as the condition itself does.
        expect(mayMatch(chars.reset(text)), `${name} on ${text} (compiled)`).toBe(meets(condition, chars));
        if (!plain.test(text)) continue;
        matched++;
        expect(mayMatch(chars), `${name} on ${text}`).toBe(true);
      }
    }
    // The random texts did exercise the contract: many of them match.
    expect(matched).toBeGreaterThan(5000);
  });

  it('finds a condition for every prefiltered pattern (a pattern without one is never skipped)', () => {
    const without = prefilteredPatterns.filter(([, p]) => p.condition === null).map(([name]) => name);
    expect(without).toEqual([]);
  });
});

// Runs wherever the tests run (CI has ../shared/data); a missing folder fails here rather than skipping.
describe('prefiltered rule sets on every shared message', () => {
  const sharedDir = defaultSharedDataDir();
  const rows = readdirSync(sharedDir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(path.join(sharedDir, f), 'utf8').split('\n').filter((l) => l.trim()))
    .map((l) => JSON.parse(l) as { title?: string; content?: string })
    .map((r) => ({ title: r.title ?? '', content: r.content ?? '' }));

  it('gives the urgency patterns\' answers', () => {
    let tests = 0;
    let skipped = 0;
    let differences = 0;
    for (const { title, content } of rows) {
      // The text as urgencySignals reads it.
      const text = `${title}。${content}`.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
      chars.reset(text);
      for (const [name, pattern] of Object.entries(urgencyPatterns)) {
        const prefilter = urgencyPrefilters[name as keyof typeof urgencyPrefilters]!;
        const tester = urgencyTesters[name as keyof typeof urgencyTesters]!;
        const passes = prefilter.mayMatch(chars);
        tests++;
        if (!passes) skipped++;
        if ((passes && tester(text)) !== new RegExp(pattern!.source).test(text)) differences++;
      }
      const temperature = new RegExp(roomTemperaturePrefilter.pattern.source);
      if (!roomTemperaturePrefilter.mayMatch(chars) && temperature.test(text)) differences++;
    }
    expect(rows.length).toBeGreaterThan(9000);
    expect(differences).toBe(0);
    // What the prefilter is for: most signal tests are not run.
    expect(skipped / tests).toBeGreaterThan(0.7);
  });

  it('gives the urgency signals the patterns give (the whole function, and the signals of the title)', () => {
    // urgencySignals without its prefilters: each signal's pattern on the text and the title.
    const plain = Object.fromEntries(Object.entries(urgencyPatterns).map(([name, p]) => [name, new RegExp(p!.source)]));
    let differences = 0;
    for (const { title, content } of rows) {
      const signals = urgencySignals(title, content);
      const text = `${title}。${content}`.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
      for (const [name, p] of Object.entries(plain)) {
        const on = p.test(text);
        if (signals.on[name as keyof typeof signals.on] !== (on ? 1 : 0)) differences++;
        if (signals.inTitle.has(name as keyof typeof signals.on) !== (on && p.test(title))) differences++;
      }
    }
    expect(differences).toBe(0);
  });

  it('gives the out-of-scope rules\' answers, on the whole text and on the trimmed content', () => {
    let tests = 0;
    let skipped = 0;
    let differences = 0;
    for (const row of rows) {
      // The text as screenOutOfScope reads it (traditional script in simplified form).
      const traditional = looksTraditional(`${row.title}\n${row.content}`);
      const title = traditional ? toSimplified(row.title) : row.title;
      const content = traditional ? toSimplified(row.content) : row.content;
      const text = `${title}\n${content}`;
      chars.reset(text);
      rules.forEach((rule, r) => {
        const target = rule.code === 'no_substance' && rule.pattern.source.startsWith('^') ? content.trim() : text;
        const plain = new RegExp(rule.pattern.source, rule.pattern.flags.replace('g', ''));
        const passes = rulePrefilters[r]!.mayMatch(chars);
        tests++;
        if (!passes) skipped++;
        if ((passes && plain.test(target)) !== plain.test(target)) differences++;
      });
    }
    expect(differences).toBe(0);
    expect(skipped / tests).toBeGreaterThan(0.8);
  });
});
