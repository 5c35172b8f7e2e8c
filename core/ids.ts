/** Ids and content hashes used across the project. */
import { createHash, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

/** SHA-256 hex of a string: the stable fingerprint of a message's text. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
