/**
 * The city mailbox carries messages about every district; only those about this one are in
 * scope (受理范围 1). Decided by the source's gazetteer, names matched with their boundaries
 * (place-names.ts); a dropped message always gets a reason.
 */
import type { ExclusionKind } from '../../core/index.js';
import type { RawFields } from '../extract/fields.js';
import type { ScopeSpec } from '../source/schema.js';
import { findPlaces, placeNames, type PlaceHit } from './place-names.js';

/** A kept message says what of ours it names; a dropped one why, and whether it names another district or no place at all. */
export type ScopeDecision = { keep: true; matched: string } | { keep: false; reason: string; kind: ExclusionKind };

const named = (hits: PlaceHit[], owner: 'ours' | 'other'): PlaceHit | undefined => hits.find((h) => h.name.owner === owner);

export function decideScope(scope: ScopeSpec, fields: RawFields): ScopeDecision {
  const names = placeNames(scope);
  const ours = scope.district[0];
  const text = scope.searchFields.map((f) => fields[f] ?? '').join('\n');
  const inText = findPlaces(text, names);
  const district = fields.district?.trim();
  if (district) {
    const inField = findPlaces(district, names);
    // A field holding part of our name (印台 for 印台区) names us too, but not a single character (区).
    if (named(inField, 'ours') || (district.length >= 2 && scope.district.some((d) => d.includes(district)))) return { keep: true, matched: `所属区县：${district}` };
    const other = named(inField, 'other');
    if (other) {
      // Filed under another district yet naming this one outright (印台区, not only a village that
      // both may have): the message concerns this district too, so it is kept for staff to judge.
      const ourDistrict = inText.find((h) => h.name.owner === 'ours' && scope.district.includes(h.name.entry));
      if (ourDistrict) return { keep: true, matched: `所属区县为${district}，但内容提及${ourDistrict.name.text}` };
      return { keep: false, reason: `所属区县为${district}，不是${ours}`, kind: 'other_district' };
    }
  }
  const ourName = named(inText, 'ours');
  if (ourName) return { keep: true, matched: `提及${ourName.name.text}` };
  const otherName = named(inText, 'other');
  if (otherName) return { keep: false, reason: `内容涉及${otherName.name.entry}，未提及${ours}的地名或单位`, kind: 'other_district' };
  return { keep: false, reason: `未提及${ours}的地名或单位${district ? `（所属区县：${district}）` : ''}`, kind: 'no_place' };
}
