/**
 * Text -> feature strings for the linear models. A message is read as a bag of binary
 * features, each L2-normalised so long and short messages weigh alike:
 *  - `w:` words (jieba + user dictionary) of title and content, `t:` words of the title alone,
 *  - `b:` adjacent word pairs, which catch 请问 是否 / 希望 能够 / 多次 反映,
 *  - `q:` cues: question marks, length buckets.
 * Character n-grams were measured (classifier/scripts/cross-source.ts --drop c) and added
 * nothing in- or cross-source while tripling the features per message, so they are left out;
 * jieba without HMM already falls back to single characters for unknown words.
 * Digit runs become `0` so dates and phone numbers do not become vocabulary.
 */
import { cutWords, normalizeText } from './segment.js';
import type { MessageText } from './types.js';

const skipWord = /^[\s\p{P}\p{S}]*$/u;

/** The normalised text of a message as the features see it. */
export function messageText(message: MessageText): { title: string; content: string } {
  const squash = (s: string) => normalizeText(s).replace(/\d+(\.\d+)?/g, '0');
  return { title: squash(message.title ?? ''), content: squash(message.content ?? '') };
}

/** A word that is only punctuation, symbols or space; a word starting with a Han character never is (most words: no regex). */
function isSkipped(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c >= 0x4e00 && c <= 0x9fff) return false;
  return skipWord.test(word);
}

function addWords(words: string[], from: number, to: number, prefix: 't:' | 'w:', sink: FeatureSink, pairs: boolean): void {
  let prev: string | undefined;
  for (let i = from; i < to; i++) {
    const word = words[i]!;
    if (isSkipped(word)) {
      // Sentence punctuation breaks pairs, but a question mark is itself a cue.
      if (word.includes('?')) sink.cue('q:?');
      prev = undefined;
      continue;
    }
    sink.word(prefix, word);
    if (pairs && prev !== undefined) sink.pair(prev, word);
    prev = word;
  }
}

/**
 * Cue groups: words that mean the same move in any city's mailbox. Pooling them helps the
 * rare classes (建议, 求助, 其他), whose individual words are seen only a few times.
 */
// Exported for classifier/scripts/round4-experiments.ts (askk: the cue families found in the ask clauses).
export const cueGroups: [string, RegExp][] = [
  ['ask', /请问|咨询|是否|能否|可否|如何|怎么|怎样|哪里|哪些|什么时候|何时|多少|需要什么|有没有/],
  ['suggest', /建议|提议|呼吁|倡议|希望.{0,6}(增设|增加|开通|设置|考虑|调整|规划)|能否考虑|应当|应该/],
  ['complain', /投诉|举报|违法|违规|不作为|扰民|乱收费|欺诈|欺骗|推诿|强烈要求|严重影响|霸王/],
  ['help', /求助|救助|帮帮|帮忙|帮助|困难|无助|救命|走投无路|生活无着|恳求|求求/],
  ['thanks', /感谢|表扬|致谢|点赞|锦旗|谢意|好人好事|称赞|赞扬/],
  // Wider groups, measured on top of the five above (classifier/scripts/feature-experiments.ts
  // variants, at the earlier step 0.2 / 10 epochs: Dalian 5-fold macro-F1 0.514 -> 0.525, held-out
  // 0.538 -> 0.574). They pool the ways citizens ask for help (怎么办, 无力, 低保, 重病) and
  // thank staff, which other cities' mailboxes share even where their words differ from Dalian's.
  ['help2', /请求帮助|请求救助|怎么办|咋办|无力|没办法|无奈|不知道(该)?(怎么|如何|找谁)|走投无路|求救|急需|无法生活|生活困难|困难家庭|低保|救济|孤寡|残疾|重病|患病|大病|看不起病|可怜|求求|恳请|拜托|帮帮我|求帮|求解决/],
  ['thanks2', /感谢|谢谢.{0,6}(工作人员|同志|领导|部门)|表扬|为民办实事|服务周到|热情|耐心|负责任|祝.{0,10}(快乐|健康|顺利)/],
  ['ask2', /想(了解|知道|问|咨询)|需要(哪些|什么)(手续|材料|条件)|(手续|流程|条件|材料|政策|标准)(是什么|有哪些)|怎么(办理|申请|领取|缴纳)|如何(办理|申请|领取)|能不能|可不可以/],
  ['suggest2', /建议|提议|提个建议|献计|意见和建议|合理化|倡议|希望(能够|可以)?(在|对|把|将)/],
  ['complain2', /投诉|举报|不作为|乱收费|扰民|违章|违建|违规|违法|私搭乱建|强制|拖欠|欺骗|恶劣|严重影响|无人管|没人管|不管不问/],
];

/**
 * Receives a message's features in extractFeatures' order, in parts, so that a consumer need not
 * build the strings. A feature may come more than once (the title's words come again as `w:`, a
 * question mark once per occurrence); consumers count it once, at its first sighting.
 */
export interface FeatureSink {
  /** The feature `${prefix}${word}`: `t:` a word of the title, `w:` a word of title or content. */
  word(prefix: 't:' | 'w:', word: string): void;
  /** The feature `b:${first}_${second}`: adjacent words. */
  pair(first: string, second: string): void;
  /** Any other feature, whole: the `q:` and `k:` cues (never `t:`, `w:` or `b:`). */
  cue(feature: string): void;
}

/**
 * Hands every feature of a message to `sink`, in extractFeatures' order. One walk, two consumers:
 * extractFeatures (training, evaluation) and the classifier's FeatureIndex, which looks features
 * up by their words instead of building and collecting feature strings.
 */
export function emitFeatures(message: MessageText, sink: FeatureSink): void {
  const { title, content } = messageText(message);
  // One segmentation call per message: jieba never joins words across the line break.
  const words = cutWords(`${title}\n${content}`);
  const cut = words.indexOf('\n');
  const titleEnd = cut >= 0 ? cut : words.length;
  addWords(words, 0, titleEnd, 't:', sink, false);
  addWords(words, 0, titleEnd, 'w:', sink, true);
  if (cut >= 0) addWords(words, cut + 1, words.length, 'w:', sink, true);
  const length = title.length + content.length;
  sink.cue(length < 30 ? 'q:len<30' : length < 80 ? 'q:len<80' : length < 200 ? 'q:len<200' : 'q:len>=200');
  if (/[?？吗呢]\s*$/.test(title)) sink.cue('q:title?');
  for (const [name, pattern] of cueGroups) {
    if (pattern.test(title)) sink.cue(`k:t-${name}`);
    if (pattern.test(content)) sink.cue(`k:${name}`);
  }
}

/** Feature strings of a message (a set: each counts once). */
export function extractFeatures(message: MessageText): string[] {
  const out = new Set<string>();
  emitFeatures(message, {
    word: (prefix, word) => out.add(`${prefix}${word}`),
    pair: (first, second) => out.add(`b:${first}_${second}`),
    cue: (feature) => out.add(feature),
  });
  return [...out];
}

/**
 * The readable part of a feature, for explanations (null for cues). A word pair reads as its two
 * words joined by "·" (路灯·不亮), and only when both are words of two or more characters: glued
 * together, a pair with a single character reads as a fragment (请相关, 部门管).
 */
export function featureWord(feature: string): string | null {
  const kind = feature.slice(0, 2);
  const body = feature.slice(2);
  if (kind === 'q:' || kind === 'k:') return null;
  if (kind === 'b:') {
    const [first = '', second = ''] = body.split('_');
    return first.length >= 2 && second.length >= 2 ? `${first}·${second}` : null;
  }
  return body;
}
