import { describe, expect, it } from 'vitest';
import { clipToWidth, displayWidth, jsonOutput, printable, printableLines, shownIo, wrapText } from './terminal-text.js';

describe('terminal text', () => {
  it('shows control characters and bidi overrides of untrusted text as U+FFFD', () => {
    expect(printable('路灯\u001b]0;owned\u0007不亮\r\n\u009b2J\u202e')).toBe('路灯\uFFFD]0;owned\uFFFD不亮\uFFFD\uFFFD\uFFFD2J\uFFFD');
    expect(printableLines('第一行\n第二\u001b[2J行')).toBe('第一行\n第二\uFFFD[2J行');
  });
  it('shows every bidi control a command prints as U+FFFD, line breaks and tabs kept; --json keeps it as its escape', () => {
    let out = '';
    const io = shownIo({ stdout: (t) => void (out += t), stderr: (t) => void (out += t) });
    io.stdout('北关街\u202e好修已\u202c\t\u2066隐\u2067藏\u2068\u2069\u202a\u202b\u202d\n');
    io.stderr('\u200e\u200f');
    expect(out).toBe('北关街\uFFFD好修已\uFFFD\t\uFFFD隐\uFFFD藏\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\n\u200e\u200f');
    const json = jsonOutput({ title: '路灯\u202e不亮\u2069' });
    expect(json).toBe('{\n  "title": "路灯\\u202e不亮\\u2069"\n}\n');
    expect(JSON.parse(json)).toEqual({ title: '路灯\u202e不亮\u2069' });
  });
  it('clips a long title to a number of columns, saying so with …', () => {
    expect(clipToWidth('罗寨村路灯不亮', 20)).toBe('罗寨村路灯不亮');
    expect(clipToWidth('罗寨村路灯不亮', 9)).toBe('罗寨村路…');
    expect(displayWidth(clipToWidth('长'.repeat(500), 120))).toBeLessThanOrEqual(120);
    expect(clipToWidth('a😀'.repeat(100), 11)).toBe('a😀a😀a😀a…');
  });
  it('counts Chinese as two columns and wraps between characters, not inside words', () => {
    expect(displayWidth('start [选项]')).toBe(12);
    // Emoji and the CJK extensions beyond the first plane (𠀀) take two columns too; a combining
    // mark or a skin-tone modifier none, so a table row with them stays aligned.
    expect(displayWidth('罗寨村😀𠀀')).toBe(10);
    expect(displayWidth('路灯不亮👍🏻')).toBe(10);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(wrapText('导出已分类的留言（CSV 带 BOM 可直接用 Excel 打开、XLSX、JSON）', 20)).toBe('导出已分类的留言（\nCSV 带 BOM 可直接用\nExcel 打开、XLSX、\nJSON）');
    for (const line of wrapText('生成《印台政务通报》：各单位收到、按时办结、超期、退回、满意率及表扬、批评名单', 30).split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(30);
  });
});
