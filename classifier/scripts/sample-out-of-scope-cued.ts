/**
 * Draws the fourth held-out out-of-scope set (test4, issue #4; labels in
 * classifier/eval/out-of-scope-test4-labels.jsonl):
 *   npx tsx classifier/scripts/sample-out-of-scope-cued.ts [--strata /tmp/test4-strata.jsonl] > /tmp/test4-to-label.jsonl
 * From the Dalian, Jiamusi and Beijing rows (Teddy Cup rows are topics, not messages), every
 * labelled id and every verbatim copy of a labelled message skipped, each text once: 100 at random,
 * plus 100 more drawn from the messages whose title or content holds a word of
 * `outOfScopeCueWords`. The reply-hinted draw of the earlier sets (sample-out-of-scope.ts) is
 * nearly spent (test3 got 3 positives in 150), so this draw enriches by the message's own words
 * instead. Prints id, title and content only, shuffled, so the labeller cannot tell a cued message
 * from a random one; --strata FILE writes each id's draw and whether it holds a list word, with
 * the pool's cell sizes, for post-stratified figures (eval-out-of-scope.ts --test4 --weighted
 * repeats the draw instead of reading the file).
 *
 * Pool at the draw (the six earlier label files' 839 ids and their copies excluded): 8,129
 * messages, 644 with a list word and 7,485 without; 110 of the 200 drawn hold a list word.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawPool, drawRandomPlusCued, holdsWordOf } from './stratified-draw.js';
import type { LabeledRow } from '../data.js';
import { allLabeledIds, readAllSharedRows, readOutOfScopeLabels } from './out-of-scope-sets.js';

/**
 * Words that suggest a message may fall under 第三条㈡ (不予受理), one group per reason. Written for
 * this draw from the measures' wording and common sense about such mail, before reading the
 * screening rules (out-of-scope.ts) and without copying them, so the draw does not favour what the
 * rules see. Broad on purpose (a complaint about 小广告 or a court's address holds a word too): it
 * only enriches the sample; it is not a label and nothing screens with it.
 */
export const outOfScopeCueWords: readonly string[] = [
  // legal_process: litigation, arbitration, administrative review, courts and their rulings
  '起诉', '诉讼', '上诉', '打官司', '法院', '法庭', '法官', '判决', '裁定', '仲裁', '行政复议',
  '复议', '开庭', '再审', '强制执行', '申请执行', '执行局', '检察院', '原告', '被告', '律师',
  // petition_concluded / other: the petition procedure
  '信访', '上访', '终结', '息诉罢访', '复查', '复核',
  // personal: private loans and debts
  '借款', '借钱', '借给', '欠款', '欠债', '欠我', '还钱', '借条', '欠条', '高利贷', '民间借贷',
  // personal: family and private quarrels, finding a person
  '离婚', '家暴', '婆婆', '儿媳', '丈夫', '老公', '妻子', '老婆', '赡养', '抚养', '继承', '遗产',
  '遗嘱', '分家', '吵架', '打架', '感情', '出轨', '第三者', '彩礼', '寻人', '失联', '离家出走',
  '邻里纠纷', '私人恩怨',
  // advertising: sales talk, sponsorship
  '赞助', '打广告', '广告位', '推广', '加盟', '招商', '促销', '厂家直销', '批发', '本公司',
  '我公司', '欢迎来电', '订购', '代理商', '优惠价',
  // outside_authority: army, foreign affairs, central matters, national law
  '部队', '军队', '军区', '军委', '解放军', '武警', '国防', '军事', '战争', '外交', '外国', '美国',
  '日本', '台湾', '朝鲜', '联合国', '党中央', '中央政府', '国务院', '全国人大', '人大常委会',
  '宪法', '总书记', '国家主席', '国家领导', '修改法律', '立法', '铁路局', '民航', '海关',
  '大使馆',
  // no_substance: attachments only, tests, empty or incoherent, grandiose or delusional talk
  '附件', '如题', '测试', '宇宙', '外星', '地球', '人类', '天意', '天机', '神仙', '上帝', '佛祖',
  '特异功能', '气功', '超能力', '预言', '灵魂', '迫害', '监视', '跟踪', '陷害', '呵呵', '哈哈',
];

export const test4RandomCount = 100;
export const test4CuedCount = 100;
export const test4Seed = 20261206;

export type CuedStratum = 'random' | 'cued';

/** Whether a message holds a word of the list (the cued draw's population, and the weighting cell). */
export const hasOutOfScopeCue = holdsWordOf(outOfScopeCueWords);

export interface CuedSampleRow {
  row: LabeledRow;
  stratum: CuedStratum;
  cued: boolean;
}

/** The sample in printed (shuffled) order, each row with its draw and whether it holds a list word. */
export function drawCuedSample(pool: LabeledRow[]): CuedSampleRow[] {
  return drawRandomPlusCued(pool, { seed: test4Seed, randomCount: test4RandomCount, cuedCount: test4CuedCount, isCued: hasOutOfScopeCue }).map(({ row, stratum }) => ({
    row,
    stratum,
    cued: stratum === 'cued' || hasOutOfScopeCue(row),
  }));
}

/**
 * Repeats test4's draw: the pool excludes every labelled id except test4's own (so the draw is the
 * one made before test4 was labelled). Throws when it no longer gives test4's ids, e.g. once a
 * later label file has taken more ids out of the pool.
 */
export function repeatTest4Draw(rows: LabeledRow[] = readAllSharedRows()): {
  sample: CuedSampleRow[];
  pool: { cued: number; plain: number };
} {
  const test4Ids = new Set(readOutOfScopeLabels('test4').map((l) => l.id));
  const excluded = new Set([...allLabeledIds()].filter((id) => !test4Ids.has(id)));
  const pool = drawPool(rows, excluded);
  const sample = drawCuedSample(pool);
  if (test4Ids.size > 0) {
    const same = sample.length === test4Ids.size && sample.every((s) => test4Ids.has(s.row.id));
    if (!same) throw new Error('test4 的抽样无法复现：标注文件与重新抽取的 id 不一致');
  }
  const cued = pool.filter(hasOutOfScopeCue).length;
  return { sample, pool: { cued, plain: pool.length - cued } };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const { sample, pool } = repeatTest4Draw();
  for (const { row } of sample) {
    process.stdout.write(`${JSON.stringify({ id: row.id, title: row.title, content: row.content })}\n`);
  }
  const strataIndex = process.argv.indexOf('--strata');
  if (strataIndex >= 0) {
    const file = process.argv[strataIndex + 1];
    if (!file) throw new Error('--strata needs a file');
    const lines = [JSON.stringify({ pool }), ...sample.map(({ row, stratum, cued }) => JSON.stringify({ id: row.id, stratum, cued }))];
    writeFileSync(file, lines.join('\n') + '\n');
  }
  const inSample = sample.filter((s) => s.cued).length;
  process.stderr.write(
    `${sample.length} messages (${inSample} hold a list word); pool ${pool.cued + pool.plain}: ${pool.cued} with a list word, ${pool.plain} without\n`,
  );
}
