/**
 * Resident memory of a process and of every process below it (Linux /proc), sampled on a timer:
 * the main job's Node process, and Chromium or any other child it starts. For
 * bench/main-job-memory.ts.
 */
import { readdir, readFile } from 'node:fs/promises';

/** Resident set and its peak of a process in MiB. */
export async function memoryOf(pid: number | 'self'): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** The process and its descendants, each with its command name (from /proc/PID/stat). */
async function treeOf(root: number): Promise<{ pid: number; name: string }[]> {
  const parents = new Map<number, { ppid: number; name: string }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // Gone between the listing and the read: not part of the tree any more.
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    const m = stat && /^\d+ \((.*)\) \S (\d+)/s.exec(stat);
    if (m) parents.set(Number(entry), { ppid: Number(m[2]), name: m[1]! });
  }
  const tree = [{ pid: root, name: parents.get(root)?.name ?? '?' }];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, p] of parents) if (p.ppid === tree[i]!.pid) tree.push({ pid, name: p.name });
  }
  return tree;
}

interface Series {
  /** Processes seen under this name. */
  pids: Set<number>;
  /** Their summed RSS at each sample they were alive in. */
  samples: { t: number; rss: number }[];
  /** The highest VmHWM of one of them. */
  hwm: number;
}

/**
 * Samples the tree under `root` every `everyMs` until stopped; `stop()` returns the root's series
 * (key `root`), each child command's (Chromium's processes summed, and the `ps` Crawlee runs now
 * and then to size up its children), and the tree's total per sample.
 */
export function sampleTree(root: number, everyMs: number) {
  const series = new Map<string, Series>();
  const totals: { t: number; rss: number }[] = [];
  const started = Date.now();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t = (Date.now() - started) / 1000;
      let total = 0;
      const now = new Map<string, number>();
      for (const { pid, name } of await treeOf(root).catch(() => [])) {
        const m = await memoryOf(pid).catch(() => undefined);
        if (!m) continue;
        const key = pid === root ? 'root' : name;
        const s = series.get(key) ?? { pids: new Set<number>(), samples: [], hwm: 0 };
        s.pids.add(pid);
        s.hwm = Math.max(s.hwm, m.hwm);
        series.set(key, s);
        now.set(key, (now.get(key) ?? 0) + m.rss);
        total += m.rss;
      }
      for (const [key, rss] of now) series.get(key)!.samples.push({ t, rss });
      if (total > 0) totals.push({ t, rss: total });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { series, totals };
    },
  };
}

/** Peak, lowest and median of a series' RSS from second `from` on (the steady part of a run). */
export function summarize(samples: readonly { t: number; rss: number }[], from = 0): { peak: number; low: number; median: number; n: number } {
  const xs = samples.filter((s) => s.t >= from).map((s) => s.rss).sort((a, b) => a - b);
  if (xs.length === 0) return { peak: 0, low: 0, median: 0, n: 0 };
  return { peak: xs.at(-1)!, low: xs[0]!, median: xs[Math.floor(xs.length / 2)]!, n: xs.length };
}

/**
 * V8's full collections as `--trace-gc` prints them (`Mark-Compact 512.3 (530.1) -> 201.7 (540.2) MB`):
 * the heap before and after each, i.e. how much garbage gathered and what stayed alive.
 */
export function markCompacts(log: string): { before: number; after: number }[] {
  return [...log.matchAll(/Mark-Compact(?: \(reduce\))? ([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/g)].map((m) => ({ before: Number(m[1]), after: Number(m[2]) }));
}
