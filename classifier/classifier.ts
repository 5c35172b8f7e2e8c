/**
 * The classifier as the rest of the project uses it: one call per message, everything staff
 * need to review it (category with calibrated probabilities, out-of-scope screening,
 * complexity, urgency, handling unit, and the words behind the category).
 */
import { fileURLToPath } from 'node:url';
import { looksTraditional, toSimplified } from '../core/chinese-script.js';
import { decodePercentRuns, withoutMarkup } from '../core/markup.js';
import { withoutInvisible } from '../core/visible-text.js';
import { categories, type Category } from '../core/domain.js';
import { FeatureIndex } from './feature-index.js';
import { featureWord } from './features.js';
import { LinearScorer } from './linear-model.js';
import { readModelFile } from './model-file.js';
import { isShownPhrase } from './shown-words.js';
import { OutOfScopeModel } from './out-of-scope-model.js';
import { screenOutOfScope, type ScreenOptions } from './out-of-scope.js';
import { suggestComplexity, suggestUrgency } from './suggestions.js';
import { loadUnitDirectory, UnitSuggester } from './units.js';
import type { Classification, Classifier, MessageText, TrainedModel, UnitDirectoryEntry } from './types.js';

/** The committed default model. */
export const defaultModelFile = fileURLToPath(new URL('./models/default.json.gz', import.meta.url));

/** Messages are cut to this many characters: enough to classify, bounded work per message. */
const maxChars = 5000;

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Builds a classifier from a trained model (already in memory). */
export function createClassifier(model: TrainedModel, options: { unitDirectory?: UnitDirectoryEntry[] } = {}): Classifier {
  const scorer = new LinearScorer(model.category);
  if (scorer.classes.join() !== categories.join()) throw new Error('模型的类别与系统的五个类别不一致');
  const units = new UnitSuggester({
    directory: options.unitDirectory ?? loadUnitDirectory(),
    model: model.unit ? new LinearScorer(model.unit) : null,
  });
  const index = new FeatureIndex(model.category.features, model.unit?.features ?? null);
  const version = model.version;
  // A model file that carries its own out-of-scope model (trained with the staff's decisions)
  // screens with it; any other screens with the committed one, exactly as before.
  const screenOptions: ScreenOptions = model.outOfScope ? { model: new OutOfScopeModel(model.outOfScope) } : {};
  return {
    version,
    classify(message: MessageText): Classification {
      // A page's tags and character references left by a scraper, a body a site stored
      // percent-encoded, and characters that show nothing (路\u200b灯, a bidi override) are read as
      // the text they show (core/markup.ts, core/visible-text.ts), as the duplicate check reads them.
      const rawTitle = withoutInvisible(withoutMarkup(decodePercentRuns(String(message.title ?? '')))).slice(0, 500);
      const rawContent = withoutInvisible(withoutMarkup(decodePercentRuns(String(message.content ?? '')))).slice(0, maxChars);
      // A post in traditional script is read in simplified form by every part (the models, the unit
      // keywords and the complexity and urgency rules are all simplified); the out-of-scope screening
      // converts for itself, so that its evidence quotes the post as written.
      const traditional = looksTraditional(rawTitle) || looksTraditional(rawContent);
      const title = traditional ? toSimplified(rawTitle) : rawTitle;
      const content = traditional ? toSimplified(rawContent) : rawContent;
      const found = index.rowsOf({ title, content });
      const rows = found.categoryRows;
      const p = scorer.probabilitiesOf(rows, found.featureCount, found.groupCounts);
      let best = 0;
      for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
      const category = categories[best]!;
      const probabilities = Object.fromEntries(categories.map((c, k) => [c, round(p[k]!)])) as Record<Category, number>;
      const explanation: string[] = [];
      for (const { feature } of scorer.topFeaturesOf(rows, best, 30, found.groupCounts)) {
        const word = featureWord(feature);
        // Single characters (了, 在), digit placeholders, pronouns, conjunctions, place names and
        // greetings explain nothing to a reader (shown-words.ts): the next words down are shown.
        if (!word || !isShownPhrase(word, category)) continue;
        if (!explanation.some((w) => w.includes(word) || word.includes(w))) explanation.push(word);
        if (explanation.length >= 6) break;
      }
      return {
        category,
        confidence: round(p[best]!),
        probabilities,
        outOfScope: screenOutOfScope(rawTitle, rawContent, screenOptions),
        complexity: suggestComplexity(title, content, category),
        urgency: suggestUrgency(title, content, category),
        unit: units.suggestFrom(title, content, { rows: found.unitRows, featureCount: found.unitFeatureCount }),
        explanation,
        modelVersion: version,
      };
    },
  };
}

/** Loads a model file (default: the committed model) and builds the classifier. */
export async function loadClassifier(
  options: { modelFile?: string | undefined; unitDirectory?: UnitDirectoryEntry[] | undefined; unitDirectoryFile?: string | undefined } = {},
): Promise<Classifier> {
  const model = readModelFile(options.modelFile ?? defaultModelFile);
  const unitDirectory = options.unitDirectory ?? (options.unitDirectoryFile ? loadUnitDirectory(options.unitDirectoryFile) : undefined);
  return createClassifier(model, unitDirectory ? { unitDirectory } : {});
}
