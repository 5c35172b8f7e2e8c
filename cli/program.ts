/**
 * The CLI's shared plumbing: how a command gets its configuration, logger and output streams.
 * Commands are thin: they parse flags, call pipeline/workflow/classifier, and print.
 */
import type { Command } from 'commander';
import { loadConfig, createLogger, type Config, type Logger } from '../core/index.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliContext {
  /** The configuration, read once per invocation. */
  config: () => Config;
  logger: () => Logger;
  io: CliIo;
  env: NodeJS.ProcessEnv;
  /** Sets the exit code `main` returns (per invocation: never process.exitCode, which tests would share). */
  setExitCode(code: number): void;
  readonly exitCode: number;
}

/** Each file in cli/commands exports one of these. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export function createCliContext(env: NodeJS.ProcessEnv, io: CliIo): CliContext {
  let config: Config | undefined;
  let logger: Logger | undefined;
  let exitCode = 0;
  return {
    env,
    io,
    setExitCode: (code) => {
      exitCode = code;
    },
    get exitCode() {
      return exitCode;
    },
    config: () => (config ??= loadConfig(env)),
    logger: () => {
      const c = (config ??= loadConfig(env));
      return (logger ??= createLogger({ level: c.logLevel, format: c.logFormat }));
    },
  };
}
