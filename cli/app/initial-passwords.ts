/**
 * On a fresh embedded install the seeded accounts' passwords are also kept in a file only this user
 * can read, so they are not lost with the log. Written before the accounts are created and flushed
 * to the disk (a temp file, synced, then renamed): the file is never half written, and a start
 * killed after creating the accounts still leaves their passwords.
 */
import { open, rename } from 'node:fs/promises';
import path from 'node:path';

export async function writeInitialPasswords(dataDir: string, text: string): Promise<string> {
  const file = path.join(dataDir, 'initial-passwords.txt');
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  return file;
}
