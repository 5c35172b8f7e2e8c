/**
 * README.md's Configuration table against core/config.ts: every variable the table names is one
 * loadConfig reads, every variable it reads is in the table, and each default the table gives as a
 * plain value (`14`, `minsheng`, `/usr/bin/chromium`) is the default loadConfig applies.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envNames, loadConfig, type Config } from '../core/config.js';

const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** The table's rows: the variables of the first cell and the default cell, as written. */
function configurationRows(): { variables: string[]; defaults: string }[] {
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.replace(/^\|/, '').replace(/\|\s*$/, '').split(/(?<!\\)\|/);
      return { variables: [...(cells[0] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!), defaults: (cells.at(-1) ?? '').trim() };
    });
}

describe("README.md's Configuration table", () => {
  const rows = configurationRows();
  const keyOf = new Map(Object.entries(envNames).map(([key, name]) => [name, key as keyof Config]));

  it('names exactly the variables core/config.ts reads', () => {
    const named = rows.flatMap((r) => r.variables);
    expect(named.length).toBeGreaterThan(20);
    expect([...named].sort()).toEqual(Object.values(envNames).sort());
  });

  it('gives the defaults loadConfig applies', () => {
    const defaults = loadConfig({});
    const checked: string[] = [];
    for (const row of rows) {
      // `a`, `b` for a row of two variables; a default in words (unset, generated, <data dir>/…) is not compared.
      const values = [...row.defaults.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      if (values.length !== row.variables.length || values.some((v) => v.includes('<'))) continue;
      row.variables.forEach((name, i) => {
        const key = keyOf.get(name)!;
        const expected = key === 'dataDir' ? path.resolve(values[i]!) : values[i];
        expect(String(defaults[key]), name).toBe(expected);
        checked.push(name);
      });
    }
    expect(checked).toEqual(expect.arrayContaining(['MINSHENG_DATA_DIR', 'MINSHENG_BACKUP_KEEP', 'PORT', 'MINSHENG_DEADLINE_SCAN_EVERY', 'LOG_FORMAT']));
  });
});
