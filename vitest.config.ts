import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites share PostgreSQL and Redis; files run in parallel, each on its own schema/queue.
    pool: 'forks',
    maxWorkers: 2,
    env: { DOTENV_CONFIG_QUIET: 'true' },
    // expect.poll waits for what a page shows after a server round trip (a toast, a refreshed
    // table); one second, the default, is too short when a step hashes a password or the machine
    // is loaded, and a poll that succeeds returns at once, so a longer bound costs nothing.
    expect: { poll: { timeout: 15_000 } },
  },
});
