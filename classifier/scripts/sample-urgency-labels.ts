/**
 * Draws the 500 messages hand-labelled for the urgency suggestion alone (issue #4, urgency brief;
 * labels in classifier/eval/urgency-labels.jsonl):
 *   npx tsx classifier/scripts/sample-urgency-labels.ts [--strata /tmp/strata.jsonl] > /tmp/to-label.jsonl
 * The 200 messages of suggestion-labels.jsonl held 12 urgent ones, 6 per split: too few to guide or
 * measure a better urgency rule. This draw takes, from the Dalian, Jiamusi and Beijing rows with
 * those 200 and their verbatim copies left out (each text once), 200 at random plus 300 more among
 * the messages whose title or content holds a word of `urgencyDrawWords`, shuffled together so the
 * labeller cannot tell the draws apart. Seeded; eval-urgency.ts repeats the draw to know each row's
 * stratum and the pool's cell sizes (post-stratified, "weighted", figures).
 *
 * Labelling policy (written before any message of this draw was read; one labeller, blind to the
 * stratum, the site's category, unit and reply, and to every classifier output: the urgency rule
 * was not run on these messages before all 500 were labelled). It extends the policy of
 * sample-suggestion-labels.ts, which the old 200 were labelled by, and agrees with it.
 *
 * urgent: the message reports, as present now or coming within days,
 * - a danger to life, health or safety: gas smell or leak; fire, smoke, sparks; live or exposed
 *   wires, electrified metal; a building, wall, ceiling, balcony, eave, tree, pole, sign or
 *   scaffold that is cracking, leaning, loose or falling and may injure; an open, missing or broken
 *   manhole or pit on a way people use; ice from a leak on a path people fall on; homes, basements
 *   or roads flooding now, sewage flowing into homes; dogs attacking or biting people; violence,
 *   threats of violence, a child beaten (at school too); poisoning, tap water that is dirty or
 *   smells while people drink it; fireworks or explosives stored among homes;
 * - a child, elderly, disabled or sick person at risk: left without care, treatment stopped or
 *   refused now, missing, trapped (a lift stopped with people unable to get down), cold;
 *   someone with no food or shelter now, or speaking of suicide;
 * - a household's water, power or heating lost now (heating: in the heating season, judged by the
 *   posting date: no heat, radiators cold, pipes frozen, a stated home temperature of about 12 °C
 *   or less, or about 12-15 °C with infants, elderly or sick people suffering); cooking gas cut for
 *   days;
 * - something that becomes irreparable within days: a demolition, eviction or cut of supply set
 *   for the coming days or under way; an exam, registration, enrolment, application or document
 *   deadline within about two weeks that the answer decides; wages owed before the Spring Festival
 *   with workers stranded or without money to live; crops or animals dying now;
 * - many people affected right now: a whole building, estate or village without a basic supply,
 *   the only access to homes cut, a bus line stopped with people stranded.
 *
 * normal: everything else, in particular long-standing nuisances (noise, fumes, dust, odour,
 * parking, square dancing, night building work), questions about policy or procedure, proposals,
 * complaints about service or attitude, disputes about money, wages, compensation or fees with no
 * deadline, heating merely below standard (about 15-18 °C), past incidents that are over.
 *
 * Borderline rules:
 * 1. A concrete defect that can fall on, trap, shock, burn or swallow someone now is urgent even if
 *    it has stood for weeks (the harm can happen any day). A general safety worry without such a
 *    defect is normal: traffic design (no lights, no crossing, speeding cars), e-bikes charged in
 *    corridors, blocked fire lanes, "it may cause an accident" about a legal but unwelcome plan.
 * 2. A proposal or question that cites a danger is judged by the danger: "please add a railing, it
 *    is dangerous" with no concrete defect is normal; "when will the water come back, we have had
 *    none since yesterday" is urgent (a present loss asked about as a question).
 * 3. Planned supply cuts announced in advance, and questions about them, are normal unless the
 *    households are without supply now and the message says it hurts (no notice, days long,
 *    vulnerable people).
 * 4. Illness and money: help with medical bills or reimbursement of past treatment is a money
 *    matter (normal) unless the treatment itself is stopped or refused now for lack of it.
 *    A request for 低保 or aid is normal unless the writer says they have no food or shelter now.
 * 5. Wages: normal, unless the Spring Festival is days away and workers are stranded or without
 *    money to live, or many workers are without pay and means now and say so.
 * 6. The writer's own haste words (紧急, 急, 马上, 救命) do not decide: the matter does.
 * 7. Pollution: acute harm now (people made ill, choking smoke, chemicals burning or leaking,
 *    sewage in homes) is urgent; a standing smell, dust or noise is normal.
 * 8. Lifts: a lift that drops, traps people or runs with doors open is urgent; one merely out of
 *    service is normal unless people who cannot use stairs are stuck.
 * 9. Water leaking from the flat above: urgent when it floods or soaks the home now or reaches
 *    wiring; a slow stain or a dispute about repair costs is normal.
 * 10. School and children: a child hurt, beaten, threatened or in a dangerous building now is
 *    urgent; complaints about fees, homework, admissions without a near deadline are normal.
 * Refinements made while labelling (before any rule was run; noted on the rows where they arose):
 * 11. (at message 130) An obstacle someone placed on a path that people have already fallen over
 *    counts as a present hazard (urgent); long-standing disrepair of a road or steps does not.
 * 12. (at message 412) Heating, made precise: urgent with no heat, about 12 °C or less, about
 *    15 °C or less with children, elderly or sick people suffering, or when the cold has made
 *    someone ill; a stated 15-16 °C with no one ill is normal.
 *
 * How it was labelled (2026-12-11): the draw's 500 messages were read in printed order, each with
 * its posting date (joined from the shared data for the heating season), title and whole content
 * (the longest cut at 1,500 characters), and labelled one by one with a short English note; a
 * second post of the same matter got the label of the first. 66 urgent (54 of the 300 cued, 12 of
 * the 200 random). Rows noted "borderline" were decided by the rules above and could go either way.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { seededRandom, shuffled } from '../../core/index.js';
import { drawPool, drawRandomPlusCued, emitDraw, holdsWordOf } from './stratified-draw.js';
import type { LabeledRow } from '../data.js';
import { readAllSharedRows } from './out-of-scope-sets.js';

/**
 * Words of danger, the body, the vulnerable, basic supply and time, written for this draw from the
 * brief and common sense (not from suggestions.ts's cues), broad so that the draw does not favour
 * what the rules see: about a quarter of the pool holds one. It only enriches the sample; it is not
 * a label and nothing classifies with it.
 */
