/**
 * A reply box's placeholder: mailbox sites show the reply box on letters not yet answered, filled
 * with 暂无回复, 正在办理中, 无 or a bare dash. Such a text is no reply, whatever source read it:
 * stored as the reply it would make an open letter look answered (网站上的回复, exports), and the
 * real reply appearing later would look like a reply changed. Judged on the whole text, so a real
 * reply opening with the same words (正在办理中，现答复如下：…; 未办结的原因是…) stays a reply.
 */
import { sha256 } from './ids.js';

/** Who has not answered yet: 尚未/暂无/… followed by 答复/回复/… (尚未答复, 暂无回复, 待处理). */
const notYet = ['尚未', '暂无', '暂未', '未', '还未', '没有', '无', '等待', '待'] as const;
const answered = ['答复', '回复', '办结', '处理', '办理', '反馈'] as const;

/** Every whole text a reply box shows instead of a reply (after `placeholderKey`). */
export const replyPlaceholderWords: readonly string[] = [
  ...notYet.flatMap((head) => answered.flatMap((word) => [`${head}${word}`, `${head}${word}内容`, `${head}${word}信息`])),
  ...['正在办理中', '正在办理', '办理中', '正在处理中', '正在处理', '处理中', '受理中', '正在受理', '审核中'],
  ...['无', '暂无', '空', '无内容', '暂无内容', '暂无数据', '暂无信息'],
];

const words = new Set(replyPlaceholderWords);

/** Longer than this, a text is a reply of its own whatever it says (暂无回复，请耐心等待 is 10). */
const longestPlaceholder = 24;

/** The text a placeholder is judged by: spaces dropped, punctuation, dashes and symbols trimmed at both ends. */
function placeholderKey(text: string): string {
  return text.replace(/\s+/gu, '').replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
}

/** What a box says of the letter before the placeholder: 该信件正在办理中, 您的留言尚未回复. */
const letterSubject = /^(?:该|此|本|您的|你的)?(?:信件|留言|来信|诉求|问题|事项|件)/u;
/** The courtesies a box adds to a placeholder (请耐心等待, 敬请期待, 谢谢): no answer either. */
const courtesy = /^(?:请|敬请)?(?:您)?耐心等(?:待|候)$|^敬请(?:期待|关注)$|^(?:谢谢|感谢)(?:您)?(?:的)?(?:关注|支持|理解|配合)?$/u;

/**
 * Whether a reply box's whole text is only a placeholder (暂无回复, 正在办理中, 无, —, -, /, …),
 * after trimming whitespace, punctuation and dashes; also when the box names the letter first and
 * adds courtesies (该信件正在办理中，请耐心等候。). An empty text is not a placeholder (it is no text
 * at all); a text only of dashes or slashes is one. Every clause must be the placeholder or a
 * courtesy, so a reply that says anything more (正在办理中，现答复如下：…) stays a reply.
 */
export function isReplyPlaceholder(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > longestPlaceholder) return false;
  const key = placeholderKey(trimmed);
  if (key === '' || words.has(key)) return true;
  const clauses = trimmed.split(/[\s，,。.！!；;、]+/u).map(placeholderKey).filter(Boolean);
  const said = clauses.filter((c) => !courtesy.test(c));
  return said.length === 1 && words.has(said[0]!.replace(letterSubject, ''));
}

/**
 * The version of the rules above (the list, the courtesies, the letter's names, the longest
 * placeholder and the judging code itself): a store whose replies were checked with another
 * version is checked again at start-up (workflow/intake/clear-placeholder-replies.ts), so a phrase
 * added to the list also clears the replies stored with it before.
 */
export const replyPlaceholderRulesVersion: string = sha256(
  JSON.stringify([replyPlaceholderWords, letterSubject.source, courtesy.source, longestPlaceholder, placeholderKey.toString(), isReplyPlaceholder.toString()]),
).slice(0, 16);

/** A reply's text as stored: undefined for none or a placeholder, the text itself otherwise. */
export function replyTextOrNone(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' || isReplyPlaceholder(text) ? undefined : text;
}
