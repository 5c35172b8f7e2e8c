import { describe, expect, it } from 'vitest';
import { parseStructuredText, withoutBom } from './file-errors.js';

describe('files saved by Windows editors', () => {
  it('reads a source file or unit directory that starts with a byte-order mark, JSON and YAML alike', () => {
    expect(parseStructuredText('\uFEFF{"sources":[{"id":"a"}]}', 'sources.json', '来源文件').data).toEqual({ sources: [{ id: 'a' }] });
    expect(parseStructuredText('\uFEFFunits:\r\n  - name: 区水务局\r\n', 'units.yaml', '单位目录').data).toEqual({ units: [{ name: '区水务局' }] });
  });

  it('withoutBom drops only a leading mark', () => {
    expect(withoutBom('\uFEFF{"a":1}')).toBe('{"a":1}');
    expect(withoutBom('a\uFEFFb')).toBe('a\uFEFFb');
    expect(withoutBom('')).toBe('');
  });
});