export const urgencyDrawWords: readonly string[] = [
  // structures and falling objects
  '危险', '隐患', '倒塌', '坍塌', '塌陷', '塌方', '倾斜', '裂缝', '开裂', '危房', '掉落', '脱落', '坠落',
  '砸伤', '砸到', '砸坏',
  // water
  '漏水', '渗水', '被淹', '淹了', '积水', '内涝', '洪水', '冒水', '爆管', '跑水', '返水', '污水', '倒灌',
  // fire, gas, electricity
  '着火', '火灾', '起火', '失火', '冒烟', '爆炸', '煤气', '燃气', '天然气', '漏气', '泄漏', '中毒', '窒息',
  '触电', '漏电', '电线', '高压线', '井盖',
  // falls, bites, violence
  '结冰', '滑倒', '摔倒', '摔伤', '咬伤', '咬人', '打人', '殴打', '威胁', '恐吓', '砍伤', '受伤', '烧伤',
  // the vulnerable and the body
  '孩子', '儿童', '婴儿', '幼儿', '老人', '老年人', '孕妇', '残疾', '瘫痪', '生病', '患病', '病人', '重病',
  '住院', '手术', '抢救', '急救', '癌', '救命', '生命', '人命', '死亡',
  // basic supply and cold
  '停水', '断水', '没水', '没有水', '停电', '断电', '没电', '停暖', '暖气', '供暖', '不热', '冰凉', '寒冷',
  '挨冻', '受冻', '冻坏', '冻裂', '零下',
  // time and distress
  '明天', '马上', '立即', '立刻', '随时', '紧急', '急需', '十万火急', '截止', '春节', '过年', '强拆',
  '无家可归', '露宿', '吃不上', '饿', '走投无路', '自杀', '跳楼', '轻生', '失踪', '走失', '被困', '困在', '电梯',
];

