/**
 * sites: look-alike government mailbox sites served on 127.0.0.1 for crawler tests, benchmarks
 * and the built-in demo mailbox. Imports only core/ (nothing at the moment). URLs, selectors and
 * fields of every shape are documented in sites/README.md.
 */
import { startEngine } from './engine.js';
import { shapes } from './shapes/index.js';
import { siteShapes, type RunningSite, type SiteOptions } from './types.js';

export type { SiteShape, SiteMessage, SiteOptions, RunningSite, Fault, FaultKind, RequestRecord } from './types.js';
export { siteShapes } from './types.js';
export { sampleMessages, formatSiteTime, parseSiteTime, type MessageMix } from './samples.js';
export { startDemoSite, type DemoSite, type DemoSiteOptions } from './demo.js';

/** Starts a look-alike site of the given shape on 127.0.0.1 (a free port unless `port` is set). */
export async function startSite(options: SiteOptions & { seed?: number }): Promise<RunningSite> {
  const shape = shapes[options.shape];
  if (!shape) throw new Error(`未知的站点形态：${String(options.shape)}（可选：${siteShapes.join(', ')}）`);
  return startEngine(shape, options);
}
