/**
 * Whether a detail answer of HTTP 200 is the site's "busy, try later" notice (系统繁忙, 访问过于频繁,
 * 请稍后再试), or its error notice (数据库连接失败, 系统异常, 服务器内部错误), shown in place of the
 * letter: sites under load or with their database down answer so, some in the letter's own
 * page template, where the text rule then reads the notice as the letter's text. Such a page is
 * never the letter (its text would replace the citizen's), never a removal and never a redesign:
 * a page error, and the message is fetched again next run.
 */
import { removalAlert, visibleText } from './removals.js';

const busyWords = /系统繁忙|服务器繁忙|网站繁忙|系统忙|服务器忙|访问量过大|访问人数过多|(?:访问|请求|操作)(?:过于|太)频繁|请稍后再试|请稍候再试|请稍后重试|请稍后访问|稍后再来|服务暂时?不可用|系统(?:正在)?维护|数据库(?:连接)?(?:失败|错误|异常|出错)|(?:连接|访问)数据库(?:失败|出错)|系统(?:错误|异常|出错)|服务器(?:内部)?(?:错误|异常|出错)/g;
/** Words a notice wraps itself in. */
const courtesy = /对不起|抱歉|很抱歉|您好|提示|温馨提示|错误|sorry/gi;

/**
 * A letter's text is the notice only when it says nothing else: once the busy words, courtesy,
 * punctuation, digits and Latin letters are taken out, at most this many characters are left. A
 * citizen writing that 社保系统繁忙无法办理 says more, and is taken as written.
 */
const NOTICE_RESIDUE_MAX = 4;
/** A page without the letter's text is read as a busy notice only when it shows little else (a notice, not a redesigned page mentioning 请稍后再试 in a corner). */
const NOTICE_PAGE_MAX_CHARS = 1000;

/** The notice (shortened, for the page error) when the page is a busy notice rather than the letter; else undefined. */
export function busyNotice(content: string | undefined, body: string): string | undefined {
  const letter = content?.trim();
  const text = letter || visibleText(body).trim();
  busyWords.lastIndex = 0;
  const found = busyWords.exec(text);
  if (!found || removalAlert.test(text)) return undefined; // "不存在，请稍后再试" is a removal's wording
  if (letter) {
    const residue = letter.replace(busyWords, '').replace(courtesy, '').replace(/[\p{P}\p{S}\p{N}\sA-Za-z]/gu, '');
    if (residue.length > NOTICE_RESIDUE_MAX) return undefined;
  } else if (text.length > NOTICE_PAGE_MAX_CHARS) return undefined;
  // The words around it, for staff.
  const from = Math.max(0, text.lastIndexOf(' ', found.index) + 1);
  const to = text.indexOf(' ', found.index + found[0].length);
  return text.slice(from, to < 0 ? undefined : to).slice(0, 40);
}
