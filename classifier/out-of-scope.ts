/**
 * Screening against the measures' 不予受理 list (第三条㈡). There are no labelled sets to learn
 * from, so this is rules, written from the measures and from what the shared data's replies
 * give as reasons (诉讼/法律途径, 不在受理范围, 信访程序, 内容不详), plus an optional learned
 * model (out-of-scope-model.ts, trained by distant supervision on the replies) that may lift a
 * weak rule finding or flag a post that reads like the ones the mailboxes did not handle.
 * Rules aim at precision: a flag is a suggestion staff confirm, and a wrongly flagged message
 * risks a citizen not being answered. Each reason carries the words that triggered it.
 */
import { looksTraditional, toSimplified } from '../core/chinese-script.js';
import type { OutOfScopeReason } from '../core/domain.js';
import { loadOutOfScopeModel, type OutOfScopeModel } from './out-of-scope-model.js';
import { reasonShortNames } from './out-of-scope-reasons.js';
import { grandiose, rules } from './out-of-scope-rules.js';
import { prefiltered, TextChars } from './required-chars.js';
import type { OutOfScopeFinding } from './types.js';


const requestCue = /请|請|希望|要求|咨询|諮詢|反映|投诉|投訴|举报|舉報|建议|建議|怎么|怎麼|如何|能否|能不能|可否|是否|吗|嗎|[?？]|帮|幫|解决|解決|处理|處理|查处|整治|答复|回复|管管|为什么|為什麼|何时|哪里|哪些|什么|多少|有没有|可以|应该|求助|恳请|盼|谢谢|感谢|麻烦|手续|流程|办理|需要/;
const concreteCue = /小区|路|街|村|镇|公司|局|单位|学校|医院|号楼|单元|社区|物业|工资|房|车|店|厂|区|县|市|樓|區|號|廠|縣/;
/**
 * What a message can raise that the two cues above miss: questions in other words (啥时候, 几号,
 * 想问, a closing 么), asks for action (予以, 调查, 退还, 维修), public services and their faults
 * (供暖, 温度, 噪音, 扰民, 户口, 社保, 网站; local broadcasters and papers, 电视台, 报社: a remark on
 * a local TV programme names the body it is about, test8), commercial parties (售楼处, 开发商, 中介, 银行, 旅行社,
 * 平台) and money (an amount, a loan, a debt). Used only by the rule "no request and nothing
 * concrete" (about 30 ordinary messages of the shared data fell to it): the learned model's shape
 * features keep the two cues it was trained with.
 */
const matterCue = /啥时|几号|几时|多久|多长时间|条件|是不是|想问|问问|问一下|询问|想知道|想了解|咋|(?<![那这多怎什要])么([，,。]|$)|予以|调查|退还|退费|退款|赔偿|维修|修理|供暖|供热|暖气|温度|噪音|扰民|油烟|垃圾|污水|停水|停电|燃气|路灯|井盖|公交|地铁|车站|进站|桥|人行道|楼道|公园|广场|码头|网站|验证码|电视台|电台|广播|报社|频道|节目|户口|落户|社保|医保|公积金|低保|保险|职称|证书|售楼|开发商|中介|银行|商场|超市|饭店|酒店|旅行社|诊所|幼儿园|大学|平台|纪检|监察|定金|押金|借钱|借款|借给|抬钱|欠钱|欠款|欠我|债务|还钱|货款|\d+(\.\d+)?(元|万|块)/;

/** True when the content only repeats the title (whitespace and punctuation aside, a few characters more at most). */
function repeatsTitle(title: string, content: string): boolean {
  const squash = (x: string) => x.replace(/[\s\p{P}\p{S}]/gu, '');
  const t = squash(title);
  const c = squash(content);
  return t.length > 0 && c.startsWith(t) && c.length - t.length <= 12;
}

const noisyOr = (ws: number[]) => 1 - ws.reduce((acc, w) => acc * (1 - w), 1);
const round = (x: number) => Math.round(x * 1000) / 1000;

/** A finding is flagged at or above this confidence. */
export const outOfScopeThreshold = 0.6;

/** A greeting or thanks (holiday wishes, 感谢, 致敬). */
const greeting = /祝福|祝愿|节日快乐|新年快乐|春节快乐|中秋快乐|节日愉快|拜年|问候|(?<!此)致敬(?!礼)|感谢|谢谢/;

