/**
 * `minsheng reclassify [--model FILE] [--dry-run] [--json] [--batch N]`: gives the cases still awaiting review
 * (待审核分类) the suggestions of a model (--model, else MINSHENG_MODEL, else the committed one),
 * typically a new one from `minsheng train`: category, 不予受理 flag and reasons, complexity,
 * urgency and unit, each changed case with an event on its log. Cases staff decided are never
 * touched (workflow/intake/reclassify-awaiting-cases.ts). Progress goes to stderr, the summary to
 * stdout. The command always classifies with its own model; when the main job holds the embedded
 * store, it reads and writes through the main job's API (as its local administrator).
 */
import path from 'node:path';
import { outOfScopeReasonNames, type OutOfScopeReason } from '../../core/index.js';
import type { AwaitingCase, CaseReclassification, ReclassifyStore, ReclassifySummary, SuggestedField } from '../../workflow/index.js';
// The module, not workflow's index (which brings the store): its batch size is in the help text.
import { defaultReclassifyBatchSize } from '../../workflow/intake/reclassify-awaiting-cases.js';
import type { RunFile } from '../app/run-file.js';
import type { CliContext, RegisterCommand } from '../program.js';
import { integerFlag } from '../arguments.js';
import { askMainJob, cliAdmin, runningMainJob, withStore } from '../with-store.js';

const fieldNames: Record<SuggestedField, string> = { category: '类别', outOfScope: '不予受理标记', outOfScopeReasons: '不予受理理由', complexity: '复杂程度', urgency: '紧急程度', unit: '承办单位' };
const valueNames: Record<string, string> = { simple: '简单', complex: '复杂', normal: '一般', urgent: '紧急', true: '是', false: '否' };

/** The running main job's API as a ReclassifyStore. */
function mainJobPort(run: RunFile): ReclassifyStore {
  const page = (query: string) => askMainJob<{ total: number; cases: AwaitingCase[] }>(run, `/api/cli/reclassify/awaiting?${query}`);
  return {
    countAwaiting: async () => (await page('limit=0')).total,
    listAwaiting: async (after, limit) => (await page(new URLSearchParams({ limit: String(limit), ...(after ? { after } : {}) }).toString())).cases,
    apply: async (cases, dryRun) => (await askMainJob<{ results: CaseReclassification[] }>(run, '/api/cli/reclassify/apply', { method: 'POST', body: { dryRun, cases } })).results,
  };
}

/** A field's value in staff words: 不予受理 reasons by the measures' names (never their codes), 简单/一般/是…, 无 for none. */
function valueText(field: SuggestedField, v: unknown): string {
  if (v === null || v === undefined) return '无';
  if (Array.isArray(v)) return v.length ? v.map((x) => valueText(field, x)).join('、') : '无';
  if (field === 'outOfScopeReasons') return outOfScopeReasonNames[String(v) as OutOfScopeReason] ?? String(v);
  return valueNames[String(v)] ?? String(v);
}

/** One changed case in staff words: 台账编号, then each field old → new. */
export function caseLine(c: CaseReclassification): string {
  if (c.outcome === 'skipped') return `  ${c.ledgerNo}  已由工作人员处理，跳过\n`;
  const parts = (Object.entries(c.changes) as [SuggestedField, { before: unknown; after: unknown }][]).map(([f, ch]) => `${fieldNames[f]} ${valueText(f, ch.before)} → ${valueText(f, ch.after)}`);
  if (parts.length === 0) parts.push('置信度、依据更新');
  if (c.keptDecisions.length) parts.push(`保留工作人员决定的${c.keptDecisions.map((f) => fieldNames[f]).join('、')}`);
  return `  ${c.ledgerNo}  ${parts.join('；')}\n`;
}

/**
 * The summary in staff words. It counts what the run did: the cases it examined, each changed,
 * unchanged or skipped (the three add up to it). The queue's size when the run started is said
 * beside it only when it differs: cases arrive while it runs (examined too, when they sort after
 * the cases already read) and staff decide some before they are read (not examined).
 */
