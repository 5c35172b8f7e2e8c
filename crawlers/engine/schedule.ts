/** Each source on its own schedule: when it is next due, from its last run. */
import type { SourceDefinition } from '../source/schema.js';
import type { SourceState } from '../state/types.js';

/** When the source should run next (now, if it never ran). */
export function nextRunAt(source: SourceDefinition, state: SourceState | undefined, now = new Date()): Date {
  const last = state?.health.lastRunAt ? Date.parse(state.health.lastRunAt) : Number.NaN;
  return Number.isNaN(last) ? now : new Date(last + source.schedule.every);
}

export function isDue(source: SourceDefinition, state: SourceState | undefined, now = new Date()): boolean {
  return source.enabled && nextRunAt(source, state, now).getTime() <= now.getTime();
}
