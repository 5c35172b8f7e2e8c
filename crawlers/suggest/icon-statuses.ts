/**
 * Statuses of icon tokens whose names tell nothing (`icon1.gif`, a class `st st2`), learned from
 * the letters the draft opens. Where the letters' pages print their status (办理状态：已办结), a
 * token is the word its letters' pages all print, the site's own (so a third mark, 处理中, is
 * learned too); else a token every opened letter of which has a reply is 已回复, one none of whose
 * letters has one is 未回复. Only what the letters agree on is learned, so a guess never replaces
 * the note asking staff: see learnIconStatuses.
 */
import { parseDetailPage } from '../extract/pages.js';
import type { ConfigSource, FieldSpec } from '../source/schema.js';
import { loadPage } from './css-path.js';
import { valueLooks } from './field-words.js';
import type { LearnedStatus } from './icon-column.js';
import { unmarkedRow } from './row-marks.js';
import type { DetailPage } from './suggest-detail.js';

/** Letters opened per token that tells nothing: fewer make no reading of it. */
export const lettersPerToken = 2;

/** The statuses a learned token is given: the words the default closedStatuses and sites use. */
const replyWords = { replied: '已回复', open: '未回复' } as const;

/**
 * The tokens of a list's status rule that map to themselves: those whose status the draft could not
 * tell; and row-marks.ts's unmarkedRow when rows with no status class read as it (the rule's `default`).
 */
export function opaqueTokens(spec: FieldSpec | undefined): string[] {
  if (!spec || typeof spec === 'string' || !spec.map) return [];
  const opaque = Object.entries(spec.map)
    .filter(([token, status]) => token === status)
    .map(([token]) => token);
  return spec.default === unmarkedRow ? [...opaque, unmarkedRow] : opaque;
}

/** The addresses of the first `lettersPerToken` listed letters showing each of `tokens` (as read by the list's status rule). */
export function lettersOfTokens(items: readonly { fields: Record<string, string | undefined> }[], tokens: readonly string[]): string[] {
  return tokens.flatMap((token) =>
    items
      .filter((i) => i.fields.siteStatus === token && i.fields.detailUrl)
      .slice(0, lettersPerToken)
      .map((i) => i.fields.detailUrl!),
  );
}

/** What one opened letter of a token showed: the status its page prints, and whether it has a reply. */
interface LetterRead {
  token: string;
  status: string | undefined;
  replied: boolean;
}

/**
 * What the opened letters say of the draft's tokens that tell nothing, read with the draft's own
 * detail rules. When the pages print a status (some opened letter of a token shows one), each
 * token whose `lettersPerToken` letters at least all print one same status word is that word; a
 * token whose letters print different words (or none on some), or whose word another token's
 * letters print too, stays unlearned for staff. Otherwise, by replies (a reply box's placeholder such as
 * 暂无回复 is no reply): learned only when exactly one token has all its letters answered and exactly
 * one has none answered, with `lettersPerToken` letters at least of each: the first is 已回复, the
 * second 未回复; a token whose letters disagree, or a second token alike, leaves every token
 * unlearned, and so does a reply read elsewhere than on the letters' HTML pages (detail.reply).
 * Rows with no mark (row-marks.ts's unmarkedRow) beside marks all named (`<li>` among `<li
 * class="done">`) are the one token: learned by replies alone, 已回复 or 未回复 as all its letters are.
 * Undefined when nothing is learned, or the detail is not HTML (JSON).
 */
export function learnIconStatuses(source: ConfigSource, pages: readonly DetailPage[]): Map<string, LearnedStatus> | undefined {
  const detail = source.detail;
  const opaque = opaqueTokens(source.list.fields.siteStatus);
  if (!detail || detail.format !== 'html' || opaque.length === 0) return undefined;
  const read: LetterRead[] = pages.flatMap((page) => {
    const token = page.listed?.siteStatus;
    if (!token || !opaque.includes(token)) return [];
    const fields = parseDetailPage(detail, page.html, page.url, loadPage(page.html)).fields;
    return [{ token, status: fields.siteStatus?.trim() || undefined, replied: !!fields.replyText?.trim() }];
  });
  // Pages printing their own status are the site's word for the mark: replies are then no evidence.
  if (read.some((r) => r.status)) return learnedWords(read);
  if (detail.reply) return undefined;
  if (opaque.length >= 2) return learnedReplies(read);
  return opaque[0] === unmarkedRow ? learnedAlike(read, unmarkedRow) : undefined;
}

/** `token` as 已回复 when its letters, `lettersPerToken` at least, all have a reply, as 未回复 when none has. */
function learnedAlike(read: readonly LetterRead[], token: string): Map<string, LearnedStatus> | undefined {
  const replied = (byToken(read).get(token) ?? []).map((r) => r.replied);
  if (replied.length < lettersPerToken || replied.some((r) => r !== replied[0])) return undefined;
  return new Map([[token, replied[0] ? { status: replyWords.replied, letters: replied.length, by: 'replied' } : { status: replyWords.open, letters: replied.length, by: 'open' }]]);
}

/** Each token's letters grouped. */
function byToken(read: readonly LetterRead[]): Map<string, LetterRead[]> {
  const seen = new Map<string, LetterRead[]>();
  for (const r of read) seen.set(r.token, [...(seen.get(r.token) ?? []), r]);
  return seen;
}

/** Tokens whose letters all print one status word, that word no other token's. */
function learnedWords(read: readonly LetterRead[]): Map<string, LearnedStatus> | undefined {
  const agreed = [...byToken(read)].flatMap(([token, letters]) => {
    const words = new Set(letters.map((l) => l.status));
    const [word] = words;
    return letters.length >= lettersPerToken && words.size === 1 && word && valueLooks.status(word) ? [{ token, word, letters: letters.length }] : [];
  });
  // Two marks for one word: the marks tell something else than the status (or one is mistaken).
  const shared = (word: string) => agreed.filter((a) => a.word === word).length > 1;
  const learned = new Map(agreed.filter((a) => !shared(a.word)).map((a) => [a.token, { status: a.word, letters: a.letters, by: 'page' as const }]));
  return learned.size > 0 ? learned : undefined;
}

/** The one token all of whose letters are answered and the one none of whose are, or nothing. */
function learnedReplies(read: readonly LetterRead[]): Map<string, LearnedStatus> | undefined {
  const seen = [...byToken(read)].map(([token, letters]) => [token, letters.map((l) => l.replied)] as const);
  const alike = (replied: boolean) => seen.filter(([, r]) => r.length >= lettersPerToken && r.every((x) => x === replied));
  const [answered, open] = [alike(true), alike(false)];
  if (answered.length !== 1 || open.length !== 1) return undefined;
  const [[a, aLetters], [b, bLetters]] = [answered[0]!, open[0]!];
  return new Map([
    [a, { status: replyWords.replied, letters: aLetters.length, by: 'replied' }],
    [b, { status: replyWords.open, letters: bLetters.length, by: 'open' }],
  ]);
}
