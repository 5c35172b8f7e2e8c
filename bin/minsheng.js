#!/usr/bin/env node
// The `minsheng` command. The project runs from its TypeScript sources through tsx, so a
// fresh clone needs no build step.
import { register } from 'tsx/esm/api';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
register();
const { main } = await import('../cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
