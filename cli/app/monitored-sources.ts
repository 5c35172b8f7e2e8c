/**
 * The main job's start-up line on the sources it will crawl. With none enabled it says plainly that
 * nothing will be collected and how to change that (a source file copied from the shipped one, its
 * channels all `enabled: false`, would otherwise start a main job that looks healthy and never
 * registers a message), and it is a warning rather than news.
 */

/** The part of a source the line names. */
export interface NamedSource {
  name: string;
  enabled: boolean;
}

export function describeMonitoredSources(sources: readonly NamedSource[], sourceFile: string): { level: 'info' | 'warn'; text: string } {
  const enabled = sources.filter((s) => s.enabled);
  const disabled = sources.filter((s) => !s.enabled);
  const names = (list: readonly NamedSource[]) => list.map((s) => s.name).join('、');
  if (enabled.length > 0) {
    return { level: 'info', text: `监测来源 ${enabled.length} 个：${names(enabled)}${disabled.length > 0 ? `（停用、不采集 ${disabled.length} 个：${names(disabled)}）` : ''}` };
  }
  // The sources are read once, at start-up.
  const restart = '然后重启主程序';
  // A source file listing none is refused when loaded; said all the same rather than as "0 个".
  if (disabled.length === 0) {
    return { level: 'warn', text: `没有监测来源，不会采集任何留言：来源文件 ${sourceFile} 中没有来源。如需采集，请在该文件中添加来源（写法见 crawlers/README.md），${restart}` };
  }
  return {
    level: 'warn',
    text: `没有启用的监测来源，不会采集任何留言：来源文件 ${sourceFile} 中的 ${disabled.length} 个来源都已停用（${names(disabled)}）。如需采集，请在该文件中把要采集的来源的 enabled: false 改为 true，${restart}`,
  };
}
