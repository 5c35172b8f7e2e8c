import { describe, expect, it } from 'vitest';
import { describeMonitoredSources } from './monitored-sources.js';

const file = '/etc/minsheng/sources.yaml';
const on = (name: string) => ({ name, enabled: true });
const off = (name: string) => ({ name, enabled: false });

describe('the main job’s line on its sources', () => {
  it('names the enabled sources, and the disabled ones apart', () => {
    expect(describeMonitoredSources([on('区长信箱'), off('市长信箱'), off('人民网领导留言板')], file)).toEqual({
      level: 'info',
      text: '监测来源 1 个：区长信箱（停用、不采集 2 个：市长信箱、人民网领导留言板）',
    });
    expect(describeMonitoredSources([on('区长信箱'), on('市长信箱')], file).text).toBe('监测来源 2 个：区长信箱、市长信箱');
  });

  it('with every source disabled, warns that nothing will be collected and says how to enable one', () => {
    const line = describeMonitoredSources([off('市长信箱'), off('人民网领导留言板')], file);
    expect(line).toEqual({
      level: 'warn',
      text: `没有启用的监测来源，不会采集任何留言：来源文件 ${file} 中的 2 个来源都已停用（市长信箱、人民网领导留言板）。如需采集，请在该文件中把要采集的来源的 enabled: false 改为 true，然后重启主程序`,
    });
    // Not the old 监测来源 0 个：（停用…）.
    expect(line.text).not.toMatch(/0 个|：（/);
  });

  it('with no source at all, says the file lists none', () => {
    expect(describeMonitoredSources([], file)).toEqual({
      level: 'warn',
      text: `没有监测来源，不会采集任何留言：来源文件 ${file} 中没有来源。如需采集，请在该文件中添加来源（写法见 crawlers/README.md），然后重启主程序`,
    });
  });
});
