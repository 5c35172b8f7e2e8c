/**
 * firstStopSignal in a real child process: the first SIGTERM starts the graceful stop even when
 * Crawlee (its signal-exit) is loaded after the listener was added, and a second one ends the
 * process at once.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');

/** A long-running "command": waits for the stop signal, loads Crawlee meanwhile, then takes 30 s to stop. */
const script = `
import { firstStopSignal } from './cli/app/stop-signal.ts';
setInterval(() => undefined, 1000); // the running command's work
const stopped = firstStopSignal();
const { CheerioCrawler, Configuration } = await import('crawlee');
new CheerioCrawler({ requestHandler() {} }, new Configuration({ persistStorage: false }));
console.log('ready');
const signal = await stopped;
console.log('stopping after ' + signal);
setTimeout(() => console.log('stopped'), 30_000);
`;

function run() {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b: Buffer) => void (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (output += b.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const waitFor = async (text: string) => {
    const until = Date.now() + 60_000;
    while (!output.includes(text)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`child ended (${String(child.exitCode ?? child.signalCode)}) before "${text}": ${output}`);
      if (Date.now() > until) throw new Error(`no "${text}" within 60 s: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

describe('firstStopSignal', () => {
  it('starts the graceful stop on SIGTERM with Crawlee loaded after it; a repeat within a second is ignored, a later SIGTERM ends the process at once (143)', { timeout: 90_000 }, async () => {
    const p = run();
    try {
      await p.waitFor('ready');
      // Twice at once, as a Ctrl-C under npm start arrives (from the terminal, and forwarded by npm): one stop.
      p.child.kill('SIGTERM');
      p.child.kill('SIGTERM');
      await p.waitFor('stopping after SIGTERM');
      // Still stopping: not killed by the signal Crawlee's signal-exit sends again, nor by the repeat.
      await new Promise((r) => setTimeout(r, 1500));
      expect(p.child.exitCode).toBeNull();
      expect(p.child.signalCode).toBeNull();
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(143);
      expect(p.output()).not.toContain('stopped\n');
    } finally {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    }
  });
});
