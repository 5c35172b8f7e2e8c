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
import { BadInputError } from '../core/errors.js';
import { decodeUtf8File } from '../core/utf8-text.js';
import { atPosition, describeIssue, firstIssue, issuePath, parseStructuredText, unreadableFileReason } from '../core/file-errors.js';
import type { LinearScorer } from './linear-model.js';
import { isShownWord } from './shown-words.js';
import type { Suggestion, UnitDirectoryEntry } from './types.js';

/** The fields a unit may have: any other is a typing mistake (`keyword`, `aliase`) that would be silently lost. */
const unitKeys = ['name', 'keywords', 'aliases', 'kind'] as const;

const unitSchema = z.strictObject({
  name: z.string().trim().min(1),
  keywords: z.array(z.string().trim().min(1)),
  aliases: z.array(z.string().trim().min(1)).optional(),
  kind: z.enum(['department', 'town']).optional(),
});
/** The file: `units`, and whatever notes beside it (`district`, `note`). */
const directorySchema = z.object({ units: z.array(z.unknown()).min(1) });

/** The committed directory of 印台区. */
export const defaultUnitDirectoryFile = fileURLToPath(new URL('./units/yintai-units.json', import.meta.url));

/**
 * Reads and validates a unit directory file (UTF-8; JSON, or YAML when the name does not end in
 * .json); throws BadInputError in Chinese naming the file, the unit, the field and its line and column.
 */
export function loadUnitDirectory(file = defaultUnitDirectoryFile): UnitDirectoryEntry[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new BadInputError(`无法读取单位目录 ${file}：${unreadableFileReason(error, '单位目录')}`, { cause: error });
  }
  return parseUnitDirectory(decodeUtf8File(bytes, '单位目录', file), file);
}

/** Same as loadUnitDirectory on text already read; `origin` names it in errors (and its ending chooses JSON or YAML). */
export function parseUnitDirectory(text: string, origin: string): UnitDirectoryEntry[] {
  const file = parseStructuredText(text, origin, '单位目录');
  const label = `单位目录 ${origin}`;
  if (file.data === null || file.data === undefined) throw new BadInputError(`${label} 是空的：应有 units 列表，每个单位写 name 和 keywords（见 classifier/units/yintai-units.json）`);
  const top = directorySchema.safeParse(file.data);
  if (!top.success) {
    const issue = firstIssue(top.error.issues);
    throw new BadInputError(`${label}：${describeIssue(issue, [])}${atPosition(file.positionOf(issuePath(issue, [])))}`);
  }
  const seen = new Map<string, number>();
  return top.data.units.map((entry, i) => {
    const here = ['units', i];
    const named = entry && typeof entry === 'object' && 'name' in entry && typeof entry.name === 'string' && entry.name.trim() ? entry.name.trim() : undefined;
    const unit = `${label}，${named ? `单位 ${named}` : `第 ${i + 1} 个单位`}`;
    const parsed = unitSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error.issues);
      throw new BadInputError(`${unit}：${describeIssue(issue, [`units[${i}]`], { knownKeys: unitKeys })}${atPosition(file.positionOf(issuePath(issue, here)))}`);
    }
    const first = seen.get(parsed.data.name);
    if (first !== undefined) {
      throw new BadInputError(`${unit}：units[${i}].name 与 units[${first}] 重名（单位名称须唯一，交办按名称对应）${atPosition(file.positionOf([...here, 'name']))}`);
    }
    seen.set(parsed.data.name, i);
    return parsed.data;
  });
}

/**
 * The directory unit that another city's unit name (or a topic such as 城乡建设) stands for:
 * the entry with the longest alias contained in the name; null when none or for 镇/街道.
 * For a list ("公交集团公司,北京地铁公司") the first name counts.
 */
