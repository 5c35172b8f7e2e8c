import { describe, expect, it } from 'vitest';
import { foldForSearch, searchWords } from './search-fold.js';

describe('foldForSearch', () => {
  it('folds full-width forms, traditional characters and Latin capitals', () => {
    expect(foldForSearch('３号楼')).toBe('3号楼');
    expect(foldForSearch('東風路的路燈')).toBe('东风路的路灯');
    expect(foldForSearch('ＡＢＣ WiFi')).toBe('abc wifi');
    expect(foldForSearch('１００％')).toBe('100%');
  });

  it('is idempotent and leaves simplified text and other letters alone', () => {
    const text = '印台区东风路３号楼 ÄÖ Ωμέγα';
    expect(foldForSearch(foldForSearch(text))).toBe(foldForSearch(text));
    expect(foldForSearch('东风路路灯不亮')).toBe('东风路路灯不亮');
    expect(foldForSearch('ÄΩ')).toBe('ÄΩ');
  });
});

describe('searchWords', () => {
  it('splits on any space, full-width ones too, and drops what shows nothing', () => {
    expect(searchWords('  罗寨村　路\u200b燈 ＹＴ ')).toEqual(['罗寨村', '路灯', 'yt']);
    expect(searchWords(' \u3000 ')).toEqual([]);
  });
});
