/**
 * Out-of-scope screening against the hand-labelled sets in classifier/eval (ids and labels only;
 * the text is joined from ../shared/data).
 *   npx tsx classifier/scripts/eval-out-of-scope.ts [--dev2|--dev3|--test|--test2|--test3] [--show]
 * Default: the development set (rules were adjusted while reading it). --dev2, --dev3: the second
 * and third development sets (each labelled before the rule changes it suggested). --test: the
 * first held-out set. --test2: the second held-out set (150 messages: 60 whose replies hint at
 * non-acceptance and 30 random ones each from Dalian, Jiamusi and Beijing; labelled before any
 * change of the fourth session). --test3: the third held-out set (the same mix as test2, drawn
 * with --seed 5 and labelled blind, before anything was run on it). No held-out set may be used
 * to tune anything.
 * Prints precision/recall of the flag, and with --show the ids that disagree.
 */
import { screenOutOfScope } from '../out-of-scope.js';
import { readAllSharedRows, readOutOfScopeLabels, type OutOfScopeSetName } from './out-of-scope-sets.js';

const show = process.argv.includes('--show');
const setName: OutOfScopeSetName = process.argv.includes('--test3')
  ? 'test3'
  : process.argv.includes('--test2')
    ? 'test2'
    : process.argv.includes('--test')
      ? 'test'
      : process.argv.includes('--dev3')
        ? 'dev3'
        : process.argv.includes('--dev2')
          ? 'dev2'
          : '';
const labels = readOutOfScopeLabels(setName);
if (labels.length === 0) throw new Error(`标注文件为空或不存在：${setName || 'dev'}`);
const byId = new Map(readAllSharedRows().map((r) => [r.id, r]));

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
  `不予受理筛查（${setName || 'dev'}）：${labels.length - missing} 条（标注为不予受理 ${tp + fn} 条）${missing ? `，${missing} 条在共享数据中找不到` : ''}\n` +
    `精确率 ${(precision * 100).toFixed(1)}%（${tp}/${tp + fp}）  召回率 ${(recall * 100).toFixed(1)}%（${tp}/${tp + fn}）  ` +
    `真阴性 ${tn}；命中者首要理由与标注一致 ${reasonRight}/${tp}\n`,
);