export function mapUnitName(name: string, directory: UnitDirectoryEntry[]): string | null {
  // 人民政府 is a level of government, not a department, and holds 民政 (人·民政·府): read whole,
  // it mapped every letter a district or county government answered (甘井子区人民政府: 451 rows
  // of the shared data) onto 区民政局, and taught the unit model that a village's water cut is
  // the civil-affairs bureau's. Such rows now map onto nothing, as any other government's do.
  // Likewise 政务 (北京市政务服务局 is not 市政).
  const first = (name.split(/[,，、]/)[0] ?? '').replaceAll('人民政府', '〇').replaceAll('政务', '〇');
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

/** A message's input to the unit model: the rows of its known word features and the count of all its word features. */
export interface UnitModelInput {
  rows: number[];
  featureCount: number;
}

/**
 * Which of a fixed list of keywords occur in a text, and where, found in one pass over the text
 * (keywords grouped by first character) instead of one `includes` per keyword: the directory has
 * about 270 keywords, and searching the text for each was half of the unit suggestion (16 of 33 µs
 * per message). A keyword is found exactly when `text.includes(keyword)`; every place it starts at
 * is kept, so that the suggester can tell a keyword standing alone from one inside a longer word.
 */
class KeywordScan {
  readonly keywords: string[] = [];
  private readonly ids = new Map<string, number>();
  /** First UTF-16 code unit -> ids of the keywords starting with it. */
  private readonly byFirst = new Map<number, number[]>();
  /** foundAt[id] === stamp when the keyword occurs in the text of the last scan. */
  private readonly foundAt: Int32Array;
  /** Per keyword id found in the last scan, the offsets it starts at (reused between scans). */
  private readonly startsOf: number[][] = [];
  private readonly foundIds: number[] = [];
  private stamp = 0;

  constructor(keywords: Iterable<string>) {
    for (const keyword of keywords) {
      if (this.ids.has(keyword)) continue;
      const id = this.keywords.length;
      this.ids.set(keyword, id);
      this.keywords.push(keyword);
      this.startsOf.push([]);
      const first = keyword.charCodeAt(0);
      const group = this.byFirst.get(first);
      if (group) group.push(id);
      else this.byFirst.set(first, [id]);
    }
    this.foundAt = new Int32Array(this.keywords.length);
  }

  /** The id of a keyword given to the constructor. */
  idOf(keyword: string): number {
    return this.ids.get(keyword)!;
  }

  /**
   * Finds the keywords in `text` and returns their ids (in order of first occurrence; the array
   * is reused by the next scan); `found(id)` and `starts(id)` answer for this text until the next scan.
   */
  scan(text: string): readonly number[] {
    this.stamp = this.stamp === 0x7fffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) this.foundAt.fill(0);
    const found = this.foundIds;
    found.length = 0;
    for (let i = 0; i < text.length; i++) {
      const group = this.byFirst.get(text.charCodeAt(i));
      if (!group) continue;
      for (const id of group) {
        if (!text.startsWith(this.keywords[id]!, i)) continue;
        if (this.foundAt[id] !== this.stamp) {
          this.foundAt[id] = this.stamp;
          this.startsOf[id]!.length = 0;
          found.push(id);
        }
        this.startsOf[id]!.push(i);
      }
    }
    return found;
  }

  /** True when keyword `id` occurs in the text of the last scan. */
  found(id: number): boolean {
    return this.foundAt[id] === this.stamp;
  }

  /** Where keyword `id` starts in the text of the last scan (empty when it is not found). */
  starts(id: number): readonly number[] {
    return this.found(id) ? this.startsOf[id]! : [];
  }
}

/**
 * What may follow a town's name in the name of an institution inside it (红土镇卫生院, 城关中学,
 * 陈炉中心小学): a letter about that clinic or school is about the institution, which has its own
 * department (卫健, 教育), not addressed to the town. Checked after an optional 镇/街道/乡.
 */
