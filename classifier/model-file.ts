/**
 * The model file: gzipped JSON. Weights are stored as 16-bit integers (base64) with one scale
 * per model, which keeps the committed default model to a few MB and loses nothing that
 * matters (relative error < 1e-4 of the largest weight). A file may also carry an out-of-scope
 * model (`outOfScope`, written by `minsheng train --from-store`), stored as in its own file; files
 * without one are written and read exactly as before, and the format version stays 1 (a reader
 * that does not know the field screens with the committed out-of-scope model).
 * Format version 2 (thirteenth session): the category model has per-group norms (`featureNorm`),
 * which a version-1 reader would silently score with one norm; it refuses version 2 instead. A
 * file with a one-norm category model is still written as version 1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BadInputError } from '../core/errors.js';
import { packOutOfScopeModel, unpackOutOfScopeModel, type StoredOutOfScopeModel } from './out-of-scope-model.js';
import type { LinearModelData, TrainedModel } from './types.js';

interface StoredLinear extends Omit<LinearModelData, 'weights' | 'features'> {
  features: string;
  weights: string;
  scale: number;
}

interface StoredModel extends Omit<TrainedModel, 'category' | 'unit' | 'outOfScope'> {
  category: StoredLinear;
  unit: StoredLinear | null;
  /** Only in files that carry their own out-of-scope model; a file without it is written and read as before. */
  outOfScope?: StoredOutOfScopeModel;
}

function packLinear(m: LinearModelData): StoredLinear {
  let max = 0;
  for (const w of m.weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(m.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round(m.weights[i]! / scale);
  return {
    kind: 'linear',
    classes: m.classes,
    bias: m.bias.map((b) => Math.round(b * 1e6) / 1e6),
    temperature: m.temperature,
    ...(m.featureNorm ? { featureNorm: m.featureNorm } : {}),
    features: m.features.join('\n'),
    weights: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64'),
    scale,
  };
}

function unpackLinear(s: StoredLinear): LinearModelData {
  const bytes = Buffer.from(s.weights, 'base64');
  const q = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = q[i]! * s.scale;
  const features = s.features === '' ? [] : s.features.split('\n');
  if (weights.length !== features.length * s.classes.length) throw new BadInputError('模型文件已损坏：权重数量与特征数量不符');
  if (s.featureNorm !== undefined && s.featureNorm !== 'per-group') throw new BadInputError(`模型文件的特征归一化方式未知：${String(s.featureNorm)}`);
  return { kind: 'linear', classes: s.classes, bias: s.bias, temperature: s.temperature, features, weights, ...(s.featureNorm ? { featureNorm: s.featureNorm } : {}) };
}

/** The model as gzipped JSON bytes. */
export function serializeModel(model: TrainedModel): Buffer {
  const { outOfScope, ...rest } = model;
  const stored: StoredModel = { ...rest, formatVersion: model.category.featureNorm ? 2 : 1, category: packLinear(model.category), unit: model.unit ? packLinear(model.unit) : null, ...(outOfScope ? { outOfScope: packOutOfScopeModel(outOfScope) } : {}) };
  return gzipSync(JSON.stringify(stored), { level: 9 });
}

/** Parses model bytes (gzipped or plain JSON); throws BadInputError when it is not a model. */
export function parseModel(bytes: Buffer, name = '模型文件'): TrainedModel {
  let stored: StoredModel;
  try {
    const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    stored = JSON.parse(text) as StoredModel;
  } catch (error) {
    throw new BadInputError(`${name} 无法解析：不是 gzip 压缩的 JSON 模型`, { cause: error });
  }
  if (stored?.format !== 'minsheng-classifier' || (stored.formatVersion !== 1 && stored.formatVersion !== 2) || !stored.category) {
    throw new BadInputError(`${name} 不是本系统的分类模型（格式或版本不符）`);
  }
  const { outOfScope, ...rest } = stored;
  return {
    ...rest,
    category: unpackLinear(stored.category),
    unit: stored.unit ? unpackLinear(stored.unit) : null,
    ...(outOfScope ? { outOfScope: unpackOutOfScopeModel(outOfScope, `${name} 中的不予受理模型`) } : {}),
  };
}

export function writeModelFile(file: string, model: TrainedModel): void {
  writeFileSync(file, serializeModel(model));
}

export function readModelFile(file: string): TrainedModel {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new BadInputError(`无法读取模型文件 ${file}`, { cause: error });
  }
  return parseModel(bytes, file);
}
