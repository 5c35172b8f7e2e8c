/**
 * Source files that are valid but likely not what the centre meant (a city mailbox without a
 * scope registers every district's messages as this district's cases). Said by `sources check`;
 * nothing here stops a file from loading.
 */
import type { SourceDefinition } from './schema.js';

/** Chinese warnings about a loaded source file, one per problem, each naming the source. */
export function sourceFileWarnings(sources: SourceDefinition[]): string[] {
  const warnings: string[] = [];
  for (const s of sources) {
    if (s.channel === 'city_mailbox' && !s.scope) {
      warnings.push(`来源 ${s.id} 是市长信箱，但没有 scope：全市各区县的留言都会登记为本区案件（受理范围只含涉及本区的留言，见 crawlers/README.md 的 Scope）`);
    }
    if (s.scope && s.scope.gazetteer.length === 0) {
      warnings.push(`来源 ${s.id} 的 scope.gazetteer 为空：只提到本区乡镇、街道、村、小区或单位名称而没写区名的留言会被排除（可在“非本区留言”中转入受理）`);
    }
  }
  const byUrl = new Map<string, string>();
  for (const s of sources) {
    for (const url of s.startUrls) {
      const other = byUrl.get(url);
      if (other && other !== s.id) warnings.push(`来源 ${other} 和 ${s.id} 的起始网址相同（${url}）：同一批留言会以两个来源各登记一次`);
      else byUrl.set(url, s.id);
    }
  }
  return warnings;
}
