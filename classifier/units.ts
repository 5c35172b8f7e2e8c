/**
 * The district's unit directory (data, not code: classifier/units/yintai-units.json) and the
 * handling-unit suggestion. Two sources of evidence are combined:
 *  - a linear model trained on shared-data rows whose unit name maps onto the directory
 *    (other cities name units differently: 住房保障局, 房管局 -> 区住建局, by the aliases);
 *  - the directory's keywords found in the message (and 镇/街道 place names, which only the
 *    directory knows).
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BadInputError } from '../core/index.js';
import type { LinearScorer } from './linear-model.js';
import type { Suggestion, UnitDirectoryEntry } from './types.js';

const directorySchema = z.object({
  units: z
    .array(
      z.object({
        name: z.string().min(1),
        keywords: z.array(z.string().min(1)),
        aliases: z.array(z.string().min(1)).optional(),
        kind: z.enum(['department', 'town']).optional(),
      }),
    )
    .min(1),
});

/** The committed directory of 印台区. */
export const defaultUnitDirectoryFile = fileURLToPath(new URL('./units/yintai-units.json', import.meta.url));

/** Reads and validates a unit directory file; throws BadInputError naming the problem. */
export function loadUnitDirectory(file = defaultUnitDirectoryFile): UnitDirectoryEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BadInputError(`无法读取单位目录 ${file}`, { cause: error });
  }
  const parsed = directorySchema.safeParse(raw);
  if (!parsed.success) throw new BadInputError(`单位目录 ${file} 格式错误：${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data.units;
}

/**
 * The directory unit that another city's unit name (or a topic such as 城乡建设) stands for:
 * the entry with the longest alias contained in the name; null when none or for 镇/街道.
 * For a list ("公交集团公司,北京地铁公司") the first name counts.
 */
export function mapUnitName(name: string, directory: UnitDirectoryEntry[]): string | null {
  const first = name.split(/[,，、]/)[0] ?? '';
  let best: { unit: string; length: number } | null = null;
  for (const entry of directory) {
    for (const alias of entry.aliases ?? []) {
      if (first.includes(alias) && (!best || alias.length > best.length)) best = { unit: entry.name, length: alias.length };
    }
  }
  return best?.unit ?? null;
}

/**
 * The features the unit model reads: words only. What a message is about lives in its words;
 * character n-grams would double the work for little gain.
 */
export function unitFeatures(features: string[]): string[] {
  return features.filter((f) => f.charCodeAt(0) === 0x77 /* w */ || f.charCodeAt(0) === 0x74 /* t */);
}

export interface UnitSuggesterOptions {
  directory: UnitDirectoryEntry[];
  /** The learned model over directory units, if the model file has one. */
  model?: LinearScorer | null;
}

/** Suggests a handling unit for a message. */
export class UnitSuggester {
  private readonly directory: UnitDirectoryEntry[];
  private readonly model: LinearScorer | null;
  private readonly names: Set<string>;

  constructor(options: UnitSuggesterOptions) {
    this.directory = options.directory;
    this.names = new Set(options.directory.map((u) => u.name));
    this.model = options.model ?? null;
  }

  suggest(title: string, content: string, features: string[]): Suggestion<string | null> {
    const text = `${title} ${content}`;
    const scores = new Map<string, number>();
    const evidence = new Map<string, string[]>();
    let hitsTotal = 0;
    const towns: { name: string; word: string }[] = [];
    for (const entry of this.directory) {
      const words = entry.keywords.filter((k) => text.includes(k));
      if (words.length === 0) continue;
      if (entry.kind === 'town') {
        towns.push({ name: entry.name, word: words[0]! });
        continue;
      }
      // A keyword in the title counts twice: titles name the matter.
      const hits = words.length + words.filter((k) => title.includes(k)).length;
      hitsTotal += hits;
      scores.set(entry.name, hits);
      evidence.set(entry.name, words.slice(0, 5));
    }
    for (const [name, hits] of scores) scores.set(name, (0.45 * hits) / hitsTotal);
    if (this.model) {
      const p = this.model.probabilities(unitFeatures(features));
      const weight = hitsTotal > 0 ? 0.55 : 1;
      // Only units of this directory may be suggested, whatever the model was trained on.
      this.model.classes.forEach((name, k) => {
        if (this.names.has(name)) scores.set(name, (scores.get(name) ?? 0) + weight * p[k]!);
      });
    }
    let best: string | null = null;
    let bestScore = 0;
    for (const [name, score] of scores) if (score > bestScore) [best, bestScore] = [name, score];
    const town = towns[0];
    // A 镇/街道 named in a message about no clear department goes to that town first.
    if (town && bestScore < 0.45) {
      return { value: town.name, confidence: round(Math.max(0.5, 1 - bestScore)), evidence: [town.word] };
    }
    if (!best || bestScore < 0.12) return { value: null, confidence: 0, evidence: [] };
    const words = evidence.get(best) ?? [];
    if (this.model && words.length === 0) {
      const k = this.model.classes.indexOf(best);
      for (const f of this.model.topFeatures(unitFeatures(features), k, 3)) words.push(f.feature.slice(2));
    }
    if (town) words.push(town.word);
    return { value: best, confidence: round(Math.min(0.99, bestScore)), evidence: words };
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
