/**
 * Code modules for sites too odd for a source file (`kind: module`, `module: <name>`).
 * A module turns its source into the same SiteAdapter the declarative sources use, so
 * watching, politeness, state and health stay the engine's.
 */
import type { SiteAdapter } from '../engine/adapter.js';
import type { ModuleSource } from '../source/schema.js';
import { createSignedBoardAdapter } from './signed-board.js';

export interface SourceModule {
  name: string;
  /** What the module is for (shown in errors and docs). */
  description: string;
  createAdapter(source: ModuleSource): SiteAdapter;
}

const modules: SourceModule[] = [
  {
    name: 'signed-board',
    description: '人民网领导留言板式的签名 JSON 接口（POST /v2/threads/search，signature=md5(...)）',
    createAdapter: createSignedBoardAdapter,
  },
];

export function hasModule(name: string): boolean {
  return modules.some((m) => m.name === name);
}

export function moduleNames(): string[] {
  return modules.map((m) => m.name);
}

export function getModule(name: string): SourceModule | undefined {
  return modules.find((m) => m.name === name);
}
