/**
 * `minsheng train [--data FILE.jsonl...] [--output FILE] [--default] [--from-store]`: trains the
 * classifier and writes a versioned model file. Without --data it trains on ../shared/data (the
 * default model's recipe). With --from-store the staff's reviews join the category and unit
 * models' rows, and the file also carries an out-of-scope model trained with the staff's
 * 不予受理 decisions (cli/out-of-scope-from-store.ts), used wherever the file is; without it the
 * file carries none and the committed out-of-scope model screens, as before.
 * `trainFromExamples` is exported so other sources of rows (staff corrections from the store)
 * can reuse the same progress output. A running process keeps the model it started with:
 * the command ends by saying how to put the new one to use.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BadInputError } from '../../core/index.js';
import { checkNotAnInput, checkOutputPath } from '../arguments.js';
import type { LabeledRow, OutOfScopeModelData, TrainedModel, UnitDirectoryEntry, TrainingExample } from '../../classifier/index.js';
import { noMessagesIn } from '../message-lines.js';
import type { CliIo, RegisterCommand } from '../program.js';
import { describeOutOfScopeTraining, trainOutOfScopeFromStore } from '../out-of-scope-from-store.js';
import { readReviewedExamples } from '../reviewed-examples.js';

/** Trains with progress lines on stderr and writes the model; returns the model and its path. */
export async function trainFromExamples(
  examples: TrainingExample[],
  options: {
    io: CliIo;
    output?: string | undefined;
    modelsDir: string;
    unitOnly?: TrainingExample[];
    unitDirectory?: UnitDirectoryEntry[];
    /** An out-of-scope model to carry in the file (screens instead of the committed one). */
    outOfScope?: OutOfScopeModelData | undefined;
  },
): Promise<{ model: TrainedModel; file: string }> {
  const { trainModel, writeModelFile } = await import('../../classifier/index.js');
  const { io } = options;
  let lastShown = -1;
  const started = Date.now();
  const trained = trainModel(examples, {
    unitOnly: options.unitOnly ?? [],
    ...(options.unitDirectory ? { unitDirectory: options.unitDirectory } : {}),
    onStage: (stage) => io.stderr(`${stage}\n`),
    onProgress: (done, total) => {
      const pct = Math.floor((done / total) * 100);
      if (pct >= lastShown + 5 || (done === total && pct > lastShown)) {
        lastShown = pct;
        io.stderr(`训练进度 ${pct}%，已用 ${((Date.now() - started) / 1000).toFixed(1)} 秒\n`);
      }
    },
  });
  const model: TrainedModel = options.outOfScope ? { ...trained, outOfScope: options.outOfScope } : trained;
  const file = options.output ?? path.join(options.modelsDir, `classifier-${model.version}.json.gz`);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeModelFile(file, model);
  return { model, file };
}

/** How many times a staff-reviewed message from the store counts, against one shared row. */
const reviewedWeight = 2;
/**
 * The source the store's reviewed messages train under: like each shared site, the district gets a
 * class-bias vector of its own in training, dropped at prediction (train-category.ts sourceBiases).
 * Measured by `classifier/scripts/staff-loop.ts` (a district the model never read, 5 seeds): after
 * 50 / 100 / 250 reviews accuracy 0.706 / 0.706 / 0.720 and ECE 0.045 / 0.063 / 0.077, against
 * 0.679 / 0.672 / 0.685 and 0.094 / 0.113 / 0.095 with the reviewed rows sharing the global bias.
 */
const districtSource = '本区台账';

/** What staff do next: nothing running picks a new model up by itself. */
function howToUse(file: string, isDefault: boolean, withOutOfScope: boolean): string {
  const setting = isDefault ? '（未设置 MINSHENG_MODEL 时即用此默认模型）' : `，并设置环境变量 MINSHENG_MODEL=${file}`;
  return (
    '使用方法：正在运行的民声主程序和工作进程仍用原来的模型，要重启后才用新模型：\n' +
    `  停止主程序（在运行 npm start 或 minsheng start 的终端按 Ctrl-C）和各台机器上的 minsheng worker${setting}，再重新启动。\n` +
    (withOutOfScope ? '  此模型文件同时带有不予受理筛查模型：用此文件时，分类和不予受理筛查都用其中的模型。\n' : '') +
    '  已在分类审核队列中的案件保留原来的分类建议，只有之后收到的留言按新模型分类；\n' +
    `  如需让它们也采用新模型的建议，请运行 minsheng reclassify --model ${file}（可先加 --dry-run 查看将改变的案件；已由工作人员处理的案件和决定不会改变）。\n` +
    `  minsheng classify 和 minsheng evaluate 可加 --model ${file} 先试用新模型。\n`
  );
}

