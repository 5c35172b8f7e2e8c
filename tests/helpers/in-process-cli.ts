/**
 * `minsheng <args>` run in the test's own process through the real CLI entry (cli/main.ts, argv as
 * a parameter), on the fixture's PostgreSQL schema: what a staff member at the server sees, its
 * exit code and both streams, without a process of its own. For the commands as they run next to
 * a main job holding the embedded store, see main-job-stand-in.ts.
 */
import { main } from '../../cli/main.js';
import { databaseUrl } from '../workflow-fixtures.js';

/** What one command printed, and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `minsheng <args>`, run in this process. */
export type MinshengRunner = (...args: string[]) => Promise<CliRun>;

/**
 * A runner for `minsheng` on the schema `schema` (a workflow fixture's), quiet logs; `env` adds to
 * (or replaces) its environment, such as MINSHENG_DATA_DIR.
 */
export function inProcessMinsheng(schema: string, env: NodeJS.ProcessEnv = {}): MinshengRunner {
  return async (...args) => {
    let out = '';
    let err = '';
    const code = await main(args, {
      env: { DATABASE_URL: `${databaseUrl}?schema=${schema}`, LOG_LEVEL: 'silent', ...env },
      io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
    });
    return { code, out, err };
  };
}
