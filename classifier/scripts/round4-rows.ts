/**
 * The rows of the round-4 trials (round4-experiments.ts) and what every variant shares of them:
 * the labelled evaluation rows, the Teddy Cup board's blind reader labels (strict and lenient),
 * each row's allowed classes and its shipped features, extracted once. A module of its own so the
 * vectors (round4-vectors.ts) and the trainer (round4-training.ts) read the same rows and the
 * same extraction without passing them around.
 */
import { readEvaluationRows } from './evaluation-rows.js';
import { readTeddyRows } from './teddy-labels.js';
import { categories } from '../../core/index.js';
import { type LabeledRow } from '../data.js';
import { extractFeatures } from '../features.js';
import { parseLabel } from '../labels.js';

export const K = categories.length;
export const labeled = readEvaluationRows();
/** The Teddy Cup board's blind reader labels (teddy-labels.ts): a site no model here trains on (`teddy`, `teddyl` lenient). */
export const teddy = readTeddyRows();
export const teddyLenient = readTeddyRows({ lenient: true });
export const allRows = [...labeled, ...teddy, ...teddyLenient];
export const allowedOf = new Map<LabeledRow, number[]>(allRows.map((r) => [r, parseLabel(r.label).map((c) => categories.indexOf(c))]));
export const baseFeats = new Map<LabeledRow, string[]>(allRows.map((r) => [r, extractFeatures(r)]));
