/** Opens the configured store for one command and always closes it. */
import { openStore, type Store } from '../workflow/index.js';
import type { CliContext } from './program.js';

export async function withStore<T>(ctx: CliContext, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = ctx.config();
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: ctx.logger() });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