const institutionAfterTown = ['卫生院', '卫生室', '医院', '中心小学', '小学', '初级中学', '中学', '中心校', '学校', '幼儿园', '派出所', '供电所', '信用社', '敬老院', '法庭'];
const townWordAfterName = /^(?:镇|街道|乡)/;

/**
 * A letter naming a 镇/街道 goes to that town unless a department scores at least this much (its
 * share of the keyword hits times 0.45, plus 0.55 times the unit model's probability). At 0.45
 * a department whose keywords alone filled the letter (慢性病, 门诊报销 beside 户口在王石凹街道)
 * lost to the bare place name; at 0.3 one with about two thirds of the keyword evidence wins.
 * Chosen on the demo mailbox's letters (eval-units.ts: 65.3% -> 74.5% of them go where their
 * topic's reply comes from), since other cities' rows never name 印台区's towns (held out unchanged, 70.2%).
 */
const townUnlessDepartmentAbove = 0.3;

/** Suggests a handling unit for a message. */
/** Suggests a handling unit for a message. */
export class UnitSuggester {
  private readonly directory: UnitDirectoryEntry[];
  private readonly model: LinearScorer | null;
  /** Per class of the unit model, its directory name, or null when this directory has no such unit. */
  private readonly modelUnits: (string | null)[];
  private readonly keywordScan: KeywordScan;
  /** Per directory entry, the scan ids of its keywords (in the entry's order). */
  private readonly keywordIds: number[][];
  /** Per keyword scan id, the directory entries that list it. */
  private readonly entriesOf: number[][];
  /** entryHit[e] === hitStamp when entry e has a keyword in the current message. */
  private readonly entryHit: Int32Array;
  private hitStamp = 0;
  /** The keyword ids found in the message being suggested for. */
  private lastFound: readonly number[] = [];

  constructor(options: UnitSuggesterOptions) {
    this.directory = options.directory;
    this.model = options.model ?? null;
    const names = new Set(options.directory.map((u) => u.name));
    // Only units of this directory may be suggested, whatever the model was trained on.
    this.modelUnits = this.model?.classes.map((name) => (names.has(name) ? name : null)) ?? [];
    this.keywordScan = new KeywordScan(options.directory.flatMap((u) => u.keywords));
    this.keywordIds = options.directory.map((u) => u.keywords.map((k) => this.keywordScan.idOf(k)));
    this.entriesOf = [];
    this.keywordIds.forEach((ids, e) => {
      for (const id of ids) (this.entriesOf[id] ??= []).push(e);
    });
    this.entryHit = new Int32Array(options.directory.length);
  }

  /** Suggests from a message's feature strings (see unitFeatures). */
  suggest(title: string, content: string, features: string[]): Suggestion<string | null> {
    const words = unitFeatures(features);
    return this.suggestFrom(title, content, { rows: this.model?.lookup(words) ?? [], featureCount: words.length });
  }

