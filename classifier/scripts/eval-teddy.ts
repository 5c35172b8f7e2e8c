/**
 * The committed category model on the fresh cross-site test (teddy-labels.ts): a city board it
 * never trained on, labelled blind by a reader.
 *   npx tsx classifier/scripts/eval-teddy.ts [--lenient] [--model FILE]
 * --lenient also counts the second class a borderline label's note names. Prints accuracy,
 * macro-F1, per-class figures, the confusion matrix and calibration (classifier/metrics.ts).
 */
import { loadClassifier } from '../index.js';
import { evaluate } from '../evaluate.js';
import { formatReport } from '../metrics.js';
import { readTeddyRows } from './teddy-labels.js';

const args = process.argv.slice(2);
const modelAt = args.indexOf('--model');
const lenient = args.includes('--lenient');
const classifier = await loadClassifier(modelAt >= 0 ? { modelFile: args[modelAt + 1]! } : {});
const rows = readTeddyRows({ lenient });
const report = evaluate(classifier, rows);
process.stdout.write(formatReport(report, `泰迪杯留言（读者盲标 ${rows.length} 条${lenient ? '，含“也可”类别' : ''}；模型 ${classifier.version}）`) + '\n');
