/**
 * Evaluation figures: accuracy, macro-F1, per-class precision/recall/F1, the confusion matrix,
 * and calibration (expected calibration error with a reliability table).
 * A row whose label merges categories (`投诉|求助`) is right when the prediction is any of them;
 * in the confusion matrix it counts under the predicted class when right, else under its first
 * member. Macro-F1 averages the classes that occur as a gold label or a prediction.
 */
import { categories, type Category } from '../core/domain.js';

export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

export interface EvaluationReport {
  rows: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<Category, ClassFigures>;
  /** confusion[gold][predicted] */
  confusion: Record<Category, Record<Category, number>>;
  /** Expected calibration error of the top probability (10 equal-width bins). */
  ece: number;
  reliability: ReliabilityBin[];
  /** Accuracy over rows whose confidence is at least 0.9, and how many there were. */
  confident: { rows: number; accuracy: number };
}

export interface ScoredRow {
  allowed: Category[];
  predicted: Category;
  confidence: number;
}

/**
 * Expected calibration error of a shown confidence, with its reliability table (10 equal-width
 * bins): how far the mean confidence in each bin is from how often the suggestion was right.
 */
export function calibrationOf(rows: readonly { confidence: number; right: boolean }[]): { ece: number; reliability: ReliabilityBin[] } {
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, count: 0, conf: 0, right: 0 }));
  for (const row of rows) {
    const bin = bins[Math.min(9, Math.floor(row.confidence * 10))]!;
    bin.count++;
    bin.conf += row.confidence;
    if (row.right) bin.right++;
  }
  let ece = 0;
  const reliability = bins.map((b) => {
    if (b.count) ece += (b.count / rows.length) * Math.abs(b.conf / b.count - b.right / b.count);
    return { from: b.from, to: b.to, count: b.count, meanConfidence: b.count ? b.conf / b.count : 0, accuracy: b.count ? b.right / b.count : 0 };
  });
  return { ece, reliability };
}

/** Wilson 95% interval of k successes in n ([NaN, NaN] when n is 0). */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [NaN, NaN];
  const z = 1.96;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [centre - half, centre + half];
}

const zeroRow = (): Record<Category, number> => Object.fromEntries(categories.map((c) => [c, 0])) as Record<Category, number>;

/** Computes the report from scored rows. */
export function computeReport(rows: ScoredRow[]): EvaluationReport {
  const confusion = Object.fromEntries(categories.map((c) => [c, zeroRow()])) as Record<Category, Record<Category, number>>;
  let correct = 0;
  let confidentRows = 0;
  let confidentRight = 0;
  for (const row of rows) {
    const right = row.allowed.includes(row.predicted);
    if (right) correct++;
    const gold = right ? row.predicted : row.allowed[0]!;
    confusion[gold][row.predicted]++;
    if (row.confidence >= 0.9) {
      confidentRows++;
      if (right) confidentRight++;
    }
  }
  const perClass = {} as Record<Category, ClassFigures>;
  const f1s: number[] = [];
  for (const c of categories) {
    const tp = confusion[c][c];
    let goldN = 0;
    let predN = 0;
    for (const o of categories) {
      goldN += confusion[c][o];
      predN += confusion[o][c];
    }
    const precision = predN ? tp / predN : 0;
    const recall = goldN ? tp / goldN : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[c] = { precision, recall, f1, support: goldN };
    if (goldN || predN) f1s.push(f1);
  }
  const n = rows.length;
  const { ece, reliability } = calibrationOf(rows.map((row) => ({ confidence: row.confidence, right: row.allowed.includes(row.predicted) })));
  return {
    rows: n,
    accuracy: n ? correct / n : 0,
    macroF1: f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
    perClass,
    confusion,
    ece,
    reliability,
    confident: { rows: confidentRows, accuracy: confidentRows ? confidentRight / confidentRows : 0 },
  };
}

const pct = (x: number) => (x * 100).toFixed(1);

/** The report as staff-facing text (Chinese). */
export function formatReport(report: EvaluationReport, title = '评估结果'): string {
  const lines = [`${title}：${report.rows} 条`, `准确率 ${pct(report.accuracy)}%  宏平均F1 ${report.macroF1.toFixed(3)}  ECE ${report.ece.toFixed(3)}`];
  lines.push(`置信度≥0.9 的 ${report.confident.rows} 条中正确 ${pct(report.confident.accuracy)}%`);
  lines.push('类别    精确率  召回率  F1     样本');
  for (const c of categories) {
    const f = report.perClass[c];
    lines.push(`${c}    ${pct(f.precision).padStart(5)}%  ${pct(f.recall).padStart(5)}%  ${f.f1.toFixed(3)}  ${f.support}`);
  }
  // The header on its own line, each name right-aligned over its cells. The names are CJK, two
  // terminal columns a character (padStart counts characters, not columns).
  const cell = 5;
  const nameColumns = (name: string) => name.length * 2;
  const labelColumns = 2 + Math.max(...categories.map(nameColumns)) + 2;
  lines.push('混淆矩阵（行=标注，列=预测）：');
  lines.push(`${' '.repeat(labelColumns)}${categories.map((p) => `${' '.repeat(cell - nameColumns(p))}${p}`).join(' ')}`);
  for (const g of categories) lines.push(`  ${g}${' '.repeat(labelColumns - 2 - nameColumns(g))}${categories.map((p) => String(report.confusion[g][p]).padStart(cell)).join(' ')}`);
  lines.push('可靠性（置信区间：条数 平均置信 实际准确）：');
  for (const b of report.reliability) if (b.count) lines.push(`  ${b.from.toFixed(1)}-${b.to.toFixed(1)}: ${b.count}  ${b.meanConfidence.toFixed(2)}  ${b.accuracy.toFixed(2)}`);
  return lines.join('\n') + '\n';
}
