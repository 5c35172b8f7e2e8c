/**
 * Which of the words behind a suggestion are worth showing to the clerk who reviews it. The models
 * weigh every word, and some that tip the balance read to a person as nothing: pronouns and
 * conjunctions (这个, 而且, 如果), prepositions and particles, words of place and time (下面,
 * 今年, 两个), a place's name (佳木斯, 甘井子区, jieba's 山区 out of 中山区), the writer's greeting
 * (您好, 尊敬) or closing thanks. The explanation and the unit's evidence skip them and show the
 * next words down the list instead; the models and their probabilities are untouched.
 * Word classes are jieba's dictionary tags (with the user dictionary's: 印台区's towns are `ns`).
 */
import { segmenter } from './segment.js';

/**
 * Tags of words that carry no matter of their own: pronouns (r), conjunctions (c), prepositions (p),
 * particles (u…), modal particles (y), interjections (e), onomatopoeia (o), locality words (f) and
 * place names (ns). Not person names (nr): jieba's dictionary also gives that tag to 高峰, 祝福, 许可证.
 */
const hiddenTags = /^(?:r|rr|rz|c|cc|p|u|u[a-z]|y|e|o|f|ns)$/;

/** Question words are pronouns (r) or conjunctions (c) to jieba, but they are what makes a 咨询. */
const questionWords = new Set(['什么', '如何', '哪里', '哪儿', '怎么', '怎样', '怎么样', '哪些', '哪个', '多少', '为何', '为什么', '何时', '多久', '几时', '是否']);

/** Words jieba tags so that do say something here (及时: 清运不及时, a c; 城市, an ns). */
const keptDespiteTag = new Set(['及时', '城市']);

/** Greetings and closings, and words of time or count that say nothing of the matter. */
const hiddenWords = new Set([
  '您好', '你好', '尊敬', '此致', '敬礼', '领导好', '各位领导',
  '现在', '目前', '当时', '今年', '去年', '明年', '今天', '今日', '昨天', '前天', '时候', '一下', '一些', '一点', '一个', '有点',
  '可以', '需要', '就是', '还是', '已经', '没有', '不能', '不到', '不了', '只有',
]);

/** A number and a measure word (两个, 四个, 几天, 每个): 多次, 多年 and 一个多月 stay. */
const countWord = /^[一二三四五六七八九十两几每]+[个天位名户件条些]$/;

/** Thanks close many a letter of every kind; only in a letter of thanks (其他) are they its matter. */
const thanks = new Set(['谢谢', '多谢', '感谢', '非常感谢']);

const cache = new Map<string, boolean>();

function taggedHidden(word: string): boolean {
  let hidden = cache.get(word);
  if (hidden === undefined) {
    const tagged = segmenter().tag(word, false);
    // A word jieba's dictionary does not hold as one word has no tag of its own: shown.
    hidden = tagged.length === 1 && hiddenTags.test(tagged[0]!.tag) && !questionWords.has(word) && !keptDespiteTag.has(word);
    cache.set(word, hidden);
  }
  return hidden;
}

/** Words of the kind of letter (a question, a request): a reason for its category, none for its unit. */
const letterKindWords = new Set(['请问', '咨询', '建议', '投诉', '举报', '求助', '反映', '希望', '要求', '请求', '恳请']);

/**
 * True when `word` (a single word, not a pair) is worth showing as a reason: two or more characters,
 * no digit placeholder, and none of the kinds above. `category`: the suggestion's, for thanks;
 * `'unit'` for the unit's evidence, where question words and the letter's kind (请问, 建议) say nothing.
 */
export function isShownWord(word: string, category?: string): boolean {
  if (word.length < 2 || word.includes('0')) return false;
  if (category === 'unit' && (questionWords.has(word) || letterKindWords.has(word))) return false;
  if (hiddenWords.has(word) || countWord.test(word)) return false;
  if (thanks.has(word) && category !== '其他') return false;
  return !taggedHidden(word);
}

/** Per phrase, whether it is shown: in a letter of thanks (其他), in any other. Bounded by the models' vocabulary. */
const phraseCache = { thanks: new Map<string, boolean>(), other: new Map<string, boolean>() };

/** As isShownWord, for an explanation's word or word pair (路灯·不亮: both words must be shown). */
export function isShownPhrase(phrase: string, category?: string): boolean {
  const cached = category === '其他' ? phraseCache.thanks : phraseCache.other;
  let shown = cached.get(phrase);
  if (shown === undefined) {
    shown = phrase.split('·').every((w) => isShownWord(w, category));
    cached.set(phrase, shown);
  }
  return shown;
}
