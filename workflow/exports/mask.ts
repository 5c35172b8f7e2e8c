/**
 * Masking of personal data in exported text: mobile and landline phone numbers, 18-digit resident
 * ID numbers, and the names of the message's author (wherever they appear in the text). Pure.
 * The shape stays readable (138****5678, 610203********123X, 张*) so staff can still see that
 * something was there.
 */
import { mobileNumberPattern } from '../../core/index.js';

const idNumber = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])/g;
const mobile = mobileNumberPattern();
const landline = /(?<!\d)(0\d{2,3})[- ](\d{3,4})(\d{4})(?!\d)/g;

/** 张三 -> 张*, 欧阳娜娜 -> 欧***, a single character -> *. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Masks phone and ID numbers, and each given name, in a text. */
export function maskText(text: string, names: readonly string[] = []): string {
  let out = text.replace(idNumber, (_m, head: string, tail: string) => `${head}********${tail}`);
  out = out.replace(mobile, (_m, cc: string | undefined, head: string, tail: string) => `${cc ?? ''}${head}****${tail}`);
  out = out.replace(landline, (_m, area: string, mid: string, tail: string) => `${area}-${'*'.repeat(mid.length)}${tail}`);
  for (const name of names) {
    const n = name.trim();
    // One-character names would mask ordinary words; anonymous labels are not personal data.
    if ([...n].length < 2 || /^(网友|匿名|游客|市民)/.test(n)) continue;
    out = out.split(n).join(maskName(n));
  }
  return out;
}
