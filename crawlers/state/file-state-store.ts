/**
 * Crawl state as one JSON file per source in a folder (`<dir>/<sourceId>.json`), written
 * atomically (temp file flushed to disk, then renamed) so a crash or a power cut never leaves half
 * a file, or an empty one where the filesystem renamed before it wrote. Also an in-memory store
 * for one-off runs (`minsheng crawl --once`) and tests.
 */
import { mkdir, open, readFile, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError } from '../../core/index.js';
import type { CrawlStateStore, SourceState } from './types.js';

export class FileCrawlStateStore implements CrawlStateStore {
  private readonly dir: string;
  private writes = Promise.resolve();

  /** @param dir folder for the state files; created on first write. */
  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  private file(sourceId: string): string {
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(sourceId)) throw new BadInputError(`来源 id 无效：${sourceId}`);
    return path.join(this.dir, `${sourceId}.json`);
  }

  async get(sourceId: string): Promise<SourceState | undefined> {
    let text: string;
    try {
      text = await readFile(this.file(sourceId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as SourceState;
    } catch (error) {
      throw new BadInputError(`抓取状态文件损坏：${this.file(sourceId)}`, { cause: error });
    }
  }

  put(sourceId: string, state: SourceState): Promise<void> {
    // Serialise writes so an older snapshot never lands after a newer one.
    const write = this.writes.then(async () => {
      await mkdir(this.dir, { recursive: true });
      const target = this.file(sourceId);
      const temp = `${target}.${process.pid}.tmp`;
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(JSON.stringify(state), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  async list(): Promise<SourceState[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const states: SourceState[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const state = await this.get(name.slice(0, -5));
      if (state) states.push(state);
    }
    return states;
  }
}

/** Keeps state in memory only: every run of a fresh instance is a full crawl. */
export class MemoryCrawlStateStore implements CrawlStateStore {
  private readonly states = new Map<string, string>();
  async get(sourceId: string): Promise<SourceState | undefined> {
    const text = this.states.get(sourceId);
    return text === undefined ? undefined : (JSON.parse(text) as SourceState);
  }
  async put(sourceId: string, state: SourceState): Promise<void> {
    this.states.set(sourceId, JSON.stringify(state));
  }
  async list(): Promise<SourceState[]> {
    return [...this.states.values()].map((t) => JSON.parse(t) as SourceState);
  }
}
