/**
 * jieba, loaded on first use (0.2 s, ~60 MB) and shared by the fingerprints (tokens) and the key
 * phrases (telling a name from a verb or function word): it is stateless.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

export function segmenter(): Jieba {
  return (jieba ??= Jieba.withDict(dict));
}

/**
 * jieba's dictionary tags of words that never name a place or an organisation: conjunctions (如果,
 * 既然), prepositions (按照), pronouns (每次), particles, locality words (期间, 以上). Not adverbs or
 * time words: the dictionary tags 大连 and 高新 adverbs, 现代, 青年 and 西四 time words.
 */
export const functionTags: ReadonlySet<string> = new Set(['c', 'p', 'r', 'u', 'f']);

/**
 * The dictionary tag of `word` when jieba reads it as one word, else null. Remembered: the key
 * phrases ask about the same few thousand two-character words for every message, and a call into
 * jieba costs more than the rest of a fingerprint's name reading. Forgotten wholesale past 50,000
 * words, so a long-running process stays small.
 */
const tagCache = new Map<string, string | null>();
function wordTag(word: string): string | null {
  let tag = tagCache.get(word);
  if (tag === undefined) {
    const tagged = segmenter().tag(word, false);
    tag = tagged.length === 1 && tagged[0]!.word === word ? tagged[0]!.tag : null;
    if (tagCache.size >= 50_000) tagCache.clear();
    tagCache.set(word, tag);
  }
  return tag;
}

/** True when `word` is one dictionary word whose tag is in `tags` (default: the function-word tags above). */
export function isWordTagged(word: string, tags: ReadonlySet<string> = functionTags): boolean {
  const tag = wordTag(word);
  return tag !== null && tags.has(tag);
}
