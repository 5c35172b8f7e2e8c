/**
 * `minsheng evaluate --from-store`: how the suggestions fared against staff decisions, read from
 * the store or from the running main job that holds the embedded store, and written as Chinese
 * tables. A period without any reviewed case is said in one sentence, not as a table of zeros.
 */
import { categories } from '../core/index.js';
import type { AgreementPeriod, Proportion, SuggestionAgreement } from '../workflow/index.js';
import type { CliContext } from './program.js';
import { formatTable } from './terminal-text.js';
import { askMainJob, runningMainJob, withStore } from './with-store.js';

export async function readSuggestionAgreement(ctx: CliContext, period: AgreementPeriod): Promise<SuggestionAgreement> {
  const running = await runningMainJob(ctx);
  if (running) {
    const query = new URLSearchParams({ ...(period.from ? { from: period.from } : {}), ...(period.to ? { to: period.to } : {}) }).toString();
    return askMainJob<SuggestionAgreement>(running, `/api/console/suggestion-agreement${query ? `?${query}` : ''}`);
  }
  return withStore(ctx, async (store) => (await import('../workflow/index.js')).measureSuggestionAgreement(store.db, period), 'minsheng evaluate --from-store');
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** `83.3%（5/6，95% 区间 43.6%–97.0%）`, or `—（0 件）`. */
export function proportionText(p: Proportion): string {
  if (p.share === null) return '—（0 件）';
  return `${pct(p.share)}（${p.k}/${p.n}，95% 区间 ${pct(p.low)}–${pct(p.high)}）`;
}

export function periodText(r: Pick<SuggestionAgreement, 'from' | 'to'>): string {
  if (!r.from && !r.to) return '全部时间';
  return `${r.from ?? '最早'} 至 ${r.to ?? '今天'}`;
}

/** True when the period holds no case decision to compare with (de-duplication may still have figures). */
export function nothingReviewed(r: SuggestionAgreement): boolean {
  return r.reviewed === 0 && r.unit.agreement.n === 0 && r.unit.withoutSuggestion === 0;
}

function duplicatesLine(r: SuggestionAgreement): string {
  const d = r.duplicates;
  return `重复留言：自动关联 ${d.links} 条，其中被工作人员拆分为误判 ${d.split} 条，精确率 ${pct(d.precision)}；工作人员合并漏判的重复 ${d.merges} 次\n`;
}

function categorySection(r: SuggestionAgreement): string {
  const c = r.category;
  if (c.agreement.n === 0) return '一、分类：本期没有工作人员确认或更正分类的案件\n';
  let out = `一、分类：工作人员登记时确认或更正分类 ${c.agreement.n} 件，与建议一致 ${proportionText(c.agreement)}\n`;
  out += formatTable([['类别', '精确率', '召回率', 'F1', '建议为此类', '确定为此类'], ...c.perClass.map((x) => [x.category, pct(x.precision), pct(x.recall), x.f1 === null ? '—' : x.f1.toFixed(3), String(x.suggested), String(x.decided)])]);
  out += '  混淆矩阵（行＝建议的类别，列＝工作人员确定的类别）：\n';
  out += formatTable([['', ...categories], ...categories.map((s) => [s, ...categories.map((d) => String(c.confusion[s][d]))])], '    ');
  out += '  按置信度分段（建议给出的置信度与实际正确的比例）：\n';
  out += formatTable([['置信度', '件数', '平均置信度', '实际正确'], ...c.calibration.map((b) => [b.label, String(b.right.n), b.meanConfidence === null ? '—' : b.meanConfidence.toFixed(2), b.right.n ? `${pct(b.right.share)}（${b.right.k}/${b.right.n}）` : '—'])], '    ');
  return out;
}

function outOfScopeSection(r: SuggestionAgreement): string {
  const o = r.outOfScope;
  const { flaggedOut, flaggedIn, missed, neither } = o.counts;
  let out = `二、不予受理：作出受理决定的 ${flaggedOut + flaggedIn + missed + neither} 件中，建议不予受理 ${flaggedOut + flaggedIn} 件，工作人员决定不予受理 ${flaggedOut + missed} 件\n`;
  out += `  精确率 ${proportionText(o.precision)}：建议不予受理的，工作人员也决定不予受理\n`;
  out += `  召回率 ${proportionText(o.recall)}：工作人员决定不予受理的，事先已有建议\n`;
  out += formatTable([['', '决定不予受理', '决定受理'], ['建议不予受理', String(flaggedOut), String(flaggedIn)], ['未建议', String(missed), String(neither)]], '    ');
  if (o.reasons.length) {
    out += '  各项决定理由，建议中是否提到：\n';
    out += formatTable([['理由', '决定件数', '建议中提到'], ...o.reasons.map((x) => [x.name, String(x.decided), `${pct(x.named.share)}（${x.named.k}/${x.named.n}）`])], '    ');
  }
  return out;
}

function otherSections(r: SuggestionAgreement): string {
  return (
    `三、复杂程度与紧急程度（登记的案件）：复杂程度一致 ${proportionText(r.complexity)}，紧急程度一致 ${proportionText(r.urgency)}\n` +
    `四、承办单位（已拟办或交办的案件）：与建议一致 ${proportionText(r.unit.agreement)}${r.unit.withoutSuggestion ? `；另有 ${r.unit.withoutSuggestion} 件没有建议承办单位` : ''}\n` +
    `五、${duplicatesLine(r)}`
  );
}

function monthSection(r: SuggestionAgreement): string {
  if (r.months.length === 0) return '';
  return (
    '六、按月（北京时间，按工作人员作出决定的日期）：\n' +
    formatTable([['月份', '分类一致', '不予受理精确率', '不予受理召回率'], ...r.months.map((m) => [m.month, proportionText(m.category), proportionText(m.outOfScopePrecision), proportionText(m.outOfScopeRecall)])])
  );
}

/** The report as Chinese text for a terminal. */
export function formatSuggestionAgreement(r: SuggestionAgreement): string {
  const head = `建议准确率（以本区工作人员的审核决定为准）：${periodText(r)}\n`;
  if (nothingReviewed(r)) {
    const duplicates = r.duplicates.links || r.duplicates.merges ? duplicatesLine(r) : '';
    return `${head}该期间没有工作人员审核过的案件，无从比较分类、不予受理等建议。\n${duplicates}`;
  }
  return [
    `${head}审核过的案件 ${r.reviewed} 件${r.withoutSuggestion ? `（其中 ${r.withoutSuggestion} 件的留言没有保存分类建议，未计入）` : ''}\n`,
    categorySection(r),
    outOfScopeSection(r),
    otherSections(r),
    monthSection(r),
  ].join('\n');
}
