/**
 * Draws the cue-enriched held-out out-of-scope sets (issue #4; labels in
 * classifier/eval/out-of-scope-<set>-labels.jsonl):
 *   npx tsx classifier/scripts/sample-out-of-scope-cued.ts [--set test4|test5|test6|test7|test8|test9] [--strata FILE] > /tmp/to-label.jsonl
 * From the Dalian, Jiamusi and Beijing rows (Teddy Cup rows are topics, not messages), every id
 * of an earlier label set (earlier in `outOfScopeSetNames`) and every verbatim copy of one skipped,
 * each text once: `randomCount` at random, plus `cuedCount` more drawn from the messages whose
 * title or content holds a word of `outOfScopeCueWords`. The reply-hinted draw of the earlier sets
 * (sample-out-of-scope.ts) is nearly spent (test3 got 3 positives in 150), so this draw enriches by
 * the message's own words instead. Prints id, title and content only, shuffled, so the labeller
 * cannot tell a cued message from a random one; --strata FILE writes each id's draw and whether it
 * holds a list word, with the pool's cell sizes, for post-stratified figures
 * (eval-out-of-scope.ts --test4|--test5 --weighted repeats the draw instead of reading the file).
 *
 * test4's pool (the six earlier label files' 839 ids and their copies excluded): 8,129 messages,
 * 644 with a list word and 7,485 without; 110 of the 200 drawn hold a list word. test5 (drawn in
 * the sixth session, before any rule change of that session), test6 (drawn later in that session,
 * before the rule changes made on test5's misses) and test7 (seventh session; its pool had 222
 * messages with a list word left, so a further cued set would hold only the last 72): see `cuedDraws`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawPool, drawRandomPlusCued, emitDraw, holdsWordOf } from './stratified-draw.js';
import type { LabeledRow } from '../data.js';
import { outOfScopeSetNames, readAllSharedRows, readOutOfScopeLabels, type OutOfScopeSetName } from './out-of-scope-sets.js';

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

/**
 * The cue-enriched sets, each with its own seed and sizes. test5 takes more cued rows than test4
 * (150, not 100) because test4's 21 positives were too few to say much about recall.
 */
export const cuedDraws = {
  test4: { seed: 20261206, randomCount: 100, cuedCount: 100 },
  test5: { seed: 20261128, randomCount: 100, cuedCount: 150 },
  test6: { seed: 20261129, randomCount: 100, cuedCount: 150 },
  test7: { seed: 20261130, randomCount: 100, cuedCount: 150 },
  // test8 (ninth session): the cued pool is nearly spent (test7 left about 72), so it takes every
  // cued message left and fills the rest at random; expect few positives and a wide interval.
  test8: { seed: 20261201, randomCount: 170, cuedCount: 80 },
  // test9 (tenth session): the cued pool is spent (test8 took the last 66; 0 were left), so the
  // set is a plain random draw of 250 from the 6,943 messages left; few positives expected.
  test9: { seed: 20261202, randomCount: 250, cuedCount: 80 },
} as const satisfies Partial<Record<OutOfScopeSetName, { seed: number; randomCount: number; cuedCount: number }>>;
export type CuedSetName = keyof typeof cuedDraws;
export const cuedSetNames = Object.keys(cuedDraws) as CuedSetName[];

export type CuedStratum = 'random' | 'cued';

/** Whether a message holds a word of the list (the cued draw's population, and the weighting cell). */
export const hasOutOfScopeCue = holdsWordOf(outOfScopeCueWords);

export interface CuedSampleRow {
  row: LabeledRow;
  stratum: CuedStratum;
  cued: boolean;
}

/** The sample of one set in printed (shuffled) order, each row with its draw and whether it holds a list word. */
export function drawCuedSample(pool: LabeledRow[], set: CuedSetName): CuedSampleRow[] {
  const { seed, randomCount, cuedCount } = cuedDraws[set];
  return drawRandomPlusCued(pool, { seed, randomCount, cuedCount, isCued: hasOutOfScopeCue }).map(({ row, stratum }) => ({
    row,
    stratum,
    cued: stratum === 'cued' || hasOutOfScopeCue(row),
  }));
}

/** The ids of every label set that comes before `set` in `outOfScopeSetNames` (what its draw excluded). */
export function idsLabelledBefore(set: OutOfScopeSetName): Set<string> {
  const ids = new Set<string>();
  for (const earlier of outOfScopeSetNames.slice(0, outOfScopeSetNames.indexOf(set))) {
    for (const label of readOutOfScopeLabels(earlier)) ids.add(label.id);
  }
  return ids;
}

/**
 * Repeats a set's draw: the pool excludes the sets labelled before it (so a later set does not
 * change an earlier draw). Throws when the set's label file exists and no longer matches the
 * draw (a label file edited by hand, or an earlier set changed).
 */
export function repeatCuedDraw(
  set: CuedSetName,
  rows: LabeledRow[] = readAllSharedRows(),
): {
  sample: CuedSampleRow[];
  pool: { cued: number; plain: number };
} {
  const pool = drawPool(rows, idsLabelledBefore(set));
  const sample = drawCuedSample(pool, set);
  const labelled = new Set(readOutOfScopeLabels(set).map((l) => l.id));
  if (labelled.size > 0) {
    const same = sample.length === labelled.size && sample.every((s) => labelled.has(s.row.id));
    if (!same) throw new Error(`${set} 的抽样无法复现：标注文件与重新抽取的 id 不一致`);
  }
  const cued = pool.filter(hasOutOfScopeCue).length;
  return { sample, pool: { cued, plain: pool.length - cued } };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const setIndex = process.argv.indexOf('--set');
  const set = (setIndex >= 0 ? process.argv[setIndex + 1] : 'test4') as CuedSetName;
  if (!cuedSetNames.includes(set)) throw new Error(`--set 只能是 ${cuedSetNames.join('、')}`);
  const { sample, pool } = repeatCuedDraw(set);
  emitDraw(process.argv, sample.map((s) => s.row), [{ pool }, ...sample.map(({ row, stratum, cued }) => ({ id: row.id, stratum, cued }))]);
  const inSample = sample.filter((s) => s.cued).length;
  process.stderr.write(
    `${sample.length} messages (${inSample} hold a list word); pool ${pool.cued + pool.plain}: ${pool.cued} with a list word, ${pool.plain} without\n`,
  );
}
