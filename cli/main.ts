/**
 * Entry of the `minsheng` command. Takes argv as a parameter so tests never touch process.argv
 * (house style 6). Returns the exit code.
 */
import { Command, CommanderError } from 'commander';
import { AppError, describeError } from '../core/index.js';
import { translateCommanderError, useChinese } from './commander-chinese.js';
import { createCliContext, type CliIo, type RegisterCommand } from './program.js';
import { commands } from './commands/index.js';
import { printableLines, shownIo } from './terminal-text.js';

/**
 * The process's stdout and stderr. When the reader goes away (`minsheng cases list | head`), the
 * rest of the output is dropped quietly (EPIPE) and the command finishes as it would have: a
 * running main job is not brought down by a closed pipe.
 */
function processIo(): CliIo {
  const closed = new Set<NodeJS.WriteStream>();
  const guard = (stream: NodeJS.WriteStream) => {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed.add(stream);
    });
    return (text: string) => {
      if (!closed.has(stream)) stream.write(text);
    };
  };
  return { stdout: guard(process.stdout), stderr: guard(process.stderr) };
}

let defaultIo: CliIo | undefined;

/** commander's codes for a command line it cannot parse. */
const usageErrors = new Set([
  'commander.unknownOption',
  'commander.unknownCommand',
  'commander.missingMandatoryOptionValue',
  'commander.optionMissingArgument',
  'commander.missingArgument',
  'commander.excessArguments',
  'commander.conflictingOption',
  'commander.invalidArgument',
]);

export async function main(argv: string[], options: { env?: NodeJS.ProcessEnv; io?: CliIo } = {}): Promise<number> {
  // Bidi controls in stored text shown as U+FFFD whatever the command prints (terminal-text.ts).
  const io = shownIo(options.io ?? (defaultIo ??= processIo()));
  const ctx = createCliContext(options.env ?? process.env, io);
  const program = useChinese(new Command('minsheng'))
    .description('民声：印台区网民留言收集、分类与办理系统')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(translateCommanderError(text)) });
  for (const register of commands as RegisterCommand[]) register(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    // A mistyped command line exits 2, as a bad value does (help and --help keep commander's code).
    if (error instanceof CommanderError) return error.exitCode === 1 && usageErrors.has(error.code) ? 2 : error.exitCode;
    const prefix = error instanceof AppError ? '' : '内部错误：';
    // A message may quote a site's text or the server's answer: printed without control characters.
    io.stderr(`错误：${prefix}${printableLines(describeError(error))}\n`);
    return error instanceof AppError && error.code === 'BAD_INPUT' ? 2 : 1;
  }
}
