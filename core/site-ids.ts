/**
 * A site's own id of a letter, compared as the letter's name. Some mailboxes re-number their
 * letters by zero-padding the ids (`id=4` becomes `id=0004`, `/letter/17.html` becomes
 * `/letter/0017.html`): the same letters, the same text. An id made only of ASCII digits therefore
 * names a letter by its number: its canonical form drops the leading zeros (`0004` → `4`; `0` and
 * `000` → `0`). Any other id (`XJ0007`, `T4`, a full-width `０００４`) is its own canonical form:
 * a letter numbered so is matched exactly, as before.
 */

/** Whether the id is made only of ASCII digits (the ids whose padding may change). */
export function isDigitSiteId(siteId: string): boolean {
  return /^[0-9]+$/.test(siteId);
}

/** The canonical form of a site id: an all-digit id without its leading zeros (keeping one `0`), any other id unchanged. */
export function canonicalSiteId(siteId: string): string {
  return isDigitSiteId(siteId) ? siteId.replace(/^0+(?=[0-9])/, '') : siteId;
}