export const urgencyDraw = { seed: 20261210, randomCount: 200, cuedCount: 300 } as const;

export type UrgencyStratum = 'random' | 'cued';

/** Whether a message holds a word of the draw's list (the cued draw's population and weighting cell). */
export const hasUrgencyDrawWord = holdsWordOf(urgencyDrawWords);

/** The ids of the 200 messages labelled earlier (suggestion-labels.jsonl): left out of this draw. */
export function earlierSuggestionLabelIds(): Set<string> {
  const file = fileURLToPath(new URL('../eval/suggestion-labels.jsonl', import.meta.url));
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { id: string }).id),
  );
}

/** Dalian, Jiamusi and Beijing rows in file order, each text once, without the earlier 200 or copies of them. */
export const urgencyPool = (): LabeledRow[] => drawPool(readAllSharedRows(), earlierSuggestionLabelIds());

/** The sample in printed (shuffled) order with each row's draw. */
export function drawUrgencySample(pool: LabeledRow[]): { row: LabeledRow; stratum: UrgencyStratum }[] {
  return drawRandomPlusCued(pool, { ...urgencyDraw, isCued: hasUrgencyDrawWord });
}

/** One labelled message of urgency-labels.jsonl (ids and labels only; the text is joined from ../shared/data). */
export interface UrgencyLabel {
  id: string;
  /** Which draw the message came from. */
  stratum: UrgencyStratum;
  /** Holds a word of `urgencyDrawWords`: the post-stratification cell. */
  listWord: boolean;
  split: 'dev' | 'test';
  urgency: 'normal' | 'urgent';
  /** The labeller's reason, in a few words of English (no text of the message). */
  note: string;
}

export const urgencySplitSeed = 20261211;

/**
 * The dev/test split, made after labelling: within each cell of (draw, list word, label), the
 * rows in a seeded shuffle go alternately to dev and test, so both halves hold the same mix of
 * strata and about half the urgent messages each.
 */
export function assignUrgencySplits(rows: readonly Omit<UrgencyLabel, 'split'>[]): Map<string, 'dev' | 'test'> {
  const random = seededRandom(urgencySplitSeed);
  const cells = new Map<string, string[]>();
  for (const r of rows) {
    const key = `${r.stratum}|${r.listWord}|${r.urgency}`;
    cells.set(key, [...(cells.get(key) ?? []), r.id]);
  }
  const split = new Map<string, 'dev' | 'test'>();
  let turn = 0;
  for (const key of [...cells.keys()].sort()) {
    for (const id of shuffled(cells.get(key)!, random)) split.set(id, turn++ % 2 === 0 ? 'dev' : 'test');
  }
  return split;
}

/** The label file, checked against the draw (same ids, same order, same strata) and the split. */
export function readUrgencyLabels(pool: LabeledRow[] = urgencyPool()): { labels: UrgencyLabel[]; rows: LabeledRow[] } {
  const file = fileURLToPath(new URL('../eval/urgency-labels.jsonl', import.meta.url));
  const labels = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as UrgencyLabel);
  const sample = drawUrgencySample(pool);
  if (sample.length !== labels.length || sample.some((s, i) => s.row.id !== labels[i]!.id || s.stratum !== labels[i]!.stratum || hasUrgencyDrawWord(s.row) !== labels[i]!.listWord)) {
    throw new Error('urgency-labels.jsonl does not match the draw of sample-urgency-labels.ts (ids, order or strata differ)');
  }
  const split = assignUrgencySplits(labels);
  const wrong = labels.find((l) => split.get(l.id) !== l.split);
  if (wrong) throw new Error(`urgency-labels.jsonl: ${wrong.id} has split ${wrong.split}, the seeded split says ${split.get(wrong.id)}`);
  return { labels, rows: sample.map((s) => s.row) };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const pool = urgencyPool();
  const sample = drawUrgencySample(pool);
  emitDraw(process.argv, sample.map((s) => s.row), sample.map(({ row, stratum }) => ({ id: row.id, stratum, listWord: hasUrgencyDrawWord(row) })));
  const cued = pool.filter(hasUrgencyDrawWord).length;
  process.stderr.write(`${sample.length} messages; pool ${pool.length}, of which ${cued} hold a word of the draw's list\n`);
}
