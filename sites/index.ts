/**
 * sites: look-alike government mailbox sites served on 127.0.0.1 for crawler tests, benchmarks
 * and the built-in demo mailbox. Imports only core/. URLs, selectors and
 * fields of every shape are documented in sites/README.md.
 */
import { startEngine } from './engine.js';
import { shapes } from './shapes/index.js';
import { validateSiteOptions } from './options.js';
import type { RunningSite, SiteMessage, SiteOptions } from './types.js';

export type { SiteShape, SiteMessage, SiteOptions, RunningSite, Fault, FaultKind, RequestRecord } from './types.js';
export { siteShapes } from './types.js';
export { sampleMessages, formatSiteTime, parseSiteTime, demoLetters, type MessageMix } from './samples.js';
export { startDemoSite, type DemoSite, type DemoSiteOptions } from './demo.js';

/** A running site plus `update(id, patch)` (e.g. a status change without a reply). */
export type ControlledSite = RunningSite & { update(id: string, patch: Partial<SiteMessage>): SiteMessage };

/**
 * Starts a look-alike site of the given shape on 127.0.0.1 (a free port unless `port` is set).
 * `seed` picks the generated messages when `messages` is not given. Throws BadInputError on bad options.
 */
export async function startSite(options: SiteOptions & { seed?: number }): Promise<ControlledSite> {
  validateSiteOptions(options);
  return startEngine(shapes[options.shape], options);
}
