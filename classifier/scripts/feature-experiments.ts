/**
 * Feature ablations for the category model (Dalian 5-fold CV, every fold also trained on all
 * Beijing and Jiamusi rows, plus the Dalian 20% held-out split). Same training settings as the
 * shipped model; only the features change.
 *   npx tsx classifier/scripts/feature-experiments.ts VARIANT...
 * Variants: base, help (extra 求助 cue group), c2 (character bigrams), c23 (bi+trigrams),
 * help+c2, and so on (joined with +).
 */
import path from 'node:path';
import { categories } from '../../core/index.js';
import { defaultSharedDataDir, readLabeledFiles, type LabeledRow } from '../data.js';
import { extractFeatures, messageText } from '../features.js';
import { parseLabel } from '../labels.js';
import { LinearScorer, seededRandom } from '../linear-model.js';
import { computeReport, type ScoredRow } from '../metrics.js';
import { trainCategoryModel } from '../train-category.js';
import { defaultTrainOptions } from '../train.js';

const dir = defaultSharedDataDir();
const files = ['dalian-train.jsonl', 'beijing-train.jsonl', 'jiamusi-train.jsonl'].map((f) => path.join(dir, f));
const seen = new Set<string>();
const labeled = readLabeledFiles(files).labeled.filter((r) => {
  const key = `${r.title}\u0000${r.content}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
});
const base = new Map<LabeledRow, string[]>(labeled.map((r) => [r, extractFeatures(r)]));

const extraHelp: [string, RegExp][] = [
  ['help2', /请求帮助|请求救助|怎么办|咋办|无力|没办法|无奈|不知道(该)?(怎么|如何|找谁)|走投无路|求救|急需|无法生活|生活困难|困难家庭|低保|救济|孤寡|残疾|重病|患病|大病|看不起病|可怜|求求|恳请|拜托|帮帮我|求帮|求解决/],
  ['thanks2', /感谢|谢谢.{0,6}(工作人员|同志|领导|部门)|表扬|为民办实事|服务周到|热情|耐心|负责任|祝.{0,10}(快乐|健康|顺利)/],
];

const moreCues: [string, RegExp][] = [
  ['ask2', /想(了解|知道|问|咨询)|需要(哪些|什么)(手续|材料|条件)|(手续|流程|条件|材料|政策|标准)(是什么|有哪些)|怎么(办理|申请|领取|缴纳)|如何(办理|申请|领取)|能不能|可不可以/],
  ['suggest2', /建议|提议|提个建议|献计|意见和建议|合理化|倡议|希望(能够|可以)?(在|对|把|将)/],
  ['complain2', /投诉|举报|不作为|乱收费|扰民|违章|违建|违规|违法|私搭乱建|强制|拖欠|欺骗|恶劣|严重影响|无人管|没人管|不管不问/],
];

function variantFeatures(row: LabeledRow, parts: string[]): string[] {
  const out = [...base.get(row)!];
  const { title, content } = messageText(row);
  const text = `${title}\n${content}`;
  for (const part of parts) {
    if (part === 'help') {
      for (const [name, re] of extraHelp) {
        if (re.test(title)) out.push(`k:t-${name}`);
        if (re.test(content)) out.push(`k:${name}`);
      }
    }
    if (part === 'more') {
      for (const [name, re] of moreCues) {
        if (re.test(title)) out.push(`k:t-${name}`);
        if (re.test(content)) out.push(`k:${name}`);
      }
    }
    if (part === 'c2' || part === 'c23') {
      const grams = new Set<string>();
      const chars = [...text.replace(/[\s\p{P}\p{S}0-9a-z]/gu, '|')];
      for (let i = 0; i + 1 < chars.length; i++) {
        if (chars[i] === '|' || chars[i + 1] === '|') continue;
        grams.add(`c:${chars[i]}${chars[i + 1]}`);
        if (part === 'c23' && i + 2 < chars.length && chars[i + 2] !== '|') grams.add(`c:${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
      }
      out.push(...grams);
    }
    if (part === 'nob') for (let i = out.length - 1; i >= 0; i--) if (out[i]!.startsWith('b:')) out.splice(i, 1);
  }
  return out;
}

