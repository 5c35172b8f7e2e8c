/**
 * Handling-unit suggestion, held out: rows of ../shared/data whose unit (or topic) maps onto the
 * directory are split 80/20; the unit model is trained on 80% and the suggester (model +
 * directory keywords) is scored on 20%. Keyword matching alone is the baseline. Also prints how
 * well the suggestion's confidence matches how often it is right (bins and ECE), over the
 * held-out rows where a unit is suggested.
 *
 * Other cities' rows never name 印台区's towns, so the rule that gives a letter to a named 镇/街道
 * is not tested by them. A second figure reads the demo mailbox's letters (sites/text-pool.ts:
 * every topic's titles in every town, with the unit each topic's reply comes from). They were
 * written for this project, so the figure is a check that the directory and the town rule do what
 * they say on 印台区's own place names, not a measure of accuracy on real mail. `--show` lists the
 * demo letters suggested wrong.
 * `--seed N` draws another 80/20 split (default 3): one row more or less moves the split, and the
 * figure by about ±2 points, so compare changes over several seeds.
 *   npx tsx classifier/scripts/eval-units.ts [--seed N] [--show]
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { defaultSharedDataDir, readLabeledFiles } from '../data.js';
import { extractFeatures } from '../features.js';
import { LinearScorer, seededRandom, trainLinear } from '../linear-model.js';
import { calibrationOf } from '../metrics.js';
import { unitTrainOptions } from '../train.js';
import { loadUnitDirectory, mapUnitName, unitFeatures, UnitSuggester } from '../units.js';
import { topics, yintaiEstates, yintaiPlaces, yintaiRoads, yintaiSchools } from '../../sites/text-pool.js';

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

// The demo mailbox's letters, each town's places filled in; the topic's unit named as the directory names it.
const demoUnit = (unit: string, town: string): string => {
  if (unit === '城关街道办事处') return directory.find((u) => u.kind === 'town' && u.keywords.some((k) => town.includes(k)))?.name ?? unit;
  const named: Record<string, string> = { 区交通运输局: '区交通局', 区医保局: '区医疗保障局', 区城管执法局: '区城管局', 陈炉镇人民政府: '陈炉镇' };
  return named[unit] ?? unit;
};
const demo: { title: string; content: string; unit: string }[] = [];
for (const topic of topics) {
  yintaiPlaces.forEach((place, p) => {
    const community = place.communities[p % place.communities.length]!;
    const slots: Record<string, string> = {
      town: place.town, community, village: community, estate: yintaiEstates[p % yintaiEstates.length]!, road: yintaiRoads[p % yintaiRoads.length]!,
      school: yintaiSchools[p % yintaiSchools.length]!, year: '2026', pastYear: '2019', nextYear: '2027', month: '3', day: '5',
    };
    const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, k: string) => slots[k] ?? '');
    topic.titles.forEach((title, i) => demo.push({ title: fill(title), content: fill(topic.contents[i % topic.contents.length]!), unit: demoUnit(topic.unit, place.town) }));
  });
}
const wrong = demo
  .map((x) => ({ x, value: full.suggest(x.title, x.content, extractFeatures(x)).value }))
  .filter((d) => d.value !== d.x.unit);
process.stdout.write(`演示信箱的留言（本项目编写，非真实留言）：${demo.length - wrong.length}/${demo.length} 与该话题答复单位一致（${(((demo.length - wrong.length) / demo.length) * 100).toFixed(1)}%）\n`);
if (process.argv.includes('--show')) for (const d of wrong) process.stdout.write(`  ${d.x.title} → ${d.value ?? '无'}（应为 ${d.x.unit}）\n`);
