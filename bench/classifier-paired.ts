/**
 * Two versions of the classifier in one process, passes interleaved: the paired comparison that
 * speed work needs on shared, loaded cores, where separate runs of bench/classifier-speed.ts
 * differ by more than the change measured (one pass ratio 0.11–0.26 for the same code).
 *   npx tsx bench/classifier-paired.ts --before DIR [--n 5000] [--rounds 9]
 * DIR: another checkout of this repository (e.g. /work/main); its classifier is the baseline and
 * this tree's the other. Messages as bench/classifier-speed.ts (real 100-300 character messages
 * of ../shared/data), the same sample for both; each round runs one pass of each, in turn
 * order swapped every round; the figure is CPU µs per message (median over rounds) and the
 * ratio of the medians. Both classifiers are checked to give the same outputs on the sample.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Classifier } from '../classifier/index.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const beforeDir = option('--before');
if (!beforeDir) throw new Error('usage: npx tsx bench/classifier-paired.ts --before DIR [--n 5000] [--rounds 9]');
const n = Number(option('--n') ?? 5000);
const rounds = Number(option('--rounds') ?? 9);

const thisDir = path.resolve(import.meta.dirname, '..');
type Module = { loadClassifier: () => Promise<Classifier>; defaultSharedDataDir: () => string };
const load = async (dir: string) => (await import(path.join(path.resolve(dir), 'classifier/index.ts'))) as Module;
const before = await load(beforeDir);
const after = await load(thisDir);
const classifiers = { before: await before.loadClassifier(), after: await after.loadClassifier() };

const messages: { title: string; content: string }[] = [];
const file = path.join(after.defaultSharedDataDir(), 'dalian-train.jsonl');
if (!existsSync(file)) throw new Error(`找不到 ${file}`);
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line) continue;
  const r = JSON.parse(line) as { title: string; content: string };
  const len = r.title.length + r.content.length;
  if (len >= 100 && len <= 300) messages.push({ title: r.title, content: r.content });
}
const sample = Array.from({ length: n }, (_, i) => messages[i % messages.length]!);
const differing = messages.filter((m) => !isDeepStrictEqual(classifiers.before.classify(m), classifiers.after.classify(m))).length;

/** CPU µs per message of one pass. */
const pass = (c: Classifier) => {
  const from = process.cpuUsage();
  for (const m of sample) c.classify(m);
  const d = process.cpuUsage(from);
  return (d.user + d.system) / n;
};
const times = { before: [] as number[], after: [] as number[] };
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
  for (const which of order) times[which].push(pass(classifiers[which]));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const { loadavg } = await import('node:os');
const f = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' / ');
process.stdout.write(
  [
    `${messages.length} 条不同留言中输出不同的：${differing}；${n} 条留言一轮，${rounds} 轮交替；机器负载（1 分钟平均）：${loadavg()[0]!.toFixed(1)}`,
    `之前（${beforeDir}）：每条 CPU 微秒 ${f(times.before)}，中位数 ${median(times.before).toFixed(1)}（${(1e6 / median(times.before)).toFixed(0)} 条/CPU 秒）`,
    `之后（${thisDir}）：每条 CPU 微秒 ${f(times.after)}，中位数 ${median(times.after).toFixed(1)}（${(1e6 / median(times.after)).toFixed(0)} 条/CPU 秒）`,
    `之前/之后 = ${(median(times.before) / median(times.after)).toFixed(3)}`,
  ].join('\n') + '\n',
);
