/**
 * The READMEs' `minsheng …` commands against the commander program the CLI really builds
 * (cli/commands/index.ts): every command and `--option` written in README.md's command table, and
 * in any `minsheng …` code span of README.md, the folder READMEs and docs/production.md, exists, spelt that way; and
 * the reverse, every command of the CLI and each of its options is named in the command table, so
 * the table a clerk or operator acts on cannot drift from the code again.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands } from '../cli/commands/index.js';
import { createCliContext } from '../cli/program.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The program as `minsheng` builds it (cli/main.ts), without running anything. */
function buildProgram(): Command {
  const program = new Command('minsheng');
  const ctx = createCliContext({}, { stdout: () => {}, stderr: () => {} });
  for (const register of commands) register(program, ctx);
  return program;
}

const subcommand = (parent: Command, name: string) => parent.commands.find((c) => c.name() === name || c.aliases().includes(name));
const pathOf = (c: Command): string => (c.parent ? `${pathOf(c.parent)} ${c.name()}`.trim() : '');

/** A table row's cells: split on `|` that markdown does not escape (`\|` stays in the cell, as `|`). */
const cells = (row: string) =>
  row
    .replace(/^\s*\|/, '')
    .replace(/\|\s*$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.replaceAll('\\|', '|').trim());

const codeSpans = (text: string) => [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);

