/**
 * How far two readings of one out-of-scope set agree (issue #4: every label set so far is one
 * reader's): counts, raw agreement and Cohen's kappa on the flag, agreement on the reasons of rows
 * both flag, and the rows they disagree on with both notes.
 *   npx tsx classifier/scripts/compare-out-of-scope-readers.ts [FIRST.jsonl SECOND.jsonl]
 * Default: test5 (eval/out-of-scope-test5-labels.jsonl) against its second reading
 * (eval/test5-second-reader.jsonl, made blind to the first by another reader).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OutOfScopeLabel } from './out-of-scope-sets.js';

const evalFile = (name: string) => fileURLToPath(new URL(`../eval/${name}`, import.meta.url));
const [firstFile = evalFile('out-of-scope-test5-labels.jsonl'), secondFile = evalFile('test5-second-reader.jsonl')] = process.argv.slice(2);
const read = (file: string) =>
  new Map(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as OutOfScopeLabel)
      .map((l) => [l.id, l]),
  );
const first = read(firstFile);
const second = read(secondFile);
const ids = [...first.keys()].filter((id) => second.has(id));
if (ids.length !== first.size || ids.length !== second.size) throw new Error('两份标注的留言不一致');

const n = ids.length;
const flaggedFirst = ids.filter((id) => first.get(id)!.flagged).length;
const flaggedSecond = ids.filter((id) => second.get(id)!.flagged).length;
const bothFlagged = ids.filter((id) => first.get(id)!.flagged && second.get(id)!.flagged);
const agree = ids.filter((id) => first.get(id)!.flagged === second.get(id)!.flagged).length;
const pFirst = flaggedFirst / n;
const pSecond = flaggedSecond / n;
const chance = pFirst * pSecond + (1 - pFirst) * (1 - pSecond);
const kappa = (agree / n - chance) / (1 - chance);
const sameReason = bothFlagged.filter((id) => first.get(id)!.reasons.some((r) => second.get(id)!.reasons.includes(r))).length;
const out = [
  `${n} 条：第一位标为不予受理 ${flaggedFirst} 条，第二位 ${flaggedSecond} 条，两人都标 ${bothFlagged.length} 条`,
  `是否不予受理一致 ${agree}/${n}（${((100 * agree) / n).toFixed(1)}%），Cohen's kappa ${kappa.toFixed(3)}；两人都标的留言中理由有交集 ${sameReason}/${bothFlagged.length}`,
  ...ids
    .filter((id) => first.get(id)!.flagged !== second.get(id)!.flagged)
    .map((id) => {
      const [a, b] = [first.get(id)!, second.get(id)!];
      const side = (l: OutOfScopeLabel) => `${l.flagged ? l.reasons.join(',') : '受理'}${l.note ? `（${l.note}）` : ''}`;
      return `  不一致 ${id}：第一位 ${side(a)}；第二位 ${side(b)}`;
    }),
];
process.stdout.write(out.join('\n') + '\n');
