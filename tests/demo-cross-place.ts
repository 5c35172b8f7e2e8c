/**
 * How often de-duplication links two demo-mailbox messages about different places (the template
 * letters the demo generates for many villages, roads and estates; a QA pass found them merged).
 * Not a test: a measurement script, like console-screenshots.ts.
 *   npx tsx tests/demo-cross-place.ts [COUNT] [SEED]
 * Generates COUNT messages (default 1500, seed 7) with sites/samples.ts, decides them in posting
 * order as `minsheng dedup` does, and counts the links whose two messages name different sets of
 * the generator's own place names (towns, communities, estates, roads, schools, other districts).
 * A link between a message naming a place and one naming none counts too: the script cannot tell
 * a district-wide question from a letter about one place.
 */
import { decideDuplicates } from '../dedup/index.js';
import { sampleMessages } from '../sites/samples.js';
import { otherDistricts, yintaiEstates, yintaiPlaces, yintaiRoads, yintaiSchools } from '../sites/text-pool.js';

const count = Number(process.argv[2] ?? 1500);
const seed = Number(process.argv[3] ?? 7);
const places = [
  ...yintaiPlaces.flatMap((p) => [p.town, ...p.communities]),
  ...yintaiEstates,
  ...yintaiRoads,
  ...yintaiSchools,
  ...otherDistricts.flatMap((o) => [o.district, ...o.towns, ...o.estates, ...o.roads]),
];
const placesOf = (text: string) => new Set(places.filter((p) => text.includes(p)));

const messages = sampleMessages(count, seed).reverse();
const decisions = decideDuplicates(messages.map((m) => ({ id: m.id, title: m.title, content: m.content, createdAt: m.postedAt })));
const byId = new Map(messages.map((m) => [m.id, m]));
let links = 0;
let across = 0;
for (const d of decisions) {
  if (!d.duplicateOf) continue;
  links++;
  const a = byId.get(d.id)!;
  const b = byId.get(d.duplicateOf)!;
  const pa = placesOf(a.title + a.content);
  const pb = placesOf(b.title + b.content);
  if (pa.size !== pb.size || [...pa].some((p) => !pb.has(p))) across++;
}
process.stdout.write(`演示留言 ${messages.length} 条：判为重复 ${links} 条，其中两条留言所提地点不同 ${across} 条\n`);
