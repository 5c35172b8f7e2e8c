import { describe, expect, it } from 'vitest';
import { startDemoSite } from './index.js';
import { get } from './test-helpers.js';

describe('demo mailbox', () => {
  it('starts with 30 messages, adds new ones and replies over time', async () => {
    const lines: string[] = [];
    const site = await startDemoSite({ intervalMs: 40, log: (line) => lines.push(line) });
    try {
      expect(site.messages()).toHaveLength(30);
      const before = site.messages().filter((m) => m.status === '已办结').length;
      await new Promise((resolve) => setTimeout(resolve, 400));
      site.stop();
      const after = site.messages();
      expect(after.length).toBeGreaterThan(30);
      expect(after.filter((m) => m.status === '已办结').length).toBeGreaterThan(before);
      expect(lines.some((l) => l.startsWith('新来信'))).toBe(true);
      const list = await get(site.startUrls[0]!);
      expect(list.text).toContain('区长信箱');
      expect(list.text).toContain(`/detail?id=${after[0]!.id}`);
      expect((await get(`${site.url}/`)).text).toContain('最新来信');
    } finally {
      await site.close();
    }
  });
});
