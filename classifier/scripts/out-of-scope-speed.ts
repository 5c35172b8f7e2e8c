/**
 * What the learned out-of-scope model costs per message, measured in one process with the
 * passes interleaved (steadier than separate bench runs when other work shares the cores):
 *   nice -n 10 npx tsx classifier/scripts/out-of-scope-speed.ts [--rounds 7]
 * Times, per message and in CPU µs (median of the rounds), over up to 2,500 Dalian messages of
 * 100-300 characters (the bench's sample): screening with rules only, screening with rules and
 * the committed model, and the whole classification (which screens with the model); then the
 * classification rate with the model and as it would be without it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultSharedDataDir } from '../data.js';
import { loadClassifier } from '../classifier.js';
import { screenOutOfScope } from '../out-of-scope.js';

const roundsIndex = process.argv.indexOf('--rounds');
const rounds = roundsIndex >= 0 ? Number(process.argv[roundsIndex + 1]) : 7;
const messages = readFileSync(path.join(defaultSharedDataDir(), 'dalian-train.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { title: string; content: string })
  .filter((r) => r.title.length + r.content.length >= 100 && r.title.length + r.content.length <= 300)
  .slice(0, 2500);
const classifier = await loadClassifier();
classifier.classify(messages[0]!);

const cpuMicros = (f: (m: { title: string; content: string }) => unknown) => {
  const start = process.cpuUsage();
  for (const m of messages) f(m);
  const d = process.cpuUsage(start);
  return (d.user + d.system) / messages.length;
};
const times = { rules: [] as number[], model: [] as number[], classify: [] as number[] };
for (let r = 0; r < rounds; r++) {
  times.rules.push(cpuMicros((m) => screenOutOfScope(m.title, m.content, { model: null })));
  times.model.push(cpuMicros((m) => screenOutOfScope(m.title, m.content)));
  times.classify.push(cpuMicros((m) => classifier.classify(m)));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const [rules, model, classify] = [median(times.rules), median(times.model), median(times.classify)];
process.stdout.write(
  `${messages.length} 条留言，${rounds} 轮取中位数（CPU 微秒/条）：仅规则筛查 ${rules.toFixed(1)}，规则+模型筛查 ${model.toFixed(1)}，完整分类 ${classify.toFixed(1)}\n` +
    `分类速度：含模型 ${Math.round(1e6 / classify)} 条/CPU 秒；不含模型约 ${Math.round(1e6 / (classify - (model - rules)))} 条/CPU 秒\n`,
);
