/**
 * The console's event-log details (web/console/js/event-details.js, a browser module with no
 * imports from the server) against the server's vocabularies: a duplicate link's match kind must
 * read in Chinese, never as 其他（reworded）.
 */
import { describe, expect, it } from 'vitest';
import { matchKinds } from '../dedup/index.js';

interface EventDetailsModule {
  matchKindNames: Record<string, string>;
  eventDetails(type: string, data: unknown, names: unknown): string;
}
// A computed specifier: the module is plain browser JavaScript, loaded as it is served.
const eventDetailsUrl = new URL('../web/console/js/event-details.js', import.meta.url).href;

describe('event log details in the console', () => {
  it('names every duplicate match kind the dedup module can give', async () => {
    const { matchKindNames, eventDetails } = (await import(eventDetailsUrl)) as EventDetailsModule;
    for (const kind of matchKinds) expect(matchKindNames[kind], kind).toMatch(/\p{Script=Han}/u);
    const names = { outOfScopeReasons: {}, sources: {}, channels: {}, satisfactions: {}, supervisionKinds: {}, roles: {} };
    const shown = eventDetails('duplicate_linked', { matchKind: 'reworded', similarity: 0.42 }, names);
    expect(shown).toContain('改写重发');
    expect(shown).not.toContain('reworded');
  });
});
