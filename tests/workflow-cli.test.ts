/** `minsheng calendar due` through the real CLI entry (argv passed in, output captured). */
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { env: { MINSHENG_DATA_DIR: '/nonexistent/minsheng-cli-test', LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  return { code, out, err };
}

describe('minsheng calendar due', () => {
  it('prints the due date across National Day and New Year 2027', async () => {
    expect(await run(['calendar', 'due', '--from', '2026-09-30', '--days', '3'])).toEqual({ code: 0, out: '2026-10-10\n', err: '' });
    expect((await run(['calendar', 'due', '--from', '2026-09-30', '--days', '2', '--no-store'])).out).toBe('2026-10-09\n');
    expect((await run(['calendar', 'due', '--from', '2026-12-31', '--days', '1'])).out).toBe('2027-01-04\n');
  });
  it('refuses bad input with a Chinese message and exit code 2', async () => {
    const bad = await run(['calendar', 'due', '--from', '2026-02-30', '--days', '2']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('日期不存在');
    expect((await run(['calendar', 'due', '--from', '2026-10-01', '--days', '0'])).code).toBe(2);
  });
});
