/** Every CLI command, in the order `minsheng --help` lists them. */
import type { RegisterCommand } from '../program.js';

export const commands: RegisterCommand[] = [];
