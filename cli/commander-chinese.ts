/**
 * commander's own words (help headings, the help option and command, parse errors) in Simplified
 * Chinese. Set on the program before any command is added: subcommands inherit it.
 * commander has no message catalogue, so its English errors are matched by their wording;
 * cli/commander-chinese.test.ts fails when an upgrade changes one.
 */
import type { Command, Option } from 'commander';
import { displayWidth, wrapText } from './terminal-text.js';

const titles: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

const usageWords: Record<string, string> = { '[options]': '[选项]', '[command]': '[命令]' };

/** commander's parse errors, as it words them (lib/command.js), and their Chinese. */
const errors: [RegExp, (...groups: string[]) => string][] = [
  [/^error: unknown option '(.+?)'/, (flag) => `未知选项 ${flag}`],
  [/^error: unknown command '(.+?)'/, (name) => `未知命令 ${name}`],
  [/^error: required option '(.+?)' not specified/, (flags) => `缺少必填选项 ${flags}`],
  [/^error: option '(.+?)' argument missing/, (flags) => `选项 ${flags} 缺少值`],
  [/^error: missing required argument '(.+?)'/, (name) => `缺少必填参数 ${name}`],
  [/^error: too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\./, (name, expected, got) => `${name ? `命令 ${name} ` : ''}参数过多：应为 ${expected} 个，实际 ${got} 个`],
  [/^error: (?:option|environment variable) '(.+?)' cannot be used with (?:option|environment variable) '(.+?)'/, (a, b) => `选项 ${a} 不能与 ${b} 同时使用`],
  [/^error: option '(.+?)' argument '(.*?)' is invalid\./, (flags, value) => `选项 ${flags} 的值 ${value} 无效`],
  [/^error: command-argument value '(.*?)' is invalid for argument '(.+?)'\./, (value, name) => `参数 ${name} 的值 ${value} 无效`],
];

/** One of commander's error lines in Chinese (with its "did you mean" hint); unknown wording keeps its text after 错误：. */
export function translateCommanderError(text: string): string {
  const [first = '', ...more] = text.replace(/\n$/, '').split('\n');
  let line = `错误：${first.replace(/^error: /, '')}`;
  for (const [pattern, chinese] of errors) {
    const m = pattern.exec(first);
    if (m) {
      // What follows commander's sentence is ours (an InvalidArgumentError's message).
      const tail = first.slice(m[0].length).trim();
      line = `错误：${chinese(...m.slice(1).map((g) => g ?? ''))}${tail ? `：${tail}` : ''}`;
      break;
    }
  }
  const hints = more.map((hint) => {
    const one = /^\(Did you mean (?:one of )?(.+)\?\)$/.exec(hint);
    return one ? `（是否想输入：${one[1]!.split(', ').join('、')}？）` : hint;
  });
  return [line, ...hints, '用 --help 查看用法'].join('\n') + '\n';
}

function optionDescription(option: Option): string {
  const shown = option.defaultValue !== undefined && (option.required || option.optional);
  const value = option.defaultValueDescription ?? (typeof option.defaultValue === 'string' ? option.defaultValue : JSON.stringify(option.defaultValue));
  const extras = [option.argChoices ? `可选：${option.argChoices.join('、')}` : '', shown ? `默认：${value}` : '', option.envVar ? `环境变量：${option.envVar}` : ''].filter(Boolean);
  return extras.length ? `${option.description}（${extras.join('，')}）` : option.description;
}

const chineseUsageWords = (text: string) =>
  text
    .split(' ')
    .map((word) => usageWords[word] ?? word)
    .join(' ');

/** Makes `program`'s help and errors Chinese; call before adding commands. */
export function useChinese(program: Command): Command {
  return program
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .configureHelp({
      styleTitle: (title: string) => titles[title] ?? title,
      styleUsage: chineseUsageWords,
      styleSubcommandTerm: chineseUsageWords,
      optionDescription,
      // Columns as a terminal shows Chinese (two per character), and lines broken between characters.
      displayWidth,
      boxWrap: wrapText,
    });
}
