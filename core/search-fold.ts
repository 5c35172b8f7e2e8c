/**
 * The ledger search's folding: what staff type and what citizens wrote are compared in one form, so
 * 3号楼 finds ３号楼, 东风路 finds 東風路 and abc finds ABC. The stored side is folded by the database
 * (the generated columns Case.searchText and Message.searchText, function "search_fold" of migration
 * 20261210000000_ledger_search_fold); this is the same rule for the words typed, and
 * tests/search-fold.test.ts checks on both stores that the two agree.
 */
import { toSimplified } from './chinese-script.js';
import { withoutInvisible } from './visible-text.js';

/**
 * NFKC (full-width letters, digits and punctuation to half width, ① to 1, the ideographic space
 * U+3000 to a space), traditional to simplified character by character (core/chinese-script.ts),
 * and A-Z to a-z.
 * Only ASCII letters change case: the database's lower() follows its locale, which differs between
 * installations and the embedded store, and the two sides must fold alike. Idempotent.
 */
export function foldForSearch(text: string): string {
  return toSimplified(text.normalize('NFKC')).replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * The words of a search as typed (apart by any space, full-width ones included), each folded:
 * characters that show nothing (a zero-width space pasted with the text) are dropped first.
 */
export function searchWords(query: string): string[] {
  return foldForSearch(withoutInvisible(query)).split(/\s+/u).filter(Boolean);
}
