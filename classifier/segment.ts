/**
 * Word segmentation: @node-rs/jieba with its default dictionary plus the project's user
 * dictionary of government terms and 印台区 place names (classifier/dict/user-dict.txt).
 * One segmenter per process (loading the dictionary costs ~0.2 s and ~60 MB).
 */
import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

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
 * Normalises untrusted text before segmentation: full-width ASCII to half-width, whitespace
 * runs to one space, case folded, control characters dropped.
 */
export function normalizeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else if (code < 0x20 && ch !== '\n') out += ' ';
    else out += ch;
  }
  return out.replace(/\s+/g, ' ').toLowerCase().trim();
}
