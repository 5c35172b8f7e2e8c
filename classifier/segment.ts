/**
 * Word segmentation: @node-rs/jieba with its default dictionary plus the project's user
 * dictionary of government terms and 印台区 place names (classifier/dict/user-dict.txt).
 * One segmenter per process (loading the dictionary costs ~0.2 s and ~60 MB).
 */
import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { looksTraditional, toSimplified } from '../core/chinese-script.js';

const userDictUrl = new URL('./dict/user-dict.txt', import.meta.url);

let shared: Jieba | undefined;

/** The process's segmenter, created on first use. */
export function segmenter(): Jieba {
  if (!shared) {
    const jieba = Jieba.withDict(dict);
    jieba.loadDict(readFileSync(userDictUrl));
    shared = jieba;
  }
  return shared;
}

/** Words of a text, without HMM (faster, and stable across versions of the HMM model). */
export function cutWords(text: string): string[] {
  return segmenter().cut(text, false);
}

/**
 * Normalises untrusted text before segmentation: traditional characters to simplified, full-width
 * ASCII to half-width, whitespace runs to one space, case folded, control characters dropped.
 */
export function normalizeText(text: string): string {
  // Traditional characters folded to simplified (the models learnt simplified mail: 這個問題 and
  // 这个问题 must read alike); only texts with a traditional-only character are converted.
  if (looksTraditional(text)) text = toSimplified(text);
  // Replacements only where needed (most text has no full-width ASCII): a per-character rebuild of
  // every message cost more than the rest of the feature extraction's string work.
  const folded = text
    .replace(fullWidthAscii, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(ideographicSpaceOrControl, ' ');
  return folded.replace(/\s+/g, ' ').toLowerCase().trim();
}

const fullWidthAscii = /[\uff01-\uff5e]/g;
/** The ideographic space and control characters other than the line break. */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern replaces
const ideographicSpaceOrControl = /[\u3000\u0000-\u0009\u000b-\u001f]/g;
