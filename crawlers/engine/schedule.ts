/** Each source on its own schedule: when it is next due, from its last run. */
import type { SourceDefinition } from '../source/schema.js';
import type { SourceState } from '../state/types.js';

/** When the source should run next (now, if it never ran); not before the site's hold-off ends (Retry-After, kept in the health). */
export function nextRunAt(source: SourceDefinition, state: SourceState | undefined, now = new Date()): Date {
  const last = state?.health.lastRunAt ? Date.parse(state.health.lastRunAt) : Number.NaN;
  const due = Number.isNaN(last) ? now.getTime() : last + source.schedule.every;
  const heldOff = state?.health.heldOff ? Date.parse(state.health.heldOff.until) : Number.NaN;
  return new Date(Number.isNaN(heldOff) ? due : Math.max(due, heldOff));
}

export function isDue(source: SourceDefinition, state: SourceState | undefined, now = new Date()): boolean {
  return source.enabled && nextRunAt(source, state, now).getTime() <= now.getTime();
}
