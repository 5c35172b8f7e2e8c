/**
 * Statuses of icon tokens whose names tell nothing (`icon1.gif`, a class `st st2`), learned from
 * the letters the draft opens: a token every opened letter of which has a reply is 已回复, one none
 * of whose letters has one is 未回复. Only a clear contrast is learned, so a guess never replaces
 * the note asking staff: see learnIconStatuses.
 */
import { parseDetailPage } from '../extract/pages.js';
import type { ConfigSource, FieldSpec } from '../source/schema.js';
import { loadPage } from './css-path.js';
import type { LearnedStatus } from './icon-column.js';
import type { DetailPage } from './suggest-detail.js';

/** Letters opened per token that tells nothing: fewer make no reading of it. */
export const lettersPerToken = 2;

/** The statuses a learned token is given: the words the default closedStatuses and sites use. */
const learnedWords = { replied: '已回复', open: '未回复' } as const;

/** The tokens of a list's status rule that map to themselves: those whose status the draft could not tell. */
export function opaqueTokens(spec: FieldSpec | undefined): string[] {
  if (!spec || typeof spec === 'string' || !spec.map) return [];
  return Object.entries(spec.map)
    .filter(([token, status]) => token === status)
    .map(([token]) => token);
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

/**
 * What the opened letters say of the draft's tokens that tell nothing: read with the draft's own
 * detail rule (a reply box's placeholder such as 暂无回复 is no reply), each opened letter's token
 * (its status as the list read it) is with a reply or without. Learned only when exactly one such
 * token has all its letters answered and exactly one has none answered, with `lettersPerToken`
 * letters at least of each: the first is 已回复, the second 未回复. A token whose letters disagree,
 * or a second token alike, leaves every token unlearned. Undefined when nothing is learned, or the
 * draft reads replies elsewhere than on the letters' HTML pages (JSON, detail.reply).
 */
export function learnIconStatuses(source: ConfigSource, pages: readonly DetailPage[]): Map<string, LearnedStatus> | undefined {
  const detail = source.detail;
  const opaque = opaqueTokens(source.list.fields.siteStatus);
  if (!detail || detail.format !== 'html' || detail.reply || opaque.length < 2) return undefined;
  const seen = new Map<string, boolean[]>();
  for (const page of pages) {
    const token = page.listed?.siteStatus;
    if (!token || !opaque.includes(token)) continue;
    const replyText = parseDetailPage(detail, page.html, page.url, loadPage(page.html)).fields.replyText;
    seen.set(token, [...(seen.get(token) ?? []), !!replyText?.trim()]);
  }
  const alike = (replied: boolean) => [...seen].filter(([, r]) => r.length >= lettersPerToken && r.every((x) => x === replied));
  const [answered, open] = [alike(true), alike(false)];
  if (answered.length !== 1 || open.length !== 1) return undefined;
  const [[a, aLetters], [b, bLetters]] = [answered[0]!, open[0]!];
  return new Map([
    [a, { status: learnedWords.replied, letters: aLetters.length, replied: true }],
    [b, { status: learnedWords.open, letters: bLetters.length, replied: false }],
  ]);
}
