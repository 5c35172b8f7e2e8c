/**
 * Handling-unit suggestion, held out: rows of ../shared/data whose unit (or topic) maps onto the
 * directory are split 80/20; the unit model is trained on 80% and the suggester (model +
 * directory keywords) is scored on 20%. Keyword matching alone is the baseline. Also prints how
 * well the suggestion's confidence matches how often it is right (bins and ECE), over the
 * held-out rows where a unit is suggested.
 *
 * Other cities' rows never name 印台区's towns, so the rule that gives a letter to a named 镇/街道
 * is not tested by them. `--letters FILE.jsonl` adds a second figure over letters of 印台区, each
 * `{title, content, unit}`, the unit named as a site names it (read as other cities' names are, a
 * 镇/街道's as the town whose name it holds). The demo mailbox's letters are one such file
 * (`npx tsx sites/scripts/write-demo-letters.ts > /tmp/demo-letters.jsonl`: every topic's titles in
 * every town, with the unit each topic's reply comes from). They were written for this project, so
 * the figure is a check that the directory and the town rule do what they say on 印台区's own place
 * names, not a measure of accuracy on real mail. `--show` lists the letters suggested wrong.
 * `--seed N` draws another 80/20 split (default 3): one row more or less moves the split, and the
 * figure by about ±2 points, so compare changes over several seeds.
 *   npx tsx classifier/scripts/eval-units.ts [--seed N] [--letters FILE.jsonl [--show]]
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { defaultSharedDataDir, readLabeledFiles } from '../data.js';
import { extractFeatures } from '../features.js';
import { LinearScorer, seededRandom, trainLinear } from '../linear-model.js';
import { calibrationOf } from '../metrics.js';
import { unitTrainOptions } from '../train.js';
import { loadUnitDirectory, mapUnitName, unitFeatures, UnitSuggester } from '../units.js';
import { readFileSync } from 'node:fs';

const directory = loadUnitDirectory();
const dir = defaultSharedDataDir();
const data = readLabeledFiles(readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(dir, f)));
const names = directory.filter((u) => u.kind !== 'town').map((u) => u.name);
const rows = [...data.labeled, ...data.unitOnly]
  .map((r) => ({ r, unit: r.unit ? mapUnitName(r.unit, directory) : null }))
  .filter((x): x is { r: (typeof x)['r']; unit: string } => x.unit !== null && names.includes(x.unit))
  .map((x) => ({ ...x, features: extractFeatures(x.r) }));
const seedAt = process.argv.indexOf('--seed');
const random = seededRandom(seedAt >= 0 ? Number(process.argv[seedAt + 1]) : 3);
const train: typeof rows = [];
const test: typeof rows = [];
for (const row of rows) (random() < 0.2 ? test : train).push(row);
const model = trainLinear(
  train.map((x) => ({ features: unitFeatures(x.features), allowed: [names.indexOf(x.unit)], weight: 1 })),
  names,
  unitTrainOptions,
);
const full = new UnitSuggester({ directory, model: new LinearScorer(model) });
const keywordsOnly = new UnitSuggester({ directory });
const score = (s: UnitSuggester) => {
  let right = 0;
  let given = 0;
  for (const x of test) {
    const v = s.suggest(x.r.title, x.r.content, x.features).value;
    if (v !== null) given++;
    if (v === x.unit) right++;
  }
  return `准确率 ${((right / test.length) * 100).toFixed(1)}%（${right}/${test.length}），给出建议 ${((given / test.length) * 100).toFixed(1)}%，给出时正确 ${((right / Math.max(given, 1)) * 100).toFixed(1)}%`;
};
const bySource: Record<string, number> = {};
for (const x of rows) bySource[x.r.source ?? ''] = (bySource[x.r.source ?? ''] ?? 0) + 1;
process.stdout.write(`可对应到单位目录的留言 ${rows.length} 条 ${JSON.stringify(bySource)}；训练 ${train.length}，测试 ${test.length}\n`);
process.stdout.write(`模型+关键词：${score(full)}\n仅关键词（基线）：${score(keywordsOnly)}\n`);

// Reliability of the shown confidence: is a unit suggested at 0.7 right about 70% of the time?
const given = test
  .map((x) => ({ x, s: full.suggest(x.r.title, x.r.content, x.features) }))
  .filter((g) => g.s.value !== null)
  .map((g) => ({ confidence: g.s.confidence, right: g.s.value === g.x.unit }));
const { ece, reliability } = calibrationOf(given);
const lines = reliability
  .filter((b) => b.count > 0)
  .map((b) => `  [${b.from.toFixed(1)}, ${b.to.toFixed(1)})：${b.count} 条，平均置信度 ${b.meanConfidence.toFixed(3)}，实际正确 ${b.accuracy.toFixed(3)}`);
process.stdout.write(`置信度可靠性（模型+关键词，给出建议的 ${given.length} 条）：ECE ${ece.toFixed(3)}\n${lines.join('\n')}\n`);

// Letters of 印台区 with the unit that answered them (--letters), each unit read onto the directory.
const lettersAt = process.argv.indexOf('--letters');
if (lettersAt >= 0) {
  const file = process.argv[lettersAt + 1]!;
  const town = (name: string) => directory.find((u) => u.kind === 'town' && u.keywords.some((k) => name.includes(k)))?.name ?? null;
  const letters = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { title: string; content: string; unit: string })
    .map((x) => ({ ...x, expected: mapUnitName(x.unit, directory) ?? town(x.unit) ?? x.unit }));
  const wrong = letters
    .map((x) => ({ x, value: full.suggest(x.title, x.content, extractFeatures(x)).value }))
    .filter((d) => d.value !== d.x.expected);
  const right = letters.length - wrong.length;
  process.stdout.write(`${file}：${right}/${letters.length} 条与答复单位一致（${((right / letters.length) * 100).toFixed(1)}%）\n`);
  if (process.argv.includes('--show')) for (const d of wrong) process.stdout.write(`  ${d.x.title} → ${d.value ?? '无'}（应为 ${d.x.expected}）\n`);
}
