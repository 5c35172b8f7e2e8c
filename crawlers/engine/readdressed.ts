/**
 * A letter a re-designed site shows under a new id at a new kind of address (`/d?id=7` became
 * `/letters/L2023-0007.html`): the same message, not a new one. Without this, every letter of the
 * site was taken as new after the source file was fixed for the redesign (a second message of the
 * same letter; an answered one, copied after its reply, even opened a case of its own) and the old
 * ids were revisited at their dead addresses.
 *
 * A new item is the same message as a known one when both show the same title and text, the same
 * time or none (a site that prints no dates), the same writer when both show one, the known one
 * was not shown by a list or fetched in this run, and the two differ in kind of address
 * (addressKind) or, when both show a time, in the form of their ids (digits aside). A citizen who sends one letter twice
 * gets two ids of one form at one kind of address: two messages, as before (sent twice before a
 * redesign, each old id is taken over once: two messages after it). A site that renumbers its
 * letters in the old form at the old kind of address is not recognised.
 */
import type { SourceState } from '../state/types.js';
import { addressKind } from './detail-urls.js';

/** The fields that must be shown, and equal, for two items to be one letter. */
const identity = ['title', 'content'] as const;

/** An id's form: digit runs as one `#` (`L2023-0007` → `L#-#`). */
const idForm = (id: string) => id.replace(/\d+/g, '#');

/** Title and text, and the time: equal, or shown by neither (a site that prints no dates). */
const identityKey = (hashes: Record<string, string>) => (identity.every((f) => hashes[f]) ? [...identity.map((f) => hashes[f]), hashes.postedAt ?? '-'].join(':') : undefined);

/** The known letters of a source by title, text and time (or none), built once per run on first use (a first crawl asks for each of its items). */
export class ReaddressedLetters {
  private byIdentity: Map<string, string[]> | undefined;

  constructor(private readonly state: SourceState) {}

  /**
   * The site id under which the state knows the letter now shown as `siteId`, or undefined.
   * `handledThisRun`: ids a list showed or whose detail was fetched in this run (still on the site as they were).
   */
  earlierId(siteId: string, hashes: Record<string, string>, url: string | undefined, handledThisRun: (id: string) => boolean): string | undefined {
    const key = identityKey(hashes);
    if (!key) return undefined;
    this.byIdentity ??= this.index();
    const kind = url ? addressKind(url) : undefined;
    for (const id of this.byIdentity.get(key) ?? []) {
      const known = this.state.items[id];
      if (!known || id === siteId || handledThisRun(id)) continue;
      if (known.fieldHashes.author && hashes.author && known.fieldHashes.author !== hashes.author) continue;
      const knownKind = known.detail?.url ? addressKind(known.detail.url) : undefined;
      const otherAddress = kind !== undefined && knownKind !== undefined && kind !== knownKind;
      // Without a time, ids of another form alone are not enough (a site with one id scheme per type of letter).
      if (otherAddress || (hashes.postedAt && idForm(id) !== idForm(siteId))) return id;
    }
    return undefined;
  }

  private index(): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const [id, known] of Object.entries(this.state.items)) {
      const key = identityKey(known.fieldHashes);
      if (key) map.set(key, [...(map.get(key) ?? []), id]);
    }
    return map;
  }
}
