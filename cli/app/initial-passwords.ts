/** On a fresh embedded install the seeded accounts' passwords are also kept in a file only this user can read, so they are not lost with the log. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeInitialPasswords(dataDir: string, text: string): Promise<string> {
  const file = path.join(dataDir, 'initial-passwords.txt');
  await writeFile(file, text, { mode: 0o600 });
  return file;
}
