/**
 * `minsheng evaluate --data FILE.jsonl... [--model FILE] [--baseline] [--json]`: accuracy, macro-F1,
 * per-class precision/recall/F1, confusion matrix and calibration of a model on labelled rows.
 * With --baseline-train FILE... it also trains natural's Bayes baseline on those rows and
 * reports it beside the model. A row that cannot be used (not JSON, not a message object, no
 * known label) is named with its line and skipped; a --data or --baseline-train file without a
 * message line (even one among good files) is refused by name, said as classify and dedup say it,
 * and so is data with every row unusable (exit code 2), rather than a report of zeros or of fewer
 * files than given.
 *
 * `minsheng evaluate --from-store [--since DATE] [--until DATE] [--json]`: the suggestions the
 * messages were given, against what this district's staff decided (cli/suggestion-agreement.ts).
 * Exactly one of --data and --from-store.
 */
import { BadInputError, categories, type Category } from '../../core/index.js';
import { dateRangeFlags } from '../arguments.js';
import { noMessagesIn } from '../message-lines.js';
import type { CliContext, RegisterCommand } from '../program.js';
import { formatSuggestionAgreement, readSuggestionAgreement } from '../suggestion-agreement.js';
import { jsonOutput } from '../terminal-text.js';

export const registerEvaluateCommand: RegisterCommand = (program, ctx) => {
  program
    .command('evaluate')
    .description('评估分类模型：准确率、宏平均F1、各类精确率/召回率、混淆矩阵、校准；或用 --from-store 对照本区工作人员的审核决定')
    .option('--data <files...>', '带标注的 JSON Lines 文件（label 可为“投诉|求助”，预测为其中任一即算正确）')
    .option('--from-store', '对照台账中工作人员的审核决定，统计当时给出的建议的准确率（与 --data 二选一）')
    .option('--since <date>', '与 --from-store 同用：只统计此日（YYYY-MM-DD，北京时间）起作出的决定')
    .option('--until <date>', '与 --from-store 同用：只统计到此日为止作出的决定')
    .option('--model <file>', '模型文件（默认：MINSHENG_MODEL 或随附的默认模型）')
    .option('--baseline-train <files...>', '同时用这些数据训练朴素贝叶斯基线（natural）并对比')
    .option('--json', '以 JSON 输出')
    .action(async (flags: EvaluateFlags) => {
      if (flags.fromStore) return evaluateFromStore(ctx, flags);
      if (flags.since !== undefined || flags.until !== undefined) throw new BadInputError('--since 和 --until 只能与 --from-store 同用');
      if (!flags.data) throw new BadInputError('请给出 --data（带标注的文件）或 --from-store（对照本区工作人员的审核决定）之一');
      const data = flags.data;
      const modelFile = flags.model ?? ctx.config().modelFile;
      const { evaluate, formatReport, loadClassifier, readLabeledFiles, trainBayesBaseline } = await import('../../classifier/index.js');
      const classifier = await loadClassifier(modelFile ? { modelFile } : {});
      const { labeled, unitOnly, skipped, problems, emptyFiles } = readLabeledFiles(data, { skipMalformed: true });
      // An empty file among good ones is as much a wrong path as a lone one: refused, not skipped.
      if (emptyFiles.length > 0) throw noMessagesIn(emptyFiles.join('、'));
      // The baseline's training files likewise, checked before any evaluation runs.
      const baselineRows = flags.baselineTrain ? readLabeledFiles(flags.baselineTrain) : undefined;
      if (baselineRows && baselineRows.emptyFiles.length > 0) throw noMessagesIn(baselineRows.emptyFiles.join('、'));
      for (const problem of problems) ctx.io.stderr(`跳过：${problem}\n`);
      if (skipped > problems.length) ctx.io.stderr(`……另有 ${skipped - problems.length} 行跳过，未一一列出\n`);
      if (labeled.length === 0) {
        throw new BadInputError(`没有可评估的留言：${data.join('、')} 的 ${skipped + unitOnly.length} 行都没有有效的类别标签或无法读取（见上）`);
      }
      ctx.io.stderr(`评估数据 ${labeled.length} 条${skipped + unitOnly.length ? `（跳过 ${skipped + unitOnly.length} 条无有效类别或无法读取）` : ''}，模型 ${classifier.version}\n`);
      const report = evaluate(classifier, labeled, (done, total) => ctx.io.stderr(`已评估 ${done}/${total}\n`));
      let baseline: ReturnType<typeof evaluate> | undefined;
      if (baselineRows) {
        ctx.io.stderr('训练朴素贝叶斯基线……\n');
        const bayes = await trainBayesBaseline(baselineRows.labeled);
        baseline = evaluate(
          {
            classify: (m) => {
              const p = bayes.probabilities(m);
              let best: Category = categories[0];
              for (const c of categories) if (p[c] > p[best]) best = c;
              return { category: best, confidence: p[best] } as ReturnType<typeof classifier.classify>;
            },
          },
          labeled,
        );
      }
      if (flags.json) {
        ctx.io.stdout(jsonOutput({ modelVersion: classifier.version, report, baseline }));
        return;
      }
      ctx.io.stdout(formatReport(report, `模型 ${classifier.version}`));
      if (baseline) ctx.io.stdout(formatReport(baseline, '朴素贝叶斯基线（natural）'));
    });
};

interface EvaluateFlags {
  data?: string[];
  fromStore?: boolean;
  since?: string;
  until?: string;
  model?: string;
  baselineTrain?: string[];
  json?: boolean;
}

/** --from-store: the stored suggestions against staff decisions; nothing is classified again. */
async function evaluateFromStore(ctx: CliContext, flags: EvaluateFlags): Promise<void> {
  if (flags.data) throw new BadInputError('--data 与 --from-store 只能选一个：前者用带标注的文件评估模型，后者对照本区工作人员的审核决定');
  if (flags.model || flags.baselineTrain) throw new BadInputError('--from-store 统计留言当时得到的建议，不重新分类，不能与 --model 或 --baseline-train 同用');
  const period = dateRangeFlags(flags.since, flags.until, ['--since', '--until']);
  const report = await readSuggestionAgreement(ctx, period);
  ctx.io.stdout(flags.json ? JSON.stringify(report, null, 2) + '\n' : formatSuggestionAgreement(report));
}
