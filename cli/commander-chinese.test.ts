/**
 * commander's help and parse errors in Chinese: through the real `minsheng` entry, and through a
 * small program for the errors no minsheng command can produce. Each error below is commander's
 * own wording, so an upgrade that rewords one fails here.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { translateCommanderError, useChinese } from './commander-chinese.js';
import { displayWidth } from './terminal-text.js';

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { env: { MINSHENG_DATA_DIR: '/nonexistent/minsheng-cli-test', LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  return { code, out, err };
}

const english = /Usage|Options|Commands|display help|error:|unknown|required|missing|argument|Did you mean|\(default/;

describe('minsheng help', () => {
  it('is Chinese at every level, with aligned Chinese columns', async () => {
    for (const argv of [['--help'], ['cases', '--help'], ['cases', 'list', '--help'], ['export', '--help'], ['help', 'calendar'], ['calendar', 'due', '--help']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.out, argv.join(' ')).toMatch(/^用法： minsheng/);
      expect(r.out, argv.join(' ')).not.toMatch(english);
    }
    const top = (await run(['--help'])).out;
    expect(top).toContain('选项：');
    expect(top).toContain('命令：');
    expect(top).toContain('-h, --help');
    expect(top).toContain('显示帮助');
    expect(top).toContain('help [命令]');
    expect(top).toContain('[选项] [命令]');
    // Descriptions start in one column although some terms hold Chinese ("start [选项]", "cases").
    const starts = top
      .split('\n')
      .filter((l) => /^ {2}(start|cases|calendar|help) /.test(l))
      .map((l) => displayWidth(/^ {2}\S+(?: \S+)? +/u.exec(l)![0]));
    expect(starts).toHaveLength(4);
    expect(new Set(starts).size).toBe(1);
    expect((await run(['export', '--help'])).out).toContain('每次读取条数（默认：500）');
  });
  it('prints the help to stderr and fails when a command group is given no subcommand', async () => {
    const r = await run(['cases']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('用法： minsheng cases');
    expect(r.err).not.toMatch(english);
  });
});

describe('minsheng parse errors', () => {
  it('are Chinese, end with a hint, and exit 2', async () => {
    const cases: [string[], string][] = [
      [['export', '--format', 'json'], '错误：缺少必填选项 --out <file>'],
      [['cases', 'list', '--bogus'], '错误：未知选项 --bogus'],
      [['cases', 'list', '--jsn'], '（是否想输入：--json？）'],
      [['exprot'], '错误：未知命令 exprot\n（是否想输入：export？）'],
      [['calendar', 'due', '--from'], '错误：选项 --from <date> 缺少值'],
      [['cases', 'list', 'extra'], '错误：命令 list 参数过多：应为 0 个，实际 1 个'],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.err, argv.join(' ')).toContain(message);
      expect(r.err, argv.join(' ')).toContain('用 --help 查看用法');
      expect(r.err, argv.join(' ')).not.toMatch(english);
      expect(r.code, argv.join(' ')).toBe(2);
    }
  });
  it('covers the errors of arguments, conflicts and rejected values', async () => {
    let err = '';
    const program = () =>
      useChinese(new Command('t'))
        .exitOverride()
        .configureOutput({ writeOut: () => {}, writeErr: (t) => void (err += t), outputError: (t, write) => write(translateCommanderError(t)) })
        .argument('<file>', '文件')
        .addOption(new Option('--a').conflicts('b'))
        .option('--b')
        .option('--n <n>', '数', (v) => {
          if (!/^\d+$/.test(v)) throw new InvalidArgumentError('应为数字');
          return v;
        })
        .action(() => {});
    for (const [argv, message] of [
      [[], '错误：缺少必填参数 file'],
      [['f', '--a', '--b'], '错误：选项 --a 不能与 --b 同时使用'],
      [['f', '--n', 'x'], '错误：选项 --n <n> 的值 x 无效：应为数字'],
    ] as const) {
      err = '';
      await expect(program().parseAsync([...argv], { from: 'user' })).rejects.toThrow();
      expect(err).toContain(message);
      expect(err).not.toMatch(/error:|Expected|cannot be used|is invalid/);
    }
  });
});
