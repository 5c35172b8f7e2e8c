/**
 * Text -> feature strings for the linear models. A message is read as a bag of binary
 * features, each L2-normalised so long and short messages weigh alike:
 *  - `w:` words (jieba + user dictionary) of title and content, `t:` words of the title alone,
 *  - `b:` adjacent word pairs, which catch 请问 是否 / 希望 能够 / 多次 反映,
 *  - `c:` character bigrams and trigrams, robust to segmentation errors and unseen words,
 *  - `q:` cues: question marks, length buckets.
 * Digit runs become `0` so dates and phone numbers do not become vocabulary.
 */
import { cutWords, normalizeText } from './segment.js';
import type { MessageText } from './types.js';

const skipWord = /^[\s\p{P}\p{S}]*$/u;
/** Han characters (basic block and extension A), the digit placeholder 0, and a-z. */
function hanOrDigit(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c === 0x30 || (c >= 0x61 && c <= 0x7a);
}

/** The normalised text of a message as the features see it. */
export function messageText(message: MessageText): { title: string; content: string } {
  const squash = (s: string) => normalizeText(s).replace(/\d+(\.\d+)?/g, '0');
  return { title: squash(message.title ?? ''), content: squash(message.content ?? '') };
}

function addCharGrams(text: string, out: Set<string>): void {
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const a = chars[i]!;
    if (a === ' ') continue;
    const b = chars[i + 1];
    if (b === undefined || b === ' ') continue;
    if (hanOrDigit(a) || hanOrDigit(b)) out.add(`c:${a}${b}`);
    const c = chars[i + 2];
    if (c !== undefined && c !== ' ' && hanOrDigit(b)) out.add(`c:${a}${b}${c}`);
  }
}

function addWords(words: string[], prefix: string, out: Set<string>, pairs: boolean): void {
  let prev: string | undefined;
  for (const word of words) {
    if (skipWord.test(word)) {
      // Sentence punctuation breaks pairs, but a question mark is itself a cue.
      if (word.includes('?')) out.add('q:?');
      prev = undefined;
      continue;
    }
    out.add(`${prefix}${word}`);
    if (pairs && prev !== undefined) out.add(`b:${prev}_${word}`);
    prev = word;
  }
}

/** Feature strings of a message (a set: each counts once). */
export function extractFeatures(message: MessageText): string[] {
  const { title, content } = messageText(message);
  const out = new Set<string>();
  // One segmentation call per message: jieba never joins words across the line break.
  const words = cutWords(`${title}\n${content}`);
  const cut = words.indexOf('\n');
  const titleWords = cut >= 0 ? words.slice(0, cut) : words;
  addWords(titleWords, 't:', out, false);
  addWords(titleWords, 'w:', out, true);
  if (cut >= 0) addWords(words.slice(cut + 1), 'w:', out, true);
  addCharGrams(title, out);
  addCharGrams(content, out);
  const length = title.length + content.length;
  out.add(length < 30 ? 'q:len<30' : length < 80 ? 'q:len<80' : length < 200 ? 'q:len<200' : 'q:len>=200');
  if (/[?？吗呢]\s*$/.test(title)) out.add('q:title?');
  return [...out];
}

/** The readable part of a feature, for explanations (null for cues). */
export function featureWord(feature: string): string | null {
  const kind = feature.slice(0, 2);
  const body = feature.slice(2);
  if (kind === 'q:') return null;
  if (kind === 'b:') return body.replace('_', '');
  return body;
}
