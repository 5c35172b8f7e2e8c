/** Every CLI command, in the order `minsheng --help` lists them. Add one import and one entry per command. */
import type { RegisterCommand } from '../program.js';
import { registerCrawlCommand } from './crawl.js';
import { registerSourcesCommand } from './sources.js';
import { registerCasesCommand } from './cases.js';
import { registerMessagesCommand } from './messages.js';
import { registerStartCommand } from './start.js';
import { registerWorkerCommand } from './worker.js';
import { registerSchedulerCommand } from './scheduler.js';
import { registerJobsCommand } from './jobs.js';
import { registerDemoSiteCommand } from './demo-site.js';
import { registerClassifyCommand } from './classify.js';
import { registerTrainCommand } from './train.js';
import { registerEvaluateCommand } from './evaluate.js';
import { registerReclassifyCommand } from './reclassify.js';
import { registerCalendarCommand } from './calendar.js';
import { registerBulletinCommand } from './bulletin.js';
import { registerDedupCommand } from './dedup.js';
import { registerExportCommand } from './export.js';
import { registerArchiveCommand } from './archive.js';
import { registerBackupCommand } from './backup.js';
import { registerUsersCommand } from './users.js';

export const commands: RegisterCommand[] = [
  registerStartCommand,
  registerWorkerCommand,
  registerSchedulerCommand,
  registerJobsCommand,
  registerCasesCommand,
  registerMessagesCommand,
  registerDemoSiteCommand,
  registerClassifyCommand,
  registerTrainCommand,
  registerEvaluateCommand,
  registerReclassifyCommand,
  registerCalendarCommand,
  registerBulletinCommand,
  registerDedupCommand,
  registerExportCommand,
  registerArchiveCommand,
  registerBackupCommand,
  registerUsersCommand,
  registerCrawlCommand,
  registerSourcesCommand,
];