const dalian = labeled.filter((r) => r.source === 'dalian-12345');
const extra = labeled.filter((r) => r.source !== 'dalian-12345');
const opts = { ...defaultTrainOptions, ...(process.env.EXP_OPTS ? (JSON.parse(process.env.EXP_OPTS) as object) : {}) };

const oof: { p: Float64Array; allowed: ReturnType<typeof parseLabel> }[] = [];
function score(train: LabeledRow[], test: LabeledRow[], feats: Map<LabeledRow, string[]>): ScoredRow[] {
  const model = trainCategoryModel(train, opts, train.map((r) => feats.get(r)!));
  const scorer = new LinearScorer(model);
  return test.map((r) => {
    const p = scorer.probabilities(feats.get(r)!);
    oof.push({ p, allowed: parseLabel(r.label) });
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    return { allowed: parseLabel(r.label), predicted: categories[best]!, confidence: p[best]! };
  });
}

const fmt = (rows: ScoredRow[]) => {
  const r = computeReport(rows);
  const f = categories.map((c) => `${c}${r.perClass[c].f1.toFixed(2)}`).join(' ');
  return `acc ${r.accuracy.toFixed(3)} F1 ${r.macroF1.toFixed(3)} ECE ${r.ece.toFixed(3)} [${f}]`;
};

for (const variant of process.argv.slice(2)) {
  const parts = variant.split('+');
  const feats = new Map<LabeledRow, string[]>(labeled.map((r) => [r, variantFeatures(r, parts)]));
  const random = seededRandom(99);
  const fold = dalian.map(() => Math.floor(random() * 5));
  const pooled: ScoredRow[] = [];
  for (let f = 0; f < 5; f++) {
    pooled.push(...score([...dalian.filter((_, i) => fold[i] !== f), ...extra], dalian.filter((_, i) => fold[i] === f), feats));
  }
  const r2 = seededRandom(42);
  const dTrain: LabeledRow[] = [];
  const dTest: LabeledRow[] = [];
  for (const r of dalian) (r2() < 0.2 ? dTest : dTrain).push(r);
  const held = score([...dTrain, ...extra], dTest, feats);
  process.stdout.write(`${variant.padEnd(12)} cv: ${fmt(pooled)}\n${''.padEnd(12)} held: ${fmt(held)}\n`);
  if (process.env.EXP_BIAS) {
    // One log-bias per rare class (建议, 求助, 其他), fitted on one half of the CV rows, applied to the other.
    const cv = oof.slice(0, pooled.length);
    oof.length = 0;
    const apply = (rows: typeof cv, bias: number[]) => rows.map((r) => {
      let best = 0;
      for (let k = 1; k < bias.length; k++) if (Math.log(r.p[k]!) + bias[k]! > Math.log(r.p[best]!) + bias[best]!) best = k;
      return { allowed: r.allowed, predicted: categories[best]!, confidence: r.p[best]! };
    });
    const fit = (rows: typeof cv) => {
      const bias = categories.map(() => 0);
      for (const k of [3, 1, 4, 3]) {
        let bestB = 0, bestF = -1;
        for (let b = -0.5; b <= 1.51; b += 0.25) { bias[k] = b; const f = computeReport(apply(rows, bias)).macroF1; if (f > bestF + 0.002) [bestF, bestB] = [f, b]; }
        bias[k] = bestB;
      }
      return bias;
    };
    const a = cv.filter((_, i) => i % 2 === 0), b = cv.filter((_, i) => i % 2 === 1);
    const ba = fit(a), bb = fit(b);
    process.stdout.write(`  bias A ${ba.join(',')} B ${bb.join(',')}: B with A's ${fmt(apply(b, ba))}; A with B's ${fmt(apply(a, bb))}; unbiased A ${fmt(apply(a, [0,0,0,0,0]))} B ${fmt(apply(b, [0,0,0,0,0]))}\n`);
  }
  oof.length = 0;
}
