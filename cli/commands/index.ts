/** Every CLI command, in the order `minsheng --help` lists them. Add one import and one entry per command. */
import type { RegisterCommand } from '../program.js';
import { registerCasesCommand } from './cases.js';
import { registerStartCommand } from './start.js';
import { registerDemoSiteCommand } from './demo-site.js';
import { registerClassifyCommand } from './classify.js';
import { registerTrainCommand } from './train.js';
import { registerEvaluateCommand } from './evaluate.js';
import { registerCalendarCommand } from './calendar.js';
import { registerDedupCommand } from './dedup.js';

export const commands: RegisterCommand[] = [
  registerStartCommand,
  registerCasesCommand,
  registerDemoSiteCommand,
  registerClassifyCommand,
  registerTrainCommand,
  registerEvaluateCommand,
  registerCalendarCommand,
  registerDedupCommand,
];
