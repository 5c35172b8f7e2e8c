/**
 * Draws a new set of messages to label for out-of-scope screening, none of them in any label
 * file under classifier/eval (nor a verbatim copy of one):
 *   npx tsx classifier/scripts/sample-out-of-scope.ts [--seed 4] [--hint 60] [--random 30] [--groups /tmp/groups.jsonl] > /tmp/to-label.jsonl
 * --hint: messages whose reply hints at non-acceptance (nonAcceptanceReplyHint); --random: that
 * many more per source (Dalian, Jiamusi, Beijing). Prints id, title and content (never the reply
 * nor the group: labels are given from the message text) for the labeller; the output stays outside
 * the repository, which keeps ids and labels only. test2 was drawn with the defaults, test3 with
 * --seed 5 (its labeller removed the group field, which earlier versions printed).
 */
import { writeFileSync } from 'node:fs';
import { seededRandom, shuffled } from '../../core/index.js';
import { allLabeledIds, nonAcceptanceReplyHint, readAllSharedRows, textKey } from './out-of-scope-sets.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const random = seededRandom(arg('--seed', 4));
const hintCount = arg('--hint', 60);
const randomCount = arg('--random', 30);

const rows = readAllSharedRows().filter((r) => !r.id.startsWith('teddy-'));
const labeled = allLabeledIds();
const labeledTexts = new Set(rows.filter((r) => labeled.has(r.id)).map(textKey));
const seenTexts = new Set<string>();
const pool = rows.filter((r) => {
  const key = textKey(r);
  if (labeled.has(r.id) || labeledTexts.has(key) || seenTexts.has(key)) return false;
  seenTexts.add(key);
  return true;
});

function draw<T>(items: T[], n: number): T[] {
  return shuffled(items, random).slice(0, n);
}

const hinted = draw(
  pool.filter((r) => nonAcceptanceReplyHint.test(r.reply ?? '')),
  hintCount,
);
const taken = new Set(hinted.map((r) => r.id));
const picked = [...hinted.map((r) => ({ r, group: 'hint' }))];
for (const source of ['dalian', 'jiamusi', 'beijing']) {
  const fromSource = pool.filter((r) => r.id.startsWith(`${source}-`) && !taken.has(r.id));
  for (const r of draw(fromSource, randomCount)) picked.push({ r, group: `random-${source}` });
}
// Shuffled together and printed without their group, so the labeller cannot tell a hinted message
// from a random one (the hint is a clue to the label). The groups go to --groups FILE, for the
// per-group figures after labelling.
const inPrintedOrder = draw(picked, picked.length);
for (const { r } of inPrintedOrder) {
  process.stdout.write(`${JSON.stringify({ id: r.id, title: r.title, content: r.content })}\n`);
}
const groupsIndex = process.argv.indexOf('--groups');
if (groupsIndex >= 0) {
  writeFileSync(process.argv[groupsIndex + 1]!, inPrintedOrder.map(({ r, group }) => JSON.stringify({ id: r.id, group })).join('\n') + '\n');
}
process.stderr.write(`${picked.length} messages (${hinted.length} reply-hinted); pool ${pool.length}\n`);
