/** The operating-system account running a command: the command line's "who" in the export log (`cli:<account>`). */
import { userInfo } from 'node:os';

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
