/**
 * Entry of the `minsheng` command. Takes argv as a parameter so tests never touch process.argv
 * (house style 6). Returns the exit code.
 */
import { Command, CommanderError } from 'commander';
import { AppError, describeError } from '../core/index.js';
import { createCliContext, type CliIo, type RegisterCommand } from './program.js';
import { commands } from './commands/index.js';

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export async function main(argv: string[], options: { env?: NodeJS.ProcessEnv; io?: CliIo } = {}): Promise<number> {
  const io = options.io ?? defaultIo;
  const ctx = createCliContext(options.env ?? process.env, io);
  const program = new Command('minsheng')
    .description('民声：印台区网民留言收集、分类与办理系统')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of commands as RegisterCommand[]) register(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const prefix = error instanceof AppError ? '' : '内部错误：';
    io.stderr(`错误：${prefix}${describeError(error)}\n`);
    return error instanceof AppError && error.code === 'BAD_INPUT' ? 2 : 1;
  }
}
