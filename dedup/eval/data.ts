/**
 * Loading the shared message sets for evaluation and benches. The data stays in /work/shared/data
 * (../shared/data from the repository): it is read, never copied into the repository.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DataRow {
  id: string;
  source: string;
  title: string;
  content: string;
  createdAt?: string;
  unit?: string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared data folder: ../shared/data relative to the repository. */
export const sharedMessagesDir = path.resolve(repoRoot, '../shared/data/messages');

export const dataSets = {
  dalian: 'dalian-train.jsonl',
  jiamusi: 'jiamusi-train.jsonl',
  beijing: 'beijing-train.jsonl',
  teddy: 'teddy2020c-topics.jsonl',
} as const;
export type DataSetName = keyof typeof dataSets;

export function loadRows(set: DataSetName, dir = sharedMessagesDir): DataRow[] {
  const text = readFileSync(path.join(dir, dataSets[set]), 'utf8');
  const rows: DataRow[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as DataRow;
    if (seen.has(row.id)) continue; // teddy repeats one id
    seen.add(row.id);
    rows.push({ ...row, title: row.title ?? '', content: row.content ?? '' });
  }
  return rows;
}

/** Every row of every set, by id. */
export function loadAllById(dir = sharedMessagesDir): Map<string, DataRow> {
  const byId = new Map<string, DataRow>();
  for (const set of Object.keys(dataSets) as DataSetName[]) for (const row of loadRows(set, dir)) byId.set(row.id, row);
  return byId;
}
