/**
 * The city mailbox carries messages about every district; only those about this one are in
 * scope (受理范围 1). Decided by the source's gazetteer; a dropped message always gets a reason.
 */
import type { RawFields } from '../extract/fields.js';
import type { ScopeSpec } from '../source/schema.js';

export type ScopeDecision = { keep: true; matched: string } | { keep: false; reason: string };

export function decideScope(scope: ScopeSpec, fields: RawFields): ScopeDecision {
  const district = fields.district?.trim();
  if (district) {
    const ours = scope.district.find((d) => district.includes(d) || d.includes(district));
    if (ours) return { keep: true, matched: `所属区县：${district}` };
    const other = scope.otherDistricts.find((d) => district.includes(d));
    if (other) return { keep: false, reason: `所属区县为${district}，不是${scope.district[0]}` };
  }
  const text = scope.searchFields.map((f) => fields[f] ?? '').join('\n');
  const ourName = [...scope.district, ...scope.gazetteer].find((name) => text.includes(name));
  if (ourName) return { keep: true, matched: `提及${ourName}` };
  const otherName = scope.otherDistricts.find((name) => text.includes(name));
  if (otherName) return { keep: false, reason: `内容涉及${otherName}，未提及${scope.district[0]}的地名或单位` };
  return { keep: false, reason: `未提及${scope.district[0]}的地名或单位${district ? `（所属区县：${district}）` : ''}` };
}