/** A closing 谢谢 or 感谢 at the end of the title or the content: politeness, not thanks as the point. */
const closingThanks = /(谢谢|感谢)[!！。.～~\s]*(?=\n|$)/g;

/** Any question (a question word or mark, 咨询, 请问): a short question is answerable however bare. */
const question = /吗|嗎|么|麼|啥|什么|什麼|怎么|怎麼|怎样|如何|何时|何日|哪|是否|能否|可否|多少|几|[?？]|咨询|諮詢|请问|請問|问一下|想问/;

/**
 * The reason a flag of the learned model alone is filed under when no rule found anything and
 * the model carries no reason model, or its reason model is unsure or names no_substance:
 * outside_authority when the message is about the army or foreign powers, else no_substance.
 * The weak training positives are almost all posts without substance (form replies such as
 * 无具体诉求); only staff decisions teach other reasons (out-of-scope-reasons.ts).
 */
// 日本 after a day (2月1日本人) is a date and 本人, not Japan, as in the rules (out-of-scope-rules.ts).
const foreignOrMilitary = /美国|(?<![0-9０-９〇一二三四五六七八九十廿卅今昨明每当次节假生周平近同即翌连])日本|航母|导弹|北约|联合国|军队|部队|战争|外交|战斗机/;

/**
 * Han characters in a text, as /\p{Script=Han}/u counts them (CJK blocks, radicals, 々〇〡-〩,
 * supplementary ideographs), by code-unit ranges: a regular expression match built an array
 * per message and cost more than the rest of the screening's shape cues together.
 */
function countHan(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHanBmp(c)) n++;
    // Supplementary ideographs (planes 2 and 3): count the high surrogate, skip the low one.
    else if (c >= 0xd840 && c <= 0xd8bf) {
      n++;
      i++;
    }
  }
  return n;
}

/** A Han character of the Basic Multilingual Plane (countHan's ranges). */
function isHanBmp(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x2e80 && c <= 0x2fdf) ||
    c === 0x3005 ||
    c === 0x3007 ||
    (c >= 0x3021 && c <= 0x3029) ||
    (c >= 0x3038 && c <= 0x303b)
  );
}

/** What `meaningful` leaves out: space, punctuation and symbols. */
const separator = /[\s\p{P}\p{S}]/u;
/** `separator` per BMP code unit, learnt as met: 0 not yet tested, 1 a separator, 2 not. */
const separatorMemo = new Uint8Array(0x10000);

/**
 * The characters of a text that are not space, punctuation or symbols (`meaningful`), and how
 * many of those are Han (`han`): what `text.replace(/[\s\p{P}\p{S}]/gu, '')` and countHan of the
 * result give. A code-unit loop over a memo of the pattern's answer per character (the replace
 * built a new string per message and cost 3-4 µs); a text with any surrogate, where the pattern
 * reads code points, takes the replace itself.
 */
function meaningfulCounts(text: string): { meaningful: number; han: number } {
  let meaningful = 0;
  let han = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const meaningfulText = text.replace(/[\s\p{P}\p{S}]/gu, '');
      return { meaningful: meaningfulText.length, han: countHan(meaningfulText) };
    }
    let kind = separatorMemo[c]!;
    if (kind === 0) separatorMemo[c] = kind = separator.test(String.fromCharCode(c)) ? 1 : 2;
    if (kind === 1) continue;
    meaningful++;
    if (isHanBmp(c)) han++;
  }
  return { meaningful, han };
}

/** Shape cues of a message, shared by the rules and the learned model's features. */
export function shapeCues(title: string, content: string): { cues: string[]; meaningful: number; han: number; request: boolean; concrete: boolean; repeats: boolean } {
  const text = `${title}\n${content}`;
  const { meaningful, han } = meaningfulCounts(text);
  const request = requestCue.test(text);
  const concrete = concreteCue.test(text);
  // The body can only repeat the title when the whole is at most twice the title plus 12.
  const repeats = meaningful <= 2 * title.length + 12 && repeatsTitle(title, content);
  const cues = [meaningful < 12 ? 'len<12' : meaningful < 40 ? 'len<40' : meaningful < 80 ? 'len<80' : meaningful < 200 ? 'len<200' : 'len>=200'];
  if (repeats) cues.push('repeats');
  if (!request) cues.push('norequest');
  if (!concrete) cues.push('noobject');
  if (han < meaningful * 0.3) cues.push('nohan');
  return { cues, meaningful, han, request, concrete, repeats };
}

