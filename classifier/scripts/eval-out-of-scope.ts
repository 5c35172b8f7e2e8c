/**
 * Out-of-scope screening against the hand-labelled set classifier/eval/out-of-scope-labels.jsonl
 * (ids and labels only; the text is joined from ../shared/data).
 *   npx tsx classifier/scripts/eval-out-of-scope.ts [--dev2|--dev3|--test] [--show]
 * Default: the development set (rules were adjusted while reading it). --dev2: the second
 * development set (out-of-scope-dev2-labels.jsonl, labelled before the rules were revised with
 * it). --dev3: the third development set (110 messages whose replies hint at non-acceptance,
 * labelled from the message text before any rule change it suggested). --test: the held-out set.
 * Prints precision/recall of the flag, per-reason hits, and with --show the ids that disagree.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { defaultSharedDataDir, readLabeledFiles } from '../data.js';
import { screenOutOfScope } from '../out-of-scope.js';

const show = process.argv.includes('--show');
// --test: the second set, labelled after the rules were last changed and never used to tune them.
const setName = process.argv.includes('--test') ? 'test' : process.argv.includes('--dev3') ? 'dev3' : process.argv.includes('--dev2') ? 'dev2' : '';
const labelsFile = new URL(`../eval/out-of-scope-${setName ? `${setName}-` : ''}labels.jsonl`, import.meta.url).pathname;
const labels = readFileSync(labelsFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; flagged: boolean; reasons: string[] });
const dir = defaultSharedDataDir();
const data = readLabeledFiles(readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(dir, f)));
const byId = new Map([...data.labeled, ...data.unitOnly].map((r) => [r.id, r]));

let tp = 0;
let fp = 0;
let fn = 0;
let tn = 0;
let reasonRight = 0;
let missing = 0;
for (const label of labels) {
  const row = byId.get(label.id);
  if (!row) {
    missing++;
    continue;
  }
  const r = screenOutOfScope(row.title, row.content);
  if (r.flagged && label.flagged) {
    tp++;
    if (label.reasons.includes(r.reasons[0]!.code)) reasonRight++;
  } else if (r.flagged) fp++;
  else if (label.flagged) fn++;
  else tn++;
  if (show && r.flagged !== label.flagged) {
    const top = r.reasons[0];
    process.stdout.write(`${r.flagged ? '误报' : '漏报'} ${label.id} 标注=${label.reasons.join(',') || '无'} 规则=${top ? `${top.code}:${top.confidence}:${top.evidence.join('/')}` : '无'}\n`);
  }
}
const precision = tp + fp ? tp / (tp + fp) : 0;
const recall = tp + fn ? tp / (tp + fn) : 0;
process.stdout.write(
  `不予受理筛查：${labels.length - missing} 条（标注为不予受理 ${tp + fn} 条）${missing ? `，${missing} 条在共享数据中找不到` : ''}\n` +
    `精确率 ${(precision * 100).toFixed(1)}%（${tp}/${tp + fp}）  召回率 ${(recall * 100).toFixed(1)}%（${tp}/${tp + fn}）  ` +
    `真阴性 ${tn}；命中者首要理由与标注一致 ${reasonRight}/${tp}\n`,
);