/** The commands of README.md's command table (the first cell of each row under `## Commands`), each code span one. */
export function tableSpans(readme: string): string[] {
  const section = readme.split(/^## Commands$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !/^\|\s*-/.test(line));
  return rows.slice(1).flatMap((row) => codeSpans(cells(row)[0] ?? ''));
}

interface Resolved {
  span: string;
  /** The command(s) the span names: more than one for `jobs failed|retry`. */
  targets: Command[];
  /** What is wrong with the span; empty when it holds. */
  problems: string[];
}

/**
 * Resolves one code span (`minsheng cases list [--state S] --json`, or a table cell's continuation
 * `cases split <台账编号> --message …`) against the program: the leading words that are commands
 * and subcommands, then every `--option` in the span, each of which the command must have.
 * `npm start` is `minsheng start`.
 */
export function resolveSpan(program: Command, raw: string): Resolved {
  const span = raw.replaceAll('\\|', '|');
  const text = span
    .replace(/^npx\s+/, '')
    .replace(/^npm start\b/, 'minsheng start')
    .replace(/^minsheng\b\s*/, '');
  const words = text.replace(/[[\]()]/g, ' ').split(/\s+/).filter(Boolean);
  const problems: string[] = [];
  let current = program;
  let targets: Command[] = [program];
  for (const word of words) {
    if (word.startsWith('-') || word.startsWith('<') || word === '…' || word === '...') break;
    const names = word.split('|');
    const found = names.map((name) => subcommand(current, name));
    if (found.every((c) => c !== undefined)) {
      targets = found as Command[];
      if (found.length > 1) break;
      current = found[0]!;
      continue;
    }
    // Past a command that does something, a word is its argument (台账编号, a URL); before one, a
    // command misspelt (`case list`, `cases vist`).
    if (current.commands.length > 0) problems.push(`no command "${`${pathOf(current)} ${word}`.trim()}"`);
    break;
  }
  for (const option of new Set(span.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? [])) {
    if (option === '--help') continue;
    for (const target of targets) {
      if (!target.options.some((o) => o.long === option)) problems.push(`"minsheng ${pathOf(target)}" has no option ${option}`);
    }
  }
  return { span: raw, targets, problems };
}

/** Every command that does something (a leaf: `cases list`, `backup`; not the group `cases`, nor commander's `help`). */
function leaves(c: Command): Command[] {
  return c.commands.flatMap((sub) => (sub.commands.length ? leaves(sub) : [sub]));
}

/** The folder READMEs (each folder's README.md, where there is one) and the operators' guide. */
const folderReadmes = [
  ...readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules' && existsSync(path.join(root, entry.name, 'README.md')))
    .map((entry) => `${entry.name}/README.md`),
  'docs/production.md',
];

describe("README.md's command table against the CLI", () => {
  const program = buildProgram();
  const readme = read('README.md');
  const table = tableSpans(readme);

  it('reads the table (it is where the test looks for it)', () => {
    expect(table.length).toBeGreaterThan(30);
    expect(table).toContain('minsheng cases show <台账编号> [--json] [--as <用户名>]');
  });

  it('names only commands and options the CLI has, spelt as the CLI spells them', () => {
    // Each span of the table names a command that does something, not a group (`cases`).
    const wrong = table.map((span) => resolveSpan(program, span)).filter((r) => r.problems.length || r.targets.some((t) => t.commands.length > 0));
    expect(wrong.map((r) => `${r.span}: ${r.problems.join('; ') || 'names no command'}`)).toEqual([]);
  });

  it('names every command of the CLI and every option of each', () => {
    const named = new Map<Command, Set<string>>();
    for (const span of table) {
      const r = resolveSpan(program, span);
      for (const target of r.targets) {
        const options = named.get(target) ?? new Set<string>();
        for (const option of span.replaceAll('\\|', '|').match(/(?<![\w-])--[a-z][a-z-]*/g) ?? []) options.add(option);
        named.set(target, options);
      }
    }
    const missing: string[] = [];
    for (const leaf of leaves(program)) {
      const options = named.get(leaf);
      if (!options) {
        missing.push(`minsheng ${pathOf(leaf)}`);
        continue;
      }
      for (const o of leaf.options) if (o.long && o.long !== '--help' && !options.has(o.long)) missing.push(`minsheng ${pathOf(leaf)} ${o.long}`);
    }
    expect(missing).toEqual([]);
  });

  it("finds a misspelt option, an unknown command and an option of another command (the check's own check)", () => {
    expect(resolveSpan(program, 'minsheng cases list [--state S] [--overdeu]').problems).toEqual(['"minsheng cases list" has no option --overdeu']);
    expect(resolveSpan(program, 'minsheng case list').problems).toEqual(['no command "case"']);
    expect(resolveSpan(program, 'cases vist <台账编号>').problems).toEqual(['no command "cases vist"']);
    expect(resolveSpan(program, 'cases split <台账编号> --into YT-1 --as 账号').problems).toEqual(['"minsheng cases split" has no option --into']);
    expect(resolveSpan(program, 'minsheng jobs failed\\|retry --all').problems).toEqual(['"minsheng jobs failed" has no option --all']);
    expect(resolveSpan(program, 'npm start').targets.map(pathOf)).toEqual(['start']);
  });
});

describe('every `minsheng …` written in the READMEs', () => {
  const program = buildProgram();
  it.each(['README.md', ...folderReadmes])('%s names only commands and options the CLI has', (file) => {
    const spans = codeSpans(read(file)).filter((s) => /^(npx\s+)?minsheng\s/.test(s.replaceAll('\\|', '|')));
    const wrong = spans.map((span) => resolveSpan(program, span)).filter((r) => r.problems.length);
    expect(wrong.map((r) => `${r.span}: ${r.problems.join('; ')}`)).toEqual([]);
  });
});

describe("the console's 使用说明 (web/console/js/pages/help-content.js)", () => {
  it('names only commands and options the CLI has', () => {
    const program = buildProgram();
    const text = read('web/console/js/pages/help-content.js');
    // Each command as the guide writes it in running text: up to the next Chinese punctuation or quote.
    const spans = [...text.matchAll(/minsheng [^，。；（）'`]+/g)].map((m) => m[0].trim());
    expect(spans.length).toBeGreaterThan(10);
    const wrong = spans.map((span) => resolveSpan(program, span)).filter((r) => r.problems.length || r.targets[0] === program);
    expect(wrong.map((r) => `${r.span}: ${r.problems.join('; ') || 'names no command'}`)).toEqual([]);
  });
});
