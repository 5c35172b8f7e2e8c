import { describe, expect, it } from 'vitest';
import { assignmentAsOf, type AssignmentHistory } from './assignments-as-of.js';

const t = (iso: string) => new Date(`${iso}+08:00`);
const history = (over: Partial<AssignmentHistory>): AssignmentHistory => ({ originalDueDate: '2026-11-05', returnedAt: null, dueDateChanges: [], reports: [], sendBacks: [], ...over });

describe('assignmentAsOf', () => {
  const reported = history({
    reports: [{ id: 'r1', at: t('2026-11-03T10:00:00') }, { id: 'r2', at: t('2026-12-03T10:00:00') }],
    sendBacks: [{ at: t('2026-12-02T10:00:00'), reportId: 'r1', reopened: true }],
    dueDateChanges: [{ at: t('2026-12-02T10:00:00'), dueDate: '2026-12-04' }],
  });

  it('gives the first report of the work owed at the instant, and the due date it was judged by', () => {
    expect(assignmentAsOf(reported, t('2026-12-01T00:00:00'))).toEqual({ returned: false, reportedAt: t('2026-11-03T10:00:00'), dueDateAtReport: '2026-11-05', dueDate: '2026-11-05' });
    // Sent back: owed again, with the send-back's due date.
    expect(assignmentAsOf(reported, t('2026-12-03T00:00:00'))).toEqual({ returned: false, reportedAt: null, dueDateAtReport: null, dueDate: '2026-12-04' });
    expect(assignmentAsOf(reported, t('2026-12-04T00:00:00'))).toMatchObject({ reportedAt: t('2026-12-03T10:00:00'), dueDateAtReport: '2026-12-04' });
  });

  it('orders a report, its send-back and the next report made at one instant as they happened', () => {
    const same = t('2026-11-03T10:00:00');
    const h = history({
      reports: [{ id: 'r2', at: same }, { id: 'r1', at: same }],
      sendBacks: [{ at: same, reportId: 'r1', reopened: true }],
      dueDateChanges: [{ at: same, dueDate: '2026-11-06' }],
    });
    expect(assignmentAsOf(h, t('2026-11-04T00:00:00'))).toMatchObject({ reportedAt: same, dueDateAtReport: '2026-11-06' });
    expect(assignmentAsOf(h, same)).toMatchObject({ reportedAt: null, dueDate: '2026-11-05' });
  });

  it('keeps the first report standing after a send-back recorded before send-backs reopened the work (no new due date)', () => {
    const h = history({
      reports: [{ id: 'r1', at: t('2026-11-03T10:00:00') }, { id: 'r2', at: t('2026-11-09T10:00:00') }],
      sendBacks: [{ at: t('2026-11-04T10:00:00'), reportId: 'r1', reopened: false }],
    });
    expect(assignmentAsOf(h, t('2026-11-10T00:00:00'))).toMatchObject({ reportedAt: t('2026-11-03T10:00:00'), dueDateAtReport: '2026-11-05' });
  });

  it('counts a return (退回交办) made before the instant only', () => {
    const h = history({ returnedAt: t('2026-12-01T10:00:00') });
    expect(assignmentAsOf(h, t('2026-12-01T00:00:00')).returned).toBe(false);
    expect(assignmentAsOf(h, t('2026-12-02T00:00:00')).returned).toBe(true);
  });
});