export const registerTrainCommand: RegisterCommand = (program, ctx) => {
  program
    .command('train')
    .description('训练留言分类模型，写出带版本号的模型文件')
    .option('--data <files...>', '训练数据（JSON Lines，每行 {title, content, label, unit?}；label 可为“投诉|求助”）；默认 ../shared/data')
    .option('--output <file>', '模型输出文件（默认：数据目录/models/classifier-版本.json.gz）')
    .option('--default', '写到随附的默认模型位置（classifier/models/default.json.gz）')
    .option('--from-store', '加入台账中经工作人员审核（确认或更正）的分类与承办单位，一并训练；并用工作人员的不予受理决定和登记受理训练不予受理筛查模型，随模型文件写出')
    .action(async (flags: { data?: string[]; output?: string; default?: boolean; fromStore?: boolean }) => {
      if (flags.output && flags.default) throw new BadInputError('--output 与 --default 不能同时使用');
      // Checked before reading and training (which can take long): a folder given as the file, or a
      // path through a file or into a folder that cannot be written, is refused now, naming the path,
      // not met after the work as a system error (EEXIST, EISDIR). Missing folders are still created.
      if (flags.output) await checkOutputPath('--output', flags.output);
      // Loaded here: the classifier (with jieba) takes a while to load, and only this command trains.
      const { defaultModelFile, defaultSharedDataDir, loadUnitDirectory, readLabeledFiles, sharedDataFiles } = await import('../../classifier/index.js');
      let files = flags.data;
      if (!files || files.length === 0) {
        const dir = defaultSharedDataDir();
        try {
          files = sharedDataFiles(dir);
        } catch (error) {
          throw new BadInputError(`未指定 --data，且找不到共享数据目录 ${dir}`, { cause: error });
        }
      }
      ctx.io.stderr(`读取训练数据：${files.join('、')}\n`);
      const data = readLabeledFiles(files);
      // An empty file among good ones is most often a wrong path: refused by name, as evaluate does,
      // rather than a model trained on fewer files than given.
      if (data.emptyFiles.length > 0) throw noMessagesIn(data.emptyFiles.join('、'));
      ctx.io.stderr(`带类别 ${data.labeled.length} 条，仅有单位/主题 ${data.unitOnly.length} 条，跳过 ${data.skipped} 条\n`);
      for (const problem of data.problems) ctx.io.stderr(`  跳过：${problem}\n`);
      const output = flags.default ? defaultModelFile : flags.output;
      // Checked before hours of training: the model must not be written over its own training data.
      if (output) await checkNotAnInput(flags.default ? '--default' : '--output', output, files.map((file) => ({ flag: '--data', file })));
      // Without --data these are the shared data's rows, which the out-of-scope model's weak labels come from.
      const sharedRows: LabeledRow[] | undefined = flags.data?.length ? undefined : [...data.labeled, ...data.unitOnly];
      let outOfScope: Awaited<ReturnType<typeof trainOutOfScopeFromStore>>;
      if (flags.fromStore) {
        const reviewed = await readReviewedExamples(ctx);
        outOfScope = await trainOutOfScopeFromStore(reviewed.outOfScope, { io: ctx.io, sharedRows });
        // The district's own reviewed messages weigh twice as much as a shared row: they are few,
        // and they are what the model will see. (A weight, not a second copy: trainModel keeps one of each repeat.)
        const fromStore = reviewed.examples.map((e) => ({ ...e, source: districtSource, weight: reviewedWeight }));
        const labeled = fromStore.filter((e) => e.label !== '');
        const unitOnly = fromStore.filter((e) => e.label === '' && e.unit);
        const withUnit = fromStore.filter((e) => e.unit).length;
        data.labeled.push(...labeled);
        data.unitOnly.push(...unitOnly);
        ctx.io.stderr(
          `台账中审核过分类的留言 ${labeled.length} 条（每条按 ${reviewedWeight} 倍权重计；其中工作人员更正分类 ${reviewed.corrections} 次）；` +
            `已交办、带承办单位的留言 ${withUnit} 条（其中 ${unitOnly.length} 条只有承办单位；工作人员拟办时更正承办单位 ${reviewed.unitCorrections ?? 0} 次），用于承办单位模型\n`,
        );
      }
      const { model, file } = await trainFromExamples(data.labeled, {
        io: ctx.io,
        output,
        modelsDir: path.join(ctx.config().dataDir, 'models'),
        unitOnly: data.unitOnly,
        // The unit model learns the units of the district's directory (MINSHENG_UNITS or the committed one).
        unitDirectory: loadUnitDirectory(ctx.config().unitsFile),
        outOfScope: outOfScope?.model,
      });
      const screening = outOfScope
        ? describeOutOfScopeTraining(outOfScope.summary)
        : flags.fromStore
          ? '不予受理筛查：台账中尚无不予受理或登记受理的案件，沿用随附的不予受理模型（classifier/models/out-of-scope.json.gz）\n'
          : '不予受理筛查：未加入台账数据（--from-store），沿用随附的不予受理模型（classifier/models/out-of-scope.json.gz）\n';
      ctx.io.stdout(
        `模型已写出：${file}\n版本 ${model.version}，用于训练的留言 ${model.training.examples} 条，承办单位 ${String(model.training.options.unitRows ?? 0)} 条；` +
          `类别特征 ${model.category.features.length} 个，温度 ${model.category.temperature.toFixed(3)}，` +
          `单位模型 ${model.unit ? `${model.unit.classes.length} 个单位` : '无'}\n${screening}${howToUse(file, Boolean(flags.default), Boolean(outOfScope))}`,
      );
    });
};