export function summaryText(s: ReclassifySummary, model: string): string {
  const will = s.dryRun ? '将' : '已';
  const fields = (Object.keys(fieldNames) as SuggestedField[]).map((f) => `${fieldNames[f]} ${s.fields[f]} 件`).join('，');
  const atStart = s.total === s.examined ? '' : `（开始时待审核分类 ${s.total} 件；运行期间新到的案件一并核对，其间由工作人员处理的案件不再核对）`;
  return (
    `${s.dryRun ? '试运行，未写入任何更改。' : ''}模型 ${s.modelVersion}（${model}）\n` +
    `核对待审核分类的案件 ${s.examined} 件${atStart}：分类建议${will}改变 ${s.changed} 件，未变 ${s.unchanged} 件，核对期间已由工作人员处理而跳过 ${s.skipped} 件\n` +
    `改变的项目：${fields}；仅置信度或依据${will}更新 ${s.detailsOnly} 件\n` +
    (s.keptDecisions ? `新模型与工作人员此前的决定不同、保留工作人员决定的案件 ${s.keptDecisions} 件（如重新受理的案件的不予受理标记）\n` : '') +
    s.cases.map(caseLine).join('')
  );
}

export const registerReclassifyCommand: RegisterCommand = (program, ctx: CliContext) => {
  program
    .command('reclassify')
    .description('用新模型重新给出待审核分类案件的分类建议（类别、不予受理、繁简、缓急、承办单位）；已由工作人员处理的案件不变')
    .option('--model <file>', '模型文件（默认：MINSHENG_MODEL 或随附的默认模型）')
    .option('--dry-run', '试运行：只列出将改变的案件，不写入')
    .option('--json', '以 JSON 输出结果')
    .option('--batch <n>', `每批读取的案件数，每批的更改在一个事务中写入（1 到 500，默认 ${defaultReclassifyBatchSize}）`)
    .action(async (flags: { model?: string; dryRun?: boolean; json?: boolean; batch?: string }) => {
      const batchSize = flags.batch === undefined ? defaultReclassifyBatchSize : integerFlag('--batch', flags.batch, 1, 500);
      const config = ctx.config();
      const modelFile = flags.model ?? config.modelFile;
      const { loadClassifier } = await import('../../classifier/index.js');
      const { reclassifyAwaitingCases, storeReclassifyPort } = await import('../../workflow/index.js');
      const classifier = await loadClassifier({ modelFile, unitDirectoryFile: config.unitsFile });
      const model = modelFile ? path.resolve(modelFile) : '随附的默认模型';
      const dryRun = flags.dryRun ?? false;
      const run = async (port: ReclassifyStore) =>
        reclassifyAwaitingCases(port, {
          classifier,
          dryRun,
          batchSize,
          onProgress: (done, total) => {
            if (total > batchSize) ctx.io.stderr(`${dryRun ? '已核对' : '已重新分类'} ${done}/${total} 件……\n`);
          },
        });
      const running = await runningMainJob(ctx);
      let summary: ReclassifySummary;
      if (running) {
        ctx.io.stderr(
          `内置数据库正由民声主程序（pid ${running.pid}）使用，经其接口${dryRun ? '读取' : '写入'}；分类用本命令载入的模型 ${classifier.version}（${model}），` +
            '不是主程序载入的模型。主程序以 MINSHENG_MODEL 指向同一模型重启后，新收到的留言才会用它分类。\n',
        );
        summary = await run(mainJobPort(running));
      } else {
        summary = await withStore(ctx, (store) => run(storeReclassifyPort(store.db, cliAdmin)), 'minsheng reclassify');
      }
      ctx.io.stdout(flags.json ? `${JSON.stringify({ ...summary, model }, null, 2)}\n` : summaryText(summary, model));
    });
};
