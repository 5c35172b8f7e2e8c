/** Every CLI command, in the order `minsheng --help` lists them. Add one import and one entry per command. */
import type { RegisterCommand } from '../program.js';
import { registerCasesCommand } from './cases.js';
import { registerDemoSiteCommand } from './demo-site.js';

export const commands: RegisterCommand[] = [
  registerCasesCommand,
  registerDemoSiteCommand,
];
