/**
 * Whether an answer is an access wall the site put in front of its pages, rather than the page: a
 * login page (请登录, a password form, 统一身份认证, a redirect to a login address) or a firewall's
 * or anti-bot service's challenge (安全验证, 访问被拦截, 滑动验证, 请开启 JavaScript, a page whose
 * only content is a script that sets a cookie and reloads), with HTTP 200 or an error status.
 * Such a page is never the letter, never a removal and never a redesign: a page error (the page is
 * fetched again next run, nothing is recorded from it), and the run's health says the site blocked
 * it (`accessAlert`), so staff open the site instead of rewriting the source file.
 *
 * Judged conservatively: a page whose rules found the letter's text is a wall only when that text is
 * itself the wall's notice (the site's template around it), and words in links (a header's 登录 |
 * 注册, 您好，请登录) are never evidence: a real letter page carries them as site chrome.
 */
import { alertAndBack, inPageRedirect } from './in-page-redirect.js';
import { visibleText } from './removals.js';

export type AccessWallKind = 'login' | 'challenge';

/** What the site showed instead of the page. */
export interface AccessWall {
  kind: AccessWallKind;
  /** The words (or the sign) that gave it away, shortened, for staff: untrusted site text. */
  shown: string;
}

/** How each kind is named to staff. */
export const accessWallNames: Record<AccessWallKind, string> = { login: '要求登录', challenge: '安全验证' };

/** A page saying a login is required (not a bare 登录 link: links are taken out before this is matched). */
const loginWords =
  /(?:请|需要?|须|必须)先?登[录陆]|登[录陆](?:后|以后)(?:才能|方可|再|可)?(?:查看|访问|浏览|操作|继续|使用|阅读)|(?:尚未|没有|未)登[录陆]|登[录陆](?:状态)?(?:已)?(?:超时|过期|失效)|重新登[录陆]|会话(?:已)?(?:超时|过期|失效)|统一身份认证|身份认证平台|单点登[录陆]/g;
/** A firewall's or anti-bot service's words. */
const challengeWords =
  /安全验证|人机验证|滑动验证|拖动滑块|向右滑动|完成验证|验证后(?:继续|访问)|访问(?:已)?被(?:拦截|阻断|拒绝|限制)|请求(?:已)?被(?:拦截|阻断|拒绝)|拦截了?您的(?:访问|请求)|可能对网站造成安全威胁|网站防火墙|应用防火墙|安全防护|安全检查|安全检测|浏览器(?:安全)?检查|(?:开启|启用|打开|允许)\s*(?:JavaScript|JS)|enable JavaScript|JavaScript (?:is )?(?:required|disabled)|(?:请)?输入验证码|checking your browser|access denied|request blocked|\bWAF\b|安全狗|云锁|创宇盾|加速乐|云盾/gi;
/** Words a notice wraps itself in (and the letter it stands for). */
const filler = /对不起|抱歉|很抱歉|您好|您的?|提示|温馨提示|sorry|该|本|此|信件|留言|内容|详情|才能|方可|查看|浏览|访问|阅读|网站|页面/gi;