/**
 * Each rule's pattern with the characters any of its matches must contain (required-chars.ts),
 * derived from the pattern: a rule whose required characters are absent from the message cannot
 * match and is not run. The rules are tested on the whole text or on its trimmed content, whose characters
 * are among the whole text's, so one character set serves both. required-chars.test.ts checks on
 * every shared message that no skipped rule would have matched.
 */
export const rulePrefilters = rules.map((rule) => prefiltered(rule.pattern));
/** The screened text's characters; one per process (the screening is synchronous). */
const chars = new TextChars();

let defaultModel: OutOfScopeModel | null | undefined;

/** The committed learned model, loaded on first use; null when its file is missing (rules only). */
export function defaultOutOfScopeModel(): OutOfScopeModel | null {
  if (defaultModel === undefined) defaultModel = loadOutOfScopeModel();
  return defaultModel;
}

export interface ScreenOptions {
  /** The learned model; null screens with the rules alone. Default: the committed model file, if present. */
  model?: OutOfScopeModel | null;
}

/**
 * The reason and evidence of a flag the learned model raises alone (no rule found anything). A
 * model trained with staff decisions names the reason its positives were decided under when its
 * reason model is sure enough (at least its `minProbability`) and at least one word of the message
 * pushed that reason: staff see why. no_substance, the class nearly every weak positive carries
 * (the reason model's "nothing particular learnt"), and an unsure verdict leave the fixed fallback
 * in charge, so a message naming the army or foreign powers stays outside_authority as before.
 * `text`: title and content as screened; `evidence`: the flag's own words (OutOfScopeModel.score).
 * Exported for scripts/cv-out-of-scope-reasons.ts, which measures it.
 */
export function aloneReason(model: OutOfScopeModel, title: string, content: string, cues: string[], text: string, evidence: string[]): { code: OutOfScopeReason; words: string } {
  const verdict = model.reasonOf(title, content, cues);
  if (verdict && verdict.code !== 'no_substance' && verdict.probability >= verdict.minProbability && verdict.words.length > 0) {
    return { code: verdict.code, words: `用词近似以往因“${reasonShortNames[verdict.code]}”未受理的留言：${verdict.words.join('、')}` };
  }
  return { code: foreignOrMilitary.test(text) ? 'outside_authority' : 'no_substance', words: `用词近似以往未受理的留言：${evidence.join('、')}` };
}

/**
 * Screens a message; reasons are sorted by confidence, and `flagged` when any reaches the
 * threshold. Rules first; then the learned model (when loaded) may lift a rule finding that is
 * below the threshold (its score at least `settings.support`), or flag on its own (at least
 * `settings.alone`), under the reason its cue words suggest. Its evidence is the words that
 * made the message look like the ones the mailboxes did not handle.
 */
