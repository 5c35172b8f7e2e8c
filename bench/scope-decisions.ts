/**
 * How many city-mailbox scope decisions the name-boundary matching (crawlers/engine/place-names.ts)
 * changes against plain substring matching (the matcher before it, kept here as the baseline),
 * with the shipped 铜川市市长信箱 scope (crawlers/sources/yintai.yaml):
 *
 *   npx tsx bench/scope-decisions.ts [--generated 5000]
 *
 * 1. The real messages of ../shared/data/messages (Dalian, Beijing, Jiamusi, Teddy Cup): none is
 *    about 印台区, so every one kept is kept wrongly (the district field is not set).
 * 2. Generated city-mailbox messages (sites/samples.ts, half about other districts of 铜川, with the
 *    district each is about; the district field left out so only the text decides).
 * Prints each count and the messages whose decision changed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decideScope, loadSourceFile, type ScopeDecision } from '../crawlers/index.js';
import { sampleMessages } from '../sites/index.js';

type Scope = Parameters<typeof decideScope>[0];
type Fields = Parameters<typeof decideScope>[1];

/** The matcher before name boundaries: a name anywhere in the text, as a substring. */
function substringDecision(scope: Scope, fields: Fields): ScopeDecision {
  const district = fields.district?.trim();
  if (district) {
    if (scope.district.some((d) => district.includes(d) || d.includes(district))) return { keep: true, matched: `所属区县：${district}` };
    const other = scope.otherDistricts.find((d) => district.includes(d));
    if (other) return { keep: false, reason: `所属区县为${district}，不是${scope.district[0]}`, kind: 'other_district' };
  }
  const text = scope.searchFields.map((f) => fields[f] ?? '').join('\n');
  const ourName = [...scope.district, ...scope.gazetteer].find((name) => text.includes(name));
  if (ourName) return { keep: true, matched: `提及${ourName}` };
  const otherName = scope.otherDistricts.find((name) => text.includes(name));
  if (otherName) return { keep: false, reason: `内容涉及${otherName}，未提及${scope.district[0]}的地名或单位`, kind: 'other_district' };
  return { keep: false, reason: `未提及${scope.district[0]}的地名或单位`, kind: 'no_place' };
}

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};

const sources = await loadSourceFile(path.resolve(import.meta.dirname, '../crawlers/sources/yintai.yaml'), { vars: { demoPort: 3100 } });
const scope = sources.find((s) => s.id === 'tongchuan-city-mailbox')?.scope;
if (!scope) throw new Error('yintai.yaml has no tongchuan-city-mailbox scope');

interface Sample {
  id: string;
  fields: Fields;
  /** Whether the message is about 印台区, where known. */
  ours?: boolean;
}

function compare(label: string, samples: Sample[]): void {
  let keptBefore = 0;
  let keptAfter = 0;
  const wrong = { before: { kept: 0, dropped: 0 }, after: { kept: 0, dropped: 0 } };
  const flipped = { kept: 0, dropped: 0 };
  const flips: string[] = [];
  const reasons = new Map<string, number>();
  for (const s of samples) {
    const before = substringDecision(scope as Scope, s.fields);
    const after = decideScope(scope as Scope, s.fields);
    if (before.keep) keptBefore++;
    if (after.keep) keptAfter++;
    if (s.ours !== undefined) {
      if (before.keep !== s.ours) wrong.before[before.keep ? 'kept' : 'dropped']++;
      if (after.keep !== s.ours) wrong.after[after.keep ? 'kept' : 'dropped']++;
    }
    if (before.keep !== after.keep) {
      flipped[after.keep ? 'kept' : 'dropped']++;
      const why = after.keep ? after.matched : after.reason;
      flips.push(`  ${s.id}: ${before.keep ? 'kept' : 'dropped'} → ${after.keep ? 'kept' : 'dropped'} (${why}; before: ${before.keep ? before.matched : before.reason}) ${(s.fields.title ?? '').slice(0, 30)}`);
    } else if (!before.keep && !after.keep && before.reason !== after.reason) reasons.set(`${before.reason} → ${after.reason}`, (reasons.get(`${before.reason} → ${after.reason}`) ?? 0) + 1);
  }
  console.log(`${label}: ${samples.length} messages; kept ${keptBefore} before, ${keptAfter} after; decision changed on ${flips.length} (${flipped.kept} now kept, ${flipped.dropped} now dropped)`);
  if (samples.some((s) => s.ours !== undefined)) {
    console.log(`  wrongly kept (another district's): ${wrong.before.kept} before, ${wrong.after.kept} after; wrongly dropped (about 印台区): ${wrong.before.dropped} before, ${wrong.after.dropped} after`);
  }
  for (const f of flips.slice(0, 12)) console.log(f);
  for (const [change, n] of reasons) console.log(`  reason only changed (${n}): ${change}`);
}

const dataDir = path.resolve(import.meta.dirname, '../../shared/data/messages');
const shared: Sample[] = [];
for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.jsonl')).sort()) {
  for (const line of readFileSync(path.join(dataDir, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const m = JSON.parse(line) as { id: string; title?: string; content?: string; unit?: string };
    shared.push({ id: m.id, fields: { title: m.title ?? '', content: m.content ?? '', replyUnit: m.unit ?? '' }, ours: false });
  }
}
compare('shared data (no message about 印台区)', shared);

const generated = sampleMessages(arg('--generated', 5000), 42, { otherDistricts: 0.5 }).map((m) => ({
  id: m.id,
  fields: { title: m.title, content: m.content },
  ours: m.district === '印台区',
}));
compare('generated city-mailbox messages', generated);
