/** The urgency signals: room temperatures, and the fast yes/no testers agreeing with the patterns. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSharedDataDir } from './data.js';
import { urgencyPatterns, urgencySignals, urgencyTesters } from './urgency-signals.js';

const on = (text: string) => urgencySignals('', text).on;

describe('urgency signals', () => {
  it('reads the room temperature, not the air outside, the water or a fever', () => {
    expect(on('室温才15度，孩子冻感冒了')).toMatchObject({ roomAt15OrLess: 1, roomAt12OrLess: 0, coldMadeIll: 1, vulnerable: 1 });
    expect(on('屋里只有十二度')).toMatchObject({ roomAt12OrLess: 1, roomAt15OrLess: 1 });
    expect(on('室内温度156度，老人孩子都感冒了')).toMatchObject({ roomAt15OrLess: 1 });
    expect(on('室外零下30度，屋里20度')).toMatchObject({ roomAt15OrLess: 0 });
    expect(on('暖气水温32度，屋里温度18度')).toMatchObject({ roomAt15OrLess: 0 });
    expect(on('孩子发烧到39度')).toMatchObject({ roomAt15OrLess: 0 });
  });

  it('finds numbers before their unit as the patterns do', () => {
    const texts = ['已停水十多天了', '停水三天了', '50多户', '二十户', '几十户', '三栋楼', '多栋楼', '七十多岁', '85岁', '65岁', '5号前', '12月3日之前', '很多年了', '3年了', '一年都没', '两个星期了', '多户', '的户'];
    for (const text of texts) {
      for (const [name, pattern] of Object.entries(urgencyPatterns)) {
        expect(urgencyTesters[name as keyof typeof urgencyTesters]!(text), `${name}: ${text}`).toBe(new RegExp(pattern!.source).test(text));
      }
    }
  });

  // Runs wherever the tests run (CI has ../shared/data); a missing folder fails here rather than skipping.
  const sharedDir = defaultSharedDataDir();
  it('agrees with the patterns on every shared message', () => {
    const texts = readdirSync(sharedDir)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => readFileSync(path.join(sharedDir, f), 'utf8').split('\n').filter((l) => l.trim()))
      .map((l) => JSON.parse(l) as { title?: string; content?: string })
      .flatMap((r) => [`${r.title ?? ''}。${r.content ?? ''}`, r.title ?? '']);
    let differences = 0;
    for (const [name, pattern] of Object.entries(urgencyPatterns)) {
      const plain = new RegExp(pattern!.source);
      const fast = urgencyTesters[name as keyof typeof urgencyTesters]!;
      for (const text of texts) if (plain.test(text) !== fast(text)) differences++;
    }
    expect(texts.length).toBeGreaterThan(1000);
    expect(differences).toBe(0);
  });
});
