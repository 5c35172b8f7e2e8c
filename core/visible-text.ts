/**
 * Characters that show nothing: format characters (zero-width spaces and joiners, soft hyphens,
 * BOMs, word joiners, bidirectional controls), control characters other than tab and line breaks
 * (C0 and C1), and lone surrogates. Text pasted from web pages and chat apps carries them, and a
 * hostile writer can use them: \u202e shows the rest of a line right to left (a title or a phone
 * number reads reversed on the console and in Excel), and 路\u200b灯 reads 路灯 to staff but not to
 * the ledger search, the classifier or the duplicate check.
 *
 * A zero-width joiner inside an emoji sequence (👨‍👩‍👧) and the tags of a region's flag (🏴 of
 * Scotland) are part of what people see as one emoji, and are kept.
 */
// An emoji sequence (kept whole) or one invisible character (removed): the sequences are matched
// first so that their joiners are never taken alone.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const invisible = /(\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?)+|\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F})|[\p{Cf}\p{Cs}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;

/** `text` without the characters that show nothing; tab, line breaks and emoji sequences are kept. */
export function withoutInvisible(text: string): string {
  return text.replace(invisible, (_match, sequence?: string) => sequence ?? '');
}
