/**
 * Draws the 200 messages hand-labelled for the complexity and urgency suggestions (issue #4;
 * labels in classifier/eval/suggestion-labels.jsonl):
 *   npx tsx classifier/scripts/sample-suggestion-labels.ts [--strata /tmp/strata.jsonl] > /tmp/to-label.jsonl
 * From the Dalian, Jiamusi and Beijing rows (Teddy Cup rows are topics without a citizen's
 * message), verbatim copies skipped: 150 at random, plus 50 more drawn from the messages whose
 * title or content holds a word of `urgencyWordList`, so that urgent messages are not too rare to
 * measure. Prints id, title and content only, shuffled, so the labeller cannot tell which draw a
 * message came from; --strata FILE writes each id's draw apart. The draw is seeded: the
 * evaluation (eval-suggestions.ts) repeats it to know each row's stratum and the pool's sizes.
 *
 * Labelling policy (written before labelling, kept to for all 200; one labeller, blind to the
 * stratum, the site's label and reply, and every classifier output):
 * - complex when answering needs any of: several units; an investigation on site to establish
 *   facts or fault (whether a violation exists, a pollution source, an illegal building, a firm's
 *   conduct); history over months or years (a long dispute, repeated unanswered complaints);
 *   a money, land or compensation dispute (wages, relocation, disputed fees or refunds, debts
 *   with a firm); several separate issues needing separate handling. simple when one unit can
 *   answer from its own knowledge (policy, procedure, eligibility, timetable; a proposal one unit
 *   answers, such as a bus route) or one action by one unit fixes it (repair, clean, restore
 *   heating, move a stall). A plain visible fault one crew fixes is simple even with a visit;
 *   two or three small requests one unit answers together stay simple (refinement made at the
 *   36th message, before anything was run).
 * - urgent: risk to life, health or safety now (structural danger, live wires, gas, an open
 *   manhole, flooding, violence, a seriously ill person whose care hinges on an answer, a child
 *   or elderly person in danger), or a basic supply cut for a household now (no water, no power,
 *   no heating in winter or a home cold enough to harm: stated freezing, below about 12 °C,
 *   frozen pipes, infants, elderly or sick people suffering). A standing hazard that can injure
 *   someone now is urgent; everything else is normal: long-standing nuisances (noise, fumes,
 *   parking), heating merely below standard (15-18 °C), money matters however pressing, planned
 *   or feared risks, past incidents.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawPool, drawRandomPlusCued, emitDraw, holdsWordOf } from './stratified-draw.js';
import type { LabeledRow } from '../data.js';
import { readAllSharedRows } from './out-of-scope-sets.js';

/**
 * Words that suggest a message may be urgent (第四条㈡ 急缓程度): danger to life or safety, illness
 * and injury, a household's basic supply cut, the vulnerable (children, the elderly), pleas for
 * haste. Written for this draw from the measures and common sense, independently of the
 * classifier's own urgency cues (suggestions.ts), so the draw does not favour what the rules see.
 * It only enriches the sample; it is not a label.
 */
export const urgencyWordList: readonly string[] = [
  // danger to life and safety
  '危险', '隐患', '倒塌', '坍塌', '塌陷', '塌方', '滑坡', '裂缝', '危房', '漏电', '触电', '电线',
  '着火', '火灾', '起火', '爆炸', '泄漏', '煤气', '中毒', '窒息', '坠落', '掉下', '砸伤', '砸到',
  '溺水', '井盖', '洪水', '被淹', '结冰', '打人', '殴打', '威胁', '人身安全', '生命',
  // illness and injury
  '生病', '患病', '病人', '重病', '病重', '住院', '急救', '抢救', '手术', '癌', '瘫痪', '受伤',
  '咬伤', '狂犬', '透析', '救命',
  // basic supply cut for a household
  '停水', '断水', '没水', '没有水', '吃水', '停电', '断电', '没电', '停暖', '断暖', '不供暖',
  '供暖', '暖气', '停气', '断气', '受冻', '挨冻', '冻坏',
  // the vulnerable
  '儿童', '幼儿', '婴儿', '孕妇', '老人', '老年人', '独居', '孤寡', '残疾',
  // haste and distress
  '紧急', '急需', '十万火急', '走投无路', '无家可归', '露宿', '吃不上饭', '自杀', '跳楼', '失踪', '走失',
];

export const randomCount = 150;
export const cueCount = 50;
export const sampleSeed = 20261204;

export type SuggestionStratum = 'random' | 'cue';

/** Whether a message holds a word of the list (the cue stratum's population). */
export const hasUrgencyWord = holdsWordOf(urgencyWordList);

/** Dalian, Jiamusi and Beijing rows in file order, each text once (its first id kept). */
export const suggestionPool = (): LabeledRow[] => drawPool(readAllSharedRows());

/** The sample in printed (shuffled) order with each row's draw: the first 100 are the dev split. */
export function drawSuggestionSample(pool: LabeledRow[]): { row: LabeledRow; stratum: SuggestionStratum }[] {
  return drawRandomPlusCued(pool, { seed: sampleSeed, randomCount, cuedCount: cueCount, isCued: hasUrgencyWord }).map(({ row, stratum }) => ({
    row,
    stratum: stratum === 'cued' ? ('cue' as const) : ('random' as const),
  }));
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const pool = suggestionPool();
  const sample = drawSuggestionSample(pool);
  emitDraw(process.argv, sample.map((s) => s.row), sample.map(({ row, stratum }) => ({ id: row.id, stratum })));
  const cuePopulation = pool.filter(hasUrgencyWord).length;
  process.stderr.write(
    `${sample.length} messages; pool ${pool.length}, of which ${cuePopulation} hold a word of the urgency list\n`,
  );
}
