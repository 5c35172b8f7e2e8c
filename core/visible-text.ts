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

/**
 * Text from the internet (message titles, site errors, a page quoted in a log line) printed to a
 * terminal: control characters (escape sequences that could move the cursor, rewrite the screen or
 * the window title) and bidirectional overrides are shown as U+FFFD, so a row stays one line and
 * reads as it is stored.
 */
// eslint-disable-next-line no-control-regex -- replacing control characters is the point
const unsafe = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The bidirectional embedding, override and isolate controls (U+202A-202E, U+2066-2069): the
 * characters of a "Trojan source" spoof, which reorder the rest of a line (a title reads as another
 * case, words are hidden). Intake drops them (withoutInvisible), but rows stored before it did, and
 * text that reaches staff by another path, may still hold them; the stored text is evidence and
 * is kept, so each medium shows it through `withBidiShown` (exports, bulletins, the CLI's output;
 * the console has the same rule in web/console/js/dom.js).
 */
const bidiControls = /[\u202a-\u202e\u2066-\u2069]/g;

/** Text as staff may be shown it: each bidi control as U+FFFD, so it reads as stored, in order, and says something was there. */
export function withBidiShown(text: string): string {
  return text.replace(bidiControls, '\uFFFD');
}

/**
 * JSON text with each bidi control written as its escape (\u202e): the same data for a program
 * reading it, shown in order in an editor or a terminal. Only for JSON.stringify's output, where
 * these characters can stand only inside strings.
 */
export function jsonWithBidiEscaped(json: string): string {
  return json.replace(bidiControls, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** One line of untrusted text, safe to print. */
export function printable(text: string): string {
  return text.replace(unsafe, '\uFFFD');
}

/** Untrusted text of several lines (an error message), safe to print: line breaks are kept. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}
