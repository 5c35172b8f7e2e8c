/**
 * How often the out-of-scope flag fires over all 9,580 shared-data messages, by reason, and what
 * changed against an earlier run:
 *   npx tsx classifier/scripts/out-of-scope-coverage.ts [--save /tmp/before.json] [--diff /tmp/before.json] [--sample 30] [--rules-only] [--hide FILE]
 * --save writes the flagged ids (outside the repository: they are derived from the data);
 * --diff prints the messages flagged now but not then, and the reverse, with reason, evidence
 * and the start of the text, for reading (a random sample of --sample, default all).
 * --rules-only screens without the learned model (as when its file is missing).
 * --hide FILE (JSONL, one object with an `id` per line) leaves those messages, and verbatim copies
 * of them under other ids, out of the counts, the saved ids and every listing: a held-out set being labelled must not be seen, nor how the
 * rules score it, by whoever changes the rules.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { seededRandom } from '../../core/index.js';
import { screenOutOfScope } from '../out-of-scope.js';
import { readAllSharedRows, textKey } from './out-of-scope-sets.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const rulesOnly = process.argv.includes('--rules-only');
const hideFile = arg('--hide');
const hidden = new Set(
  hideFile
    ? readFileSync(hideFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => String((JSON.parse(l) as { id: unknown }).id))
    : [],
);
const allRows = readAllSharedRows();
// A verbatim copy of a hidden message under another id is hidden too (it would show its text).
const hiddenTexts = new Set(allRows.filter((r) => hidden.has(r.id)).map(textKey));
for (const r of allRows) if (hiddenTexts.has(textKey(r))) hidden.add(r.id);
const rows = allRows.filter((r) => !hidden.has(r.id));
const flagged = new Map<string, string>();
const byReason = new Map<string, number>();
const bySource = new Map<string, number>();
for (const row of rows) {
  const r = screenOutOfScope(row.title, row.content, rulesOnly ? { model: null } : {});
  if (!r.flagged) continue;
  const top = r.reasons[0]!;
  flagged.set(row.id, `${top.code}:${top.confidence}:${top.evidence.join('/')}`);
  byReason.set(top.code, (byReason.get(top.code) ?? 0) + 1);
  const source = row.id.split('-')[0]!;
  bySource.set(source, (bySource.get(source) ?? 0) + 1);
}
process.stdout.write(
  (hidden.size ? `按 ${hideFile} 隐去 ${hidden.size} 条（含逐字副本）\n` : '') +
    `${rows.length} 条留言，标记不予受理 ${flagged.size} 条（${((flagged.size / rows.length) * 100).toFixed(1)}%）\n` +
    `按首要理由：${[...byReason].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join('，')}\n` +
    `按来源：${[...bySource].map(([k, v]) => `${k} ${v}`).join('，')}\n`,
);
const save = arg('--save');
if (save) writeFileSync(save, JSON.stringify(Object.fromEntries(flagged)));
const diff = arg('--diff');
if (diff) {
  // Hidden ids are dropped from the earlier run too, should it have been saved without --hide.
  const before = new Map(Object.entries(JSON.parse(readFileSync(diff, 'utf8')) as Record<string, string>).filter(([id]) => !hidden.has(id)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const added = [...flagged.keys()].filter((id) => !before.has(id));
  const lost = [...before.keys()].filter((id) => !flagged.has(id));
  const sampleSize = Number(arg('--sample') ?? Infinity);
  const random = seededRandom(7);
  const pick = (ids: string[]) => [...ids].sort(() => random() - 0.5).slice(0, sampleSize);
  process.stdout.write(`新增 ${added.length} 条，不再标记 ${lost.length} 条\n`);
  for (const [kind, ids, info] of [['新增', pick(added), flagged], ['不再标记', pick(lost), before]] as const) {
    for (const id of ids) {
      const row = byId.get(id)!;
      const text = `${row.title}｜${row.content}`.replace(/\s+/g, ' ');
      process.stdout.write(`\n${kind} ${id} ${info.get(id)}\n  ${text.slice(0, 300)}${text.length > 300 ? '…' : ''}\n`);
    }
  }
}
