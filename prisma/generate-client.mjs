// Generates the Prisma client into prisma/generated (run by `npm install` / `npm ci`).
// Prisma looks for a schema-engine binary that it would download from its own host, which is out
// of reach offline; generation itself runs in WebAssembly and never executes that binary, so a
// placeholder path is given (docs/stack.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../node_modules/prisma/build/index.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('prisma 未安装，跳过生成 Prisma 客户端');
  process.exit(0);
}
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const result = spawnSync(process.execPath, [cli, 'generate', '--schema', 'prisma/schema.prisma'], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