/** Where a login usually lives: `/login.jsp`, `/sso/…`, `/cas/login`, `/passport`, `?action=signin`. */
const loginAddress = /(?:^|[/_.=-])(?:log[io]n|signin|sign-in|sso|cas|passport|oauth2?|authorize|auth|uc)(?:$|[/_.?&=-])/i;
const passwordField = /<input\b[^>]*\btype\s*=\s*["']?password\b/i;
const titleTag = /<title[^>]*>([\s\S]*?)<\/title\s*>/i;
const loginTitle = /登[录陆]|身份认证|认证中心|log ?in|sign ?in/i;
const linkElement = /<a\b[\s\S]*?<\/a\s*>/gi;
const inlineScript = /<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi;
const setsCookie = /document\s*\.\s*cookie\s*=/;
const reloads = /location\s*\.\s*(?:reload|replace|assign|href)\b|location\s*=|\.submit\s*\(/;

/** A notice page says little else: a longer page without the letter is a redesign, not a wall. */
const NOTICE_PAGE_MAX_CHARS = 800;
/**
 * Login words outside links count on a page only this short: a header's 您尚未登录 beside a
 * redesigned letter's text is no wall (a login page with a form is told by its password field).
 */
const LOGIN_NOTICE_MAX_CHARS = 300;
/** The letter's text is the wall's notice only when, its words and filler taken out, at most this many characters are left. */
const NOTICE_RESIDUE_MAX = 4;
/** A page "with no text" may still show a word or two (载入中…). */
const SCRIPT_ONLY_MAX_CHARS = 20;

/** The page's visible text without its links' text (site chrome: 登录 | 注册, 首页). */
function noticeText(body: string): string {
  return visibleText(body.replace(linkElement, ' ')).trim();
}

/** The words around the match, for staff (at most 40 characters). */
function around(text: string, index: number, length: number): string {
  const from = Math.max(0, text.lastIndexOf(' ', index) + 1);
  const to = text.indexOf(' ', index + length);
  return text.slice(from, to < 0 ? undefined : to).slice(0, 40);
}

/** The first wall's words in `text`, login first. */
function wallWords(text: string): AccessWall | undefined {
  for (const [kind, words] of [['login', loginWords], ['challenge', challengeWords]] as const) {
    words.lastIndex = 0;
    const found = words.exec(text);
    if (found) return { kind, shown: around(text, found.index, found[0].length) };
  }
  return undefined;
}

/** Whether `url` is a login address and `requested` was not (a site sending every page to its login). */
function isLoginAddress(url: string, requested: string): boolean {
  const path = (u: string) => {
    try {
      const parsed = new URL(u);
      return parsed.pathname + parsed.search;
    } catch {
      return '';
    }
  };
  return loginAddress.test(path(url)) && !loginAddress.test(path(requested));
}

/**
 * Statuses that say the page is gone, not withheld: a short 404 page built by a script (an
 * analytics tag, a script-drawn "页面不存在") is a removed letter, for the removal rules to judge.
 */
const goneStatuses = new Set([404, 410]);

/**
 * A page whose only content is a script that sets a cookie and loads the page again (加速乐, 云锁),
 * or any bare script under an error status other than "gone" (瑞数's 412).
 */
function scriptOnly(body: string, status: number): boolean {
  if (visibleText(body).trim().length > SCRIPT_ONLY_MAX_CHARS) return false;
  const code = [...body.matchAll(inlineScript)].map((m) => m[1] ?? '').join('\n');
  if (status >= 400) return !goneStatuses.has(status) && /<script\b/i.test(body);
  return setsCookie.test(code) && reloads.test(code);
}

/** A title shorter than this may be on any page (回复, 咨询): no evidence that the page is the letter's. */
const TITLE_EVIDENCE_MIN_CHARS = 4;

/**
 * The wall a page is, or undefined. `page.url` is where the request landed (after HTTP
 * redirects), `requested` what was asked for; `content` the letter's text the detail rules found
 * (undefined for a list page, or a detail page where they found none); `letterTitle` the title
 * the list showed for the letter: a page showing it is the letter's page (a redesigned one, say,
 * with 您尚未登录 in a login box beside it), whatever else it says.
 */
export function accessWall(page: { url: string; status: number; body: string }, requested: string, content?: string, letterTitle?: string): AccessWall | undefined {
  const letter = content?.trim();
  if (letter) {
    // The site's template around a notice: the notice is all the "letter" says.
    const wall = wallWords(letter);
    if (!wall) return undefined;
    const residue = letter.replace(loginWords, '').replace(challengeWords, '').replace(filler, '').replace(/[\p{P}\p{S}\p{N}\sA-Za-z]/gu, '');
    return residue.length <= NOTICE_RESIDUE_MAX ? wall : undefined;
  }
  if (isLoginAddress(page.url, requested)) return { kind: 'login', shown: `转到登录页 ${new URL(page.url).pathname}` };
  const sendsTo = page.status < 300 ? inPageRedirect(page.body, page.url) : undefined;
  if (sendsTo && isLoginAddress(sendsTo, requested)) return { kind: 'login', shown: `跳转到登录页 ${new URL(sendsTo).pathname}` };
  const alert = alertAndBack(page.body);
  const alerted = alert ? wallWords(alert) : undefined;
  if (alerted) return alerted;
  if (scriptOnly(page.body, page.status)) return { kind: 'challenge', shown: page.status >= 400 ? `HTTP ${page.status}，页面只有脚本` : '页面只有设置 Cookie 后刷新的脚本' };
  const shownTitle = letterTitle?.replace(/\s+/g, ' ').trim() ?? '';
  if (shownTitle.length >= TITLE_EVIDENCE_MIN_CHARS && visibleText(page.body).includes(shownTitle)) return undefined;
  const title = (titleTag.exec(page.body)?.[1] ?? '').replace(/\s+/g, ' ').trim();
  if (passwordField.test(page.body) && loginTitle.test(title)) return { kind: 'login', shown: title.slice(0, 40) };
  const text = noticeText(page.body);
  if (text.length > NOTICE_PAGE_MAX_CHARS) return undefined;
  const wall = wallWords(`${title} ${text}`);
  if (wall?.kind === 'login' && text.length > LOGIN_NOTICE_MAX_CHARS) return undefined;
  return wall ?? (page.status === 401 ? { kind: 'login', shown: 'HTTP 401' } : undefined);
}
