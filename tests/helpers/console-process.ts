/**
 * A console process on its own, for tests that kill one: opens the PostgreSQL store of
 * TEST_SCHEMA, serves the console with exports in TEST_EXPORT_DIR on 127.0.0.1 (port 0) and
 * prints `listening <url>` on stdout. Run with `node --import tsx tests/helpers/console-process.ts`.
 */
import { silentLogger } from '../../core/index.js';
import { createWebServer } from '../../web/index.js';
import { openStore } from '../../workflow/index.js';
import { testDatabaseUrl } from './services.js';

const schema = process.env.TEST_SCHEMA;
const exportDir = process.env.TEST_EXPORT_DIR;
if (!schema || !exportDir) throw new Error('TEST_SCHEMA and TEST_EXPORT_DIR are required');
const store = await openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 4 });
const app = await createWebServer({ store, logger: silentLogger, exports: { exportDir }, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
