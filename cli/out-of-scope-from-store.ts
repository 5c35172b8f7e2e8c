/**
 * `minsheng train --from-store`'s out-of-scope half: trains the out-of-scope model the committed
 * way plus the staff's decisions (classifier/train-out-of-scope.ts), and says in Chinese what it
 * learnt from. The flag settings stay the committed model's: they were chosen on the development
 * sets, and staff decisions are too few to choose them again.
 */
import { BadInputError, outOfScopeReasonNames } from '../core/index.js';
import type { LabeledRow, OutOfScopeModelData, OutOfScopeTrainingSummary } from '../classifier/index.js';
import type { OutOfScopeDecisions } from '../workflow/index.js';
import type { CliIo } from './program.js';

const namedCounts = (counts: Partial<Record<string, number>>) =>
  Object.entries(counts)
    .map(([code, n]) => `${outOfScopeReasonNames[code as keyof typeof outOfScopeReasonNames] ?? code} ${n}`)
    .join('，');

/**
 * Two lines for staff: how many messages staff decided each way, by reason, and what was left out;
 * then what the reason of a flag the model raises alone is learnt from.
 */
export function describeOutOfScopeTraining(summary: OutOfScopeTrainingSummary): string {
  const byReason = namedCounts(summary.byReason);
  const notes = [
    summary.conflicts ? `同一内容既有不予受理又有登记受理的 ${summary.conflicts} 条按受理计` : '',
    summary.labeledLeftOut ? `属于评测标注集的 ${summary.labeledLeftOut} 条未用（保持评测独立）` : '',
    summary.weakReplaced ? `${summary.weakReplaced} 条共享数据留言以工作人员的决定为准` : '',
  ].filter(Boolean);
  return (
    `不予受理筛查模型：共享数据弱标注 ${summary.weakRows} 条（正例 ${summary.weakPositives}），` +
    `加上工作人员决定不予受理的留言 ${summary.staffPositives} 条${byReason ? `（按理由：${byReason}）` : ''}、` +
    `登记受理的留言 ${summary.staffNegatives} 条（其中推翻了不予受理提示或决定的 ${summary.overruled} 条），每条按 ${summary.staffWeight} 倍权重计` +
    `${notes.length ? `；${notes.join('；')}` : ''}；标记阈值沿用随附模型\n` +
    `模型单独标记时的理由：${
      summary.reasonModel
        ? `按共享数据弱标注正例和工作人员决定的理由学习（${namedCounts(summary.reasonModel)}），把握不足时沿用`
        : '正例只有一种理由，沿用'
    }“${outOfScopeReasonNames.no_substance}”（涉及军队、外国时为“${outOfScopeReasonNames.outside_authority}”）\n`
  );
}

/**
 * The out-of-scope model to embed in the new model file, or undefined when staff have decided
 * nothing yet (the committed model then keeps screening). `sharedRows`: the shared data's rows
 * when already read (training on the default data), else they are read here: the weak labels
 * are always the shared data's replies, whatever --data the category model trains on.
 */
export async function trainOutOfScopeFromStore(
  decisions: OutOfScopeDecisions,
  options: { io: CliIo; sharedRows?: LabeledRow[] | undefined },
): Promise<{ model: OutOfScopeModelData; summary: OutOfScopeTrainingSummary } | undefined> {
  if (decisions.examples.length === 0) return undefined;
  const { defaultOutOfScopeModel, readSharedDataRows, trainOutOfScopeModel } = await import('../classifier/index.js');
  const committed = defaultOutOfScopeModel();
  if (!committed) throw new BadInputError('找不到随附的不予受理模型 classifier/models/out-of-scope.json.gz，无法沿用其标记阈值');
  let sharedRows = options.sharedRows;
  if (!sharedRows) {
    try {
      sharedRows = readSharedDataRows();
    } catch (error) {
      throw new BadInputError('训练不予受理模型需要共享数据目录 ../shared/data/messages（弱标注来自其中的回复）', { cause: error });
    }
  }
  options.io.stderr('训练不予受理筛查模型……\n');
  const started = Date.now();
  const trained = trainOutOfScopeModel({ sharedRows, decisions: decisions.examples, settings: committed.settings });
  options.io.stderr(`不予受理筛查模型训练完成，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒，特征 ${trained.model.features.length} 个\n`);
  return trained;
}
