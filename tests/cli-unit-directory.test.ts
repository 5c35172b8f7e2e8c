/**
 * `minsheng start` (a real process) with a unit directory (MINSHENG_UNITS) staff got wrong: it
 * stops at once, before opening the store, with the unit, the field and its line and column.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-units-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['bin/minsheng.js', 'start'], { env: { ...process.env, PORT: '0', MINSHENG_DEMO_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b: Buffer) => void (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (output += b.toString()));
  const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe('minsheng start with a wrong unit directory', () => {
  it('names the unit, the field and its line and column, and opens no store', { timeout: 90_000 }, async () => {
    const units = path.join(dir, 'units.json');
    await writeFile(units, ['{', '  "units": [', '    { "name": "区住建局", "keywords": ["物业"] },', '    { "name": "区教育局", "kind": "bureau", "keywords": ["学校"] }', '  ]', '}', ''].join('\n'));
    const dataDir = path.join(dir, 'data');
    const run = await start({ MINSHENG_UNITS: units, MINSHENG_DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    expect(run.output).toContain(`错误：单位目录 ${units}，单位 区教育局：units[1].kind 的值无效，应为 "department"、"town" 之一（第 4 行第 23 列）`);
    expect(existsSync(dataDir)).toBe(false);
  });
});
