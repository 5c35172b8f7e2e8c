/**
 * A reply box's placeholder: mailbox sites show the reply box on letters not yet answered, filled
 * with 暂无回复, 正在办理中, 无 or a bare dash. Such a text is no reply, whatever source read it:
 * stored as the reply it would make an open letter look answered (网站上的回复, exports), and the
 * real reply appearing later would look like a reply changed. Judged on the whole text, so a real
 * reply opening with the same words (正在办理中，现答复如下：…; 未办结的原因是…) stays a reply.
 */

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

/** Longer than this, a text is a reply of its own whatever it says (the longest placeholder is 6). */
const longestPlaceholder = 20;

/** The text a placeholder is judged by: spaces dropped, punctuation, dashes and symbols trimmed at both ends. */
function placeholderKey(text: string): string {
  return text.replace(/\s+/gu, '').replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
}

/**
 * Whether a reply box's whole text is only a placeholder (暂无回复, 正在办理中, 无, —, -, /, …),
 * after trimming whitespace, punctuation and dashes. An empty text is not a placeholder (it is
 * no text at all); a text only of dashes or slashes is one.
 */
export function isReplyPlaceholder(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > longestPlaceholder) return false;
  const key = placeholderKey(trimmed);
  return key === '' || words.has(key);
}

/** A reply's text as stored: undefined for none or a placeholder, the text itself otherwise. */
export function replyTextOrNone(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' || isReplyPlaceholder(text) ? undefined : text;
}