export function screenOutOfScope(title: string, content: string, options: ScreenOptions = {}): { flagged: boolean; reasons: OutOfScopeFinding[] } {
  // A body that only says 如题 ("as the title says") under a title that asks a question: the title
  // is the message (test6's 办理居住证需要哪些？ 如题), screened as if written out again.
  if (/^(如题|同上|见标题)[!！。.～~]*$/.test(content.trim()) && question.test(title)) content = title;
  const original = { text: `${title}\n${content}`, content: content.trim() };
  if (looksTraditional(original.text)) [title, content] = [toSimplified(title), toSimplified(content)];
  const text = `${title}\n${content}`;
  const found = new Map<OutOfScopeReason, { weights: number[]; evidence: Set<string> }>();
  const add = (code: OutOfScopeReason, weight: number, evidence: string) => {
    const entry = found.get(code) ?? { weights: [], evidence: new Set<string>() };
    // The same words found twice are one piece of evidence, not two.
    if (entry.evidence.has(evidence)) return;
    entry.weights.push(weight);
    entry.evidence.add(evidence);
    found.set(code, entry);
  };
  chars.reset(text);
  for (const [r, rule] of rules.entries()) {
    if (!rulePrefilters[r]!.mayMatch(chars)) continue;
    const onContent = rule.code === 'no_substance' && rule.pattern.source.startsWith('^');
    const target = onContent ? content.trim() : text;
    // Most rules match no message: a plain test first spares a RegExp clone and an iterator per rule.
    // (test() on a /g pattern moves lastIndex, and matchAll starts from it: reset it both times.)
    rule.pattern.lastIndex = 0;
    const hit = rule.pattern.test(target);
    rule.pattern.lastIndex = 0;
    if (!hit) continue;
    let first = true;
    for (const match of target.matchAll(rule.pattern)) {
      // The context that makes it a government matter is looked for only once the rule matched.
      if (first && (rule.unless?.test(text) || (rule.onlyWith && !rule.onlyWith.test(text)))) break;
      first = false;
      // The words as the citizen wrote them (the same positions in the unconverted text).
      const words = (onContent ? original.content : original.text).slice(match.index, match.index + match[0].length);
      add(rule.code, rule.weight, words.trim() || '（空）');
      if ((found.get(rule.code)?.evidence.size ?? 0) >= 4) break;
    }
  }
  const shape = shapeCues(title, content);
  // Neither a request nor anything concrete to act on (a place, a body, a matter).
  // Not a greeting or thanks: those stay in scope (the labels' convention; test6's holiday wishes).
  if (!shape.request && !shape.concrete && !matterCue.test(text) && !greeting.test(text)) add('no_substance', 0.65, '无具体诉求和对象');
  // A one-liner that is only its title, under 40 characters, asking nothing and naming nothing
  // concrete: an exhortation (请不要抬杠，好好工作), a boast or a slogan, which the rule above
  // misses when it holds a request word (请, 希望). Not a question of any kind, nor thanks or a
  // greeting (a closing 谢谢 aside). test8; over all mail it newly flags 6 such posts.
  else if (shape.repeats && shape.meaningful < 40 && !shape.concrete && !matterCue.test(text) && !question.test(text) && !greeting.test(text.replace(closingThanks, ''))) add('no_substance', 0.6, '仅有标题且无具体诉求和对象');
  // Almost no text: nothing to verify or act on.
  const meaningful = shape.meaningful;
  if (meaningful < 12) add('no_substance', 0.7, `仅 ${meaningful} 字`);
  else if (meaningful < 40 && found.has('no_substance')) add('no_substance', 0.5, '内容很短');
  // One grandiose cue in a short post that is nothing but its title (the content repeats the
  // title, under 80 characters): dev3 set, e.g. 依据国家主席令…代理举报. A short real complaint
  // that mentions 国家领导人 in passing has a body of its own and is not touched.
  else if (meaningful < 80 && grandiose.test(text) && shape.repeats) add('no_substance', 0.5, '仅有标题');
  else if (shape.han < meaningful * 0.3 && meaningful < 60) add('no_substance', 0.6, '几乎没有中文内容');

  const confidenceOf = (weights: number[]) => noisyOr([...weights].sort((a, b) => b - a).slice(0, 2));
  const model = options.model === undefined ? defaultOutOfScopeModel() : options.model;
  if (model) {
    let best: OutOfScopeReason | undefined;
    let bestConfidence = 0;
    for (const [code, f] of found) {
      const c = confidenceOf(f.weights);
      if (c > bestConfidence) [best, bestConfidence] = [code, c];
    }
    // Already flagged by the rules: the model has nothing to add (and is not run).
    if (bestConfidence < outOfScopeThreshold) {
      const { probability, evidence } = model.score(title, content, shape.cues);
      const words = `用词近似以往未受理的留言：${evidence.join('、')}`;
      // Alone, the model must name at least two words: a short ordinary question it has no
      // vocabulary for scores high on its shape alone (development sets, out-of-fold check).
      // Nor a greeting or thanks that no rule found anything in: those stay in scope, and the
      // model's positives include posts the platform answered with 感谢您的留言.
      if (probability >= model.settings.alone && evidence.length >= 2 && !(best === undefined && greeting.test(text))) {
        // A weak rule finding keeps its reason; a flag on the model's word alone takes aloneReason's.
        if (best) add(best, Math.max(outOfScopeThreshold, probability), words);
        else {
          const alone = aloneReason(model, title, content, shape.cues, text, evidence);
          add(alone.code, Math.max(outOfScopeThreshold, probability), alone.words);
        }
      } else if (best && probability >= model.settings.support) add(best, probability, evidence.length ? words : '整体近似以往未受理的留言');
    }
  }

  const reasons: OutOfScopeFinding[] = [...found].map(([code, f]) => ({
    code,
    evidence: [...f.evidence].slice(0, 4),
    // Repeated matches of one rule add little: cap at two distinct pieces of evidence.
    confidence: round(confidenceOf(f.weights)),
  }));
  reasons.sort((a, b) => b.confidence - a.confidence);
  return { flagged: reasons.some((r) => r.confidence >= outOfScopeThreshold), reasons };
}
