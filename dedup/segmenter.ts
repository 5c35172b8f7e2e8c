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

/** True when `word` is one dictionary word whose tag is in `tags` (default: the function-word tags above). */
export function isWordTagged(word: string, tags: ReadonlySet<string> = functionTags): boolean {
  const tagged = segmenter().tag(word, false);
  return tagged.length === 1 && tagged[0]!.word === word && tags.has(tagged[0]!.tag);
}
