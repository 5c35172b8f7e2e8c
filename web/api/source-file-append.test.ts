import { describe, expect, it } from 'vitest';
import { addToSourceFile, sourceFileRefusal } from './source-file-append.js';

describe('加入来源文件 refusals', () => {
  it('never writes the demo file, a file shipped with the program or a JSON file, and says to add the draft by hand', async () => {
    expect(sourceFileRefusal(undefined)).toMatch(/^本系统正在使用内置演示来源文件（未设置 MINSHENG_SOURCES），不能写入：请下载草稿后手工加入来源文件/);
    expect(sourceFileRefusal({ path: '/opt/minsheng/crawlers/sources/yintai.yaml', vars: {}, builtIn: true })).toMatch(/^来源文件 \/opt\/minsheng\/crawlers\/sources\/yintai\.yaml 是随程序提供的内置文件，不能写入/);
    expect(sourceFileRefusal({ path: '/etc/minsheng/sources.json', vars: {} })).toMatch(/是 JSON 格式，不能自动追加/);
    expect(sourceFileRefusal({ path: '/etc/minsheng/sources.yaml', vars: {} })).toBeUndefined();
    await expect(addToSourceFile(undefined, { sourceId: 'x', yaml: 'sources:\n  - id: x\n', comments: [] }, 'admin')).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
