/**
 * How a citizen's mobile number is written in message and reply text, shared by the export mask and
 * the pre-publication check so the two never disagree on what is a phone number: 11 digits from
 * 13x-19x, optionally after +86 or 86, grouped 3-4-4 by dashes or spaces, in ASCII or full-width
 * digits (an IME writes １３８…). Not preceded or followed by another digit (dates, order numbers).
 */
const digit = '[0-9０-９]';
const gap = '[-－ 　]?';

/** A new global regex for mobile numbers; groups: 1 the +86/86 prefix (or undefined), 2 the first three digits, 3 the last four. */
export function mobileNumberPattern(): RegExp {
  return new RegExp(`(?<!${digit})([+＋]?[8８][6６]${gap})?([1１][3-9３-９]${digit})${gap}${digit}{4}${gap}(${digit}{4})(?!${digit})`, 'gu');
}