  /** Suggests from the unit model's input already looked up (the classifier's FeatureIndex). */
  suggestFrom(title: string, content: string, input: UnitModelInput): Suggestion<string | null> {
    // Only the entries with a keyword in the text are read (a message names few units).
    this.hitStamp = this.hitStamp === 0x7fffffff ? 1 : this.hitStamp + 1;
    if (this.hitStamp === 1) this.entryHit.fill(0);
    const text = `${title} ${content}`;
    this.lastFound = this.keywordScan.scan(text);
    for (const id of this.lastFound) for (const e of this.entriesOf[id]!) this.entryHit[e] = this.hitStamp;
    const scores = new Map<string, number>();
    const evidence = new Map<string, string[]>();
    let hitsTotal = 0;
    const towns: { name: string; word: string }[] = [];
    this.directory.forEach((entry, e) => {
      if (this.entryHit[e] !== this.hitStamp) return;
      const ids = this.keywordIds[e]!;
      const words = entry.keywords.filter((_, j) => {
        const id = ids[j]!;
        return this.keywordScan.found(id) && !this.onlyInsideAnother(id, e) && (entry.kind !== 'town' || this.namesTownItself(id, text));
      });
      if (words.length === 0) return;
      if (entry.kind === 'town') {
        towns.push({ name: entry.name, word: words[0]! });
        return;
      }
      // A keyword in the title counts twice: titles name the matter.
      const hits = words.length + words.filter((k) => title.includes(k)).length;
      hitsTotal += hits;
      scores.set(entry.name, hits);
      evidence.set(entry.name, words.slice(0, 5));
    });
    for (const [name, hits] of scores) scores.set(name, (0.45 * hits) / hitsTotal);
    if (this.model) {
      const p = this.model.probabilitiesOf(input.rows, input.featureCount);
      const weight = hitsTotal > 0 ? 0.55 : 1;
      this.modelUnits.forEach((name, k) => {
        if (name !== null) scores.set(name, (scores.get(name) ?? 0) + weight * p[k]!);
      });
    }
    let best: string | null = null;
    let bestScore = 0;
    for (const [name, score] of scores) if (score > bestScore) [best, bestScore] = [name, score];
    const town = towns[0];
    // A 镇/街道 named in a message about no clear department goes to that town first.
    if (town && bestScore < townUnlessDepartmentAbove) {
      return { value: town.name, confidence: round(Math.max(0.5, 1 - bestScore)), evidence: [town.word] };
    }
    if (!best || bestScore < 0.12) return { value: null, confidence: 0, evidence: [] };
    const words = evidence.get(best) ?? [];
    if (this.model && words.length === 0) {
      const k = this.model.classes.indexOf(best);
      // A word of the title and of the text are two features (t:建议, w:建议) but one word to a reader;
      // single characters (干, 的), pronouns, place names, 请问 and the like are no evidence (shown-words.ts).
      for (const f of this.model.topFeaturesOf(input.rows, k, 12)) {
        const word = f.feature.slice(2);
        if (!words.includes(word) && isShownWord(word, 'unit')) words.push(word);
        if (words.length >= 3) break;
      }
    }
    if (town) words.push(town.word);
    return { value: best, confidence: round(Math.min(0.99, bestScore)), evidence: words };
  }

  /**
   * True when every place keyword `id` occurs lies inside a longer keyword of a unit other than
   * entry `e`: 电梯 (市场监管, lift safety) inside 加装电梯 (住建) is the longer word's matter.
   * Keywords of one unit may overlap and all count (暖气, 暖气片).
   */
  private onlyInsideAnother(id: number, e: number): boolean {
    const keyword = this.keywordScan.keywords[id]!;
    const starts = this.keywordScan.starts(id);
    const longer = this.foundLonger(keyword, e);
    if (longer.length === 0) return false;
    return starts.every((p) => longer.some((l) => l.at.some((q) => q + l.offset === p)));
  }

  /** The found keywords of other units that contain `keyword`, with where they start and where `keyword` sits in them. */
  private foundLonger(keyword: string, e: number): { at: readonly number[]; offset: number }[] {
    const out: { at: readonly number[]; offset: number }[] = [];
    for (const id of this.lastFound) {
      const other = this.keywordScan.keywords[id]!;
      if (other.length <= keyword.length || this.entriesOf[id]!.includes(e)) continue;
      for (let offset = other.indexOf(keyword); offset >= 0; offset = other.indexOf(keyword, offset + 1)) {
        out.push({ at: this.keywordScan.starts(id), offset });
      }
    }
    return out;
  }

  /** True when town keyword `id` names the town somewhere, not only as part of an institution's name (红土镇卫生院). */
  private namesTownItself(id: number, text: string): boolean {
    const length = this.keywordScan.keywords[id]!.length;
    return this.keywordScan.starts(id).some((p) => {
      const after = text.slice(p + length, p + length + 8).replace(townWordAfterName, '');
      return !institutionAfterTown.some((w) => after.startsWith(w));
    });
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
