/**
 * Writes the demo mailbox's letters (demoLetters in ../samples.ts) as JSONL, one
 * `{title, content, unit}` per line, for `classifier/scripts/eval-units.ts --letters FILE`.
 *   npx tsx sites/scripts/write-demo-letters.ts > /tmp/demo-letters.jsonl
 */
import { demoLetters } from '../samples.js';

for (const letter of demoLetters()) process.stdout.write(`${JSON.stringify(letter)}\n`);
