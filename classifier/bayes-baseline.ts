/**
 * The baseline: natural's BayesClassifier over jieba words. natural scores a document against
 * every vocabulary word (a dense vector), so the vocabulary is limited to the most frequent
 * words to keep training and scoring in seconds. Rows with merged labels cannot be used by it
 * and are left out. Used by the evaluation only; the shipped model is the linear one when it
 * measures better.
 */
// natural's classifiers only: its package types pull in a .ts file that breaks strict type-checking.
import { BayesClassifier } from 'natural/lib/natural/classifiers/index.js';
import { categories, type Category } from '../core/domain.js';
import { messageText } from './features.js';
import { parseLabel } from './labels.js';
import { cutWords } from './segment.js';
import type { MessageText, TrainingExample } from './types.js';

const skip = /^[\s\p{P}\p{S}\d]*$/u;

function words(message: MessageText): string[] {
  const { title, content } = messageText(message);
  return [...new Set(cutWords(`${title} ${content}`).filter((w) => !skip.test(w)))];
}

export interface BayesBaseline {
  probabilities(message: MessageText): Record<Category, number>;
}

/** Trains the baseline on single-label rows. @param vocabularySize most frequent words kept (default 3000) */
export function trainBayesBaseline(examples: TrainingExample[], vocabularySize = 3000): BayesBaseline {
  const docs: { words: string[]; label: Category }[] = [];
  for (const e of examples) {
    const labels = parseLabel(e.label);
    if (labels.length === 1) docs.push({ words: words(e), label: labels[0]! });
  }
  const freq = new Map<string, number>();
  for (const d of docs) for (const w of d.words) freq.set(w, (freq.get(w) ?? 0) + 1);
  const vocab = new Set([...freq.entries()].sort((a, b) => b[1] - a[1]).slice(0, vocabularySize).map(([w]) => w));
  const bayes = new BayesClassifier();
  for (const d of docs) bayes.addDocument(d.words.filter((w) => vocab.has(w)), d.label);
  bayes.train();
  return {
    probabilities(message) {
      const out = Object.fromEntries(categories.map((c) => [c, 0])) as Record<Category, number>;
      const scores = bayes.getClassifications(words(message).filter((w) => vocab.has(w)));
      let sum = 0;
      for (const s of scores) sum += s.value;
      for (const s of scores) out[s.label as Category] = sum > 0 ? s.value / sum : 1 / scores.length;
      return out;
    },
  };
}
